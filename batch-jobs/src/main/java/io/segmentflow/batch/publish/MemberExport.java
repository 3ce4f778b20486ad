package io.segmentflow.batch.publish;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_json;

import io.segmentflow.batch.lakehouse.Lakehouse;
import io.segmentflow.batch.lakehouse.TableSchemas;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.LongConsumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * The members of one segment with chosen contact columns, written to a CSV or XLSX file on the
 * machine that runs the command (the Spark driver: run {@code spark-submit} in client mode to get
 * the file where you are).
 *
 * <p>Rows are ordered by contact id and come to the driver one range partition at a time ({@link
 * Dataset#toLocalIterator()}), each of at most about {@value #ROWS_PER_PARTITION} rows, and are
 * written as they come: the driver's memory does not grow with the number of members. The rows are
 * one query over the tables' latest versions; the count taken first (for the progress bar and the
 * XLSX row limit) may differ if the nightly job commits in between, the returned row count is what
 * the file holds.
 *
 * <p>Values: text as is; missing values empty; booleans {@code true}/{@code false}; timestamps in
 * UTC, in CSV as ISO-8601 instants ({@code 2026-11-22T08:30:00Z}), in XLSX as Excel date-time cells
 * formatted {@code yyyy-mm-dd hh:mm:ss} (Excel has no time zones: the cell shows UTC); tags and
 * custom fields as JSON ({@code ["vip","b2b"]}, {@code {"plan":{"text":"gold"}}}).
 */
public final class MemberExport {

  /** The file formats of an export. */
  public enum Format {
    CSV,
    XLSX;

    /** The format named {@code csv} or {@code xlsx}, in any case. */
    public static Format of(String name) {
      return Arrays.stream(values())
          .filter(f -> f.extension().equalsIgnoreCase(name))
          .findFirst()
          .orElseThrow(
              () -> new IllegalArgumentException("unknown format '" + name + "': use csv or xlsx"));
    }

    /** The format a file name's extension names, if it names one. */
    public static java.util.Optional<Format> ofFile(Path file) {
      String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
      return Arrays.stream(values()).filter(f -> name.endsWith("." + f.extension())).findFirst();
    }

    public String extension() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The columns of the memberships table an export may add to the contact's columns. */
  public static final List<String> MEMBERSHIP_COLUMNS =
      List.of("entered_at", "reason", "contactable", "identified");

  /** Rows one toLocalIterator step brings to the driver, at most about. */
  static final long ROWS_PER_PARTITION = 50_000;

  /** An XLSX sheet holds 1,048,576 rows, one of which is the header. */
  static final long XLSX_MAX_MEMBERS = Worksheet.MAX_ROWS - 1;

  /** Progress is reported, and XLSX rows flushed to the file, every this many rows. */
  static final int BATCH = 1_000;

  private static final String XLSX_TIMESTAMP_FORMAT = "yyyy-mm-dd hh:mm:ss";

  private final String segmentId;
  private final List<String> header;
  private final Dataset<Row> rows;
  private final long members;

  private MemberExport(String segmentId, List<String> header, Dataset<Row> rows, long members) {
    this.segmentId = segmentId;
    this.header = header;
    this.rows = rows;
    this.members = members;
  }

  /** Every column an export may name: the contacts table's, then {@link #MEMBERSHIP_COLUMNS}. */
  public static List<String> validColumns() {
    List<String> valid = new ArrayList<>(Arrays.asList(TableSchemas.CONTACTS.fieldNames()));
    valid.addAll(MEMBERSHIP_COLUMNS);
    return List.copyOf(valid);
  }

  /**
   * The header of an export of these columns: {@code contact_id} first, then the columns in the
   * order given, each once.
   *
   * @throws IllegalArgumentException naming the valid columns when a column is unknown
   */
  public static List<String> header(List<String> columns) {
    List<String> valid = validColumns();
    Set<String> header = new LinkedHashSet<>();
    header.add("contact_id");
    for (String requested : columns) {
      String column = requested.strip();
      if (!valid.contains(column)) {
        throw new IllegalArgumentException(
            "unknown column '"
                + column
                + "': choose among "
                + String.join(", ", valid)
                + " (contact_id always comes first)");
      }
      header.add(column);
    }
    return List.copyOf(header);
  }

  /**
   * Prepares the export of a segment's current members from the lakehouse's memberships and
   * contacts tables (each pinned at its latest version) and counts them.
   *
   * @throws IllegalArgumentException when a column is unknown
   * @throws IllegalStateException when a table is missing
   */
  public static MemberExport prepare(
      SparkSession spark, Lakehouse lakehouse, String segmentId, List<String> columns) {
    List<String> header = header(columns);
    return of(
        Tables.latest(spark, lakehouse, Lakehouse.Table.MEMBERSHIPS),
        Tables.latest(spark, lakehouse, Lakehouse.Table.CONTACTS),
        segmentId,
        header);
  }

  /** As {@link #prepare}, from given tables (schemas MEMBERSHIPS and CONTACTS). */
  static MemberExport of(
      Dataset<Row> memberships, Dataset<Row> contacts, String segmentId, List<String> columns) {
    List<String> header = header(columns);
    Dataset<Row> members = memberships.where(col("segment_id").equalTo(lit(segmentId)));
    List<String> contactColumns =
        header.stream()
            .filter(c -> !MEMBERSHIP_COLUMNS.contains(c) && !c.equals("contact_id"))
            .toList();
    List<Column> profile = new ArrayList<>();
    profile.add(col("contact_id").as("profile_key"));
    contactColumns.forEach(c -> profile.add(readable(contacts, c).as(c)));
    Dataset<Row> profiles = contacts.select(profile.toArray(Column[]::new));
    Dataset<Row> joined =
        members.join(
            profiles, members.col("contact_id").equalTo(profiles.col("profile_key")), "left");
    Dataset<Row> rows =
        joined.select(
            header.stream()
                .map(c -> contactColumns.contains(c) ? profiles.col(c) : members.col(c))
                .toArray(Column[]::new));
    return new MemberExport(segmentId, header, rows, members.count());
  }

  /** A contact column as text, number, boolean or timestamp: nested values as JSON. */
  private static Column readable(Dataset<Row> contacts, String column) {
    StructField field = TableSchemas.CONTACTS.apply(column);
    return field.dataType() instanceof ArrayType || field.dataType() instanceof MapType
        ? to_json(contacts.col(column))
        : contacts.col(column);
  }

  public String segmentId() {
    return segmentId;
  }

  /** The column names, {@code contact_id} first. */
  public List<String> header() {
    return header;
  }

  /** The number of members when the export was prepared. */
  public long members() {
    return members;
  }

  /**
   * Writes the members to a local file, replacing it: rows go to a hidden temporary file beside it,
   * moved into place once complete, so a failed export leaves no half file.
   *
   * @return the number of member rows written (the header not counted)
   * @throws IllegalArgumentException when the segment has too many members for an XLSX sheet
   */
  public long writeTo(Path file, Format format, Progress progress) throws IOException {
    if (format == Format.XLSX && members > XLSX_MAX_MEMBERS) {
      throw new IllegalArgumentException(
          "segment '"
              + segmentId
              + "' has "
              + members
              + " members, more than an XLSX sheet holds ("
              + XLSX_MAX_MEMBERS
              + " rows below its header): export it as csv");
    }
    Path target = file.toAbsolutePath();
    if (Files.isDirectory(target)) {
      throw new IllegalArgumentException(
          target + " is a folder: give the path of the file to write");
    }
    Files.createDirectories(target.getParent());
    Path partial =
        Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".partial");
    String task = "export " + segmentId;
    LongConsumer written = done -> progress.report(task, done, members);
    try {
      long count;
      try (OutputStream out = Files.newOutputStream(partial)) {
        Iterator<Row> ordered = inContactOrder().toLocalIterator();
        count =
            format == Format.CSV
                ? writeCsv(ordered, header, out, written)
                : writeXlsx(ordered, header, sheetName(segmentId), out, written);
      }
      Files.move(
          partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return count;
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  /**
   * The rows ordered by contact id, in range partitions of about {@value #ROWS_PER_PARTITION} rows:
   * {@code toLocalIterator} holds one partition at a time on the driver.
   */
  Dataset<Row> inContactOrder() {
    return inContactOrder(ROWS_PER_PARTITION);
  }

  Dataset<Row> inContactOrder(long rowsPerPartition) {
    int partitions = (int) Math.max(1, (members + rowsPerPartition - 1) / rowsPerPartition);
    Dataset<Row> partitioned =
        partitions == 1
            ? rows.repartition(1) // no range bounds to sample
            : rows.repartitionByRange(partitions, col("contact_id"));
    return partitioned.sortWithinPartitions("contact_id");
  }

  /**
   * Writes RFC 4180 CSV in UTF-8 (no byte-order mark): a header row, then one record per row, CRLF
   * line ends, fields quoted when they hold a comma, a quote or a line break.
   *
   * @param written told the number of rows written so far, every {@value #BATCH} rows and at the
   *     end
   * @return the number of rows written, the header not counted
   */
  public static long writeCsv(
      Iterator<Row> rows, List<String> header, OutputStream out, LongConsumer written)
      throws IOException {
    CSVFormat format = CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new)).get();
    Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    long count = 0;
    CSVPrinter printer = new CSVPrinter(writer, format);
    Object[] values = new Object[header.size()];
    while (rows.hasNext()) {
      Row row = rows.next();
      for (int i = 0; i < values.length; i++) {
        values[i] = csvValue(row.get(i));
      }
      printer.printRecord(values);
      if (++count % BATCH == 0) {
        written.accept(count);
      }
    }
    printer.flush();
    written.accept(count);
    return count;
  }

  /**
   * Writes an XLSX workbook of one sheet: a bold, frozen header row, then one row per member,
   * flushed to the stream every {@value #BATCH} rows. Text goes into inline strings (no shared
   * string table that would grow with the rows) and is never read as a formula.
   *
   * @return the number of rows written, the header not counted
   */
  public static long writeXlsx(
      Iterator<Row> rows,
      List<String> header,
      String sheetName,
      OutputStream out,
      LongConsumer written)
      throws IOException {
    Workbook workbook = new Workbook(out, "segmentflow", "1.0");
    Worksheet sheet = workbook.newWorksheet(sheetName);
    for (int c = 0; c < header.size(); c++) {
      sheet.value(0, c, header.get(c));
      sheet.style(0, c).bold().set();
    }
    sheet.freezePane(0, 1);
    long count = 0;
    int r = 1;
    while (rows.hasNext()) {
      Row row = rows.next();
      for (int c = 0; c < header.size(); c++) {
        xlsxValue(sheet, r, c, row.get(c));
      }
      r++;
      if (++count % BATCH == 0) {
        sheet.flush();
        written.accept(count);
      }
    }
    sheet.finish();
    workbook.finish();
    written.accept(count);
    return count;
  }

  /** The segment id as a sheet name: Excel allows 31 characters (ids have no forbidden ones). */
  static String sheetName(String segmentId) {
    return segmentId.length() <= 31 ? segmentId : segmentId.substring(0, 31);
  }

  private static Object csvValue(Object value) {
    Instant instant = instant(value);
    return instant != null ? instant.toString() : value;
  }

  private static void xlsxValue(Worksheet sheet, int r, int c, Object value) {
    if (value == null) {
      return;
    }
    Instant instant = instant(value);
    if (instant != null) {
      sheet.value(r, c, LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
      sheet.style(r, c).format(XLSX_TIMESTAMP_FORMAT).set();
    } else if (value instanceof Boolean flag) {
      sheet.value(r, c, flag);
    } else if (value instanceof Number number) {
      sheet.value(r, c, number);
    } else {
      sheet.inlineString(r, c, value.toString());
    }
  }

  /** A Spark timestamp, whichever Java type the session returns it as; else null. */
  private static Instant instant(Object value) {
    if (value instanceof Timestamp timestamp) {
      return timestamp.toInstant();
    }
    return value instanceof Instant instant ? instant : null;
  }
}
