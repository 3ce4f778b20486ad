package io.segmentflow.batch.lakehouse;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import io.segmentflow.segments.model.ValueType;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The Delta schemas of the input tables. Column names are the Avro field names of {@code schemas/};
 * custom fields and event properties are maps of typed values, one struct field per {@link
 * ValueType}, exactly one of which is set.
 */
public final class TableSchemas {

  /** Exact decimals: 20 integer and 18 fractional digits, the core's bounds for numbers. */
  public static final DecimalType NUMBER = DataTypes.createDecimalType(38, 18);

  public static final StructType TYPED_VALUE =
      new StructType()
          .add("text", StringType)
          .add("number", NUMBER)
          .add("flag", BooleanType)
          .add("timestamp", TimestampType)
          .add("date", DateType)
          .add("text_list", new ArrayType(StringType, true));

  public static final MapType TYPED_MAP = new MapType(StringType, TYPED_VALUE, true);

  public static final StructType CONTACTS =
      new StructType()
          .add(required("contact_id", StringType))
          .add("email", StringType)
          .add("phone", StringType)
          .add("first_name", StringType)
          .add("last_name", StringType)
          .add("country", StringType)
          .add("language", StringType)
          .add("city", StringType)
          .add("created_at", TimestampType)
          .add("updated_at", TimestampType)
          .add("tags", new ArrayType(StringType, true))
          .add("company_id", StringType)
          .add("unsubscribed", BooleanType)
          .add("marketing_consent", BooleanType)
          .add("custom_fields", TYPED_MAP);

  public static final StructType COMPANIES =
      new StructType()
          .add(required("company_id", StringType))
          .add("name", StringType)
          .add("industry", StringType)
          .add("size", LongType)
          .add("country", StringType)
          .add("updated_at", TimestampType)
          .add("custom_fields", TYPED_MAP);

  public static final StructType EVENTS =
      new StructType()
          .add(required("event_id", StringType))
          .add(required("contact_id", StringType))
          .add(required("event_type", StringType))
          .add(required("occurred_at", TimestampType))
          .add("properties", TYPED_MAP)
          .add("event_date", DateType);

  public static final StructType LIST_ACTIONS =
      new StructType()
          .add(required("action_id", StringType))
          .add(required("contact_id", StringType))
          .add(required("list_id", StringType))
          .add(required("action", StringType))
          .add("source", StringType)
          .add(required("occurred_at", TimestampType));

  /** Rows that could not be read or failed validation, with why and where, never dropped. */
  public static final StructType QUARANTINE =
      new StructType()
          .add(required("source", StringType))
          .add(required("position", StringType))
          .add(required("reason", StringType))
          .add(required("payload", StringType))
          .add(required("quarantined_at", TimestampType))
          .add(required("ingest_id", StringType));

  /**
   * The ingestion log: one row per ingestion, with its counts (read = landed + quarantined), so a
   * scheduler can check the day's quarantine rate.
   */
  public static final StructType INGESTIONS =
      new StructType()
          .add(required("ingest_id", StringType))
          .add(required("kind", StringType))
          .add(required("format", StringType))
          .add(required("source", StringType))
          .add(required("started_at", TimestampType))
          .add(required("finished_at", TimestampType))
          .add(required("read", LongType))
          .add(required("landed", LongType))
          .add(required("already_present", LongType))
          .add(required("quarantined", LongType));

  /**
   * The documents of a definitions folder, one row each: {@code name} is the path in the folder
   * ({@code catalog.json}, {@code lifecycle/engaged.json}: its extension tells JSON from YAML),
   * {@code sha256} that of the document's UTF-8 text, {@code updated_at} when it was last landed
   * changed.
   */
  public static final StructType SEGMENT_DEFINITIONS =
      new StructType()
          .add(required("name", StringType))
          .add(required("document", StringType))
          .add(required("sha256", StringType))
          .add(required("updated_at", TimestampType));

  /** Current members: one row per (segment, contact) in the segment as of the last run. */
  public static final StructType MEMBERSHIPS =
      new StructType()
          .add(required("segment_id", StringType))
          .add(required("contact_id", StringType))
          .add(required("entered_at", TimestampType))
          .add(required("reason", StringType))
          .add(required("identified", BooleanType))
          .add(required("contactable", BooleanType));

  /** Entries and exits, each run's rows replaced as a whole when the run is repeated. */
  public static final StructType MEMBERSHIP_CHANGES =
      new StructType()
          .add(required("run_id", StringType))
          .add(required("as_of", TimestampType))
          .add(required("segment_id", StringType))
          .add(required("contact_id", StringType))
          .add(required("change", StringType))
          .add(required("reason", StringType))
          .add(required("entered_at", TimestampType))
          .add(required("contactable", BooleanType));

  public static final StructType SEGMENT_COUNTS =
      new StructType()
          .add(required("run_id", StringType))
          .add(required("as_of", TimestampType))
          .add(required("segment_id", StringType))
          .add(required("total", LongType))
          .add(required("identified", LongType))
          .add(required("anonymous", LongType))
          .add(required("entered", LongType))
          .add(required("exited", LongType));

  /**
   * One row per run (a repeated run replaces its row): which definitions it used (each segment's
   * SHA-256, and where they were read: a folder, or the definitions table and the version read),
   * the memberships table's versions around it (for time travel and exact reruns), what it
   * computed.
   */
  public static final StructType RUNS =
      new StructType()
          .add(required("run_id", StringType))
          .add(required("as_of", TimestampType))
          .add(required("started_at", TimestampType))
          .add(required("finished_at", TimestampType))
          .add(required("attempt", LongType))
          .add(required("memberships_version_before", LongType))
          .add(required("memberships_version_after", LongType))
          .add(
              required(
                  "definitions",
                  new ArrayType(
                      new StructType()
                          .add(required("segment_id", StringType))
                          .add(required("sha256", StringType)),
                      false)))
          .add(required("feature_plan", new ArrayType(StringType, false)))
          .add(required("contacts", LongType))
          .add(required("members", LongType))
          .add(required("entered", LongType))
          .add(required("exited", LongType))
          // added later (the recompute adds them to an older table): null in older rows
          .add("definitions_source", StringType)
          .add("definitions_version", LongType);

  private TableSchemas() {}

  /** The field of {@link #TYPED_VALUE} that holds a value of this type. */
  public static String typedField(ValueType type) {
    return switch (type) {
      case TEXT -> "text";
      case NUMBER -> "number";
      case BOOLEAN -> "flag";
      case TIMESTAMP -> "timestamp";
      case DATE -> "date";
      case TEXT_LIST -> "text_list";
    };
  }

  private static StructField required(String name, org.apache.spark.sql.types.DataType type) {
    return new StructField(name, type, false, org.apache.spark.sql.types.Metadata.empty());
  }
}
