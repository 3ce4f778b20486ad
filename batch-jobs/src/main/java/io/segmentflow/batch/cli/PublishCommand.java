package io.segmentflow.batch.cli;

import io.segmentflow.batch.SparkSessions;
import io.segmentflow.batch.lakehouse.Lakehouse;
import io.segmentflow.batch.publish.SnapshotPublisher;
import io.segmentflow.schemas.SegmentOutput;
import io.segmentflow.segments.parse.DefinitionSet;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code publish}: every segment's members as a snapshot for senders. */
@Command(
    name = "publish",
    mixinStandardHelpOptions = true,
    description = {
      "Publishes the current members of every segment of the definitions the run used to"
          + " ROOT/snapshots/RUN_ID: per segment, files of"
          + " Membership records (segment_id, contact_id, entered_at, reason, contactable,"
          + " identified), and a manifest.json with counts and the SHA-256 of every file.",
      "The manifest is written last: a snapshot exists when its manifest does, and a reader"
          + " trusts only the files it lists. Publishing a run id again replaces its snapshot"
          + " as a whole."
    })
public final class PublishCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private LakehouseOption lakehouse;

  @Mixin private DefinitionsOption definitions;

  @Option(
      names = "--run-id",
      required = true,
      paramLabel = "RUN_ID",
      description = "The run whose memberships these are; names the snapshot folder.")
  private String runId;

  @Option(
      names = "--as-of",
      required = true,
      paramLabel = "INSTANT",
      description = "The run's evaluation time, such as 2026-11-22T00:00:00Z.")
  private Instant asOf;

  @Option(
      names = "--format",
      defaultValue = "parquet",
      paramLabel = "FORMAT",
      description = "parquet or avro (default: ${DEFAULT-VALUE}).")
  private String format;

  @Override
  public Integer call() throws Exception {
    return Failures.run(spec, this::publish);
  }

  private int publish() throws Exception {
    SnapshotPublisher.Format fileFormat = SnapshotPublisher.Format.of(format);
    SnapshotPublisher.checkRunId(runId);
    SparkSession spark = SparkSessions.create("segmentflow publish");
    Lakehouse house = lakehouse.lakehouse();
    DefinitionSet set = definitions.read(house, () -> spark).load();
    long start = System.nanoTime();
    SnapshotPublisher.Published published;
    try (ProgressBars progress = new ProgressBars()) {
      published =
          new SnapshotPublisher(spark, house).publish(runId, asOf, set, fileFormat, progress);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "Published snapshot %s (as of %s) to %s in %.1f s: %d segments, %d members in %d %s"
            + " files%n",
        runId,
        asOf,
        published.path(),
        (System.nanoTime() - start) / 1e9,
        published.manifest().getSegments().size(),
        published.members(),
        published.files(),
        fileFormat.sparkName());
    for (SegmentOutput segment : published.manifest().getSegments()) {
      out.printf(
          "  %s: %d members (%d identified, %d anonymous) in %d files%n",
          segment.getSegmentId(),
          segment.getTotal(),
          segment.getIdentified(),
          segment.getAnonymous(),
          segment.getFiles().size());
    }
    out.printf("Manifest: %s/%s%n", published.path(), SnapshotPublisher.MANIFEST);
    out.flush();
    return 0;
  }
}
