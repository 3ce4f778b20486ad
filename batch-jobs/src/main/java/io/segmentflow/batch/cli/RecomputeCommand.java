package io.segmentflow.batch.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.segmentflow.batch.SparkSessions;
import io.segmentflow.batch.definitions.DefinitionDocuments;
import io.segmentflow.batch.lakehouse.Lakehouse;
import io.segmentflow.batch.lakehouse.Lakehouse.Table;
import io.segmentflow.batch.recompute.RecomputeJob;
import io.segmentflow.segments.parse.DefinitionSet;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recompute}: the nightly job, every segment as of the run's logical date. */
@Command(
    name = "recompute",
    mixinStandardHelpOptions = true,
    description = {
      "Recomputes every segment of the definitions (a folder, or the lakehouse's definitions table)"
          + " as of an evaluation time, from the lakehouse's input tables to its membership, change,"
          + " count, feature and run tables. The run log records the definitions used and where"
          + " they were read.",
      "Repeating the latest run leaves the tables as one run would; an earlier date is refused."
    })
final class RecomputeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin LakehouseOption lakehouse;

  @Mixin DefinitionsOption definitions;

  @Option(
      names = "--as-of",
      required = true,
      paramLabel = "INSTANT",
      description = "Evaluation time, such as the scheduler's logical date: 2026-11-22T00:00:00Z.")
  Instant asOf;

  @Override
  public Integer call() throws Exception {
    return Failures.run(spec, this::recompute);
  }

  private int recompute() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    SparkSession spark = SparkSessions.create("segmentflow-recompute");
    Lakehouse house = lakehouse.lakehouse();
    DefinitionDocuments documents = definitions.read(house, () -> spark);
    DefinitionSet set = documents.load();
    RecomputeJob.Result result =
        new RecomputeJob(
                spark,
                house,
                line -> {
                  out.println(line);
                  out.flush();
                })
            .run(set, documents.source(), asOf);
    out.printf(
        "%s (attempt %d): %d contacts, %d memberships, %d entered, %d exited%n%n",
        result.runId(),
        result.attempt(),
        result.contacts(),
        result.members(),
        result.entered(),
        result.exited());
    out.printf(
        "%-34s %9s %11s %10s %8s %8s%n",
        "segment", "members", "identified", "anonymous", "entered", "exited");
    for (Row row :
        spark
            .read()
            .format("delta")
            .load(house.path(Table.SEGMENT_COUNTS))
            .where(col("run_id").equalTo(lit(result.runId())))
            .orderBy("segment_id")
            .collectAsList()) {
      out.printf(
          "%-34s %9d %11d %10d %8d %8d%n",
          row.getString(2),
          row.getLong(3),
          row.getLong(4),
          row.getLong(5),
          row.getLong(6),
          row.getLong(7));
    }
    return 0;
  }
}
