package io.segmentflow.batch.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IngestReportTest {

  @Test
  void accountsForEveryRecordRead() {
    IngestReport report = new IngestReport("events.jsonl", IngestKind.EVENTS, 10, 7, 2, 3, "i-1");

    assertThat(report.read()).isEqualTo(report.landed() + report.quarantined());
  }

  @Test
  void aReportThatDoesNotAddUpIsABug() {
    assertThatThrownBy(() -> new IngestReport("events.jsonl", IngestKind.EVENTS, 10, 7, 0, 2, "i"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "bug: an ingestion report must account for every record read (read = landed +"
                + " quarantined, 0 <= already present <= landed), got read 10, landed 7, already"
                + " present 0, quarantined 2 for events.jsonl");
    assertThatThrownBy(() -> new IngestReport("e.jsonl", IngestKind.EVENTS, 10, 7, 8, 3, "i"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already present 8");
  }

  @Test
  void aRequestSaysWhichFormatsAKindComesIn() {
    assertThatThrownBy(() -> IngestRequest.of(IngestKind.EVENTS, IngestFormat.CSV, "e.csv"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("events cannot be read from csv: use jsonl or avro");
    assertThatThrownBy(() -> IngestRequest.of(IngestKind.LIST_IMPORT, IngestFormat.CSV, "v.csv"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a list import needs the id of the static list to add the contacts to");
    assertThat(IngestFormat.ofFileName("events.jsonl.gz")).contains(IngestFormat.JSONL);
    assertThat(IngestFormat.ofFileName("VIP.CSV")).contains(IngestFormat.CSV);
    assertThat(IngestFormat.ofFileName("part-0001")).isEmpty();
  }
}
