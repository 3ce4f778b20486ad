package io.segmentflow.batch.ops;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;

import io.delta.tables.DeltaTable;
import io.segmentflow.batch.lakehouse.Lakehouse;
import io.segmentflow.batch.lakehouse.Lakehouse.Table;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Undoes the recompute runs as of a time and later, so that a backfill can recompute those days
 * again, in order, and replace them rather than add to them (the recompute refuses a date before
 * its latest run, since memberships only move forward).
 *
 * <p>The output tables go back to what they were before the first of those runs:
 *
 * <ul>
 *   <li>{@code memberships}: Delta RESTORE to the version that run logged as its "before" (the
 *       memberships before its first attempt);
 *   <li>{@code contact_features} (one overwrite per run): RESTORE to its latest version whose
 *       features are as of an earlier run;
 *   <li>{@code membership_changes}, {@code segment_counts}, {@code runs}: their rows of those runs
 *       deleted (rows are keyed by run), the run log last, so that a restore that stopped half way
 *       can simply be run again.
 * </ul>
 *
 * <p>Input tables are not touched: ingestion is idempotent, a backfill may ingest its days again.
 * Published snapshots stay until the backfill publishes those runs again (which replaces them).
 * Versions older than the last VACUUM's retention cannot be restored: the restore says so before
 * changing anything.
 */
public final class Restore {

  /**
   * What a restore does.
   *
   * @param runIds the runs undone, oldest first; empty when there is nothing to undo
   * @param membershipsVersion the memberships version to restore, -1 when the first run undone
   *     created the table (every row is deleted)
   * @param featuresVersion the contact_features version to restore, -1 to delete every row (no
   *     version is as of an earlier run), or null when there is no such table
   */
  public record Plan(
      Instant from,
      List<String> runIds,
      long membershipsVersion,
      long membershipsRows,
      Long featuresVersion) {

    public boolean isEmpty() {
      return runIds.isEmpty();
    }
  }

  private final SparkSession spark;
  private final Lakehouse lakehouse;
  private final Consumer<String> progress;

  public Restore(SparkSession spark, Lakehouse lakehouse, Consumer<String> progress) {
    this.spark = spark;
    this.lakehouse = lakehouse;
    this.progress = progress;
  }

  /**
   * What undoing the runs as of {@code from} and later would do; reads the versions it needs, so a
   * version removed by VACUUM is found here, before anything changes.
   *
   * @throws IllegalStateException when a version to restore is no longer readable
   */
  public Plan plan(Instant from) {
    if (!exists(Table.RUNS)) {
      return new Plan(from, List.of(), -1, 0, null);
    }
    List<Row> runs =
        table(Table.RUNS)
            .where(undone(from))
            .orderBy("as_of")
            .select("run_id", "memberships_version_before")
            .collectAsList();
    if (runs.isEmpty()) {
      return new Plan(from, List.of(), -1, 0, null);
    }
    List<String> runIds = runs.stream().map(r -> r.getString(0)).toList();
    long membershipsVersion = runs.get(0).getLong(1);
    long membershipsRows = 0;
    if (membershipsVersion >= 0) {
      try {
        // reads every file (a plain count would be answered from the Delta log alone)
        membershipsRows =
            spark
                .read()
                .format("delta")
                .option("versionAsOf", membershipsVersion)
                .load(lakehouse.path(Table.MEMBERSHIPS))
                .agg(count(lit(1)), sum(hash(col("segment_id"), col("contact_id"))))
                .head()
                .getLong(0);
      } catch (Exception e) { // SparkException (a checked exception) for a missing file
        throw new IllegalStateException(
            "memberships version "
                + membershipsVersion
                + ", before "
                + runIds.get(0)
                + ", can no longer be read ("
                + firstLine(e)
                + "): VACUUM removed its files. A backfill can start only within the retention"
                + " of the last VACUUM (maintain --retention-hours); start it later, or recompute"
                + " from scratch into a new lakehouse",
            e);
      }
    }
    return new Plan(from, runIds, membershipsVersion, membershipsRows, featuresVersion(from));
  }

  /** Carries out a plan; running it again after it stopped half way finishes it. */
  public void apply(Plan plan) {
    if (plan.isEmpty()) {
      return;
    }
    Timestamp from = Timestamp.from(plan.from());
    DeltaTable memberships = DeltaTable.forPath(spark, lakehouse.path(Table.MEMBERSHIPS));
    if (plan.membershipsVersion() < 0) {
      progress.accept("memberships: deleting every row (the first run undone created the table)");
      memberships.delete();
    } else {
      progress.accept("memberships: restoring version " + plan.membershipsVersion());
      memberships.restoreToVersion(plan.membershipsVersion());
    }
    if (plan.featuresVersion() != null) {
      DeltaTable features = DeltaTable.forPath(spark, lakehouse.path(Table.CONTACT_FEATURES));
      if (plan.featuresVersion() < 0) {
        progress.accept("contact_features: deleting every row (no earlier run's features)");
        features.delete();
      } else {
        progress.accept("contact_features: restoring version " + plan.featuresVersion());
        features.restoreToVersion(plan.featuresVersion());
      }
    }
    for (Table table : List.of(Table.MEMBERSHIP_CHANGES, Table.SEGMENT_COUNTS, Table.RUNS)) {
      if (exists(table)) {
        progress.accept(table.tableName() + ": deleting the rows of the runs undone");
        DeltaTable.forPath(spark, lakehouse.path(table)).delete(col("as_of").geq(lit(from)));
      }
    }
  }

  /**
   * The latest contact_features version whose rows are as of an earlier run (or that has none); -1
   * when there is no such version left (every row is then deleted: the backfill's first run writes
   * them again), null when the table does not exist.
   */
  private Long featuresVersion(Instant from) {
    if (!exists(Table.CONTACT_FEATURES)) {
      return null;
    }
    String path = lakehouse.path(Table.CONTACT_FEATURES);
    List<Long> versions =
        DeltaTable.forPath(spark, path)
            .history()
            .orderBy(col("version").desc())
            .select("version")
            .collectAsList()
            .stream()
            .map(r -> r.getLong(0))
            .toList();
    for (long version : versions) {
      Row latest;
      try {
        latest =
            spark
                .read()
                .format("delta")
                .option("versionAsOf", version)
                .load(path)
                .agg(max("as_of"))
                .head();
      } catch (Exception e) { // SparkException (a checked exception) for a missing file
        progress.accept(
            "contact_features: version " + version + " can no longer be read: " + firstLine(e));
        return -1L;
      }
      if (latest.isNullAt(0) || latest.getTimestamp(0).toInstant().isBefore(from)) {
        return version;
      }
    }
    return -1L;
  }

  private static Column undone(Instant from) {
    return col("as_of").geq(lit(Timestamp.from(from)));
  }

  private org.apache.spark.sql.Dataset<Row> table(Table table) {
    return spark.read().format("delta").load(lakehouse.path(table));
  }

  private boolean exists(Table table) {
    return DeltaTable.isDeltaTable(spark, lakehouse.path(table));
  }

  private static String firstLine(Throwable e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
