package io.segmentflow.batch.ingest;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_entries;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;

import io.delta.tables.DeltaTable;
import io.delta.tables.DeltaTableBuilder;
import io.segmentflow.batch.lakehouse.Lakehouse;
import io.segmentflow.batch.lakehouse.Lakehouse.Table;
import io.segmentflow.batch.lakehouse.TableSchemas;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Merges landed rows into the input tables, so that landing the same rows again changes nothing:
 *
 * <ul>
 *   <li>contacts and companies by id: a row replaces the table's when its {@code updated_at} is not
 *       older and it differs; a contact keeps the earliest {@code created_at} known;
 *   <li>events by {@code event_id}: a new id is inserted; a known one moves to the earlier {@code
 *       occurred_at} (and its date partition) when the new row is earlier, as the core counts a
 *       redelivered event at its earliest time;
 *   <li>list actions by {@code action_id}: inserted once, never changed;
 *   <li>quarantine rows by (source, position, payload): inserted once, so that ingesting a file
 *       again does not quarantine its bad records a second time.
 * </ul>
 *
 * Rows with the same key in one input are reduced to one first, by the same rule (the latest
 * profile, the earliest event, the first action; ties go to the later line). Each table is created
 * on first use with its {@link TableSchemas} schema and Change Data Feed on; events are partitioned
 * by {@code event_date}.
 */
final class Landing {

  private static final String CHANGE_DATA_FEED = "delta.enableChangeDataFeed";

  private final SparkSession spark;
  private final Lakehouse lakehouse;

  Landing(SparkSession spark, Lakehouse lakehouse) {
    this.spark = spark;
    this.lakehouse = lakehouse;
  }

  /** The table, created empty if it does not exist yet. */
  DeltaTable table(Table table) {
    DeltaTableBuilder builder =
        DeltaTable.createIfNotExists(spark)
            .location(qualified(lakehouse.path(table)))
            .addColumns(schemaOf(table))
            .property(CHANGE_DATA_FEED, "true");
    if (table == Table.EVENTS) {
      builder = builder.partitionedBy("event_date");
    }
    return builder.execute();
  }

  /**
   * The path with its file system and, for a relative local path, made absolute: a relative
   * location would be taken for a table name ({@code lakehouse/input/events is not a valid name}).
   */
  private String qualified(String path) {
    Path location = new Path(path);
    try {
      return location
          .getFileSystem(spark.sparkContext().hadoopConfiguration())
          .makeQualified(location)
          .toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach the file system of " + path, e);
    }
  }

  static StructType schemaOf(Table table) {
    return switch (table) {
      case CONTACTS -> TableSchemas.CONTACTS;
      case COMPANIES -> TableSchemas.COMPANIES;
      case EVENTS -> TableSchemas.EVENTS;
      case LIST_ACTIONS -> TableSchemas.LIST_ACTIONS;
      case QUARANTINE -> TableSchemas.QUARANTINE;
      case INGESTIONS -> TableSchemas.INGESTIONS;
      default -> throw new IllegalArgumentException("not an input table: " + table);
    };
  }

  /**
   * Merges rows of the table's columns plus {@link ParsedRows#ORD} into the kind's table.
   *
   * @return how many rows were inserted: the rest were already present
   */
  long land(IngestKind kind, Dataset<Row> rows) {
    DeltaTable target = table(kind.table()).as("t");
    Dataset<Row> merged =
        switch (kind.table()) {
          case CONTACTS -> {
            Dataset<Row> latest =
                onePerKey(rows, "contact_id", col("updated_at").desc(), col(ParsedRows.ORD).desc());
            Map<String, Column> values = sourceValues(TableSchemas.CONTACTS);
            values.put("created_at", least(col("t.created_at"), col("s.created_at")));
            yield target
                .merge(latest.as("s"), "t.contact_id = s.contact_id")
                .whenMatched(notOlderAndDifferent(TableSchemas.CONTACTS, values))
                .update(values)
                .whenNotMatched()
                .insertAll()
                .execute();
          }
          case COMPANIES -> {
            Dataset<Row> latest =
                onePerKey(rows, "company_id", col("updated_at").desc(), col(ParsedRows.ORD).desc());
            Map<String, Column> values = sourceValues(TableSchemas.COMPANIES);
            yield target
                .merge(latest.as("s"), "t.company_id = s.company_id")
                .whenMatched(notOlderAndDifferent(TableSchemas.COMPANIES, values))
                .update(values)
                .whenNotMatched()
                .insertAll()
                .execute();
          }
          case EVENTS -> {
            Dataset<Row> earliest =
                onePerKey(rows, "event_id", col("occurred_at").asc(), col(ParsedRows.ORD).asc());
            yield target
                .merge(earliest.as("s"), "t.event_id = s.event_id")
                .whenMatched("s.occurred_at < t.occurred_at")
                .updateAll()
                .whenNotMatched()
                .insertAll()
                .execute();
          }
          case LIST_ACTIONS -> {
            Dataset<Row> first = onePerKey(rows, "action_id", col(ParsedRows.ORD).asc());
            yield target
                .merge(first.as("s"), "t.action_id = s.action_id")
                .whenNotMatched()
                .insertAll()
                .execute();
          }
          default -> throw new IllegalStateException("bug: not a table records land in");
        };
    return inserted(merged);
  }

  /**
   * Appends quarantine rows, but those an earlier ingestion of the same source already quarantined.
   *
   * @return how many were new
   */
  long quarantine(Dataset<Row> rows) {
    return inserted(
        table(Table.QUARANTINE)
            .as("t")
            .merge(
                rows.as("s"),
                "t.source = s.source AND t.position = s.position AND t.payload = s.payload")
            .whenNotMatched()
            .insertAll()
            .execute());
  }

  private static long inserted(Dataset<Row> mergeMetrics) {
    Row metrics = mergeMetrics.first();
    return metrics.getLong(metrics.fieldIndex("num_inserted_rows"));
  }

  /** One row per key, the first in the given order, without the ord column. */
  private static Dataset<Row> onePerKey(Dataset<Row> rows, String key, Column... order) {
    return rows.withColumn("_n", row_number().over(Window.partitionBy(key).orderBy(order)))
        .where(col("_n").equalTo(1))
        .drop("_n", ParsedRows.ORD);
  }

  /** Every column of the table set from the source row. */
  private static Map<String, Column> sourceValues(StructType schema) {
    Map<String, Column> values = new LinkedHashMap<>();
    for (String name : schema.fieldNames()) {
      values.put(name, col("s." + name));
    }
    return values;
  }

  /**
   * The source row is not older than the table's ({@code updated_at}) and setting {@code values}
   * would change something: an identical row is not rewritten, so a rerun leaves no change in the
   * table's change feed.
   */
  private static Column notOlderAndDifferent(StructType schema, Map<String, Column> values) {
    Column differs = lit(false);
    for (StructField field : schema.fields()) {
      Column current = col("t." + field.name());
      Column next = values.get(field.name());
      if (field.dataType() instanceof MapType) {
        // maps cannot be compared in Spark: compare their entries in key order
        current = array_sort(map_entries(current));
        next = array_sort(map_entries(next));
      }
      differs = differs.or(not(current.eqNullSafe(next)));
    }
    Column notOlder = col("t.updated_at").isNull().or(col("s.updated_at").geq(col("t.updated_at")));
    return notOlder.and(differs);
  }
}
