package io.segmentflow.batch.cli;

import io.segmentflow.batch.SparkSessions;
import io.segmentflow.batch.publish.Handover;
import io.segmentflow.batch.publish.ShippedDefinitions;
import io.segmentflow.schemas.HandoverManifest;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
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
          + " used (checked against the run log)."
    })
final class HandoverCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin LakehouseOption lakehouse;

  @Option(
      names = "--definitions",
      required = true,
      paramLabel = "DIR",
      description = "The folder of definitions the run used.")
  Path definitions;

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
    ShippedDefinitions shipped =
        ShippedDefinitions.of(definitions, DefinitionFolders.load(definitions));
    Handover.Result result;
    try (ProgressBars progress = new ProgressBars()) {
      result =
          new Handover(SparkSessions.create("segmentflow handover"), lakehouse.lakehouse())
              .handOver(shipped, runId, progress);
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
