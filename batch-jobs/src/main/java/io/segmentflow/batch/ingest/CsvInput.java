package io.segmentflow.batch.ingest;

import io.segmentflow.batch.lakehouse.Rows;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.input.PortableDataStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.TaskCompletionListener;
import scala.Tuple2;

/**
 * CSV files, one task per file, read by {@link CsvRecords} so that each record keeps its line
 * numbers and original text. The header is read on the driver first: a file whose header cannot be
 * used stops the ingestion before anything is read.
 */
final class CsvInput {

  /** The rows of a list import before emails are looked up: see {@link #parseListImport}. */
  static final StructType LIST_IMPORT_ROWS =
      new StructType()
          .add(ParsedRows.ORD, DataTypes.LongType, false)
          .add("source", DataTypes.StringType)
          .add("position", DataTypes.StringType)
          .add("payload", DataTypes.StringType)
          .add("action_id", DataTypes.StringType)
          .add("contact_id", DataTypes.StringType)
          .add("email", DataTypes.StringType)
          .add("action", DataTypes.StringType)
          .add("problem", DataTypes.StringType);

  /** A file's header row and the delimiter it uses. */
  record Header(List<String> names, char delimiter) implements Serializable {}

  private CsvInput() {}

  /**
   * The header of a file.
   *
   * @throws IllegalArgumentException when the file is empty or its first row is not well-formed
   */
  static Header header(Configuration conf, String file) {
    Path path = new Path(file);
    try (InputStream in = path.getFileSystem(conf).open(path);
        BufferedReader reader = utf8(in)) {
      String first = reader.readLine();
      while (first != null && first.isBlank()) {
        first = reader.readLine();
      }
      if (first == null) {
        throw new IllegalArgumentException(
            file + " is empty: a CSV file starts with a header row naming its columns");
      }
      char delimiter = CsvRecords.delimiterOf(first);
      try (InputStream again = path.getFileSystem(conf).open(path);
          BufferedReader lines = utf8(again)) {
        CsvRecords.Record header = new CsvRecords(lines, delimiter).next();
        if (header.problem() != null) {
          throw new IllegalArgumentException(
              file + ": the header row (" + header.position() + ") is " + header.problem());
        }
        return new Header(header.values(), delimiter);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** The {@link ParsedRows} of every row of contacts CSV files. */
  static JavaRDD<Row> parseContacts(
      JavaSparkContext spark,
      List<String> files,
      List<Header> headers,
      List<CsvContacts> readers,
      IngestContext context) {
    JavaRDD<Row> all = null;
    for (int i = 0; i < files.size(); i++) {
      CsvContacts contacts = readers.get(i);
      String source = files.get(i);
      int fileIndex = i;
      RowOfRecord toRow =
          record -> {
            long ord = ParsedRows.ord(fileIndex, record.firstLine());
            try {
              if (record.problem() != null) {
                throw new IllegalArgumentException(record.problem());
              }
              return ParsedRows.landed(
                  ord, Rows.contact(contacts.read(record.values(), context.at().toInstant())));
            } catch (IllegalArgumentException e) {
              return ParsedRows.quarantined(
                  ord, source, record.position(), e.getMessage(), record.text(), context);
            }
          };
      all = union(all, spark, source, headers.get(i), toRow);
    }
    return all;
  }

  /**
   * The rows of list import CSV files as {@link #LIST_IMPORT_ROWS}: per row its action id, and its
   * contact id or the email to look it up by, or the problem that keeps it from landing.
   */
  static JavaRDD<Row> parseListImport(
      JavaSparkContext spark,
      List<String> files,
      List<Header> headers,
      List<ListImportRows> readers,
      IngestContext context) {
    JavaRDD<Row> all = null;
    for (int i = 0; i < files.size(); i++) {
      ListImportRows rows = readers.get(i);
      String source = files.get(i);
      String fileName = InputFiles.nameOf(source);
      int fileIndex = i;
      RowOfRecord toRow =
          record -> {
            long ord = ParsedRows.ord(fileIndex, record.firstLine());
            String actionId =
                ListImportRows.actionId(
                    fileName, context.listId(), record.firstLine(), record.text());
            try {
              if (record.problem() != null) {
                throw new IllegalArgumentException(record.problem());
              }
              ListImportRows.Entry entry = rows.read(record.values());
              return RowFactory.create(
                  ord,
                  source,
                  record.position(),
                  record.text(),
                  actionId,
                  entry.contactId(),
                  entry.email(),
                  entry.type().name(),
                  null);
            } catch (IllegalArgumentException e) {
              return RowFactory.create(
                  ord,
                  source,
                  record.position(),
                  record.text(),
                  actionId,
                  null,
                  null,
                  null,
                  e.getMessage());
            }
          };
      all = union(all, spark, source, headers.get(i), toRow);
    }
    return all;
  }

  private static JavaRDD<Row> union(
      JavaRDD<Row> all, JavaSparkContext spark, String file, Header header, RowOfRecord toRow) {
    JavaRDD<Row> rows = spark.binaryFiles(file, 1).flatMap(new ReadFile(header, toRow));
    return all == null ? rows : all.union(rows);
  }

  /** Turns one record of a file (never the header) into a row. */
  interface RowOfRecord extends Serializable {
    Row apply(CsvRecords.Record record);
  }

  private static BufferedReader utf8(InputStream in) {
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
  }

  private static final class ReadFile
      implements FlatMapFunction<Tuple2<String, PortableDataStream>, Row> {
    private static final long serialVersionUID = 1L;

    private final Header header;
    private final RowOfRecord toRow;

    ReadFile(Header header, RowOfRecord toRow) {
      this.header = header;
      this.toRow = toRow;
    }

    @Override
    public Iterator<Row> call(Tuple2<String, PortableDataStream> file) {
      BufferedReader reader = utf8(file._2().open());
      TaskContext task = TaskContext.get();
      if (task != null) {
        task.addTaskCompletionListener(
            (TaskCompletionListener)
                done -> {
                  try {
                    reader.close();
                  } catch (IOException e) {
                    // reading is over: every record read is already accounted for
                  }
                });
      }
      CsvRecords records = new CsvRecords(reader, header.delimiter());
      if (records.hasNext()) {
        records.next(); // the header, checked on the driver
      }
      return new LazyRows<>(records, toRow::apply);
    }
  }
}
