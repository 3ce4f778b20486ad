package io.segmentflow.batch;

import io.segmentflow.batch.cli.BatchCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.apache.spark.sql.SparkSession;

/** Runs {@code segmentflow-batch} command lines as a user would, on the shared test session. */
public final class BatchCommandLine {

  private static final String SHUFFLE_PARTITIONS = "spark.sql.shuffle.partitions";

  /** What a command line ended with and printed. */
  public record Result(int exitCode, String out, String err) {}

  private BatchCommandLine() {}

  /** Runs a command line; the session's settings the commands change are put back. */
  public static Result run(String... args) {
    SparkSession spark = SparkTestSession.get();
    String partitions = spark.conf().get(SHUFFLE_PARTITIONS);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    try {
      int exitCode =
          BatchCli.commandLine()
              .setOut(new PrintWriter(out))
              .setErr(new PrintWriter(err))
              .execute(args);
      return new Result(exitCode, out.toString(), err.toString());
    } finally {
      spark.conf().set(SHUFFLE_PARTITIONS, partitions);
    }
  }
}
