package io.segmentflow.batch.ingest;

import io.segmentflow.batch.lakehouse.Rows;
import io.segmentflow.segments.data.JsonRecords;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * JSON Lines files, read by the core's {@link JsonRecords} one line at a time in Spark tasks. Each
 * file is split across tasks; its lines are numbered with {@code zipWithIndex}, which counts the
 * lines of every split before it (one extra, cheap pass), so a quarantined line says where it is.
 */
final class JsonLinesInput {

  private JsonLinesInput() {}

  /** The {@link ParsedRows} of every line of the files; blank lines are not records. */
  static JavaRDD<Row> parse(
      JavaSparkContext spark, List<String> files, IngestKind kind, IngestContext context) {
    JavaRDD<Row> all = null;
    for (int i = 0; i < files.size(); i++) {
      JavaRDD<Row> rows =
          spark
              // one split for a small file, so numbering its lines needs no extra pass
              .textFile(files.get(i), 1)
              .zipWithIndex()
              .mapPartitions(new ParseLines(kind, context, files.get(i), i));
      all = all == null ? rows : all.union(rows);
    }
    return all;
  }

  /** The parsed row of one line, or null for a blank line. */
  static Row parseLine(
      JsonRecords json,
      IngestKind kind,
      IngestContext context,
      String source,
      int fileIndex,
      long lineNumber,
      String line) {
    String text = lineNumber == 1 && line.startsWith("\uFEFF") ? line.substring(1) : line;
    if (text.isBlank()) {
      return null;
    }
    long ord = ParsedRows.ord(fileIndex, lineNumber);
    try {
      Row record =
          switch (kind) {
            case CONTACTS -> Rows.contact(json.readContact(text));
            case COMPANIES -> Rows.company(json.readCompany(text));
            case EVENTS -> Rows.event(json.readEvent(text));
            case LIST_ACTIONS -> Rows.listAction(json.readListAction(text));
            case LIST_IMPORT ->
                throw new IllegalStateException("bug: a list import is a CSV, not JSON Lines");
          };
      return ParsedRows.landed(ord, record);
    } catch (IllegalArgumentException e) {
      return ParsedRows.quarantined(
          ord, source, "line " + lineNumber, e.getMessage(), line, context);
    }
  }

  private static final class ParseLines
      implements FlatMapFunction<Iterator<Tuple2<String, Long>>, Row> {
    private static final long serialVersionUID = 1L;

    private final IngestKind kind;
    private final IngestContext context;
    private final String source;
    private final int fileIndex;

    ParseLines(IngestKind kind, IngestContext context, String source, int fileIndex) {
      this.kind = kind;
      this.context = context;
      this.source = source;
      this.fileIndex = fileIndex;
    }

    @Override
    public Iterator<Row> call(Iterator<Tuple2<String, Long>> lines) {
      JsonRecords json = new JsonRecords(context.catalog().catalog());
      return new LazyRows<>(
          lines,
          line -> parseLine(json, kind, context, source, fileIndex, line._2() + 1, line._1()));
    }
  }
}
