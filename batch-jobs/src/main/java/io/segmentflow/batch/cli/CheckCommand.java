package io.segmentflow.batch.cli;

import io.segmentflow.batch.SparkSessions;
import io.segmentflow.batch.ops.RunChecks;
import io.segmentflow.batch.recompute.RecomputeJob;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code check}: the nightly run's results checked before publication; exits {@value #CHECK_FAILED}
 * when a check fails, so a scheduler stops there.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Checks a recompute run before its results are published, and prints each check with PASS"
          + " or FAIL:",
      "  run logged: the run as of --as-of finished;",
      "  memberships unchanged since the run: only compaction wrote them after it;",
      "  members = counts: the memberships it left, per segment, equal its count rows and log;",
      "  changes = difference of memberships: its entries and exits are exactly the difference"
          + " between the memberships before and after it, once each, as counted and logged;",
      "  sizes within bounds: no segment moved by --min-change members or more and by more than"
          + " --max-change-ratio of its size in the previous run;",
      "  no segment unexpectedly empty: none is empty now that was not in the previous run,"
          + " except --allow-empty ones;",
      "  quarantine rate (with --landing): the latest ingestion of each file of that folder"
          + " quarantined at most --max-quarantine-rate of its records.",
      "Exit code: 0 when every check passes, 3 when one fails, 1 when the lakehouse cannot be"
          + " read, 2 for wrong options."
    })
final class CheckCommand implements Callable<Integer> {

  /** At least one check failed: the run's results should not be published. */
  static final int CHECK_FAILED = 3;

  @Spec CommandSpec spec;

  @Mixin LakehouseOption lakehouse;

  @Option(
      names = "--as-of",
      required = true,
      paramLabel = "INSTANT",
      description = "The evaluation time of the run to check, as given to recompute.")
  Instant asOf;

  @Option(
      names = "--max-change-ratio",
      defaultValue = "0.5",
      paramLabel = "RATIO",
      description =
          "A segment fails when its size moved by more than this share of its previous size"
              + " (default: ${DEFAULT-VALUE}) ...")
  double maxChangeRatio;

  @Option(
      names = "--min-change",
      defaultValue = "50",
      paramLabel = "MEMBERS",
      description = "... and by at least this many members (default: ${DEFAULT-VALUE}).")
  long minChange;

  @Option(
      names = "--allow-empty",
      split = ",",
      paramLabel = "SEGMENT",
      description = "Segments that may be empty although they were not in the previous run.")
  List<String> allowEmpty = List.of();

  @Option(
      names = "--landing",
      paramLabel = "PATH",
      description =
          "The folder the day's files were ingested from, as given to ingest --input (without"
              + " it, the quarantine rate is not checked).")
  String landing;

  @Option(
      names = "--max-quarantine-rate",
      defaultValue = "0.05",
      paramLabel = "RATIO",
      description =
          "The share of an ingested file's records that may be quarantined (default:"
              + " ${DEFAULT-VALUE}).")
  double maxQuarantineRate;

  @Override
  public Integer call() throws Exception {
    return Failures.run(spec, this::check);
  }

  private int check() {
    Set<String> allowed = new HashSet<>();
    allowEmpty.forEach(id -> allowed.add(id.trim()));
    RunChecks.Bounds bounds =
        new RunChecks.Bounds(maxChangeRatio, minChange, allowed, landing, maxQuarantineRate);
    PrintWriter out = spec.commandLine().getOut();
    out.printf("Checking %s in %s%n", RecomputeJob.runId(asOf), lakehouse);
    out.flush();
    List<RunChecks.Check> checks =
        new RunChecks(SparkSessions.create("segmentflow check"), lakehouse.lakehouse())
            .check(asOf, bounds);
    long failed = checks.stream().filter(c -> !c.passed()).count();
    for (RunChecks.Check check : checks) {
      out.printf("%s  %s: %s%n", check.passed() ? "PASS" : "FAIL", check.name(), check.detail());
    }
    if (failed == 0) {
      out.printf("All %d checks passed: the run may be published.%n", checks.size());
    } else {
      out.printf(
          "%d of %d checks failed: do not publish %s.%n",
          failed, checks.size(), RecomputeJob.runId(asOf));
    }
    out.flush();
    return failed == 0 ? 0 : CHECK_FAILED;
  }
}
