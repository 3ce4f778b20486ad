package io.segmentflow.batch.ingest;

import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import io.delta.tables.DeltaTable;
import io.segmentflow.batch.lakehouse.Lakehouse;
import io.segmentflow.batch.lakehouse.Lakehouse.Table;
import io.segmentflow.batch.lakehouse.TableSchemas;
import io.segmentflow.segments.catalog.Catalog;
import io.segmentflow.segments.data.ListAction;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Lands input files into the lakehouse's input tables: contacts, companies, events, list actions,
 * and a marketer's CSV import into a static list.
 *
 * <p>Every record read either lands or is quarantined, never dropped: a record the core refuses
 * (not well-formed, a required field missing, a value not of its declared type, a number out of
 * bounds) becomes a row of the quarantine table with its source file, its position ({@code line 7},
 * {@code lines 7-9} for a CSV record with line breaks in a quoted value, {@code record 7} in an
 * Avro file), the core's reason and the original text, and is counted. The {@link IngestReport}
 * adds up: read = landed + quarantined.
 *
 * <p>Records are read the same way by every engine: JSON Lines by the core's {@code JsonRecords},
 * Avro by the core's {@code AvroRecords}, both typing values with the catalog. The input is read in
 * one pass, kept (memory, else disk) while the good rows are merged into their table and the bad
 * ones into the quarantine table.
 *
 * <p>Ingesting the same input again changes nothing: rows merge by id (see {@link Landing} for the
 * rules), list import rows get ids derived from the file name, list and line, and quarantine rows
 * are keyed by source, position and payload, so a rerun does not quarantine the same record twice
 * (its quarantine rows keep the first ingestion's id). Problems with the input as a whole (no such
 * file, an empty folder, a CSV header that cannot be used, an Avro file of another record) throw
 * {@link IllegalArgumentException} before anything is written.
 */
public final class Ingestion {

  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SparkSession spark;
  private final Lakehouse lakehouse;
  private final Catalog catalog;
  private final Consumer<String> progress;

  /** Ingestion that types custom fields and event properties with {@code catalog}. */
  public Ingestion(SparkSession spark, Lakehouse lakehouse, Catalog catalog) {
    this(spark, lakehouse, catalog, stage -> {});
  }

  /** As above, telling {@code progress} of each stage as it starts. */
  public Ingestion(
      SparkSession spark, Lakehouse lakehouse, Catalog catalog, Consumer<String> progress) {
    this.spark = spark;
    this.lakehouse = lakehouse;
    this.catalog = catalog;
    this.progress = progress;
  }

  /** Lands contacts, companies, events or list actions. */
  public IngestReport ingest(IngestKind kind, IngestFormat format, String input) {
    return ingest(IngestRequest.of(kind, format, input));
  }

  /**
   * Lands one input.
   *
   * @throws IllegalArgumentException when the input as a whole cannot be read; nothing is written
   * @throws java.io.UncheckedIOException when the file system cannot be read
   */
  public IngestReport ingest(IngestRequest request) {
    Instant startedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Instant at = request.at() == null ? startedAt : request.at().truncatedTo(ChronoUnit.MILLIS);
    String ingestId = newIngestId(startedAt);
    IngestKind kind = request.kind();
    List<String> files = InputFiles.of(hadoopConf(), request.input());
    IngestContext context =
        new IngestContext(
            ingestId,
            Timestamp.from(startedAt),
            Timestamp.from(at),
            new ShippedCatalog(catalog),
            request.listId());
    progress.accept(
        String.format(
            "ingest %s: reading %s from %d file(s) of %s",
            ingestId, kind.cliName(), files.size(), request.input()));

    Dataset<Row> parsed = parse(request, files, context).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Row counts =
          parsed
              .agg(count(lit(1)), count(col(ParsedRows.RECORD)), count(col(ParsedRows.QUARANTINE)))
              .first();
      long read = counts.getLong(0);
      long landed = counts.getLong(1);
      long quarantined = counts.getLong(2);
      progress.accept(
          String.format(
              "read %,d records: %,d to land, %,d to quarantine", read, landed, quarantined));

      Landing landing = new Landing(spark, lakehouse);
      long inserted = 0;
      if (landed > 0) {
        progress.accept("merging into " + lakehouse.path(kind.table()));
        inserted =
            landing.land(
                kind,
                parsed
                    .where(col(ParsedRows.RECORD).isNotNull())
                    .select(col(ParsedRows.RECORD + ".*"), col(ParsedRows.ORD)));
      } else {
        landing.table(kind.table());
      }
      if (quarantined > 0) {
        progress.accept("quarantining into " + lakehouse.path(Table.QUARANTINE));
        long fresh =
            landing.quarantine(
                parsed
                    .where(col(ParsedRows.QUARANTINE).isNotNull())
                    .select(col(ParsedRows.QUARANTINE + ".*")));
        if (fresh < quarantined) {
          progress.accept(
              String.format(
                  "%,d of the quarantined records were already quarantined by an earlier"
                      + " ingestion of the same source",
                  quarantined - fresh));
        }
      }
      IngestReport report =
          new IngestReport(
              request.input(), kind, read, landed, landed - inserted, quarantined, ingestId);
      log(landing, report, request.format(), startedAt);
      return report;
    } finally {
      parsed.unpersist();
    }
  }

  /** Appends the report to the ingestion log, the last write of an ingestion. */
  private void log(Landing landing, IngestReport report, IngestFormat format, Instant startedAt) {
    Row row =
        RowFactory.create(
            report.ingestId(),
            report.kind().cliName(),
            format.cliName(),
            report.source(),
            Timestamp.from(startedAt),
            Timestamp.from(Instant.now()),
            report.read(),
            report.landed(),
            report.alreadyPresent(),
            report.quarantined());
    landing.table(Table.INGESTIONS);
    spark
        .createDataFrame(List.of(row), TableSchemas.INGESTIONS)
        .write()
        .format("delta")
        .mode("append")
        .save(lakehouse.path(Table.INGESTIONS));
  }

  private Dataset<Row> parse(IngestRequest request, List<String> files, IngestContext context) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    IngestKind kind = request.kind();
    StructType schema = ParsedRows.schema(Landing.schemaOf(kind.table()));
    switch (request.format()) {
      case JSONL -> {
        return spark.createDataFrame(JsonLinesInput.parse(sc, files, kind, context), schema);
      }
      case AVRO -> {
        AvroInput.check(hadoopConf(), files, kind);
        return spark.createDataFrame(AvroInput.parse(sc, files, kind, context), schema);
      }
      case CSV -> {
        List<CsvInput.Header> headers =
            files.stream().map(file -> CsvInput.header(hadoopConf(), file)).toList();
        if (kind == IngestKind.CONTACTS) {
          List<CsvContacts> readers =
              IntStream.range(0, files.size())
                  .mapToObj(
                      i -> CsvContacts.forHeader(files.get(i), headers.get(i).names(), catalog))
                  .toList();
          return spark.createDataFrame(
              CsvInput.parseContacts(sc, files, headers, readers, context), schema);
        }
        List<ListImportRows> readers =
            IntStream.range(0, files.size())
                .mapToObj(i -> ListImportRows.forHeader(files.get(i), headers.get(i).names()))
                .toList();
        JavaRDD<Row> rows = CsvInput.parseListImport(sc, files, headers, readers, context);
        return resolveEmails(spark.createDataFrame(rows, CsvInput.LIST_IMPORT_ROWS), context);
      }
      default -> throw new IllegalStateException("bug: unknown format " + request.format());
    }
  }

  /**
   * The list actions of list import rows, each row's contact found by its contact_id or else by its
   * email, without regard to case, among the contacts already landed. A row whose email belongs to
   * no contact, or to several, is quarantined with that reason.
   */
  private Dataset<Row> resolveEmails(Dataset<Row> rows, IngestContext context) {
    Dataset<Row> byEmail = contactIdsByEmail();
    Dataset<Row> joined =
        rows.join(
            byEmail, lower(trim(rows.col("email"))).equalTo(byEmail.col("email_key")), "left");
    Column matches = when(col("contact_ids").isNull(), lit(0)).otherwise(size(col("contact_ids")));
    Column byId = col("contact_id").isNotNull();
    Column reason =
        when(col("problem").isNotNull(), col("problem"))
            .when(
                not(byId).and(matches.equalTo(0)),
                concat(lit("no contact has the email '"), col("email"), lit("'")))
            .when(
                not(byId).and(matches.gt(1)),
                concat(
                    matches.cast(DataTypes.StringType),
                    lit(" contacts have the email '"),
                    col("email"),
                    lit("' ("),
                    array_join(slice(col("contact_ids"), 1, 5), ", "),
                    when(matches.gt(5), lit(", ...")).otherwise(lit("")),
                    lit("): import them by contact_id to say which")));
    Column contactId = when(byId, col("contact_id")).otherwise(element_at(col("contact_ids"), 1));
    Column record =
        when(
            reason.isNull(),
            struct(
                col("action_id"),
                contactId.as("contact_id"),
                lit(context.listId()).as("list_id"),
                col("action"),
                lit(ListAction.Source.CSV_IMPORT.name()).as("source"),
                lit(context.at()).as("occurred_at")));
    Column quarantine =
        when(
            reason.isNotNull(),
            struct(
                col("source"),
                col("position"),
                reason.as("reason"),
                col("payload"),
                lit(context.startedAt()).as("quarantined_at"),
                lit(context.ingestId()).as("ingest_id")));
    return joined.select(
        col(ParsedRows.ORD), record.as(ParsedRows.RECORD), quarantine.as(ParsedRows.QUARANTINE));
  }

  /** Every email of the contacts table, lower-case, with the ids of the contacts that have it. */
  private Dataset<Row> contactIdsByEmail() {
    String contacts = lakehouse.path(Table.CONTACTS);
    if (!DeltaTable.isDeltaTable(spark, contacts)) {
      progress.accept("no contacts landed yet at " + contacts + ": no email can be found");
      return spark.createDataFrame(
          List.of(),
          new StructType()
              .add("email_key", DataTypes.StringType)
              .add("contact_ids", DataTypes.createArrayType(DataTypes.StringType)));
    }
    return spark
        .read()
        .format("delta")
        .load(contacts)
        .where(col("email").isNotNull())
        .groupBy(lower(trim(col("email"))).as("email_key"))
        .agg(array_sort(collect_set(col("contact_id"))).as("contact_ids"));
  }

  private Configuration hadoopConf() {
    return spark.sparkContext().hadoopConfiguration();
  }

  /** {@code ingest-20261122T101530Z-3fa9c2}: sorts by time, unique enough to tell runs apart. */
  static String newIngestId(Instant startedAt) {
    byte[] random = new byte[3];
    RANDOM.nextBytes(random);
    return "ingest-" + ID_TIME.format(startedAt) + "-" + HexFormat.of().formatHex(random);
  }
}
