package io.segmentflow.batch.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;

/** Runs {@code ingest} in this JVM on a given session, for tests of other packages. */
public final class IngestCommandRunner {

  /** What the command printed and returned. */
  public record Result(int exitCode, String out, String err) {}

  private IngestCommandRunner() {}

  public static Result run(SparkSession spark, String... args) {
    IngestCommand command = new IngestCommand();
    command.sessions = () -> spark;
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode =
        new CommandLine(command)
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute(args);
    return new Result(exitCode, out.toString(), err.toString());
  }
}
