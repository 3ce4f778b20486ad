package io.segmentflow.batch.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRecordsTest {

  @Test
  void numbersEachRecordByItsLinesAndKeepsItsText() {
    List<CsvRecords.Record> records =
        read(
            "\uFEFFcontact_id,first_name,note\r\n"
                + "c-1,Ann,\"likes \"\"cats\"\", dogs\"\r\n"
                + "\r\n"
                + "c-2,Bob,\"two\r\nlines\"\r\n"
                + "c-3,Cy,\n",
            ',');

    assertThat(records)
        .extracting(CsvRecords.Record::position)
        .containsExactly("line 1", "line 2", "lines 4-5", "line 6");
    assertThat(records.get(0).values()).containsExactly("contact_id", "first_name", "note");
    assertThat(records.get(1).values()).containsExactly("c-1", "Ann", "likes \"cats\", dogs");
    assertThat(records.get(1).text()).isEqualTo("c-1,Ann,\"likes \"\"cats\"\", dogs\"");
    assertThat(records.get(2).values()).containsExactly("c-2", "Bob", "two\nlines");
    assertThat(records.get(2).text()).isEqualTo("c-2,Bob,\"two\nlines\"");
    assertThat(records.get(3).values()).containsExactly("c-3", "Cy", "");
    assertThat(records).allMatch(record -> record.problem() == null);
  }

  @Test
  void aBadRecordCostsOnlyItself() {
    List<CsvRecords.Record> records =
        read("id,name\n1,\"Ann\"x\n2,\"never closed\n3,Cy\n4,Dee\n", ',');

    assertThat(records)
        .extracting(CsvRecords.Record::position, CsvRecords.Record::problem)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("line 1", null),
            org.assertj.core.groups.Tuple.tuple(
                "line 2",
                "not well-formed CSV: Invalid character between encapsulated token and delimiter"),
            org.assertj.core.groups.Tuple.tuple(
                "line 3",
                "not well-formed CSV: a quoted value opened on this line is not closed before the"
                    + " end of the file"),
            org.assertj.core.groups.Tuple.tuple("line 4", null),
            org.assertj.core.groups.Tuple.tuple("line 5", null));
    assertThat(records.get(2).text()).isEqualTo("2,\"never closed");
    assertThat(records.get(3).values()).containsExactly("3", "Cy");
  }

  @Test
  void aQuoteStillOpenAfterTheLongestRecordIsALineOfItsOwn() {
    StringBuilder text = new StringBuilder("id,note\n1,\"open\n");
    for (int i = 0; i < CsvRecords.MAX_LINES_PER_RECORD + 10; i++) {
      text.append("2,more\n");
    }
    text.append("3,\"closed\"\n");

    List<CsvRecords.Record> records = read(text.toString(), ',');

    assertThat(records.get(1).position()).isEqualTo("line 2");
    assertThat(records.get(1).problem())
        .isEqualTo(
            "not well-formed CSV: a quoted value opened on this line is not closed within "
                + CsvRecords.MAX_LINES_PER_RECORD
                + " lines");
    assertThat(records.get(2).position()).isEqualTo("line 3");
    assertThat(records.get(2).values()).containsExactly("2", "more");
    assertThat(records).hasSize(CsvRecords.MAX_LINES_PER_RECORD + 13);
  }

  @Test
  void readsSemicolonAndTabSeparatedFiles() {
    assertThat(CsvRecords.delimiterOf("email;first_name;last_name")).isEqualTo(';');
    assertThat(CsvRecords.delimiterOf("email\tfirst_name")).isEqualTo('\t');
    assertThat(CsvRecords.delimiterOf("email")).isEqualTo(',');
    assertThat(read("email;name\nann@x.test;\"Ann; Jr\"\n", ';').get(1).values())
        .containsExactly("ann@x.test", "Ann; Jr");
  }

  private static List<CsvRecords.Record> read(String text, char delimiter) {
    List<CsvRecords.Record> records = new ArrayList<>();
    new CsvRecords(new BufferedReader(new StringReader(text)), delimiter)
        .forEachRemaining(records::add);
    return records;
  }
}
