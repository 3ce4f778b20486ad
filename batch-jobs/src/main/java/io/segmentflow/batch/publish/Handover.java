package io.segmentflow.batch.publish;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import io.delta.tables.DeltaTable;
import io.segmentflow.batch.lakehouse.Lakehouse;
import io.segmentflow.batch.lakehouse.Lakehouse.Table;
import io.segmentflow.batch.lakehouse.LakehouseInputs;
import io.segmentflow.batch.recompute.SegmentMemberships;
import io.segmentflow.schemas.HandoverFile;
import io.segmentflow.schemas.HandoverManifest;
import io.segmentflow.segments.eval.FeaturePlan;
import io.segmentflow.segments.eval.FeatureSpec;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.KeyValueGroupedDataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The hand-over of a nightly run to the stream: every contact's state as of the run, from which the
 * streaming job starts, in {@code ROOT/handover/RUN_ID/}.
 *
 * <pre>
 * handover/RUN_ID/_manifest.json      HandoverManifest (Avro JSON encoding), written last
 * handover/RUN_ID/part-NNNNN.avro     ContactSnapshot records, Avro container files (deflate)
 * </pre>
 *
 * <p>A {@code ContactSnapshot} per contact of the contacts table, and per contact id with list
 * actions, memberships or events (at or before the run's evaluation time) but no profile: the
 * profile and its company as the tables hold them now, the latest list action per list or segment
 * as of the run (the core's {@link io.segmentflow.segments.eval.Overrides#LATEST_LAST} order; of
 * two actions it cannot tell apart, the greater action id), the run's memberships of the contact,
 * and its behaviour features as the core's bounded {@code FeatureState} of the run's definitions,
 * folded from its events at or before the evaluation time in one pass over the events. The run's
 * memberships are the memberships table itself when the run is the latest, else the table's version
 * the run recorded (Delta time travel).
 *
 * <p>The definitions must be the run's: their SHA-256s are checked against the run log, because
 * other definitions would hand over other features. Files are written by the executors through
 * Hadoop's file system, into a temporary sibling folder that replaces the hand-over's folder as
 * {@link ManifestedFolders} describes: a reader that finds {@value #MANIFEST} finds the whole
 * hand-over, and a repeated hand-over of a run replaces the previous one.
 */
public final class Handover {

  private static final Logger LOG = LoggerFactory.getLogger(Handover.class);

  /** The manifest's name in a hand-over folder. */
  public static final String MANIFEST = "_manifest.json";

  /** What was handed over, and where. */
  public record Result(String path, HandoverManifest manifest, double seconds) {}

  private final SparkSession spark;
  private final Lakehouse lakehouse;

  public Handover(SparkSession spark, Lakehouse lakehouse) {
    this.spark = spark;
    this.lakehouse = lakehouse;
  }

  /**
   * Hands over a run: the latest one when {@code runId} is null.
   *
   * @throws IllegalArgumentException when there is no such run, or the definitions are not the
   *     run's (naming the segments that differ)
   * @throws IllegalStateException when the runs or memberships table is missing
   */
  public Result handOver(ShippedDefinitions definitions, String runId, Progress progress)
      throws IOException {
    long start = System.nanoTime();
    Row run = run(runId);
    String id = run.getAs("run_id");
    SnapshotPublisher.checkRunId(id);
    Instant asOf = run.<Timestamp>getAs("as_of").toInstant();
    checkDefinitions(run, definitions);
    long membershipsVersion =
        isLatest(asOf) ? latestVersion(Table.MEMBERSHIPS) : run.getAs("memberships_version_after");

    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Path target = new Path(lakehouse.handover(id));
    FileSystem fs = target.getFileSystem(conf);
    String attempt = UUID.randomUUID().toString();
    Path temporary = ManifestedFolders.temporary(target, attempt);
    try {
      fs.mkdirs(temporary);
      List<Row> written;
      try (TaskProgress tasks =
          new TaskProgress(spark.sparkContext(), progress, "write contact snapshots")) {
        written =
            snapshots(definitions, asOf, membershipsVersion)
                .mapPartitions(
                    new SnapshotFiles(temporary.toString(), conf),
                    Encoders.row(SnapshotFiles.WRITTEN))
                .collectAsList();
        tasks.finished();
      }
      List<HandoverFile> files = commitTaskFiles(fs, temporary, written);
      HandoverManifest manifest =
          HandoverManifest.newBuilder()
              .setRunId(id)
              .setAsOf(asOf.truncatedTo(ChronoUnit.MILLIS))
              .setContacts(files.stream().mapToLong(HandoverFile::getRecords).sum())
              .setFiles(files)
              .setMembershipsVersion(membershipsVersion)
              .setDefinitions(definitions.sha256s())
              .setFeaturePlan(
                  definitions.plan().specs().stream().map(FeatureSpec::toString).toList())
              .setCreatedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
              .build();
      ManifestedFolders.replace(
          fs, temporary, target, attempt, MANIFEST, manifest, HandoverManifest.class);
      LOG.info(
          "Handed over {} to {}: {} contacts in {} files",
          id,
          target,
          manifest.getContacts(),
          files.size());
      return new Result(lakehouse.handover(id), manifest, (System.nanoTime() - start) / 1e9);
    } finally {
      if (fs.exists(temporary)) {
        fs.delete(temporary, true);
      }
    }
  }

  /** Reads the manifest of a hand-over folder, as a reader such as the stream may. */
  public static HandoverManifest readManifest(Configuration conf, String handoverPath)
      throws IOException {
    return ManifestedFolders.readJson(
        conf, new Path(handoverPath, MANIFEST), HandoverManifest.class);
  }

  /**
   * The encoded snapshots, one per contact, by contact id within each partition: the joins of the
   * profile side cogrouped with the events.
   */
  private Dataset<byte[]> snapshots(
      ShippedDefinitions definitions, Instant asOf, long membershipsVersion) {
    var inputs = LakehouseInputs.read(spark, lakehouse, asOf);
    Column notAfter = col("occurred_at").leq(lit(Timestamp.from(asOf)));

    Dataset<Row> contacts =
        inputs
            .contacts()
            .select(
                col("contact_id"),
                col("company_id").as("company_key"),
                asStruct(inputs.contacts()).as("contact"));
    Dataset<Row> companies =
        inputs
            .companies()
            .select(
                col("company_id").as("company_key"), asStruct(inputs.companies()).as("company"));
    Dataset<Row> profiles =
        contacts
            .join(
                companies,
                contacts.col("company_key").equalTo(companies.col("company_key")),
                "left")
            .select(col("contact_id"), col("contact"), col("company"));
    // list_id first: the array is sorted by it
    Column action =
        struct(
            col("list_id"),
            col("action_id"),
            col("contact_id"),
            col("action"),
            col("source"),
            col("occurred_at"));
    Dataset<Row> latestActions =
        inputs
            .listActions()
            .where(notAfter)
            .groupBy("contact_id", "list_id")
            .agg(
                max_by(action, struct(SegmentMemberships.latestLast(), col("action_id")))
                    .as("latest"))
            .groupBy("contact_id")
            .agg(array_sort(collect_list(col("latest"))).as("list_actions"));
    Dataset<Row> memberships =
        spark
            .read()
            .format("delta")
            .option("versionAsOf", membershipsVersion)
            .load(lakehouse.path(Table.MEMBERSHIPS))
            .groupBy("contact_id")
            .agg(
                array_sort(
                        collect_list(
                            struct(
                                col("segment_id"),
                                col("contact_id"),
                                col("entered_at"),
                                col("reason"),
                                col("contactable"),
                                col("identified"))))
                    .as("memberships"));
    Dataset<Row> perContact =
        profiles
            .join(latestActions, usingContactId(), "full_outer")
            .join(memberships, usingContactId(), "full_outer");

    FeaturePlan plan = definitions.plan();
    Object[] eventTypes = plan.specs().stream().map(FeatureSpec::eventType).distinct().toArray();
    // Events of types no feature reads travel without their payload: they only say the contact
    // exists.
    Dataset<Row> events =
        inputs
            .events()
            .where(notAfter)
            .select(
                col("contact_id"),
                when(
                        eventTypes.length == 0 ? lit(false) : col("event_type").isin(eventTypes),
                        struct(
                            col("event_id"),
                            col("contact_id"),
                            col("event_type"),
                            col("occurred_at"),
                            col("properties")))
                    .as("event"));

    MapFunction<Row, String> contactId = row -> row.getAs("contact_id");
    KeyValueGroupedDataset<String, Row> byContact =
        perContact.groupByKey(contactId, Encoders.STRING());
    KeyValueGroupedDataset<String, Row> eventsByContact =
        events.groupByKey(contactId, Encoders.STRING());
    return byContact.cogroup(
        eventsByContact, new SnapshotFold(definitions, asOf), Encoders.BINARY());
  }

  /**
   * Renames each task's file to {@code part-NNNNN.avro} by its partition, deletes the files of
   * failed attempts, and lists the files by name.
   */
  private static List<HandoverFile> commitTaskFiles(FileSystem fs, Path folder, List<Row> written)
      throws IOException {
    List<Row> byPartition = new ArrayList<>(written);
    byPartition.sort(Comparator.comparingInt(row -> row.getInt(0)));
    List<HandoverFile> files = new ArrayList<>();
    for (Row row : byPartition) {
      String name = String.format("part-%05d.avro", row.getInt(0));
      ManifestedFolders.rename(fs, new Path(folder, row.getString(1)), new Path(folder, name));
      files.add(new HandoverFile(name, row.getLong(2), row.getString(3)));
    }
    for (FileStatus status : fs.listStatus(folder)) {
      if (status.getPath().getName().startsWith("_task-")) {
        fs.delete(status.getPath(), false);
      }
    }
    return files;
  }

  /**
   * The version of the lakehouse's definitions table a run read its definitions from: the one to
   * hand it over with. Null when it read a folder, or was logged before runs recorded it.
   *
   * @param runId the run, or null for the latest
   * @throws IllegalArgumentException when there is no run of that id
   * @throws IllegalStateException when no run was logged yet
   */
  public Long definitionsTableVersion(String runId) {
    Row run = run(runId);
    // a run log from before the column was added lacks it
    return Arrays.asList(run.schema().fieldNames()).contains("definitions_version")
        ? run.getAs("definitions_version")
        : null;
  }

  /**
   * The run to hand over: the one with this id, or the latest when null.
   *
   * @throws IllegalArgumentException when there is no run of that id
   * @throws IllegalStateException when no run was logged yet
   */
  private Row run(String runId) {
    Dataset<Row> runs = Tables.latest(spark, lakehouse, Table.RUNS);
    if (runId == null) {
      List<Row> latest = runs.orderBy(col("as_of").desc()).limit(1).collectAsList();
      if (latest.isEmpty()) {
        throw new IllegalStateException(
            "no run in " + lakehouse.path(Table.RUNS) + ": recompute first, then hand over");
      }
      return latest.get(0);
    }
    List<Row> found = runs.where(col("run_id").equalTo(lit(runId))).collectAsList();
    if (found.isEmpty()) {
      List<String> recent =
          runs.orderBy(col("as_of").desc()).limit(5).select("run_id").collectAsList().stream()
              .map(r -> r.getString(0))
              .toList();
      throw new IllegalArgumentException(
          "no run '"
              + runId
              + "' in "
              + lakehouse.path(Table.RUNS)
              + (recent.isEmpty()
                  ? ": no run was logged yet"
                  : ": the latest runs are " + String.join(", ", recent)));
    }
    return found.get(0);
  }

  /**
   * @throws IllegalArgumentException naming every segment whose definition is not the run's
   */
  private static void checkDefinitions(Row run, ShippedDefinitions definitions) {
    Map<String, String> used = new TreeMap<>();
    for (Row definition : run.<Row>getList(run.fieldIndex("definitions"))) {
      used.put(definition.getString(0), definition.getString(1));
    }
    Map<String, String> given = definitions.sha256s();
    List<String> differences = new ArrayList<>();
    TreeSet<String> segments = new TreeSet<>(used.keySet());
    segments.addAll(given.keySet());
    for (String segment : segments) {
      String before = used.get(segment);
      String now = given.get(segment);
      if (before == null) {
        differences.add("segment '" + segment + "' is not one the run used");
      } else if (now == null) {
        differences.add("segment '" + segment + "', which the run used, is missing");
      } else if (!before.equals(now)) {
        differences.add("segment '" + segment + "' is not the definition the run used");
      }
    }
    if (!differences.isEmpty()) {
      throw new IllegalArgumentException(
          "the definitions in "
              + definitions.origin()
              + " are not those run "
              + run.getAs("run_id")
              + " used, so the hand-over would not carry the run's features: "
              + String.join("; ", differences)
              + ". Pass the definitions as they were when the run ran (their SHA-256s are in the"
              + " run log, output/runs), or recompute with these definitions first");
    }
  }

  private boolean isLatest(Instant asOf) {
    Row latest = Tables.latest(spark, lakehouse, Table.RUNS).agg(max("as_of")).head();
    return latest.getTimestamp(0).toInstant().equals(asOf);
  }

  private long latestVersion(Table table) {
    Tables.latest(spark, lakehouse, table); // says which table is missing, when it is
    return DeltaTable.forPath(spark, lakehouse.path(table))
        .history(1)
        .select(max("version"))
        .head()
        .getLong(0);
  }

  private static Column asStruct(Dataset<Row> table) {
    return struct(Arrays.stream(table.columns()).map(c -> col(c)).toArray(Column[]::new));
  }

  private static Seq<String> usingContactId() {
    return CollectionConverters.asScala(List.of("contact_id")).toSeq();
  }
}
