package io.segmentflow.batch.ingest;

import java.time.Instant;

/**
 * One input to land: a file or a folder of files of one kind in one format.
 *
 * @param input a file or a folder (every file in it not starting with {@code _} or {@code .}), on
 *     any file system Spark reads: a local path, {@code s3a://...}
 * @param listId the static list a {@link IngestKind#LIST_IMPORT} adds to or removes from; null for
 *     every other kind
 * @param at when the imported list actions happened, and the {@code created_at}/{@code updated_at}
 *     of CSV contacts that do not give them; null for the time of the ingestion
 */
public record IngestRequest(
    IngestKind kind, IngestFormat format, String input, String listId, Instant at) {

  public IngestRequest {
    if (kind == null || format == null || input == null || input.isBlank()) {
      throw new IllegalArgumentException("an ingestion needs a kind, a format and an input");
    }
    if (!kind.formats().contains(format)) {
      throw new IllegalArgumentException(
          kind.cliName()
              + " cannot be read from "
              + format.cliName()
              + ": use "
              + kind.formatNames());
    }
    if (kind == IngestKind.LIST_IMPORT && (listId == null || listId.isBlank())) {
      throw new IllegalArgumentException(
          "a list import needs the id of the static list to add the contacts to");
    }
    if (kind != IngestKind.LIST_IMPORT && listId != null) {
      throw new IllegalArgumentException(
          "only a list import takes a list id: "
              + kind.cliName()
              + " say themselves which list they are about");
    }
  }

  /** Contacts, companies, events or list actions. */
  public static IngestRequest of(IngestKind kind, IngestFormat format, String input) {
    return new IngestRequest(kind, format, input, null, null);
  }

  /** A marketer's CSV for one static list; {@code at} may be null (the time of the ingestion). */
  public static IngestRequest listImport(String input, String listId, Instant at) {
    return new IngestRequest(IngestKind.LIST_IMPORT, IngestFormat.CSV, input, listId, at);
  }
}
