package io.segmentflow.batch.ingest;

import io.segmentflow.batch.lakehouse.Lakehouse.Table;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** What an input holds, and the table it lands in. */
public enum IngestKind {
  CONTACTS(Table.CONTACTS, EnumSet.of(IngestFormat.JSONL, IngestFormat.AVRO, IngestFormat.CSV)),
  COMPANIES(Table.COMPANIES, EnumSet.of(IngestFormat.JSONL, IngestFormat.AVRO)),
  EVENTS(Table.EVENTS, EnumSet.of(IngestFormat.JSONL, IngestFormat.AVRO)),
  LIST_ACTIONS(Table.LIST_ACTIONS, EnumSet.of(IngestFormat.JSONL, IngestFormat.AVRO)),
  /**
   * A marketer's CSV of contacts (by {@code email} or {@code contact_id}) to add to or remove from
   * one static list: each row becomes a list action from {@code CSV_IMPORT}.
   */
  LIST_IMPORT(Table.LIST_ACTIONS, EnumSet.of(IngestFormat.CSV));

  private final Table table;
  private final Set<IngestFormat> formats;

  IngestKind(Table table, Set<IngestFormat> formats) {
    this.table = table;
    this.formats = formats;
  }

  /** The table the records land in. */
  public Table table() {
    return table;
  }

  /** The formats this kind can be read from. */
  public Set<IngestFormat> formats() {
    return EnumSet.copyOf(formats);
  }

  /** The name on the command line: {@code list_import}. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<IngestKind> byName(String name) {
    return Arrays.stream(values()).filter(k -> k.cliName().equals(name)).findFirst();
  }

  /** "jsonl or avro", for messages. */
  String formatNames() {
    String names =
        formats.stream().map(IngestFormat::cliName).collect(Collectors.joining(", ", "", ""));
    int last = names.lastIndexOf(", ");
    return last < 0 ? names : names.substring(0, last) + " or " + names.substring(last + 2);
  }
}
