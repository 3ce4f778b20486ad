package io.segmentflow.batch.recompute;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.json_object_keys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.delta.tables.DeltaTable;
import io.segmentflow.batch.LakehouseStates;
import io.segmentflow.batch.SparkTestSession;
import io.segmentflow.batch.lakehouse.Lakehouse;
import io.segmentflow.batch.lakehouse.Lakehouse.Table;
import io.segmentflow.batch.lakehouse.Rows;
import io.segmentflow.batch.lakehouse.TableSchemas;
import io.segmentflow.segments.catalog.Catalog;
import io.segmentflow.segments.conformance.ConformanceCases;
import io.segmentflow.segments.data.Contact;
import io.segmentflow.segments.data.Event;
import io.segmentflow.segments.data.ListAction;
import io.segmentflow.segments.parse.DefinitionSet;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecomputeJobITCase {

  private static final Instant DAY_1 = Instant.parse("2026-11-20T00:00:00Z");
  private static final Instant DAY_2 = Instant.parse("2026-11-21T00:00:00Z");

  private final SparkSession spark = SparkTestSession.get();
  private final DefinitionSet set =
      DefinitionSet.of(
          Catalog.standard(),
          Map.of(
              "fr.json",
                  ConformanceCases.dynamic(
                      "fr", "{\"field\":\"country\",\"op\":\"eq\",\"value\":\"FR\"}"),
              "active.json",
                  ConformanceCases.dynamic(
                      "active",
                      "{\"event\":\"page_visit\",\"window\":{\"last\":1,\"unit\":\"days\"}}"),
              "vip.json", "{\"id\":\"vip\",\"name\":\"VIP\",\"kind\":\"static\"}"));
  private static LakehouseStates states;

  @TempDir Path folder;
  private Lakehouse lakehouse;
  private RecomputeJob job;

  /**
   * Contacts a (FR), b (DE, a page visit the day before day 1) and c (FR, unsubscribed, in the list
   * vip), after the first {@code runs} of the runs as of DAY_1 and DAY_2 (a copy of a lakehouse
   * whose runs ran once per test JVM).
   */
  private void lakehouseAfterRuns(int runs) {
    synchronized (RecomputeJobITCase.class) {
      if (states == null) {
        states =
            new LakehouseStates(
                "segmentflow-recompute-",
                live -> writeInputs(live(live)),
                (live, k) ->
                    new RecomputeJob(spark, live(live), line -> {})
                        .run(set, List.of(DAY_1, DAY_2).get(k - 1)));
      }
    }
    lakehouse = live(states.copy(runs, folder.resolve("lake")));
    job = new RecomputeJob(spark, lakehouse, line -> {});
  }

  private static Lakehouse live(Path folder) {
    return new Lakehouse(folder.toUri().toString());
  }

  private void writeInputs(Lakehouse lakehouse) {
    write(
        lakehouse,
        Table.CONTACTS,
        TableSchemas.CONTACTS,
        List.of(
            Rows.contact(Contact.builder("a").country("FR").email("a@x.io").build()),
            Rows.contact(Contact.builder("b").country("DE").build()),
            Rows.contact(Contact.builder("c").country("FR").unsubscribed(true).build())));
    write(
        lakehouse,
        Table.EVENTS,
        TableSchemas.EVENTS,
        List.of(
            Rows.event(
                new Event(
                    "e1", "b", "page_visit", Instant.parse("2026-11-19T12:00:00Z"), Map.of()))));
    write(
        lakehouse,
        Table.LIST_ACTIONS,
        TableSchemas.LIST_ACTIONS,
        List.of(
            Rows.listAction(
                action("x1", "c", "vip", ListAction.Type.ADD, "2026-11-01T00:00:00Z"))));
  }

  private void write(Table table, org.apache.spark.sql.types.StructType schema, List<Row> rows) {
    write(lakehouse, table, schema, rows);
  }

  private void write(
      Lakehouse lakehouse,
      Table table,
      org.apache.spark.sql.types.StructType schema,
      List<Row> rows) {
    spark
        .createDataFrame(rows, schema)
        .write()
        .format("delta")
        .mode("append")
        .save(lakehouse.path(table));
  }

  private static ListAction action(
      String id, String contact, String list, ListAction.Type type, String at) {
    return new ListAction(id, contact, list, type, ListAction.Source.MANUAL, Instant.parse(at));
  }

  private Dataset<Row> table(Table table) {
    return spark.read().format("delta").load(lakehouse.path(table));
  }

  private List<String> memberships() {
    return table(Table.MEMBERSHIPS).orderBy("segment_id", "contact_id").collectAsList().stream()
        .map(
            r ->
                r.getString(0)
                    + "/"
                    + r.getString(1)
                    + " since "
                    + r.getTimestamp(2).toInstant()
                    + " "
                    + r.getString(3)
                    + (r.getBoolean(5) ? "" : " (not contactable)"))
        .toList();
  }

  private List<String> changes(String runId) {
    return table(Table.MEMBERSHIP_CHANGES)
        .where(col("run_id").equalTo(runId))
        .orderBy("segment_id", "contact_id")
        .collectAsList()
        .stream()
        .map(
            r ->
                r.getString(4) + " " + r.getString(2) + "/" + r.getString(3) + " " + r.getString(5))
        .toList();
  }

  @Test
  void aFirstRunEntersEveryMemberAndCountsThem() {
    lakehouseAfterRuns(0);
    RecomputeJob.Result result = job.run(set, DAY_1);

    assertThat(memberships())
        .containsExactly(
            "active/b since 2026-11-20T00:00:00Z FILTER",
            "fr/a since 2026-11-20T00:00:00Z FILTER",
            "fr/c since 2026-11-20T00:00:00Z FILTER (not contactable)",
            "vip/c since 2026-11-20T00:00:00Z LIST (not contactable)");
    assertThat(changes(result.runId()))
        .containsExactly(
            "ENTERED active/b FILTER",
            "ENTERED fr/a FILTER",
            "ENTERED fr/c FILTER",
            "ENTERED vip/c LIST");
    Map<String, String> counts =
        table(Table.SEGMENT_COUNTS).collectAsList().stream()
            .collect(
                Collectors.toMap(
                    r -> r.getString(2),
                    r ->
                        r.getLong(3)
                            + " = "
                            + r.getLong(4)
                            + " identified + "
                            + r.getLong(5)
                            + " anonymous, +"
                            + r.getLong(6)
                            + " -"
                            + r.getLong(7)));
    assertThat(counts)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "fr", "2 = 1 identified + 1 anonymous, +2 -0",
                "active", "1 = 0 identified + 1 anonymous, +1 -0",
                "vip", "1 = 0 identified + 1 anonymous, +1 -0"));
    assertThat(result.members()).isEqualTo(4);
    assertThat(result.entered()).isEqualTo(4);
  }

  @Test
  void theNextRunKeepsStayersEntryTimeAndRecordsWhyOthersLeft() {
    lakehouseAfterRuns(1); // DAY_1
    write(
        Table.LIST_ACTIONS,
        TableSchemas.LIST_ACTIONS,
        List.of(
            Rows.listAction(
                action("x2", "a", "fr", ListAction.Type.EXCLUDE, "2026-11-20T08:00:00Z")),
            Rows.listAction(
                action("x3", "b", "fr", ListAction.Type.INCLUDE, "2026-11-20T08:00:00Z"))));
    DefinitionSet withoutVip =
        DefinitionSet.of(
            Catalog.standard(),
            Map.of(
                "fr.json",
                    ConformanceCases.dynamic(
                        "fr", "{\"field\":\"country\",\"op\":\"eq\",\"value\":\"FR\"}"),
                "active.json",
                    ConformanceCases.dynamic(
                        "active",
                        "{\"event\":\"page_visit\",\"window\":{\"last\":1,\"unit\":\"days\"}}")));

    RecomputeJob.Result result = job.run(withoutVip, DAY_2);

    assertThat(memberships())
        .containsExactly(
            "fr/b since 2026-11-21T00:00:00Z MANUAL_INCLUDE",
            "fr/c since 2026-11-20T00:00:00Z FILTER (not contactable)");
    assertThat(changes(result.runId()))
        .containsExactly(
            "EXITED active/b FILTER",
            "EXITED fr/a MANUAL_EXCLUDE",
            "ENTERED fr/b MANUAL_INCLUDE",
            "EXITED vip/c SEGMENT_DELETED");
  }

  @Test
  void aTimeWindowAloneMovesContactsOut() {
    lakehouseAfterRuns(1); // DAY_1
    RecomputeJob.Result result = job.run(set, Instant.parse("2026-11-22T00:00:00Z"));
    assertThat(changes(result.runId())).containsExactly("EXITED active/b FILTER");
  }

  @Test
  void theOutputsKeepOnlyTheFileStatisticsThatSkipFiles() {
    lakehouseAfterRuns(1);
    // every file holds every segment and contact: no column statistics
    assertThat(columnsWithStatistics(Table.MEMBERSHIPS)).isEmpty();
    assertThat(columnsWithStatistics(Table.CONTACT_FEATURES)).isEmpty();
    // a run's files: its delete on a repeat, and queries of a period, skip the others
    assertThat(columnsWithStatistics(Table.MEMBERSHIP_CHANGES))
        .containsExactlyInAnyOrder("run_id", "as_of");
  }

  /** The columns that have a minimum in the statistics of the table's data files. */
  private List<String> columnsWithStatistics(Table table) {
    return spark
        .read()
        .json(lakehouse.path(table) + "/_delta_log/*.json")
        .where(col("add.stats").isNotNull())
        .select(
            explode(json_object_keys(get_json_object(col("add.stats"), "$.minValues")))
                .as("column"))
        .distinct()
        .collectAsList()
        .stream()
        .map(row -> row.getString(0))
        .toList();
  }

  @Test
  void aNightsExitsAreMarkedDeletedNotRewrittenAndItsChangeFeedHoldsOnlyThem() {
    lakehouseAfterRuns(1); // DAY_1
    String path = lakehouse.path(Table.MEMBERSHIPS);
    Row detail = DeltaTable.forPath(spark, path).detail().head();
    assertThat(detail.<String, String>getJavaMap(detail.fieldIndex("properties")))
        .containsEntry("delta.enableDeletionVectors", "true");

    RecomputeJob.Result result = job.run(set, Instant.parse("2026-11-22T00:00:00Z"));

    Row merge = DeltaTable.forPath(spark, path).history(1).head();
    assertThat(merge.<String>getAs("operation")).isEqualTo("MERGE");
    Map<String, String> metrics = merge.getJavaMap(merge.fieldIndex("operationMetrics"));
    assertThat(metrics)
        .containsEntry("numTargetDeletionVectorsAdded", "1")
        .containsEntry("numTargetFilesRemoved", "0");
    long version = versionAfter(result.runId());
    List<String> feed =
        spark
            .read()
            .format("delta")
            .option("readChangeFeed", "true")
            .option("startingVersion", version)
            .option("endingVersion", version)
            .load(path)
            .collectAsList()
            .stream()
            .map(
                r ->
                    r.<String>getAs("_change_type")
                        + " "
                        + r.<String>getAs("segment_id")
                        + "/"
                        + r.<String>getAs("contact_id"))
            .toList();
    assertThat(feed).containsExactly("delete active/b");
  }

  @Test
  void repeatingARunLeavesTheTablesAsOneRunWould() {
    lakehouseAfterRuns(2); // DAY_1, DAY_2
    String first = RecomputeJob.runId(DAY_2);
    List<String> membershipsOnce = memberships();
    List<String> changesOnce = changes(first);
    List<Row> countsOnce =
        table(Table.SEGMENT_COUNTS).orderBy("run_id", "segment_id").collectAsList();
    long versionAfterFirstAttempt = versionAfter(first);

    RecomputeJob.Result again = job.run(set, DAY_2);

    assertThat(again.attempt()).isEqualTo(2);
    assertThat(memberships()).isEqualTo(membershipsOnce);
    assertThat(changes(first)).isEqualTo(changesOnce);
    assertThat(table(Table.SEGMENT_COUNTS).orderBy("run_id", "segment_id").collectAsList())
        .isEqualTo(countsOnce);
    assertThat(table(Table.RUNS).count()).isEqualTo(2);
    long versionAfterRepeat = versionAfter(first);
    long changedRows =
        versionAfterRepeat == versionAfterFirstAttempt
            ? 0
            : spark
                .read()
                .format("delta")
                .option("readChangeFeed", "true")
                .option("startingVersion", versionAfterFirstAttempt + 1)
                .option("endingVersion", versionAfterRepeat)
                .load(lakehouse.path(Table.MEMBERSHIPS))
                .count();
    assertThat(changedRows).as("change feed rows of the repeat").isZero();
  }

  @Test
  void aRepeatAfterNewDataStillComparesWithTheStateBeforeTheRun() {
    lakehouseAfterRuns(2); // DAY_1, DAY_2
    write(
        Table.CONTACTS,
        TableSchemas.CONTACTS,
        List.of(Rows.contact(Contact.builder("d").country("FR").build())));

    RecomputeJob.Result again = job.run(set, DAY_2);

    assertThat(changes(again.runId()))
        .containsExactly("EXITED active/b FILTER", "ENTERED fr/d FILTER");
    assertThat(memberships())
        .contains(
            "fr/a since 2026-11-20T00:00:00Z FILTER", "fr/d since 2026-11-21T00:00:00Z FILTER");
  }

  @Test
  void refusesToRecomputeADateBeforeTheLatestRun() {
    lakehouseAfterRuns(0);
    job.run(set, DAY_2);
    assertThatThrownBy(() -> job.run(set, DAY_1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "as of 2026-11-20T00:00:00Z is before the latest run, as of 2026-11-21T00:00:00Z");
  }

  @Test
  void whoWasInASegmentOnADateIsATimeTravelToThatRunsVersion() {
    lakehouseAfterRuns(2); // DAY_1, DAY_2
    long version = versionAfter(RecomputeJob.runId(DAY_1));
    List<String> frOnDay1 =
        spark
            .read()
            .format("delta")
            .option("versionAsOf", version)
            .load(lakehouse.path(Table.MEMBERSHIPS))
            .where(col("segment_id").equalTo("fr"))
            .orderBy("contact_id")
            .collectAsList()
            .stream()
            .map(r -> r.getString(1))
            .toList();
    assertThat(frOnDay1).containsExactly("a", "c");
  }

  private long versionAfter(String runId) {
    return table(Table.RUNS).where(col("run_id").equalTo(runId)).head().getLong(6);
  }
}
