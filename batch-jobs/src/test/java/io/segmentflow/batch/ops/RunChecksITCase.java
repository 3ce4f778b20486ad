package io.segmentflow.batch.ops;

import static io.segmentflow.batch.ops.NightlyLakehouse.DAY_1;
import static io.segmentflow.batch.ops.NightlyLakehouse.DAY_2;
import static io.segmentflow.batch.ops.NightlyLakehouse.DAY_3;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.delta.tables.DeltaTable;
import io.segmentflow.batch.SparkTestSession;
import io.segmentflow.batch.ingest.IngestFormat;
import io.segmentflow.batch.ingest.IngestKind;
import io.segmentflow.batch.ingest.Ingestion;
import io.segmentflow.batch.lakehouse.Lakehouse.Table;
import io.segmentflow.batch.recompute.RecomputeJob;
import io.segmentflow.segments.catalog.Catalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunChecksITCase {

  private static final RunChecks.Bounds LOOSE = new RunChecks.Bounds(0.5, 50, Set.of(), null, 0.05);

  @TempDir Path directory;

  private NightlyLakehouse nightly;
  private RunChecks checks;

  /** The nightly lakehouse after its first {@code runs} runs (a copy, see NightlyLakehouse). */
  private void lakehouseAfterRuns(int runs) {
    nightly = NightlyLakehouse.afterRuns(directory.resolve("lake"), runs);
    checks = new RunChecks(SparkTestSession.get(), nightly.lakehouse);
  }

  private Map<String, RunChecks.Check> byName(List<RunChecks.Check> list) {
    return list.stream()
        .collect(
            java.util.stream.Collectors.toMap(
                RunChecks.Check::name, c -> c, (a, b) -> a, java.util.LinkedHashMap::new));
  }

  @Test
  void passesRunsWhoseTablesAccountForEveryRow() {
    lakehouseAfterRuns(1); // DAY_1
    List<RunChecks.Check> first = checks.check(DAY_1, LOOSE);
    nightly.run(DAY_2);
    nightly.run(DAY_2);
    List<RunChecks.Check> repeated =
        checks.check(DAY_2, new RunChecks.Bounds(0.5, 50, Set.of("active"), null, 0.05));

    assertThat(first)
        .extracting(RunChecks.Check::name, RunChecks.Check::passed)
        .containsExactly(
            tuple(RunChecks.RUN_LOGGED, true),
            tuple(RunChecks.UNCHANGED_SINCE, true),
            tuple(RunChecks.MEMBERS_COUNTED, true),
            tuple(RunChecks.CHANGES_ACCOUNTED, true),
            tuple(RunChecks.SIZES_IN_BOUNDS, true),
            tuple(RunChecks.NONE_EMPTIED, true));
    assertThat(byName(first).get(RunChecks.CHANGES_ACCOUNTED).detail())
        .startsWith(
            "5 entered, 0 exited: exactly the difference between memberships versions (none)");
    assertThat(repeated).allMatch(RunChecks.Check::passed, "passed");
    assertThat(byName(repeated).get(RunChecks.RUN_LOGGED).detail())
        .startsWith(RecomputeJob.runId(DAY_2) + ", attempt 2, finished ");
    assertThat(byName(repeated).get(RunChecks.CHANGES_ACCOUNTED).detail())
        .startsWith("2 entered, 2 exited");
  }

  @Test
  void aRunThatDidNotFinishFailsTheFirstCheckAndNothingElseIsChecked() {
    lakehouseAfterRuns(1); // DAY_1

    assertThat(checks.check(DAY_2, LOOSE))
        .containsExactly(
            new RunChecks.Check(
                RunChecks.RUN_LOGGED,
                false,
                "recompute-20261121T000000.000Z is not in the run log: the recompute as of"
                    + " 2026-11-21T00:00:00Z did not finish (a run is logged last)"));
  }

  @Test
  void countsThatDoNotMatchTheMembershipsFail() {
    lakehouseAfterRuns(1); // DAY_1
    DeltaTable.forPath(nightly.spark, nightly.lakehouse.path(Table.SEGMENT_COUNTS))
        .update(
            col("segment_id").equalTo("fr"),
            Map.of("total", org.apache.spark.sql.functions.lit(4L)));

    RunChecks.Check counted = byName(checks.check(DAY_1, LOOSE)).get(RunChecks.MEMBERS_COUNTED);

    assertThat(counted.passed()).isFalse();
    assertThat(counted.detail())
        .isEqualTo("fr: 3 members (2 identified), counted 4 (2 identified, 1 anonymous)");
  }

  @Test
  void aMissingOrExtraChangeRowFails() {
    lakehouseAfterRuns(2); // DAY_1, DAY_2
    DeltaTable.forPath(nightly.spark, nightly.lakehouse.path(Table.MEMBERSHIP_CHANGES))
        .delete(
            col("contact_id").equalTo("a").and(col("run_id").equalTo(RecomputeJob.runId(DAY_2))));

    RunChecks.Check changes = byName(checks.check(DAY_2, LOOSE)).get(RunChecks.CHANGES_ACCOUNTED);

    assertThat(changes.passed()).isFalse();
    assertThat(changes.detail())
        .isEqualTo(
            "1 exits between the memberships versions have no change row, fr: counted +1 -1,"
                + " change rows +1 -0, the run log says +2 -2, change rows +2 -1");
  }

  @Test
  void segmentsThatMovedTooMuchOrEmptiedFailUnlessAllowed() {
    lakehouseAfterRuns(2); // DAY_1, DAY_2

    Map<String, RunChecks.Check> strict =
        byName(checks.check(DAY_2, new RunChecks.Bounds(0.5, 1, Set.of(), null, 0.05)));
    Map<String, RunChecks.Check> allowed =
        byName(checks.check(DAY_2, new RunChecks.Bounds(1.0, 2, Set.of("active"), null, 0.05)));

    assertThat(strict.get(RunChecks.SIZES_IN_BOUNDS).passed()).isFalse();
    assertThat(strict.get(RunChecks.SIZES_IN_BOUNDS).detail())
        .isEqualTo(
            "2 segments moved out of bounds (a move of 1 members or more and more than 50% of"
                + " the size in recompute-20261120T000000.000Z): active 1 -> 0 (-100.0%),"
                + " vip 1 -> 2 (+100.0%)");
    assertThat(strict.get(RunChecks.NONE_EMPTIED).passed()).isFalse();
    assertThat(strict.get(RunChecks.NONE_EMPTIED).detail())
        .startsWith(
            "1 segments are empty now but were not: active (1 in recompute-20261120T000000.000Z)");
    assertThat(allowed.get(RunChecks.SIZES_IN_BOUNDS).passed()).isTrue();
    assertThat(allowed.get(RunChecks.NONE_EMPTIED))
        .isEqualTo(
            new RunChecks.Check(
                RunChecks.NONE_EMPTIED,
                true,
                "no segment emptied since recompute-20261120T000000.000Z; allowed to be empty:"
                    + " active (1 in recompute-20261120T000000.000Z)"));
  }

  @Test
  void compactionAfterTheRunPassesButAnotherWriteFails() {
    lakehouseAfterRuns(2); // DAY_1, DAY_2
    new Maintenance(nightly.spark, nightly.lakehouse, line -> {})
        .run(List.of(Table.MEMBERSHIPS), true, false, 168, false);
    boolean afterCompaction =
        byName(checks.check(DAY_2, LOOSE)).get(RunChecks.UNCHANGED_SINCE).passed();
    DeltaTable.forPath(nightly.spark, nightly.lakehouse.path(Table.MEMBERSHIPS))
        .delete(col("contact_id").equalTo("c"));

    Map<String, RunChecks.Check> afterDelete = byName(checks.check(DAY_2, LOOSE));

    assertThat(afterCompaction).isTrue();
    assertThat(afterDelete.get(RunChecks.UNCHANGED_SINCE).passed()).isFalse();
    assertThat(afterDelete.get(RunChecks.UNCHANGED_SINCE).detail())
        .matches(
            "memberships were written after the run logged version \\d+: version \\d+ \\(DELETE\\)\\..*");
    assertThat(afterDelete.get(RunChecks.MEMBERS_COUNTED).passed())
        .as("the run's own version still adds up")
        .isTrue();
    assertThat(byName(checks.check(DAY_1, LOOSE)).get(RunChecks.UNCHANGED_SINCE).passed())
        .as("an earlier run is checked up to the next run only")
        .isTrue();
  }

  @Test
  void theDaysIngestionsMayQuarantineOnlyAFewRecords() throws IOException {
    lakehouseAfterRuns(0);
    Path landing = Files.createDirectories(directory.resolve("landing/dt=2026-11-21"));
    Path events = landing.resolve("events.jsonl");
    Files.writeString(
        events,
        String.join(
            "\n",
            "{\"event_id\":\"e3\",\"contact_id\":\"a\",\"event_type\":\"page_visit\","
                + "\"occurred_at\":\"2026-11-21T10:00:00Z\"}",
            "{\"event_id\":",
            "{\"event_id\":\"e4\",\"contact_id\":\"a\",\"event_type\":\"page_visit\","
                + "\"occurred_at\":\"2026-11-21T11:00:00Z\"}",
            "{\"event_id\":\"e5\",\"contact_id\":\"b\",\"event_type\":\"page_visit\","
                + "\"occurred_at\":\"2026-11-21T12:00:00Z\"}"));
    new Ingestion(nightly.spark, nightly.lakehouse, Catalog.standard())
        .ingest(IngestKind.EVENTS, IngestFormat.JSONL, events.toString());
    nightly.run(DAY_3);

    RunChecks.Check tooMany =
        byName(checks.check(DAY_3, new RunChecks.Bounds(0.5, 50, Set.of(), landing + "/", 0.2)))
            .get(RunChecks.QUARANTINE_RATE);
    RunChecks.Check fine =
        byName(
                checks.check(
                    DAY_3, new RunChecks.Bounds(0.5, 50, Set.of(), landing.toString(), 0.25)))
            .get(RunChecks.QUARANTINE_RATE);
    RunChecks.Check otherDay =
        byName(
                checks.check(
                    DAY_3,
                    new RunChecks.Bounds(
                        0.5,
                        50,
                        Set.of(),
                        directory.resolve("landing/dt=2026-11-2").toString(),
                        1)))
            .get(RunChecks.QUARANTINE_RATE);

    assertThat(tooMany)
        .isEqualTo(
            new RunChecks.Check(
                RunChecks.QUARANTINE_RATE,
                false,
                events
                    + ": 1 of 4 quarantined (25.0%) (at most 20.0% per file; see "
                    + nightly.lakehouse.path(Table.QUARANTINE)
                    + ")"));
    assertThat(fine.passed()).isTrue();
    assertThat(fine.detail())
        .isEqualTo(
            "1 ingestions from "
                + landing
                + ": 1 of 4 records quarantined (at most 25.0% per file)");
    assertThat(otherDay.passed()).as("a folder is matched whole, not as a prefix").isFalse();
    assertThat(otherDay.detail()).startsWith("nothing was ingested from ");
  }
}
