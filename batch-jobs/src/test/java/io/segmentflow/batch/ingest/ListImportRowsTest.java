package io.segmentflow.batch.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.segments.data.ListAction;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListImportRowsTest {

  @Test
  void aRowNamesItsContactByIdOrElseByEmail() {
    ListImportRows rows =
        ListImportRows.forHeader("vip.csv", List.of("First name", " EMAIL ", "contact_id"));

    assertThat(rows.read(List.of("Ann", "ann@x.test", "")))
        .isEqualTo(new ListImportRows.Entry(null, "ann@x.test", ListAction.Type.ADD));
    assertThat(rows.read(List.of("Bob", "bob@x.test", "c-2")))
        .isEqualTo(new ListImportRows.Entry("c-2", null, ListAction.Type.ADD));
  }

  @Test
  void anActionColumnAddsOrRemoves() {
    ListImportRows rows = ListImportRows.forHeader("vip.csv", List.of("email", "Action"));

    assertThat(rows.read(List.of("a@x.test", "Remove")).type()).isEqualTo(ListAction.Type.REMOVE);
    assertThat(rows.read(List.of("a@x.test", "add")).type()).isEqualTo(ListAction.Type.ADD);
    assertThat(rows.read(List.of("a@x.test", "")).type()).isEqualTo(ListAction.Type.ADD);
    assertThatThrownBy(() -> rows.read(List.of("a@x.test", "delete")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("action: expected add or remove, got 'delete'");
    assertThatThrownBy(() -> rows.read(List.of(" ", "add")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no email on this row");
  }

  @Test
  void refusesAHeaderWithoutEmailOrContactId() {
    assertThatThrownBy(() -> ListImportRows.forHeader("vip.csv", List.of("name", "mail")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "vip.csv: a list import names its contacts in an email or a contact_id column, and"
                + " the header has neither: name, mail");
  }

  @Test
  void actionIdsAreTheSameForTheSameRowOfTheSameFileAndList() {
    String id = ListImportRows.actionId("vip.csv", "vip-list", 7, "ann@x.test");

    assertThat(id).startsWith("csv-import-").hasSize("csv-import-".length() + 32);
    assertThat(ListImportRows.actionId("vip.csv", "vip-list", 7, "ann@x.test")).isEqualTo(id);
    assertThat(ListImportRows.actionId("vip.csv", "other-list", 7, "ann@x.test")).isNotEqualTo(id);
    assertThat(ListImportRows.actionId("vip.csv", "vip-list", 8, "ann@x.test")).isNotEqualTo(id);
    assertThat(ListImportRows.actionId("vip.csv", "vip-list", 7, "bob@x.test")).isNotEqualTo(id);
    assertThat(ListImportRows.actionId("vip2.csv", "vip-list", 7, "ann@x.test")).isNotEqualTo(id);
  }
}
