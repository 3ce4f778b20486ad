package io.segmentflow.batch.ingest;

import java.io.Serializable;
import java.sql.Timestamp;

/**
 * What every task of one ingestion needs to know.
 *
 * @param startedAt when the ingestion started: the {@code quarantined_at} of its quarantine rows
 * @param at the time of imported list actions and of CSV contacts that give none
 */
record IngestContext(
    String ingestId, Timestamp startedAt, Timestamp at, ShippedCatalog catalog, String listId)
    implements Serializable {}
