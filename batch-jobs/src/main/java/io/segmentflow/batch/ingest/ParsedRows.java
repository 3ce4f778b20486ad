package io.segmentflow.batch.ingest;

import io.segmentflow.batch.lakehouse.TableSchemas;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The rows of one read pass over an input: each record read is one row holding either the table row
 * it lands as or the quarantine row saying why it cannot, never both, never neither. Splitting them
 * afterwards keeps the parse to one pass.
 *
 * <pre>
 * ord         long    the record's place in the input (file, then line or record number):
 *                     later wins among duplicates of equal time
 * record      struct  a row of the target table, or null
 * quarantine  struct  a row of {@link TableSchemas#QUARANTINE}, or null
 * </pre>
 */
final class ParsedRows {

  static final String ORD = "ord";
  static final String RECORD = "record";
  static final String QUARANTINE = "quarantine";

  /** Line or record numbers below this; files are counted above it. */
  private static final long POSITIONS_PER_FILE = 1L << 40;

  private ParsedRows() {}

  static StructType schema(StructType table) {
    return new StructType()
        .add(ORD, DataTypes.LongType, false)
        .add(RECORD, nullable(table), true)
        .add(QUARANTINE, nullable(TableSchemas.QUARANTINE), true);
  }

  static Row landed(long ord, Row record) {
    return RowFactory.create(ord, encodable(record), null);
  }

  /**
   * The row with its Java maps as Scala maps: {@link io.segmentflow.batch.lakehouse.Rows} makes
   * rows for local DataFrames, which take Java maps, while rows made in tasks go through Spark's
   * row encoder, which takes only Scala maps.
   */
  static Row encodable(Row row) {
    Object[] values = new Object[row.length()];
    for (int i = 0; i < values.length; i++) {
      values[i] = encodable(row.get(i));
    }
    return RowFactory.create(values);
  }

  private static Object encodable(Object value) {
    if (value instanceof Row row) {
      return encodable(row);
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> converted = new HashMap<>();
      map.forEach((key, element) -> converted.put(key, encodable(element)));
      return CollectionConverters.asScala(converted);
    }
    return value;
  }

  static Row quarantined(
      long ord, String source, String position, String reason, String payload, IngestContext ctx) {
    return RowFactory.create(
        ord,
        null,
        RowFactory.create(source, position, reason, payload, ctx.startedAt(), ctx.ingestId()));
  }

  /** The order of a record: its file's index among the input files, then its number in the file. */
  static long ord(int fileIndex, long numberInFile) {
    return fileIndex * POSITIONS_PER_FILE + numberInFile;
  }

  /**
   * The same columns, all nullable: a quarantined record has no table row, and the table checks its
   * own NOT NULL columns when rows land.
   */
  static StructType nullable(StructType schema) {
    StructType nullable = new StructType();
    for (StructField field : schema.fields()) {
      nullable = nullable.add(field.name(), field.dataType(), true);
    }
    return nullable;
  }
}
