package io.segmentflow.batch.cli;

import io.segmentflow.batch.SparkSessions;
import io.segmentflow.batch.lakehouse.Lakehouse;
import io.segmentflow.batch.recompute.RecomputeJob;
import io.segmentflow.segments.parse.DefinitionSet;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recompute}: the nightly job, every segment as of the run's logical date. */
@Command(
    name = "recompute",
    mixinStandardHelpOptions = true,
    description = {
      "Recomputes every segment of a definitions folder as of an evaluation time, from the lakehouse's"
          + " input tables to its membership, change, count, feature and run tables.",
      "Repeating the latest run leaves the tables as one run would; an earlier date is refused."
    })
final class RecomputeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--lakehouse",
      required = true,
      paramLabel = "URI",
      description = "Root of the lakehouse (a folder or s3a://, abfss://, ...).")
  String lakehouse;

  @Option(
      names = "--definitions",
      required = true,
      paramLabel = "DIR",
      description = "Folder of segment definitions (with its catalog.json).")
  Path definitions;

  @Option(
      names = "--as-of",
      required = true,
      paramLabel = "INSTANT",
      description = "Evaluation time, such as the scheduler's logical date: 2026-11-22T00:00:00Z.")
  Instant asOf;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    DefinitionSet set = DefinitionSet.load(definitions);
    SparkSession spark = SparkSessions.create("segmentflow-recompute");
    RecomputeJob.Result result =
        new RecomputeJob(
                spark,
                new Lakehouse(lakehouse),
                line -> {
                  out.println(line);
                  out.flush();
                })
            .run(set, asOf);
    out.printf(
        "%s (attempt %d): %d contacts, %d memberships, %d entered, %d exited%n",
        result.runId(),
        result.attempt(),
        result.contacts(),
        result.members(),
        result.entered(),
        result.exited());
    return 0;
  }
}
