package io.segmentflow.batch.ingest;

import io.segmentflow.batch.lakehouse.Rows;
import io.segmentflow.segments.catalog.Catalog;
import io.segmentflow.segments.data.AvroRecords;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.input.PortableDataStream;
import org.apache.spark.sql.Row;
import org.apache.spark.util.TaskCompletionListener;
import scala.Tuple2;

/**
 * Avro object container files of the records in {@code schemas/}, one task per file, read record by
 * record with the generated classes (files written with an older compatible schema are resolved to
 * the current one) and converted by the core ({@link AvroRecords#fromAvro(
 * io.segmentflow.schemas.Event, Catalog)}). A record that fails the core's checks is quarantined as
 * {@code record N} with its JSON form as payload. A file whose blocks cannot be decoded from some
 * record on gives one quarantine row for that record, saying the rest of the file was not read.
 */
final class AvroInput {

  private AvroInput() {}

  /**
   * Checks on the driver that every file is an Avro container file of the kind's record.
   *
   * @throws IllegalArgumentException naming the file and what it holds instead
   */
  static void check(Configuration conf, List<String> files, IngestKind kind) {
    Schema expected = schemaOf(kind);
    for (String file : files) {
      Path path = new Path(file);
      Schema written;
      try (InputStream in = path.getFileSystem(conf).open(path);
          DataFileStream<GenericRecord> stream =
              new DataFileStream<>(in, new GenericDatumReader<>())) {
        written = stream.getSchema();
      } catch (IOException e) {
        throw new IllegalArgumentException(
            file + " is not an Avro object container file: " + e.getMessage(), e);
      }
      SchemaCompatibility.SchemaPairCompatibility compatibility =
          SchemaCompatibility.checkReaderWriterCompatibility(expected, written);
      if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
        throw new IllegalArgumentException(
            file
                + " holds Avro records of type "
                + written.getFullName()
                + ", which cannot be read as "
                + kind.cliName()
                + " ("
                + expected.getFullName()
                + "): "
                + compatibility.getResult().getIncompatibilities().stream()
                    .map(i -> i.getMessage() + " at " + i.getLocation())
                    .toList());
      }
    }
  }

  /** The {@link ParsedRows} of every record of the files. */
  static JavaRDD<Row> parse(
      JavaSparkContext spark, List<String> files, IngestKind kind, IngestContext context) {
    JavaRDD<Row> all = null;
    for (int i = 0; i < files.size(); i++) {
      JavaRDD<Row> rows =
          spark.binaryFiles(files.get(i), 1).flatMap(new ReadFile(kind, context, files.get(i), i));
      all = all == null ? rows : all.union(rows);
    }
    return all;
  }

  static Schema schemaOf(IngestKind kind) {
    return switch (kind) {
      case CONTACTS -> io.segmentflow.schemas.Contact.getClassSchema();
      case COMPANIES -> io.segmentflow.schemas.Company.getClassSchema();
      case EVENTS -> io.segmentflow.schemas.Event.getClassSchema();
      case LIST_ACTIONS -> io.segmentflow.schemas.ListAction.getClassSchema();
      case LIST_IMPORT -> throw new IllegalStateException("bug: a list import is a CSV");
    };
  }

  /** The table row of a record read from a file, checked and typed by the core. */
  static Row tableRow(Object record, Catalog catalog) {
    if (record instanceof io.segmentflow.schemas.Contact contact) {
      return Rows.contact(AvroRecords.fromAvro(contact, catalog));
    }
    if (record instanceof io.segmentflow.schemas.Company company) {
      return Rows.company(AvroRecords.fromAvro(company, catalog));
    }
    if (record instanceof io.segmentflow.schemas.Event event) {
      return Rows.event(AvroRecords.fromAvro(event, catalog));
    }
    if (record instanceof io.segmentflow.schemas.ListAction action) {
      return Rows.listAction(AvroRecords.fromAvro(action, catalog));
    }
    throw new IllegalStateException("bug: not an input record: " + record.getClass());
  }

  private static SpecificDatumReader<SpecificRecordBase> readerOf(IngestKind kind) {
    Class<? extends SpecificRecordBase> type =
        switch (kind) {
          case CONTACTS -> io.segmentflow.schemas.Contact.class;
          case COMPANIES -> io.segmentflow.schemas.Company.class;
          case EVENTS -> io.segmentflow.schemas.Event.class;
          case LIST_ACTIONS -> io.segmentflow.schemas.ListAction.class;
          case LIST_IMPORT -> throw new IllegalStateException("bug: a list import is a CSV");
        };
    @SuppressWarnings("unchecked")
    Class<SpecificRecordBase> records = (Class<SpecificRecordBase>) type;
    return new SpecificDatumReader<>(records);
  }

  private static final class ReadFile
      implements FlatMapFunction<Tuple2<String, PortableDataStream>, Row> {
    private static final long serialVersionUID = 1L;

    private final IngestKind kind;
    private final IngestContext context;
    private final String source;
    private final int fileIndex;

    ReadFile(IngestKind kind, IngestContext context, String source, int fileIndex) {
      this.kind = kind;
      this.context = context;
      this.source = source;
      this.fileIndex = fileIndex;
    }

    @Override
    public Iterator<Row> call(Tuple2<String, PortableDataStream> file) throws IOException {
      DataFileStream<SpecificRecordBase> stream =
          new DataFileStream<>(file._2().open(), readerOf(kind));
      TaskContext task = TaskContext.get();
      if (task != null) {
        task.addTaskCompletionListener((TaskCompletionListener) done -> closeQuietly(stream));
      }
      return new Records(stream, context.catalog().catalog());
    }

    /** The records of one file, read as they are asked for. */
    private final class Records implements Iterator<Row> {
      private final DataFileStream<SpecificRecordBase> stream;
      private final Catalog catalog;
      private long number;
      private boolean done;
      private Row next;

      Records(DataFileStream<SpecificRecordBase> stream, Catalog catalog) {
        this.stream = stream;
        this.catalog = catalog;
      }

      @Override
      public boolean hasNext() {
        if (next == null && !done) {
          next = read();
        }
        return next != null;
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Row row = next;
        next = null;
        return row;
      }

      private Row read() {
        long n = number + 1;
        long ord = ParsedRows.ord(fileIndex, n);
        SpecificRecordBase record;
        try {
          if (!stream.hasNext()) {
            done = true;
            closeQuietly(stream);
            return null;
          }
          record = stream.next();
          number = n;
        } catch (AvroRuntimeException | UncheckedIOException e) {
          done = true;
          closeQuietly(stream);
          return ParsedRows.quarantined(
              ord,
              source,
              "record " + n,
              "cannot decode the file from this record on, the rest of it is not read: "
                  + e.getMessage(),
              "",
              context);
        }
        try {
          return ParsedRows.landed(ord, tableRow(record, catalog));
        } catch (IllegalArgumentException e) {
          return ParsedRows.quarantined(
              ord, source, "record " + n, e.getMessage(), record.toString(), context);
        }
      }
    }
  }

  private static void closeQuietly(DataFileStream<?> stream) {
    try {
      stream.close();
    } catch (IOException e) {
      // nothing was written, and every record read is already accounted for
    }
  }
}
