package io.segmentflow.batch.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The records of a CSV text, each with the lines it spans and its original text, parsed by Commons
 * CSV (RFC 4180: values in double quotes may hold the delimiter, doubled quotes and line breaks).
 *
 * <p>Records are read line by line, so a bad record costs only itself: a record Commons CSV refuses
 * comes back with its problem and reading goes on with the next line. A quoted value may span up to
 * {@link #MAX_LINES_PER_RECORD} lines; a quote that is still open after that (or at the end of the
 * file) makes the line it was opened on a bad record on its own, and reading goes on from the line
 * after it. Blank lines are not records. A UTF-8 byte order mark at the start is dropped.
 */
final class CsvRecords implements Iterator<CsvRecords.Record> {

  /** How many lines one record (a quoted value with line breaks) may span. */
  static final int MAX_LINES_PER_RECORD = 200;

  private static final String UNCLOSED_QUOTE = "EOF reached before encapsulated token finished";
  private static final Pattern LOCATION =
      Pattern.compile("^\\((start)?line [\\d,]+\\) |,? (at )?(line|position): [\\d,]+");

  /**
   * One record.
   *
   * @param text its lines, joined by a line feed: what the file says, unchanged
   * @param values its values, or empty when it has a problem
   * @param problem why it is not a well-formed CSV record, or null
   */
  record Record(long firstLine, long lastLine, String text, List<String> values, String problem) {

    /** {@code line 7}, or {@code lines 7-9} for a record with line breaks in a quoted value. */
    String position() {
      return firstLine == lastLine ? "line " + firstLine : "lines " + firstLine + "-" + lastLine;
    }
  }

  private record Line(long number, String text) {}

  private final BufferedReader reader;
  private final CSVFormat format;
  private final Deque<Line> pushedBack = new ArrayDeque<>();
  private long lastLineRead;
  private Record next;

  CsvRecords(BufferedReader reader, char delimiter) {
    this.reader = reader;
    this.format = CSVFormat.RFC4180.builder().setDelimiter(delimiter).get();
  }

  /**
   * The delimiter a header line uses: whichever of comma, semicolon (spreadsheets in many European
   * locales) and tab it holds most, comma when it holds none.
   */
  static char delimiterOf(String headerLine) {
    char best = ',';
    long most = 0;
    for (char candidate : new char[] {',', ';', '\t'}) {
      long count = headerLine.chars().filter(c -> c == candidate).count();
      if (count > most) {
        best = candidate;
        most = count;
      }
    }
    return best;
  }

  @Override
  public boolean hasNext() {
    if (next == null) {
      next = read();
    }
    return next != null;
  }

  @Override
  public Record next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    Record record = next;
    next = null;
    return record;
  }

  private Record read() {
    Line first = nextLine();
    while (first != null && first.text().isBlank()) {
      first = nextLine();
    }
    if (first == null) {
      return null;
    }
    List<Line> lines = new ArrayList<>(List.of(first));
    StringBuilder text = new StringBuilder(first.text());
    while (true) {
      Line last = lines.get(lines.size() - 1);
      try {
        List<CSVRecord> parsed;
        try (CSVParser parser = CSVParser.parse(text.toString(), format)) {
          parsed = parser.getRecords();
        }
        if (parsed.size() != 1) {
          // cannot happen: a text without unquoted line breaks is one record
          throw new IllegalStateException("bug: one record expected in " + text);
        }
        return new Record(
            first.number(), last.number(), text.toString(), parsed.get(0).toList(), null);
      } catch (IOException | UncheckedIOException e) {
        String message =
            e instanceof UncheckedIOException u ? u.getCause().getMessage() : e.getMessage();
        if (!message.contains(UNCLOSED_QUOTE)) {
          return new Record(
              first.number(),
              last.number(),
              text.toString(),
              List.of(),
              "not well-formed CSV: " + LOCATION.matcher(message).replaceAll(""));
        }
        Line more = lines.size() < MAX_LINES_PER_RECORD ? nextLine() : null;
        if (more == null) {
          for (int i = lines.size() - 1; i >= 1; i--) {
            pushedBack.addFirst(lines.get(i));
          }
          return new Record(
              first.number(),
              first.number(),
              first.text(),
              List.of(),
              "not well-formed CSV: a quoted value opened on this line is not closed"
                  + (lines.size() < MAX_LINES_PER_RECORD
                      ? " before the end of the file"
                      : " within " + MAX_LINES_PER_RECORD + " lines"));
        }
        lines.add(more);
        text.append('\n').append(more.text());
      }
    }
  }

  private Line nextLine() {
    if (!pushedBack.isEmpty()) {
      return pushedBack.removeFirst();
    }
    String text;
    try {
      text = reader.readLine();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (text == null) {
      return null;
    }
    lastLineRead++;
    if (lastLineRead == 1 && text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    return new Line(lastLineRead, text);
  }
}
