package io.segmentflow.batch.cli;

import io.segmentflow.batch.SparkSessions;
import io.segmentflow.batch.definitions.DefinitionDocuments;
import io.segmentflow.batch.lakehouse.Lakehouse;
import io.segmentflow.batch.publish.Handover;
import io.segmentflow.batch.publish.ShippedDefinitions;
import io.segmentflow.schemas.HandoverManifest;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code handover}: every contact's state as of a run, from which the stream starts. */
@Command(
    name = "handover",
    mixinStandardHelpOptions = true,
    description = {
      "Hands a recompute run over to the stream: ROOT/handover/RUN_ID holds one ContactSnapshot"
          + " record per contact (profile, company, latest list actions, behaviour feature state"
          + " and memberships, as of the run) in Avro container files part-NNNNN.avro, and a"
          + " _manifest.json with the run, its as-of, the contacts and every file's records and"
          + " SHA-256.",
      "The manifest is written last: a hand-over exists when its manifest does. Handing a run"
          + " over again replaces its folder as a whole. The definitions must be those the run"
          + " used (checked against the run log); with --definitions-table, the table is read as"
          + " of the version the run read."
    })
final class HandoverCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin LakehouseOption lakehouse;

  @Mixin DefinitionsOption definitions;

  @Option(
      names = "--run-id",
      paramLabel = "RUN_ID",
      description =
          "The run to hand over, such as recompute-20261122T000000.000Z (default: the"
              + " latest run of the run log).")
  String runId;

  @Override
  public Integer call() throws Exception {
    return Failures.run(spec, this::handOver);
  }

  private int handOver() throws Exception {
    SparkSession spark = SparkSessions.create("segmentflow handover");
    Lakehouse house = lakehouse.lakehouse();
    Handover handover = new Handover(spark, house);
    DefinitionDocuments documents =
        definitions.read(house, () -> spark, handover.definitionsTableVersion(runId));
    ShippedDefinitions shipped = ShippedDefinitions.of(documents, documents.load());
    Handover.Result result;
    try (ProgressBars progress = new ProgressBars()) {
      result = handover.handOver(shipped, runId, progress);
    }
    HandoverManifest manifest = result.manifest();
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "Handed over %s (as of %s) to %s in %.1f s: %d contacts in %d files (memberships table"
            + " version %d, %d features)%n",
        manifest.getRunId(),
        manifest.getAsOf(),
        result.path(),
        result.seconds(),
        manifest.getContacts(),
        manifest.getFiles().size(),
        manifest.getMembershipsVersion(),
        manifest.getFeaturePlan().size());
    out.printf("Manifest: %s/%s%n", result.path(), Handover.MANIFEST);
    out.printf(
        "Start the stream from it: bin/segmentflow-stream run --handover %s --start-from %s ...%n",
        result.path(), manifest.getAsOf());
    out.flush();
    return 0;
  }
}
