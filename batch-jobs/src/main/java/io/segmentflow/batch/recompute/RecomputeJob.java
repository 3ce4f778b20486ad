package io.segmentflow.batch.recompute;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.delta.tables.DeltaTable;
import io.segmentflow.batch.definitions.DefinitionSource;
import io.segmentflow.batch.lakehouse.Lakehouse;
import io.segmentflow.batch.lakehouse.Lakehouse.Table;
import io.segmentflow.batch.lakehouse.LakehouseInputs;
import io.segmentflow.batch.lakehouse.TableSchemas;
import io.segmentflow.segments.eval.FeaturePlan;
import io.segmentflow.segments.eval.Membership;
import io.segmentflow.segments.model.SegmentDefinition;
import io.segmentflow.segments.parse.DefinitionSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The nightly recompute: every segment as of one evaluation time, from the lakehouse's input tables
 * to its output tables, in one pass over the events.
 *
 * <p>Members who stay keep their original {@code entered_at}; only real entries and exits become
 * change rows. A run is identified by its evaluation time, and repeating the latest run (after a
 * crash, or twice) leaves every table as one run would: it compares with the memberships as they
 * were before the run's first attempt (Delta time travel to the version the run log recorded),
 * merges the same result, and replaces the run's change and count rows.
 */
public final class RecomputeJob {

  /** What a run did, with the seconds each stage took (the benchmark prints them). */
  public record Result(
      String runId,
      Instant asOf,
      long attempt,
      long contacts,
      long members,
      long entered,
      long exited,
      Map<String, Double> stageSeconds) {}

  private static final String KEYS = "t.segment_id = s.segment_id AND t.contact_id = s.contact_id";
  private static final String DELETION_VECTORS = "delta.enableDeletionVectors";

  // Delta keeps per file the minimum, maximum and null count of the first 32 columns, computed on
  // every row written. The memberships and the features spread every segment and contact over
  // every file, so those statistics would skip no file, and they cost about a quarter of the CPU
  // of the writes (1 M contacts, 200 segments: 53.9 CPU s with them, 39.4 without). The changes
  // keep those of their run and evaluation time, by which a repeated run's delete and queries of a
  // period skip files. Only the row counts stay.
  private static final String INDEXED_COLUMNS = "delta.dataSkippingNumIndexedCols";
  private static final String STATS_COLUMNS = "delta.dataSkippingStatsColumns";

  private final SparkSession spark;
  private final Lakehouse lakehouse;
  private final Consumer<String> progress;

  public RecomputeJob(SparkSession spark, Lakehouse lakehouse, Consumer<String> progress) {
    this.spark = spark;
    this.lakehouse = lakehouse;
    this.progress = progress;
  }

  private static final DateTimeFormatter RUN_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

  /**
   * Runs are named by their evaluation time, so a repeated run is recognised as the same run; the
   * compact form names folders safely ({@code recompute-20261122T000000.000Z}).
   */
  public static String runId(Instant asOf) {
    return "recompute-" + RUN_TIME.format(asOf);
  }

  /** Runs with definitions given in code (tests, the benchmark): the run log records no source. */
  public Result run(DefinitionSet set, Instant asOf) {
    return run(set, null, asOf);
  }

  /**
   * Runs every segment of {@code set} as of {@code asOf}.
   *
   * @param source where the definitions were read, for the run log; null when given in code
   * @throws IllegalArgumentException when {@code asOf} is before the latest run
   */
  public Result run(DefinitionSet set, DefinitionSource source, Instant asOf) {
    Instant startedAt = Instant.now();
    Stages stages = new Stages();
    String runId = runId(asOf);
    Row previousRun = latestRun();
    long attempt = 1;
    long versionBefore = version(Table.MEMBERSHIPS);
    if (previousRun != null) {
      Instant latest = previousRun.getTimestamp(previousRun.fieldIndex("as_of")).toInstant();
      if (asOf.isBefore(latest)) {
        throw new IllegalArgumentException(
            "as of "
                + asOf
                + " is before the latest run, as of "
                + latest
                + ": memberships only move forward. To recompute an earlier date, undo the runs from"
                + " it on (restore --runs-from "
                + asOf
                + "), then recompute each day forward (docs/batch-jobs.md, Backfills)");
      }
      if (asOf.equals(latest)) {
        attempt = previousRun.getLong(previousRun.fieldIndex("attempt")) + 1;
        versionBefore = previousRun.getLong(previousRun.fieldIndex("memberships_version_before"));
        progress.accept(
            "Repeating "
                + runId
                + " (attempt "
                + attempt
                + "): comparing with the memberships before its first attempt");
      }
    }
    Dataset<Row> before =
        versionBefore < 0
            ? spark.createDataFrame(List.of(), TableSchemas.MEMBERSHIPS)
            : spark
                .read()
                .format("delta")
                .option("versionAsOf", versionBefore)
                .load(lakehouse.path(Table.MEMBERSHIPS));

    SegmentMemberships.Inputs inputs = LakehouseInputs.read(spark, lakehouse, asOf);
    FeaturePlan plan = FeaturePlan.of(set);
    Dataset<Row> features = null;
    if (plan.size() > 0) {
      features =
          FeatureColumns.compute(inputs.events(), plan, asOf)
              .persist(StorageLevel.MEMORY_AND_DISK());
      long withEvents = features.count();
      stages.done(
          "features: one pass over the events, "
              + plan.size()
              + " features, "
              + withEvents
              + " contacts with events");
    }
    // One comparison with the memberships before the run gives the members (stayers keep their
    // entered_at), the entries and exits, and the rows the merge must touch. The decisions feed
    // only this comparison, so only its result is kept.
    Dataset<Row> decisions = SegmentMemberships.decisions(set, inputs, features, asOf);
    Dataset<Row> compared =
        compared(set, decisions, before, asOf).persist(StorageLevel.MEMORY_AND_DISK());
    long kept = compared.count();
    stages.done(
        "segments: "
            + set.inEvaluationOrder().size()
            + " segments evaluated and compared with the memberships before the run, "
            + kept
            + " members and leavers");
    mergeMemberships(set, decisions, compared, versionBefore, asOf);
    long versionAfter = version(Table.MEMBERSHIPS);
    stages.done("memberships merged (version " + versionAfter + ")");
    replaceRunRows(
        Table.MEMBERSHIP_CHANGES,
        TableSchemas.MEMBERSHIP_CHANGES,
        compared
            .where(col("change").isin(ENTERED, EXITED))
            .withColumn("run_id", lit(runId))
            .withColumn("as_of", lit(Timestamp.from(asOf))),
        runId);
    Map<String, Tally> tallies = tallies(compared);
    long entered = tallies.values().stream().mapToLong(Tally::entered).sum();
    long exited = tallies.values().stream().mapToLong(Tally::exited).sum();
    long members = tallies.values().stream().mapToLong(Tally::total).sum();
    stages.done("changes written: " + entered + " entered, " + exited + " exited");
    replaceRunRows(
        Table.SEGMENT_COUNTS,
        TableSchemas.SEGMENT_COUNTS,
        counts(set, tallies, runId, asOf),
        runId);
    if (features != null) {
      features
          .withColumn("as_of", lit(Timestamp.from(asOf)))
          .write()
          .format("delta")
          .mode("overwrite")
          .option("overwriteSchema", "true")
          .option(INDEXED_COLUMNS, "0")
          .save(lakehouse.path(Table.CONTACT_FEATURES));
    }
    stages.done("counts and features written");

    long contacts = inputs.contacts().count();
    logRun(
        set,
        source,
        plan,
        runId,
        asOf,
        startedAt,
        attempt,
        versionBefore,
        versionAfter,
        contacts,
        members,
        entered,
        exited);
    stages.done("run logged");
    for (Dataset<Row> cached : new Dataset[] {features, compared}) {
      if (cached != null) {
        cached.unpersist();
      }
    }
    return new Result(runId, asOf, attempt, contacts, members, entered, exited, stages.seconds);
  }

  private static final String ENTERED = "ENTERED";
  private static final String EXITED = "EXITED";
  private static final String UPDATED = "UPDATED";

  /**
   * The decisions against a version of the memberships: one row per member of either, with the
   * membership as it is now ({@code member}; for a leaver, as it was) and its {@code change}:
   * ENTERED, EXITED, UPDATED (reason, identified or contactable moved) or null. A stayer keeps its
   * entered_at. An exit says why: a manual exclude, the list, the filter, or the segment's deletion
   * from the definitions.
   */
  private static Dataset<Row> compared(
      DefinitionSet set, Dataset<Row> decisions, Dataset<Row> members, Instant asOf) {
    Dataset<Row> was =
        members.select(
            col("segment_id"),
            col("contact_id"),
            lit(true).as("was_member"),
            col("entered_at").as("was_entered_at"),
            col("reason").as("was_reason"),
            col("identified").as("was_identified"),
            col("contactable").as("was_contactable"));
    Column is = coalesce(col("member"), lit(false));
    Column wasIn = coalesce(col("was_member"), lit(false));
    Column moved =
        col("reason")
            .eqNullSafe(col("was_reason"))
            .and(col("identified").eqNullSafe(col("was_identified")))
            .and(col("contactable").eqNullSafe(col("was_contactable")))
            .unary_$bang();
    Column kind = lit("SEGMENT_DELETED");
    for (SegmentDefinition definition : set.inEvaluationOrder()) {
      kind =
          when(
                  col("segment_id").equalTo(definition.id()),
                  lit(
                      definition.kind() == SegmentDefinition.Kind.STATIC
                          ? Membership.Reason.LIST.name()
                          : Membership.Reason.FILTER.name()))
              .otherwise(kind);
    }
    // A hash join: sorting both sides by their two string keys cost more than the join itself.
    return decisions
        .join(was.hint("shuffle_hash"), membershipKeys(), "full_outer")
        .where(is.or(wasIn))
        .select(
            col("segment_id"),
            col("contact_id"),
            is.as("member"),
            when(is.and(wasIn.unary_$bang()), lit(ENTERED))
                .when(wasIn.and(is.unary_$bang()), lit(EXITED))
                .when(moved, lit(UPDATED))
                .as("change"),
            coalesce(col("was_entered_at"), lit(Timestamp.from(asOf))).as("entered_at"),
            // a leaver's reason: the decision's when it has one (a manual exclude), else its kind's
            when(is.or(col("member").isNotNull()), col("reason")).otherwise(kind).as("reason"),
            when(is, col("identified")).otherwise(col("was_identified")).as("identified"),
            when(is, col("contactable")).otherwise(col("was_contactable")).as("contactable"));
  }

  /** A segment's members, identified members, entries and exits in a run. */
  private record Tally(long total, long identified, long entered, long exited) {}

  /**
   * Per segment id of the comparison (a deleted segment's exits too), read off the persisted
   * comparison in one aggregation: at most one row per segment reaches the driver.
   */
  private static Map<String, Tally> tallies(Dataset<Row> compared) {
    Map<String, Tally> tallies = new HashMap<>();
    compared
        .groupBy("segment_id")
        .agg(
            sum(when(col("member"), 1L).otherwise(0L)),
            sum(when(col("member").and(col("identified")), 1L).otherwise(0L)),
            sum(when(col("change").equalTo(ENTERED), 1L).otherwise(0L)),
            sum(when(col("change").equalTo(EXITED), 1L).otherwise(0L)))
        .collectAsList()
        .forEach(
            row ->
                tallies.put(
                    row.getString(0),
                    new Tally(row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4))));
    return tallies;
  }

  /** One count row per segment of the set, zeros included. */
  private Dataset<Row> counts(
      DefinitionSet set, Map<String, Tally> tallies, String runId, Instant asOf) {
    List<Row> rows = new ArrayList<>();
    for (SegmentDefinition definition : set.inEvaluationOrder()) {
      Tally tally = tallies.getOrDefault(definition.id(), new Tally(0, 0, 0, 0));
      rows.add(
          RowFactory.create(
              runId,
              Timestamp.from(asOf),
              definition.id(),
              tally.total(),
              tally.identified(),
              tally.total() - tally.identified(),
              tally.entered(),
              tally.exited()));
    }
    return spark.createDataFrame(rows, TableSchemas.SEGMENT_COUNTS);
  }

  /**
   * Brings the memberships table to the run's members, touching only the rows that changed (so its
   * change feed carries only real changes; with deletion vectors, no file is rewritten). Into an
   * empty table (a first run) the members are appended: the same rows and the same change feed (all
   * inserts), without a merge. A repeated run finds the table as its earlier attempt left it, and
   * merges its differences with that (computed once, then counted and merged).
   */
  private void mergeMemberships(
      DefinitionSet set,
      Dataset<Row> decisions,
      Dataset<Row> compared,
      long versionBefore,
      Instant asOf) {
    DeltaTable table = createIfMissing(Table.MEMBERSHIPS, TableSchemas.MEMBERSHIPS);
    if (table.toDF().isEmpty()) {
      compared
          .where(col("member"))
          .select(schemaColumns(TableSchemas.MEMBERSHIPS))
          .write()
          .format("delta")
          .mode("append")
          .save(lakehouse.path(Table.MEMBERSHIPS));
      return;
    }
    boolean moved = version(Table.MEMBERSHIPS) != versionBefore;
    Dataset<Row> differences =
        moved
            ? compared(set, decisions, table.toDF(), asOf).persist(StorageLevel.MEMORY_AND_DISK())
            : compared;
    Map<String, String> values = new LinkedHashMap<>();
    for (String column : TableSchemas.MEMBERSHIPS.fieldNames()) {
      values.put(column, "s." + column);
    }
    // A night's differences are small next to the table (300 k against 13 M memberships at 1 M
    // contacts and 200 segments) but over Spark's 10 MB broadcast limit: broadcast them, so the
    // merge probes the table where it lies instead of shuffling and sorting all of it to find the
    // files it touches and the rows it marks. (Raising the limit instead let Spark broadcast the
    // table itself, whose size it estimates from its compressed files.) A night that changes more,
    // after new definitions, is merged without it: the driver would have to hold it all.
    Dataset<Row> changed = differences.where(col("change").isNotNull());
    Dataset<Row> source = changed.count() <= BROADCAST_ROWS ? broadcast(changed) : changed;
    // The merge's second pass (the rows to write, with deletion vectors) is a left outer join from
    // the differences, which Spark cannot broadcast from that side: by default it shuffles and
    // sorts the table for a sort-merge join. A shuffled hash join built from the differences
    // spares the sort (at 1 M contacts and 200 segments, the next night's merge took 22.9 CPU s
    // instead of 42.5). Only for the merge: set for the whole job, other stages were slower.
    String sortMerge = spark.conf().get(PREFER_SORT_MERGE_JOIN, "true");
    spark.conf().set(PREFER_SORT_MERGE_JOIN, "false");
    try {
      table
          .as("t")
          .merge(source.as("s"), KEYS)
          .whenMatched("s.change = '" + EXITED + "'")
          .delete()
          .whenMatched()
          .updateExpr(values)
          .whenNotMatched("s.change <> '" + EXITED + "'")
          .insertExpr(values)
          .execute();
    } finally {
      spark.conf().set(PREFER_SORT_MERGE_JOIN, sortMerge);
    }
    if (moved) {
      differences.unpersist();
    }
  }

  private static final String PREFER_SORT_MERGE_JOIN = "spark.sql.join.preferSortMergeJoin";

  /** The most differences a merge broadcasts: about 100 bytes each, 100 MB. */
  private static final long BROADCAST_ROWS = 1_000_000;

  /** Replaces a run's rows as a whole: a repeated run leaves no duplicates. */
  private void replaceRunRows(Table table, StructType schema, Dataset<Row> rows, String runId) {
    createIfMissing(table, schema).delete(col("run_id").equalTo(lit(runId)));
    rows.select(schemaColumns(schema))
        .write()
        .format("delta")
        .mode("append")
        .save(lakehouse.path(table));
  }

  private void logRun(
      DefinitionSet set,
      DefinitionSource source,
      FeaturePlan plan,
      String runId,
      Instant asOf,
      Instant startedAt,
      long attempt,
      long versionBefore,
      long versionAfter,
      long contacts,
      long members,
      long entered,
      long exited) {
    List<Row> definitions = new ArrayList<>();
    set.inEvaluationOrder()
        .forEach(d -> definitions.add(RowFactory.create(d.id(), set.sha256(d.id()))));
    List<String> features = plan.specs().stream().map(Object::toString).toList();
    Row run =
        RowFactory.create(
            runId,
            Timestamp.from(asOf),
            Timestamp.from(startedAt),
            Timestamp.from(Instant.now()),
            attempt,
            versionBefore,
            versionAfter,
            definitions.toArray(),
            features.toArray(new String[0]),
            contacts,
            members,
            entered,
            exited,
            source == null ? null : source.location(),
            source == null ? null : source.tableVersion());
    Dataset<Row> row = spark.createDataFrame(List.of(run), TableSchemas.RUNS);
    createIfMissing(Table.RUNS, TableSchemas.RUNS)
        .as("t")
        .merge(row.as("s"), "t.run_id = s.run_id")
        // a run log written before a column was added gets it (null in its earlier rows)
        .withSchemaEvolution()
        .whenMatched()
        .updateAll()
        .whenNotMatched()
        .insertAll()
        .execute();
  }

  private Row latestRun() {
    String path = lakehouse.path(Table.RUNS);
    if (!DeltaTable.isDeltaTable(spark, path)) {
      return null;
    }
    List<Row> latest =
        spark
            .read()
            .format("delta")
            .load(path)
            .orderBy(col("as_of").desc())
            .limit(1)
            .collectAsList();
    return latest.isEmpty() ? null : latest.get(0);
  }

  /** The table's latest version, or -1 when it does not exist yet. */
  private long version(Table table) {
    String path = lakehouse.path(table);
    if (!DeltaTable.isDeltaTable(spark, path)) {
      return -1;
    }
    return DeltaTable.forPath(spark, path).history(1).select(max("version")).head().getLong(0);
  }

  /**
   * The table, created empty with its schema on first use (Change Data Feed on by session default).
   */
  private DeltaTable createIfMissing(Table table, StructType schema) {
    String path = lakehouse.path(table);
    if (!DeltaTable.isDeltaTable(spark, path)) {
      DataFrameWriter<Row> empty =
          spark.createDataFrame(List.of(), schema).write().format("delta").mode("append");
      if (table == Table.MEMBERSHIPS) {
        // A night's few changes are spread over every file of the memberships: with deletion
        // vectors a merge marks the rows it removes instead of rewriting each file it touches.
        empty = empty.option(DELETION_VECTORS, "true").option(INDEXED_COLUMNS, "0");
      }
      if (table == Table.MEMBERSHIP_CHANGES) {
        empty = empty.option(STATS_COLUMNS, "run_id,as_of");
      }
      empty.save(path);
    }
    return DeltaTable.forPath(spark, path);
  }

  private static Seq<String> membershipKeys() {
    return CollectionConverters.asScala(List.of("segment_id", "contact_id")).toSeq();
  }

  private static Column[] schemaColumns(StructType schema) {
    return java.util.Arrays.stream(schema.fieldNames())
        .map(name -> col(name))
        .toArray(Column[]::new);
  }

  /** Times each stage and reports it. */
  private final class Stages {
    private final Map<String, Double> seconds = new LinkedHashMap<>();
    private long start = System.nanoTime();

    void done(String stage) {
      long now = System.nanoTime();
      double elapsed = (now - start) / 1e9;
      seconds.put(stage.contains(":") ? stage.substring(0, stage.indexOf(':')) : stage, elapsed);
      progress.accept(String.format("%6.1f s  %s", elapsed, stage));
      start = now;
    }
  }
}
