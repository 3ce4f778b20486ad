package io.segmentflow.batch.cli;

import io.segmentflow.batch.SparkSessions;
import io.segmentflow.batch.ops.Restore;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code restore}: undoes the runs from a date on, before a backfill recomputes them. */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    description = {
      "Undoes every recompute run as of --runs-from or later, so that a backfill can recompute"
          + " those days again, in order, replacing them (recompute refuses a date before its"
          + " latest run).",
      "memberships and contact_features go back (Delta RESTORE) to their versions before the"
          + " first of those runs; the runs' rows of membership_changes, segment_counts and runs"
          + " are deleted (runs last). Input tables and published snapshots are not touched.",
      "Running it again, also after it stopped half way, finishes it or does nothing."
    })
final class RestoreCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin LakehouseOption lakehouse;

  @Option(
      names = "--runs-from",
      required = true,
      paramLabel = "INSTANT",
      description =
          "The evaluation time of the first run to undo, such as 2026-11-20T00:00:00Z: it and"
              + " every later run are undone.")
  Instant from;

  @Option(names = "--dry-run", description = "Print what would be done; change nothing.")
  boolean dryRun;

  @Override
  public Integer call() throws Exception {
    return Failures.run(spec, this::restore);
  }

  private int restore() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Restore restore =
        new Restore(
            SparkSessions.create("segmentflow restore"),
            lakehouse.lakehouse(),
            ProgressBars.stages(err));
    Restore.Plan plan = restore.plan(from);
    if (plan.isEmpty()) {
      out.printf("No run as of %s or later in %s: nothing to restore.%n", from, lakehouse);
      out.flush();
      return 0;
    }
    out.printf(
        "%s %d runs as of %s or later (%s to %s):%n",
        dryRun ? "Would undo" : "Undoing",
        plan.runIds().size(),
        from,
        plan.runIds().get(0),
        plan.runIds().get(plan.runIds().size() - 1));
    out.printf(
        "  memberships          %s%n",
        plan.membershipsVersion() < 0
            ? "every row deleted (" + plan.runIds().get(0) + " created the table)"
            : String.format(
                "RESTORE to version %d (%,d members, before %s)",
                plan.membershipsVersion(), plan.membershipsRows(), plan.runIds().get(0)));
    if (plan.featuresVersion() != null) {
      out.printf(
          "  contact_features     %s%n",
          plan.featuresVersion() < 0
              ? "every row deleted (no earlier run's features left)"
              : "RESTORE to version " + plan.featuresVersion() + " (an earlier run's features)");
    }
    out.printf("  membership_changes   rows of those runs deleted%n");
    out.printf("  segment_counts       rows of those runs deleted%n");
    out.printf("  runs                 rows of those runs deleted (last)%n");
    out.flush();
    if (dryRun) {
      return 0;
    }
    restore.apply(plan);
    out.printf(
        "Restored. Now recompute each day from %s on, in order (and publish each run again).%n",
        from);
    out.flush();
    return 0;
  }
}
