package io.segmentflow.batch.publish;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.segmentflow.batch.lakehouse.Lakehouse;
import io.segmentflow.schemas.DefinitionVersion;
import io.segmentflow.schemas.Membership;
import io.segmentflow.schemas.OutputFile;
import io.segmentflow.schemas.RunKind;
import io.segmentflow.schemas.RunManifest;
import io.segmentflow.schemas.SegmentOutput;
import io.segmentflow.segments.model.SegmentDefinition;
import io.segmentflow.segments.parse.DefinitionSet;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a run's members for senders: {@code ROOT/snapshots/RUN_ID/} holds, per segment, the
 * files of its members, records of {@code Membership.avsc} ({@code segment_id, contact_id,
 * entered_at, reason, contactable, identified}) sorted by contact id, and a {@value #MANIFEST} that
 * lists every file with its rows and SHA-256, and per segment its total, identified and anonymous
 * members: a {@code RunManifest} (kind {@code SNAPSHOT}) in Avro's JSON encoding, so a sender can
 * decode it with the generated class ({@link #readManifest}).
 *
 * <pre>
 * snapshots/RUN_ID/manifest.json
 * snapshots/RUN_ID/segment=SEGMENT_ID/part-NNNNN-UUID.c000.snappy.parquet   (or .avro)
 * </pre>
 *
 * <p><b>The manifest is the commit marker.</b> A snapshot exists when its {@value #MANIFEST}
 * exists, and a reader trusts only the files it lists (and may check their SHA-256). This holds on
 * every file system Hadoop reaches: on HDFS and local disks renames are atomic, on object stores
 * (s3a, abfs, gs) renaming a folder copies its objects one by one, so the folder may be seen half
 * moved, but never with a manifest that lists a missing or partial file.
 *
 * <p><b>How a snapshot is written.</b>
 *
 * <ol>
 *   <li>The members go to a temporary sibling, {@code snapshots/_tmp-RUN_ID-UUID/} (names starting
 *       with {@code _} are hidden from Spark and Hadoop readers), and its {@code _SUCCESS} marker
 *       is removed so that nothing but the manifest ever says "complete".
 *   <li>Rows and identified members are counted from the written files (read back with Spark, not
 *       taken from the source), and each file's SHA-256 is computed by streaming it.
 *   <li>If the run was published before: its {@value #MANIFEST} is deleted first (from this moment
 *       readers see no snapshot for the run, never a mix), then its folder is renamed aside to
 *       {@code _old-RUN_ID-UUID}.
 *   <li>The temporary folder is renamed to {@code snapshots/RUN_ID}.
 *   <li>The manifest is written last, to a hidden file in that folder renamed to {@value
 *       #MANIFEST}: it appears whole, at once.
 *   <li>The old folder, and leftovers of crashed attempts at the same run id, are deleted.
 * </ol>
 *
 * <p>A concurrent reader therefore sees the old snapshot whole, then (between steps 3 and 5, a
 * couple of renames on HDFS) no snapshot, then the new one whole. A reader that is still reading
 * the old files when they move gets "file not found" (file names carry the writing job's UUID, so
 * an old manifest never resolves to new files) and should start again from the manifest. One
 * publication per run id at a time: two concurrent ones may fail, detectably.
 *
 * <p>{@code contactable} is false when the run found the contact unsubscribed, and also when the
 * contacts table says so now or no longer has the contact: a snapshot never tells a sender it may
 * contact someone who has opted out since the run.
 */
public final class SnapshotPublisher {

  private static final Logger LOG = LoggerFactory.getLogger(SnapshotPublisher.class);

  /** The manifest's name in a snapshot folder. */
  public static final String MANIFEST = "manifest.json";

  /** The folder of a segment's files is {@code segment=ID}. */
  static final String PARTITION = "segment";

  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final String PARQUET_TIMESTAMPS = "spark.sql.parquet.outputTimestampType";

  /** The file formats of a snapshot. */
  public enum Format {
    /** Parquet, timestamps as {@code TIMESTAMP(MILLIS, UTC)}. */
    PARQUET,
    /** Avro container files with exactly the schema of {@code Membership.avsc}, deflate. */
    AVRO;

    public static Format of(String name) {
      for (Format format : values()) {
        if (format.sparkName().equalsIgnoreCase(name)) {
          return format;
        }
      }
      throw new IllegalArgumentException("unknown format '" + name + "': use parquet or avro");
    }

    public String sparkName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A published snapshot: its folder and its manifest. */
  public record Published(String path, RunManifest manifest) {

    /** Members of every segment, added up. */
    public long members() {
      return manifest.getSegments().stream().mapToLong(SegmentOutput::getTotal).sum();
    }

    /** Data files of every segment. */
    public int files() {
      return manifest.getSegments().stream().mapToInt(s -> s.getFiles().size()).sum();
    }
  }

  private final SparkSession spark;
  private final Lakehouse lakehouse;

  public SnapshotPublisher(SparkSession spark, Lakehouse lakehouse) {
    this.spark = spark;
    this.lakehouse = lakehouse;
  }

  /**
   * Publishes the current members of every segment of {@code definitions} as the snapshot of run
   * {@code runId}, replacing a snapshot of that run as a whole. Members of segments the definitions
   * no longer hold are left out.
   *
   * @param asOf the evaluation time of the memberships, recorded in the manifest
   * @throws IllegalArgumentException when the run id cannot name a folder
   * @throws IllegalStateException when the memberships or contacts table is missing
   */
  public Published publish(
      String runId, Instant asOf, DefinitionSet definitions, Format format, Progress progress)
      throws IOException {
    checkRunId(runId);
    Instant started = now();
    List<String> segmentIds =
        definitions.inEvaluationOrder().stream().map(SegmentDefinition::id).sorted().toList();
    Dataset<Row> rows =
        members(
            Tables.latest(spark, lakehouse, Lakehouse.Table.MEMBERSHIPS),
            Tables.latest(spark, lakehouse, Lakehouse.Table.CONTACTS),
            segmentIds);
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Path target = new Path(lakehouse.snapshot(runId));
    FileSystem fs = target.getFileSystem(conf);
    String attempt = UUID.randomUUID().toString();
    Path temporary = ManifestedFolders.temporary(target, attempt);
    try {
      progress.report("write members", 0, -1);
      write(rows, temporary, format);
      fs.mkdirs(temporary); // when no segment has members, Spark may write no folder
      fs.delete(new Path(temporary, "_SUCCESS"), false);
      progress.report("count written rows", 0, -1);
      List<FileStatus> files = dataFiles(fs, temporary);
      Map<String, long[]> counts =
          files.isEmpty() ? Map.of() : countWritten(temporary, files, format);
      List<SegmentOutput> segments = new ArrayList<>();
      int checked = 0;
      for (String segmentId : segmentIds) {
        String folder = PARTITION + "=" + segmentId;
        long total = 0;
        long identified = 0;
        List<OutputFile> outputs = new ArrayList<>();
        for (FileStatus file : files) {
          if (!file.getPath().getParent().getName().equals(folder)) {
            continue;
          }
          String relative = relative(file.getPath());
          long[] rowsAndIdentified = counts.getOrDefault(relative, new long[2]);
          outputs.add(
              new OutputFile(
                  relative, rowsAndIdentified[0], ManifestedFolders.sha256(fs, file.getPath())));
          total += rowsAndIdentified[0];
          identified += rowsAndIdentified[1];
          progress.report("checksum files", ++checked, files.size());
        }
        segments.add(new SegmentOutput(segmentId, total, identified, total - identified, outputs));
      }
      if (checked != files.size()) {
        throw new IllegalStateException(
            "files of no segment in " + temporary + ": " + files + " (a bug: please report it)");
      }
      RunManifest manifest =
          RunManifest.newBuilder()
              .setRunId(runId)
              .setKind(RunKind.SNAPSHOT)
              .setAsOf(asOf.truncatedTo(ChronoUnit.MILLIS))
              .setStartedAt(started)
              .setFinishedAt(now())
              .setDefinitions(
                  segmentIds.stream()
                      .map(id -> new DefinitionVersion(id, definitions.sha256(id)))
                      .toList())
              .setSegments(segments)
              .setSourcePositions(List.of())
              .build();
      ManifestedFolders.replace(
          fs, temporary, target, attempt, MANIFEST, manifest, RunManifest.class);
      Published published = new Published(target.toString(), manifest);
      LOG.info(
          "Published snapshot {} to {}: {} segments, {} members in {} files",
          runId,
          target,
          segments.size(),
          published.members(),
          published.files());
      return published;
    } finally {
      if (fs.exists(temporary)) {
        fs.delete(temporary, true);
      }
    }
  }

  /** Reads the manifest of a snapshot folder, as a sender would. */
  public static RunManifest readManifest(Configuration conf, String snapshotPath)
      throws IOException {
    return ManifestedFolders.readJson(conf, new Path(snapshotPath, MANIFEST), RunManifest.class);
  }

  /**
   * @throws IllegalArgumentException when a run id cannot name a snapshot folder
   */
  public static void checkRunId(String runId) {
    if (runId == null || !RUN_ID.matcher(runId).matches()) {
      throw new IllegalArgumentException(
          "run id '"
              + runId
              + "' cannot name a snapshot folder: use 1 to 128 letters, digits, '.', '_' or '-',"
              + " starting with a letter or digit (e.g. 2026-11-22 or nightly-2026-11-22)");
    }
  }

  /** The rows of a snapshot, with {@value #PARTITION} (the folder) a copy of the segment id. */
  static Dataset<Row> members(
      Dataset<Row> memberships, Dataset<Row> contacts, List<String> segmentIds) {
    Dataset<Row> members = memberships.where(col("segment_id").isin(segmentIds.toArray()));
    Dataset<Row> now =
        contacts.select(col("contact_id").as("status_key"), col("unsubscribed").as("unsubscribed"));
    Dataset<Row> joined =
        members.join(now, members.col("contact_id").equalTo(now.col("status_key")), "left");
    Column stillContactable =
        members
            .col("contactable")
            .and(now.col("status_key").isNotNull())
            .and(coalesce(now.col("unsubscribed"), lit(false)).unary_$bang());
    return joined.select(
        members.col("segment_id"),
        members.col("contact_id"),
        members.col("entered_at"),
        members.col("reason"),
        stillContactable.as("contactable"),
        members.col("identified"),
        members.col("segment_id").as(PARTITION));
  }

  private void write(Dataset<Row> rows, Path folder, Format format) {
    DataFrameWriter<Row> writer =
        rows.repartitionByRange(col(PARTITION), col("contact_id"))
            // by the partition column itself: the writer keeps this order instead of re-sorting
            .sortWithinPartitions(PARTITION, "contact_id")
            .write()
            .partitionBy(PARTITION)
            .mode("errorifexists")
            .format(format.sparkName());
    if (format == Format.AVRO) {
      writer
          .option("avroSchema", Membership.getClassSchema().toString())
          .option("compression", "deflate")
          .save(folder.toString());
      return;
    }
    String previous = spark.conf().get(PARQUET_TIMESTAMPS);
    spark.conf().set(PARQUET_TIMESTAMPS, "TIMESTAMP_MILLIS");
    try {
      writer.save(folder.toString());
    } finally {
      spark.conf().set(PARQUET_TIMESTAMPS, previous);
    }
  }

  /** Per data file (by {@link #relative} path): its rows and its identified rows, as read back. */
  private Map<String, long[]> countWritten(Path folder, List<FileStatus> files, Format format) {
    // The files by name, below their (hidden) folder as the base of the segment_id partitions:
    // Spark warns that it ignores a hidden folder given as the path, although it reads it.
    List<Row> perFile =
        spark
            .read()
            .format(format.sparkName())
            .option("basePath", folder.toString())
            .load(files.stream().map(file -> file.getPath().toString()).toArray(String[]::new))
            .select(col("_metadata.file_path").as("file"), col("segment_id"), col("identified"))
            .groupBy("file")
            .agg(
                count(lit(1)),
                sum(when(col("identified"), 1L).otherwise(0L)),
                min("segment_id"),
                max("segment_id"))
            .collectAsList();
    Map<String, long[]> counts = new HashMap<>();
    for (Row row : perFile) {
      Path file = new Path(URI.create(row.getString(0)));
      String folderName = PARTITION + "=" + row.getString(3);
      if (!row.getString(3).equals(row.getString(4))
          || !file.getParent().getName().equals(folderName)) {
        throw new IllegalStateException(
            file + " holds members of segments " + row.getString(3) + " to " + row.getString(4));
      }
      counts.put(relative(file), new long[] {row.getLong(1), row.getLong(2)});
    }
    return counts;
  }

  /** The data files below a folder, by path: hidden files ({@code _x}, {@code .x}) left out. */
  private static List<FileStatus> dataFiles(FileSystem fs, Path folder) throws IOException {
    List<FileStatus> files = new ArrayList<>();
    RemoteIterator<LocatedFileStatus> all = fs.listFiles(folder, true);
    while (all.hasNext()) {
      LocatedFileStatus file = all.next();
      String name = file.getPath().getName();
      if (!name.startsWith("_") && !name.startsWith(".")) {
        files.add(file);
      }
    }
    files.sort((a, b) -> relative(a.getPath()).compareTo(relative(b.getPath())));
    return files;
  }

  /** A data file's path relative to the snapshot folder: {@code segment=ID/NAME}. */
  private static String relative(Path file) {
    return file.getParent().getName() + "/" + file.getName();
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }
}
