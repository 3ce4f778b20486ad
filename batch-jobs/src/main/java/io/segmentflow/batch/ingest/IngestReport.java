package io.segmentflow.batch.ingest;

/**
 * What an ingestion did. Every record read was either landed or quarantined: {@code read == landed
 * + quarantined}, always.
 *
 * @param source the input as given: a file or a folder
 * @param read the records read; blank lines are not records
 * @param landed the records that passed every check and were merged into the table
 * @param alreadyPresent among the landed, those that added no new row: their id was already in the
 *     table or earlier in the same input (a contact or company may still have been updated by a
 *     newer profile, an event moved to an earlier time)
 * @param quarantined the records that failed a check, each a row of the quarantine table with its
 *     reason, unless an earlier ingestion of the same source already quarantined it there
 * @param ingestId the id of this ingestion, on the quarantine rows it wrote
 */
public record IngestReport(
    String source,
    IngestKind kind,
    long read,
    long landed,
    long alreadyPresent,
    long quarantined,
    String ingestId) {

  public IngestReport {
    if (read < 0
        || landed < 0
        || quarantined < 0
        || alreadyPresent < 0
        || alreadyPresent > landed
        || read != landed + quarantined) {
      throw new IllegalStateException(
          "bug: an ingestion report must account for every record read (read = landed +"
              + " quarantined, 0 <= already present <= landed), got read "
              + read
              + ", landed "
              + landed
              + ", already present "
              + alreadyPresent
              + ", quarantined "
              + quarantined
              + " for "
              + source);
    }
  }
}
