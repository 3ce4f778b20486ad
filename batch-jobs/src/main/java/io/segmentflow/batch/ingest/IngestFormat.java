package io.segmentflow.batch.ingest;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How an input file is written. */
public enum IngestFormat {
  /** JSON Lines as {@link io.segmentflow.segments.data.JsonRecords} reads them; may be gzipped. */
  JSONL,
  /** Avro object container files of the records in {@code schemas/}. */
  AVRO,
  /** UTF-8 CSV with a header row (comma, semicolon or tab separated). */
  CSV;

  /** The name on the command line and the usual file extension. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<IngestFormat> byName(String name) {
    return Arrays.stream(values()).filter(f -> f.cliName().equals(name)).findFirst();
  }

  /** The format a file's name says ({@code events.jsonl.gz}: JSONL), if it says one. */
  public static Optional<IngestFormat> ofFileName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".gz")) {
      lower = lower.substring(0, lower.length() - ".gz".length());
    }
    if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson") || lower.endsWith(".json")) {
      return Optional.of(JSONL);
    }
    if (lower.endsWith(".avro")) {
      return Optional.of(AVRO);
    }
    return lower.endsWith(".csv") ? Optional.of(CSV) : Optional.empty();
  }
}
