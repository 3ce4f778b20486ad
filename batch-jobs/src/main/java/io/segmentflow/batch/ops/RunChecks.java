package io.segmentflow.batch.ops;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.delta.tables.DeltaTable;
import io.segmentflow.batch.lakehouse.Lakehouse;
import io.segmentflow.batch.lakehouse.Lakehouse.Table;
import io.segmentflow.batch.recompute.RecomputeJob;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * Checks a recompute run's results before they are published: the run finished, its tables account
 * for every row, its segment sizes moved within bounds of the previous run, no segment emptied
 * unexpectedly, and the day's ingestions quarantined few records. Each check passes or fails with
 * the numbers that decided it; a scheduler publishes only when all pass.
 *
 * <p>Memberships are read at the version the run logged (Delta time travel), so the checks hold for
 * the run itself even after a compaction.
 */
public final class RunChecks {

  /**
   * What a run may do without failing a check.
   *
   * @param maxChangeRatio a segment whose size moved by more than this share of its previous size
   *     fails (0.5: from 1,000 members to fewer than 500 or more than 1,500)
   * @param minChange moves smaller than this many members never fail, so small segments may swing
   * @param allowEmpty segments that may be empty now although they were not in the previous run
   * @param landing the folder the day's files were ingested from (as given to {@code ingest
   *     --input}), or null to skip the quarantine check
   * @param maxQuarantineRate the share of an ingestion's records that may have been quarantined
   */
  public record Bounds(
      double maxChangeRatio,
      long minChange,
      Set<String> allowEmpty,
      String landing,
      double maxQuarantineRate) {

    public Bounds {
      if (!(maxChangeRatio >= 0) || minChange < 0) {
        throw new IllegalArgumentException(
            "the change bounds must be >= 0, got a ratio of "
                + maxChangeRatio
                + " and a minimum change of "
                + minChange);
      }
      if (!(maxQuarantineRate >= 0 && maxQuarantineRate <= 1)) {
        throw new IllegalArgumentException(
            "the quarantine rate bound is a share between 0 and 1, got " + maxQuarantineRate);
      }
      allowEmpty = Set.copyOf(allowEmpty);
    }
  }

  /** One check's verdict, with what it saw. */
  public record Check(String name, boolean passed, String detail) {}

  public static final String RUN_LOGGED = "run logged";
  public static final String UNCHANGED_SINCE = "memberships unchanged since the run";
  public static final String MEMBERS_COUNTED = "members = counts";
  public static final String CHANGES_ACCOUNTED = "changes = difference of memberships";
  public static final String SIZES_IN_BOUNDS = "sizes within bounds";
  public static final String NONE_EMPTIED = "no segment unexpectedly empty";
  public static final String QUARANTINE_RATE = "quarantine rate";

  /** Table operations that rewrite files without changing rows. */
  private static final Set<String> MAINTENANCE = Set.of("OPTIMIZE", "VACUUM START", "VACUUM END");

  private static final int SHOWN = 5;

  private final SparkSession spark;
  private final Lakehouse lakehouse;

  public RunChecks(SparkSession spark, Lakehouse lakehouse) {
    this.spark = spark;
    this.lakehouse = lakehouse;
  }

  /** Checks the run as of {@code asOf}; every check is run unless the run itself is missing. */
  public List<Check> check(Instant asOf, Bounds bounds) {
    String runId = RecomputeJob.runId(asOf);
    List<Check> checks = new ArrayList<>();
    if (!exists(Table.RUNS)) {
      checks.add(
          new Check(
              RUN_LOGGED,
              false,
              "no run log at "
                  + lakehouse.path(Table.RUNS)
                  + ": no recompute has finished in this lakehouse"));
      return checks;
    }
    Dataset<Row> runs = table(Table.RUNS);
    List<Row> found = runs.where(col("run_id").equalTo(runId)).collectAsList();
    if (found.isEmpty()) {
      checks.add(
          new Check(
              RUN_LOGGED,
              false,
              runId
                  + " is not in the run log: the recompute as of "
                  + asOf
                  + " did not finish (a run is logged last)"));
      return checks;
    }
    Row run = found.get(0);
    long versionBefore = run.getAs("memberships_version_before");
    long versionAfter = run.getAs("memberships_version_after");
    checks.add(
        new Check(
            RUN_LOGGED,
            true,
            String.format(
                "%s, attempt %d, finished %s: %,d contacts, %,d members, memberships version %d",
                runId,
                (long) run.getAs("attempt"),
                ((Timestamp) run.getAs("finished_at")).toInstant(),
                (long) run.getAs("contacts"),
                (long) run.getAs("members"),
                versionAfter)));

    List<Row> later =
        runs.where(col("as_of").gt(lit(Timestamp.from(asOf))))
            .orderBy(col("as_of"))
            .limit(1)
            .collectAsList();
    checks.add(unchangedSince(versionAfter, later.isEmpty() ? null : later.get(0)));

    Map<String, long[]> counts = counts(runId);
    checks.add(membersCounted(run, versionAfter, counts));
    checks.add(changesAccounted(run, runId, versionBefore, versionAfter, counts));

    List<Row> previous =
        runs.where(col("as_of").lt(lit(Timestamp.from(asOf))))
            .orderBy(col("as_of").desc())
            .limit(1)
            .collectAsList();
    if (previous.isEmpty()) {
      checks.add(new Check(SIZES_IN_BOUNDS, true, "the first run: no previous run to compare"));
      checks.add(new Check(NONE_EMPTIED, true, "the first run: no previous run to compare"));
    } else {
      String previousId = previous.get(0).getAs("run_id");
      Map<String, long[]> before = counts(previousId);
      checks.add(sizesInBounds(counts, before, previousId, bounds));
      checks.add(noneEmptied(counts, before, previousId, bounds));
    }
    if (bounds.landing() != null) {
      checks.add(quarantineRate(bounds));
    }
    return checks;
  }

  /** Nothing but compaction and vacuum wrote memberships between the run and the next one. */
  private Check unchangedSince(long versionAfter, Row nextRun) {
    long until =
        nextRun == null ? Long.MAX_VALUE : nextRun.<Long>getAs("memberships_version_before");
    List<String> writes = new ArrayList<>();
    for (Row commit :
        DeltaTable.forPath(spark, lakehouse.path(Table.MEMBERSHIPS))
            .history()
            .where(col("version").gt(versionAfter).and(col("version").leq(until)))
            .orderBy("version")
            .select("version", "operation")
            .collectAsList()) {
      if (!MAINTENANCE.contains(commit.getString(1))) {
        writes.add("version " + commit.getLong(0) + " (" + commit.getString(1) + ")");
      }
    }
    if (!writes.isEmpty()) {
      return new Check(
          UNCHANGED_SINCE,
          false,
          "memberships were written after the run logged version "
              + versionAfter
              + ": "
              + shown(writes)
              + ". Another job wrote them, or a repeat of the run did not finish: run the"
              + " recompute again");
    }
    return new Check(
        UNCHANGED_SINCE,
        true,
        nextRun == null
            ? "no write after version " + versionAfter + " but compaction"
            : "no write after version "
                + versionAfter
                + " but compaction before the next run, "
                + nextRun.getAs("run_id"));
  }

  /** The memberships the run left, counted per segment, equal the run's count rows. */
  private Check membersCounted(Row run, long versionAfter, Map<String, long[]> counts) {
    Map<String, long[]> members = new TreeMap<>();
    for (Row row :
        membershipsAt(versionAfter)
            .groupBy("segment_id")
            .agg(count(lit(1)), sum(when(col("identified"), 1L).otherwise(0L)))
            .collectAsList()) {
      members.put(row.getString(0), new long[] {row.getLong(1), row.getLong(2)});
    }
    List<String> wrong = new ArrayList<>();
    long total = 0;
    Set<String> segments = new TreeSet<>(counts.keySet());
    segments.addAll(members.keySet());
    for (String segment : segments) {
      long[] counted = counts.getOrDefault(segment, new long[5]);
      long[] found = members.getOrDefault(segment, new long[2]);
      total += found[0];
      if (!counts.containsKey(segment)) {
        wrong.add(segment + ": " + found[0] + " members but no count row");
      } else if (counted[0] != found[0]
          || counted[1] != found[1]
          || counted[2] != counted[0] - counted[1]) {
        wrong.add(
            String.format(
                "%s: %d members (%d identified), counted %d (%d identified, %d anonymous)",
                segment, found[0], found[1], counted[0], counted[1], counted[2]));
      }
    }
    long logged = run.getAs("members");
    if (logged != total) {
      wrong.add("the run log says " + logged + " members, the table holds " + total);
    }
    if (!wrong.isEmpty()) {
      return new Check(MEMBERS_COUNTED, false, shown(wrong));
    }
    return new Check(
        MEMBERS_COUNTED,
        true,
        String.format(
            "%d segments, %,d members in memberships version %d, as counted and logged",
            counts.size(), total, versionAfter));
  }

  /**
   * The run's change rows are exactly the difference between the memberships before its first
   * attempt and after it, once each, and the counts and the run log add them up.
   */
  private Check changesAccounted(
      Row run, String runId, long versionBefore, long versionAfter, Map<String, long[]> counts) {
    Dataset<Row> changes =
        table(Table.MEMBERSHIP_CHANGES).where(col("run_id").equalTo(runId)).cache();
    try {
      Dataset<Row> after = membershipsAt(versionAfter).select("segment_id", "contact_id");
      Dataset<Row> before =
          versionBefore < 0
              ? after.limit(0)
              : membershipsAt(versionBefore).select("segment_id", "contact_id");
      Dataset<Row> entered =
          changes.where(col("change").equalTo("ENTERED")).select("segment_id", "contact_id");
      Dataset<Row> exited =
          changes.where(col("change").equalTo("EXITED")).select("segment_id", "contact_id");
      Dataset<Row> entries = after.except(before);
      Dataset<Row> exits = before.except(after);
      List<String> wrong = new ArrayList<>();
      long rows = changes.count();
      long distinct = changes.select("segment_id", "contact_id").distinct().count();
      if (rows != distinct) {
        wrong.add((rows - distinct) + " contacts have more than one change row in a segment");
      }
      long other = changes.where(col("change").isin("ENTERED", "EXITED").unary_$bang()).count();
      if (other > 0) {
        wrong.add(other + " change rows are neither ENTERED nor EXITED");
      }
      difference(wrong, "entries", entered, entries);
      difference(wrong, "exits", exited, exits);

      Map<String, long[]> moves = new TreeMap<>();
      for (Row row :
          changes
              .groupBy("segment_id")
              .agg(
                  sum(when(col("change").equalTo("ENTERED"), 1L).otherwise(0L)),
                  sum(when(col("change").equalTo("EXITED"), 1L).otherwise(0L)))
              .collectAsList()) {
        moves.put(row.getString(0), new long[] {row.getLong(1), row.getLong(2)});
      }
      long enteredTotal = 0;
      long exitedTotal = 0;
      for (Map.Entry<String, long[]> move : moves.entrySet()) {
        enteredTotal += move.getValue()[0];
        exitedTotal += move.getValue()[1];
      }
      for (Map.Entry<String, long[]> count : counts.entrySet()) {
        long[] move = moves.getOrDefault(count.getKey(), new long[2]);
        long[] counted = count.getValue();
        if (counted[3] != move[0] || counted[4] != move[1]) {
          wrong.add(
              String.format(
                  "%s: counted +%d -%d, change rows +%d -%d",
                  count.getKey(), counted[3], counted[4], move[0], move[1]));
        }
      }
      long loggedEntered = run.getAs("entered");
      long loggedExited = run.getAs("exited");
      if (loggedEntered != enteredTotal || loggedExited != exitedTotal) {
        wrong.add(
            String.format(
                "the run log says +%d -%d, change rows +%d -%d",
                loggedEntered, loggedExited, enteredTotal, exitedTotal));
      }
      if (!wrong.isEmpty()) {
        return new Check(CHANGES_ACCOUNTED, false, shown(wrong));
      }
      return new Check(
          CHANGES_ACCOUNTED,
          true,
          String.format(
              "%,d entered, %,d exited: exactly the difference between memberships versions %s"
                  + " and %d, as counted and logged",
              enteredTotal,
              exitedTotal,
              versionBefore < 0 ? "(none)" : String.valueOf(versionBefore),
              versionAfter));
    } finally {
      changes.unpersist();
    }
  }

  private static void difference(
      List<String> wrong, String what, Dataset<Row> recorded, Dataset<Row> actual) {
    long missing = actual.except(recorded).count();
    long extra = recorded.except(actual).count();
    if (missing > 0) {
      wrong.add(missing + " " + what + " between the memberships versions have no change row");
    }
    if (extra > 0) {
      wrong.add(extra + " change rows of " + what + " are not between the memberships versions");
    }
  }

  private Check sizesInBounds(
      Map<String, long[]> now, Map<String, long[]> before, String previousId, Bounds bounds) {
    List<String> moved = new ArrayList<>();
    for (Map.Entry<String, long[]> segment : now.entrySet()) {
      long[] previous = before.get(segment.getKey());
      if (previous == null) {
        continue;
      }
      long from = previous[0];
      long to = segment.getValue()[0];
      long change = Math.abs(to - from);
      if (change >= bounds.minChange() && change > bounds.maxChangeRatio() * from) {
        moved.add(
            String.format(
                "%s %,d -> %,d (%s)",
                segment.getKey(),
                from,
                to,
                from == 0 ? "was empty" : String.format("%+.1f%%", 100.0 * (to - from) / from)));
      }
    }
    String rule =
        String.format(
            "a move of %,d members or more and more than %.0f%% of the size in %s",
            bounds.minChange(), 100 * bounds.maxChangeRatio(), previousId);
    if (!moved.isEmpty()) {
      return new Check(
          SIZES_IN_BOUNDS,
          false,
          moved.size() + " segments moved out of bounds (" + rule + "): " + shown(moved));
    }
    return new Check(SIZES_IN_BOUNDS, true, "no segment moved out of bounds (" + rule + ")");
  }

  private Check noneEmptied(
      Map<String, long[]> now, Map<String, long[]> before, String previousId, Bounds bounds) {
    List<String> emptied = new ArrayList<>();
    List<String> allowed = new ArrayList<>();
    for (Map.Entry<String, long[]> segment : now.entrySet()) {
      long[] previous = before.get(segment.getKey());
      if (segment.getValue()[0] == 0 && previous != null && previous[0] > 0) {
        String what = segment.getKey() + " (" + previous[0] + " in " + previousId + ")";
        (bounds.allowEmpty().contains(segment.getKey()) ? allowed : emptied).add(what);
      }
    }
    String allowedNote = allowed.isEmpty() ? "" : "; allowed to be empty: " + shown(allowed);
    if (!emptied.isEmpty()) {
      return new Check(
          NONE_EMPTIED,
          false,
          emptied.size()
              + " segments are empty now but were not: "
              + shown(emptied)
              + allowedNote
              + " (--allow-empty lists segments that may be)");
    }
    return new Check(NONE_EMPTIED, true, "no segment emptied since " + previousId + allowedNote);
  }

  /** The latest ingestion of each source in the landing folder quarantined few records. */
  private Check quarantineRate(Bounds bounds) {
    String landing = stripSlash(bounds.landing());
    if (!exists(Table.INGESTIONS)) {
      return new Check(
          QUARANTINE_RATE, false, "no ingestion log: nothing was ingested from " + landing);
    }
    List<Row> latest =
        table(Table.INGESTIONS)
            .where(col("source").equalTo(landing).or(col("source").startsWith(landing + "/")))
            .withColumn("latest", max("started_at").over(Window.partitionBy("source")))
            .where(col("started_at").equalTo(col("latest")))
            .orderBy("source")
            .collectAsList();
    if (latest.isEmpty()) {
      return new Check(QUARANTINE_RATE, false, "nothing was ingested from " + landing);
    }
    List<String> high = new ArrayList<>();
    long read = 0;
    long quarantined = 0;
    for (Row ingestion : latest) {
      long r = ingestion.getAs("read");
      long q = ingestion.getAs("quarantined");
      read += r;
      quarantined += q;
      if (r > 0 && (double) q / r > bounds.maxQuarantineRate()) {
        high.add(
            String.format(
                "%s: %,d of %,d quarantined (%.1f%%)",
                ingestion.getAs("source"), q, r, 100.0 * q / r));
      }
    }
    String bound = String.format("at most %.1f%% per file", 100 * bounds.maxQuarantineRate());
    if (!high.isEmpty()) {
      return new Check(
          QUARANTINE_RATE,
          false,
          shown(high) + " (" + bound + "; see " + lakehouse.path(Table.QUARANTINE) + ")");
    }
    return new Check(
        QUARANTINE_RATE,
        true,
        String.format(
            "%d ingestions from %s: %,d of %,d records quarantined (%s)",
            latest.size(), landing, quarantined, read, bound));
  }

  /** Per segment of the run: total, identified, anonymous, entered, exited. */
  private Map<String, long[]> counts(String runId) {
    Map<String, long[]> counts = new TreeMap<>();
    if (!exists(Table.SEGMENT_COUNTS)) {
      return counts;
    }
    for (Row row :
        table(Table.SEGMENT_COUNTS)
            .where(col("run_id").equalTo(runId))
            .select("segment_id", "total", "identified", "anonymous", "entered", "exited")
            .collectAsList()) {
      counts.put(
          row.getString(0),
          new long[] {
            row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4), row.getLong(5)
          });
    }
    return counts;
  }

  private Dataset<Row> membershipsAt(long version) {
    return spark
        .read()
        .format("delta")
        .option("versionAsOf", version)
        .load(lakehouse.path(Table.MEMBERSHIPS));
  }

  private Dataset<Row> table(Table table) {
    return spark.read().format("delta").load(lakehouse.path(table));
  }

  private boolean exists(Table table) {
    return DeltaTable.isDeltaTable(spark, lakehouse.path(table));
  }

  private static String stripSlash(String path) {
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  private static String shown(List<String> items) {
    return items.size() <= SHOWN
        ? String.join(", ", items)
        : String.join(", ", items.subList(0, SHOWN)) + " and " + (items.size() - SHOWN) + " more";
  }
}
