package io.segmentflow.batch.definitions;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import io.delta.tables.DeltaMergeBuilder;
import io.delta.tables.DeltaTable;
import io.segmentflow.batch.lakehouse.Lakehouse;
import io.segmentflow.batch.lakehouse.Lakehouse.Table;
import io.segmentflow.batch.lakehouse.TableSchemas;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The lakehouse's definitions table ({@code input/segment_definitions}, {@link
 * TableSchemas#SEGMENT_DEFINITIONS}): the documents of a definitions folder, one row each, so that
 * a job reads its definitions from the lakehouse rather than from a folder on the driver. A folder
 * lands in one Delta transaction that touches only the documents that changed, so the table's
 * history and Change Data Feed say which definitions changed when.
 */
public final class DefinitionsTable {

  /** What a landing did: the documents added, changed and removed, and the table's version. */
  public record Landed(
      List<String> added, List<String> changed, List<String> removed, long version) {
    public boolean changedNothing() {
      return added.isEmpty() && changed.isEmpty() && removed.isEmpty();
    }
  }

  private static final StructType DOCUMENTS =
      new StructType()
          .add("name", StringType, false)
          .add("document", StringType, false)
          .add("updated_at", TimestampType, false);

  private final SparkSession spark;
  private final String path;

  public DefinitionsTable(SparkSession spark, Lakehouse lakehouse) {
    this.spark = spark;
    this.path = lakehouse.path(Table.SEGMENT_DEFINITIONS);
  }

  /**
   * Lands documents, checked first: inserts the new ones, updates the changed ones and deletes
   * those that are gone, in one MERGE; commits nothing when nothing changed.
   *
   * @throws IllegalArgumentException when the documents have faults (every one of them), and
   *     nothing is landed
   */
  public Landed land(DefinitionDocuments documents) {
    return land(documents, documents.documents().keySet(), true);
  }

  /**
   * Lands one document of {@code documents} (all of them checked together first), leaving the
   * table's other documents as they are, whatever landed since {@code documents} were read: how a
   * command adds a definition (freeze's new list).
   */
  public Landed landOne(DefinitionDocuments documents, String name) {
    return land(documents, Set.of(name), false);
  }

  private Landed land(DefinitionDocuments documents, Set<String> names, boolean removeOthers) {
    documents.load();
    Timestamp now = Timestamp.from(Instant.now());
    List<Row> rows = new ArrayList<>();
    documents
        .documents()
        .forEach(
            (name, text) -> {
              if (names.contains(name)) {
                rows.add(RowFactory.create(name, text, now));
              }
            });
    Dataset<Row> landing =
        spark
            .createDataFrame(rows, DOCUMENTS)
            .select(
                col("name"),
                col("document"),
                sha2(col("document"), 256).as("sha256"),
                col("updated_at"))
            .cache();
    try {
      return land(landing, removeOthers);
    } finally {
      landing.unpersist();
    }
  }

  private Landed land(Dataset<Row> landing, boolean removeOthers) {
    if (!DeltaTable.isDeltaTable(spark, path)) {
      List<Row> rows = landing.collectAsList();
      // the table's schema (its columns required), not sha2's nullable one
      spark
          .createDataFrame(rows, TableSchemas.SEGMENT_DEFINITIONS)
          .write()
          .format("delta")
          .option("delta.enableChangeDataFeed", "true")
          .save(path);
      return new Landed(
          rows.stream().map(row -> row.getString(0)).sorted().toList(),
          List.of(),
          List.of(),
          version());
    }
    Map<String, String> landed = new TreeMap<>();
    spark
        .read()
        .format("delta")
        .load(path)
        .select("name", "sha256")
        .collectAsList()
        .forEach(row -> landed.put(row.getString(0), row.getString(1)));
    List<String> added = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    for (Row row : landing.select("name", "sha256").collectAsList()) {
      String before = landed.remove(row.getString(0));
      if (before == null) {
        added.add(row.getString(0));
      } else if (!before.equals(row.getString(1))) {
        changed.add(row.getString(0));
      }
    }
    List<String> removed = removeOthers ? List.copyOf(landed.keySet()) : List.of();
    if (added.isEmpty() && changed.isEmpty() && removed.isEmpty()) {
      return new Landed(added, changed, removed, version());
    }
    DeltaMergeBuilder merge =
        DeltaTable.forPath(spark, path)
            .as("t")
            .merge(landing.as("s"), "t.name = s.name")
            .whenMatched("t.sha256 <> s.sha256")
            .updateAll()
            .whenNotMatched()
            .insertAll();
    (removeOthers ? merge.whenNotMatchedBySource().delete() : merge).execute();
    return new Landed(added, changed, removed, version());
  }

  /** The documents at the table's latest version. */
  public DefinitionDocuments read() {
    return read(version());
  }

  /**
   * The documents as of a version of the table (Delta time travel).
   *
   * @throws IllegalStateException when the table is missing or holds no documents
   */
  public DefinitionDocuments read(long version) {
    checkExists();
    SortedMap<String, String> documents = new TreeMap<>();
    spark
        .read()
        .format("delta")
        .option("versionAsOf", version)
        .load(path)
        .select("name", "document")
        .collectAsList()
        .forEach(row -> documents.put(row.getString(0), row.getString(1)));
    if (documents.isEmpty()) {
      throw new IllegalStateException(
          "the definitions table "
              + path
              + " holds no definitions at version "
              + version
              + ": land a definitions folder into it first (segmentflow-batch definitions"
              + " --lakehouse ROOT --from DIR)");
    }
    return new DefinitionDocuments(DefinitionSource.table(path, version), documents);
  }

  /** The table's latest version. */
  private long version() {
    checkExists();
    return DeltaTable.forPath(spark, path).history(1).select(max("version")).head().getLong(0);
  }

  private void checkExists() {
    if (!DeltaTable.isDeltaTable(spark, path)) {
      throw new IllegalStateException(
          "no definitions table at "
              + path
              + ": land a definitions folder into it first (segmentflow-batch definitions"
              + " --lakehouse ROOT --from DIR), or give --definitions DIR");
    }
  }
}
