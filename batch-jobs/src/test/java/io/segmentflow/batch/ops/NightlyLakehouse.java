package io.segmentflow.batch.ops;

import static org.apache.spark.sql.functions.col;

import io.segmentflow.batch.LakehouseStates;
import io.segmentflow.batch.SparkTestSession;
import io.segmentflow.batch.lakehouse.Lakehouse;
import io.segmentflow.batch.lakehouse.Lakehouse.Table;
import io.segmentflow.batch.lakehouse.Rows;
import io.segmentflow.batch.lakehouse.TableSchemas;
import io.segmentflow.batch.recompute.RecomputeJob;
import io.segmentflow.segments.catalog.Catalog;
import io.segmentflow.segments.conformance.ConformanceCases;
import io.segmentflow.segments.data.Contact;
import io.segmentflow.segments.data.Event;
import io.segmentflow.segments.data.ListAction;
import io.segmentflow.segments.parse.DefinitionSet;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * A small lakehouse whose segments move from day to day, for the tests of the commands around the
 * nightly recompute. Segments: {@code fr} (country FR; contact a is excluded by hand on day 2, b
 * included), {@code active} (a page visit in the last day: b on day 1 only, d on day 3 only) and
 * the static list {@code vip} (c; e added on day 2). {@link #afterRuns} gives a copy of it after
 * its first nightly runs, which run once per test JVM.
 */
final class NightlyLakehouse {

  static final Instant DAY_1 = Instant.parse("2026-11-20T00:00:00Z");
  static final Instant DAY_2 = Instant.parse("2026-11-21T00:00:00Z");
  static final Instant DAY_3 = Instant.parse("2026-11-22T00:00:00Z");
  static final List<Instant> DAYS = List.of(DAY_1, DAY_2, DAY_3);

  private static LakehouseStates states;

  static final DefinitionSet DEFINITIONS =
      DefinitionSet.of(
          Catalog.standard(),
          Map.of(
              "fr.json",
              ConformanceCases.dynamic(
                  "fr", "{\"field\":\"country\",\"op\":\"eq\",\"value\":\"FR\"}"),
              "active.json",
              ConformanceCases.dynamic(
                  "active", "{\"event\":\"page_visit\",\"window\":{\"last\":1,\"unit\":\"days\"}}"),
              "vip.json",
              "{\"id\":\"vip\",\"name\":\"VIP\",\"kind\":\"static\"}"));

  final SparkSession spark = SparkTestSession.get();
  final Lakehouse lakehouse;
  final RecomputeJob job;

  private NightlyLakehouse(String root, boolean writeInputs) {
    lakehouse = new Lakehouse(root);
    job = new RecomputeJob(spark, lakehouse, line -> {});
    if (writeInputs) {
      writeInputs();
    }
  }

  /**
   * A copy at {@code root} (a folder that does not exist yet) of the lakehouse with its inputs,
   * after the runs as of the first {@code runs} days of {@link #DAYS}, in order.
   */
  static synchronized NightlyLakehouse afterRuns(Path root, int runs) {
    if (states == null) {
      states =
          new LakehouseStates(
              "segmentflow-nightly-",
              live -> new NightlyLakehouse(live.toString(), true),
              (live, k) -> new NightlyLakehouse(live.toString(), false).run(DAYS.get(k - 1)));
    }
    states.copy(runs, root);
    return new NightlyLakehouse(root.toString(), false);
  }

  private void writeInputs() {
    write(
        Table.CONTACTS,
        TableSchemas.CONTACTS,
        List.of(
            Rows.contact(Contact.builder("a").country("FR").email("a@x.io").build()),
            Rows.contact(Contact.builder("b").country("DE").build()),
            Rows.contact(Contact.builder("c").country("FR").unsubscribed(true).build()),
            Rows.contact(Contact.builder("d").country("IT").email("d@x.io").build()),
            Rows.contact(Contact.builder("e").country("FR").phone("+33612345678").build())));
    write(
        Table.EVENTS,
        TableSchemas.EVENTS,
        List.of(
            Rows.event(
                new Event(
                    "e1", "b", "page_visit", Instant.parse("2026-11-19T12:00:00Z"), Map.of())),
            Rows.event(
                new Event(
                    "e2", "d", "page_visit", Instant.parse("2026-11-21T12:00:00Z"), Map.of()))));
    write(
        Table.LIST_ACTIONS,
        TableSchemas.LIST_ACTIONS,
        List.of(
            Rows.listAction(action("x1", "c", "vip", ListAction.Type.ADD, "2026-11-01T00:00:00Z")),
            Rows.listAction(
                action("x2", "a", "fr", ListAction.Type.EXCLUDE, "2026-11-20T08:00:00Z")),
            Rows.listAction(
                action("x3", "b", "fr", ListAction.Type.INCLUDE, "2026-11-20T08:00:00Z")),
            Rows.listAction(
                action("x4", "e", "vip", ListAction.Type.ADD, "2026-11-20T09:00:00Z"))));
  }

  RecomputeJob.Result run(Instant asOf) {
    return job.run(DEFINITIONS, asOf);
  }

  void write(Table table, StructType schema, List<Row> rows) {
    var writer = spark.createDataFrame(rows, schema).write().format("delta").mode("append");
    if (table == Table.EVENTS) {
      writer = writer.partitionBy("event_date");
    }
    writer.save(lakehouse.path(table));
  }

  Dataset<Row> table(Table table) {
    return spark.read().format("delta").load(lakehouse.path(table));
  }

  /**
   * A table's rows as sorted text, without the columns that say when or at which table version a
   * run ran (they differ between two runs that computed the same thing).
   */
  List<String> content(Table table) {
    Dataset<Row> rows =
        table(table)
            .drop(
                "started_at",
                "finished_at",
                "attempt",
                "memberships_version_before",
                "memberships_version_after");
    return rows.toJSON().collectAsList().stream().sorted().toList();
  }

  String changesOf(Instant asOf) {
    return String.join(
        ", ",
        table(Table.MEMBERSHIP_CHANGES)
            .where(col("run_id").equalTo(RecomputeJob.runId(asOf)))
            .orderBy("segment_id", "contact_id")
            .collectAsList()
            .stream()
            .map(r -> r.getString(4) + " " + r.getString(2) + "/" + r.getString(3))
            .toList());
  }

  static List<Table> outputTables() {
    return Arrays.stream(Table.values())
        .filter(t -> t.ordinal() >= Table.MEMBERSHIPS.ordinal())
        .toList();
  }

  private static ListAction action(
      String id, String contact, String list, ListAction.Type type, String at) {
    return new ListAction(id, contact, list, type, ListAction.Source.MANUAL, Instant.parse(at));
  }
}
