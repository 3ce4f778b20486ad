package io.segmentflow.batch.ops;

import io.delta.tables.DeltaTable;
import io.segmentflow.batch.lakehouse.Lakehouse;
import io.segmentflow.batch.lakehouse.Lakehouse.Table;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Compacts the lakehouse's Delta tables (OPTIMIZE: small files rewritten into fewer large ones,
 * rows unchanged) and removes the files no version within the retention needs (VACUUM).
 *
 * <p>VACUUM ends time travel beyond the retention: "who was in a segment on a date" by table
 * version, and a {@link Restore} before a backfill, reach back only that far (the change history
 * reaches back for ever). A retention below {@link #DEFAULT_RETENTION_HOURS}, Delta's own safety
 * limit, could also delete files a running job still reads, and is refused unless forced.
 */
public final class Maintenance {

  /** Delta's default {@code delta.deletedFileRetentionDuration}: 7 days. */
  public static final long DEFAULT_RETENTION_HOURS = 168;

  private static final String RETENTION_CHECK =
      "spark.databricks.delta.retentionDurationCheck.enabled";

  /** What was done to one table; file counts are those of the latest version. */
  public record Done(
      Table table,
      boolean exists,
      long filesBefore,
      long filesAfter,
      long filesCompacted,
      long filesWritten,
      long filesOnStorageBefore,
      long filesOnStorageAfter) {}

  private final SparkSession spark;
  private final Lakehouse lakehouse;
  private final Consumer<String> progress;

  public Maintenance(SparkSession spark, Lakehouse lakehouse, Consumer<String> progress) {
    this.spark = spark;
    this.lakehouse = lakehouse;
    this.progress = progress;
  }

  /**
   * Compacts (when {@code optimize}) and vacuums (when {@code vacuum}) each table that exists.
   *
   * @param retentionHours files no version of the last this many hours needs are deleted
   * @param forceRetention allows a retention below {@link #DEFAULT_RETENTION_HOURS}
   * @throws IllegalArgumentException for a retention that is negative, or too short unless forced
   */
  public List<Done> run(
      List<Table> tables,
      boolean optimize,
      boolean vacuum,
      long retentionHours,
      boolean forceRetention) {
    if (retentionHours < 0) {
      throw new IllegalArgumentException("the retention cannot be negative: " + retentionHours);
    }
    if (vacuum && retentionHours < DEFAULT_RETENTION_HOURS && !forceRetention) {
      throw new IllegalArgumentException(
          "a retention of "
              + retentionHours
              + " hours is below Delta's safety limit of "
              + DEFAULT_RETENTION_HOURS
              + " hours: a job still reading an older version (a recompute, a time travel query)"
              + " could lose its files, and backfills and time travel could not reach further"
              + " back. Pass --force-retention only when nothing else runs on the lakehouse");
    }
    List<Done> done = new ArrayList<>();
    String previousCheck = spark.conf().get(RETENTION_CHECK, "true");
    if (forceRetention) {
      spark.conf().set(RETENTION_CHECK, "false");
    }
    try {
      for (Table table : tables) {
        done.add(maintain(table, optimize, vacuum, retentionHours));
      }
    } finally {
      spark.conf().set(RETENTION_CHECK, previousCheck);
    }
    return done;
  }

  private Done maintain(Table table, boolean optimize, boolean vacuum, long retentionHours) {
    String path = lakehouse.path(table);
    if (!DeltaTable.isDeltaTable(spark, path)) {
      progress.accept(table.tableName() + ": no such table, skipped");
      return new Done(table, false, 0, 0, 0, 0, 0, 0);
    }
    DeltaTable delta = DeltaTable.forPath(spark, path);
    long filesBefore = files(delta);
    long storedBefore = filesOnStorage(path);
    long compacted = 0;
    long written = 0;
    if (optimize) {
      progress.accept(table.tableName() + ": compacting " + filesBefore + " files");
      Row metrics = delta.optimize().executeCompaction().select("metrics.*").head();
      compacted = metrics.<Long>getAs("numFilesRemoved");
      written = metrics.<Long>getAs("numFilesAdded");
    }
    if (vacuum) {
      progress.accept(table.tableName() + ": vacuuming, retaining " + retentionHours + " hours");
      delta.vacuum(retentionHours);
    }
    return new Done(
        table,
        true,
        filesBefore,
        files(DeltaTable.forPath(spark, path)),
        compacted,
        written,
        storedBefore,
        filesOnStorage(path));
  }

  /** Data files of the table's latest version. */
  private static long files(DeltaTable table) {
    return table.detail().select("numFiles").head().getLong(0);
  }

  /** Data files under the table's folder (any version's), the Delta log left out. */
  private long filesOnStorage(String table) {
    Path root = new Path(table);
    try {
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      long files = 0;
      RemoteIterator<LocatedFileStatus> all = fs.listFiles(root, true);
      while (all.hasNext()) {
        String relative = all.next().getPath().toUri().getPath();
        if (!relative.contains("/_delta_log/") && relative.endsWith(".parquet")) {
          files++;
        }
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the files of " + table, e);
    }
  }
}
