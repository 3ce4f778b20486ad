package io.segmentflow.batch.lakehouse;

import java.util.Locale;

/**
 * Where every Delta table of the pipeline lives, below one root URI (a folder on disk for the demo,
 * {@code s3://...} or {@code abfss://...} on a cluster).
 *
 * <pre>
 * ROOT/input/contacts          ROOT/output/memberships          current members (CDF on)
 * ROOT/input/companies         ROOT/output/membership_changes   entries and exits per run (CDF on)
 * ROOT/input/events            ROOT/output/segment_counts       per run and segment
 * ROOT/input/list_actions      ROOT/output/contact_features     per contact, as of the last run
 * ROOT/input/quarantine        ROOT/output/runs                 the run log, with definitions used
 * ROOT/input/ingestions        the ingestion log: what each ingestion read, landed, quarantined
 * ROOT/input/segment_definitions  the definitions folder's documents, one row each (CDF on)
 * ROOT/snapshots/RUN_ID/...    published member files and their manifest
 * ROOT/handover/RUN_ID/...     a run's contact snapshots, from which the stream starts
 * </pre>
 */
public record Lakehouse(String root) {

  /** The tables of the lakehouse. */
  public enum Table {
    CONTACTS("input"),
    COMPANIES("input"),
    EVENTS("input"),
    LIST_ACTIONS("input"),
    QUARANTINE("input"),
    INGESTIONS("input"),
    SEGMENT_DEFINITIONS("input"),
    MEMBERSHIPS("output"),
    MEMBERSHIP_CHANGES("output"),
    SEGMENT_COUNTS("output"),
    CONTACT_FEATURES("output"),
    RUNS("output");

    private final String area;

    Table(String area) {
      this.area = area;
    }

    public String tableName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public Lakehouse {
    root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
  }

  public String path(Table table) {
    return root + "/" + table.area + "/" + table.tableName();
  }

  /** The folder of one published snapshot. */
  public String snapshot(String runId) {
    return root + "/snapshots/" + runId;
  }

  /** The folder of one run's hand-over to the stream. */
  public String handover(String runId) {
    return root + "/handover/" + runId;
  }
}
