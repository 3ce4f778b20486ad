package io.segmentflow.batch.ops;

import static io.segmentflow.batch.ops.NightlyLakehouse.DAY_1;
import static io.segmentflow.batch.ops.NightlyLakehouse.DAY_2;
import static io.segmentflow.batch.ops.NightlyLakehouse.DAY_3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.batch.lakehouse.Lakehouse.Table;
import io.segmentflow.batch.recompute.RecomputeJob;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restore before a backfill: undone runs recomputed in order give the forward runs' tables. */
class RestoreITCase {

  @TempDir Path directory;

  private NightlyLakehouse nightly;
  private Restore restore;

  /** The nightly lakehouse after its first {@code runs} runs (a copy, see NightlyLakehouse). */
  private void lakehouseAfterRuns(int runs) {
    nightly = NightlyLakehouse.afterRuns(directory.resolve("lake"), runs);
    restore = new Restore(nightly.spark, nightly.lakehouse, line -> {});
  }

  private Map<Table, List<String>> outputs() {
    return outputs(nightly);
  }

  private static Map<Table, List<String>> outputs(NightlyLakehouse lakehouse) {
    Map<Table, List<String>> content = new LinkedHashMap<>();
    NightlyLakehouse.outputTables().forEach(t -> content.put(t, lakehouse.content(t)));
    return content;
  }

  @Test
  void restoringThenRecomputingForwardGivesTheTablesOfTheForwardRuns() {
    Map<Table, List<String>> afterDay1 =
        outputs(NightlyLakehouse.afterRuns(directory.resolve("after-day-1"), 1));
    lakehouseAfterRuns(3); // DAY_1, DAY_2, DAY_3
    Map<Table, List<String>> forward = outputs();
    String day2Changes = nightly.changesOf(DAY_2);

    Restore.Plan plan = restore.plan(DAY_2);
    restore.apply(plan);
    Map<Table, List<String>> restored = outputs();
    restore.apply(plan);
    Map<Table, List<String>> restoredTwice = outputs();
    boolean nothingLeft = restore.plan(DAY_2).isEmpty();
    nightly.run(DAY_2);
    nightly.run(DAY_3);

    assertThat(plan.runIds()).containsExactly(RecomputeJob.runId(DAY_2), RecomputeJob.runId(DAY_3));
    assertThat(plan.membershipsRows()).isEqualTo(5);
    assertThat(restored).isEqualTo(afterDay1);
    assertThat(restoredTwice).as("a restore run again, as after a crash").isEqualTo(restored);
    assertThat(nothingLeft).as("nothing left to undo").isTrue();
    assertThat(outputs()).isEqualTo(forward);
    assertThat(day2Changes).isEqualTo("EXITED active/b, EXITED fr/a, ENTERED fr/b, ENTERED vip/e");
    assertThat(nightly.changesOf(DAY_3)).isEqualTo("ENTERED active/d");
  }

  @Test
  void restoringFromTheFirstRunEmptiesTheOutputsAndAForwardRunRefillsThem() {
    lakehouseAfterRuns(1); // DAY_1
    Map<Table, List<String>> forward = outputs();

    Restore.Plan plan = restore.plan(DAY_1);
    restore.apply(plan);

    assertThat(plan.membershipsVersion()).isEqualTo(-1);
    assertThat(outputs()).allSatisfy((table, rows) -> assertThat(rows).as(table.name()).isEmpty());
    assertThat(restore.plan(Instant.parse("2026-12-01T00:00:00Z")).runIds()).isEmpty();
    nightly.run(DAY_1);
    assertThat(outputs()).isEqualTo(forward);
  }

  @Test
  void aRecomputeBeforeTheLatestRunSaysHowToBackfill() {
    lakehouseAfterRuns(0);
    nightly.run(DAY_2);

    assertThatThrownBy(() -> nightly.run(DAY_1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("restore --runs-from 2026-11-20T00:00:00Z");
  }

  @Test
  void refusesToRestoreAVersionThatWasVacuumed() {
    lakehouseAfterRuns(2); // DAY_1, DAY_2
    Map<Table, List<String>> before = outputs();
    new Maintenance(nightly.spark, nightly.lakehouse, line -> {})
        .run(List.of(Table.MEMBERSHIPS), true, true, 0, true);

    assertThatThrownBy(() -> restore.plan(DAY_2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(
            "memberships version 1, before recompute-20261121T000000.000Z, can no longer be read")
        .hasMessageContaining("VACUUM removed its files");
    assertThat(outputs()).isEqualTo(before);
  }
}
