package io.segmentflow.batch.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.segments.catalog.Catalog;
import io.segmentflow.segments.data.Contact;
import io.segmentflow.segments.generate.SampleDataGenerator;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CsvContactsTest {

  private static final Catalog CATALOG = SampleDataGenerator.CATALOG;
  private static final Instant AT = Instant.parse("2026-11-22T10:00:00Z");

  @Test
  void readsStandardAndCustomColumnsTypedByTheCatalog() {
    CsvContacts csv =
        CsvContacts.forHeader(
            "contacts.csv",
            List.of(
                " Contact_ID",
                "email",
                "tags",
                "unsubscribed",
                "updated_at",
                "custom.birthday",
                "custom.lifetime_value",
                "custom.vip",
                "custom.interests"),
            CATALOG);

    Contact contact =
        csv.read(
            List.of(
                "c-1",
                " ann@x.test ",
                "vip| newsletter|",
                "true",
                "2026-11-01T08:00:00Z",
                "1990-05-03",
                "1234.50",
                "false",
                "golf|wine"),
            AT);

    assertThat(contact.contactId()).isEqualTo("c-1");
    assertThat(contact.email()).isEqualTo("ann@x.test");
    assertThat(contact.tags()).containsExactly("vip", "newsletter");
    assertThat(contact.unsubscribed()).isTrue();
    assertThat(contact.marketingConsent()).isNull();
    assertThat(contact.updatedAt()).isEqualTo(Instant.parse("2026-11-01T08:00:00Z"));
    assertThat(contact.createdAt()).isEqualTo(AT);
    assertThat(contact.customFields())
        .isEqualTo(
            Map.of(
                "birthday",
                LocalDate.of(1990, 5, 3),
                "lifetime_value",
                new BigDecimal("1234.50"),
                "vip",
                false,
                "interests",
                List.of("golf", "wine")));
  }

  @Test
  void emptyCellsAreMissingValues() {
    CsvContacts csv =
        CsvContacts.forHeader("c.csv", List.of("contact_id", "first_name", "custom.plan"), CATALOG);

    Contact contact = csv.read(List.of("c-1", "  ", ""), AT);

    assertThat(contact.firstName()).isNull();
    assertThat(contact.customFields()).isEmpty();
    assertThat(contact.updatedAt()).isEqualTo(AT);
    assertThat(contact.unsubscribed()).isFalse();
  }

  @Test
  void refusesARowNamingTheColumnAtFault() {
    CsvContacts csv =
        CsvContacts.forHeader(
            "c.csv", List.of("contact_id", "custom.birthday", "marketing_consent"), CATALOG);

    assertThatThrownBy(() -> csv.read(List.of("c-1", "May 3", ""), AT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "custom.birthday: expected an ISO-8601 date such as 2026-11-22, got String 'May 3'");
    assertThatThrownBy(() -> csv.read(List.of("c-1", "", "yes"), AT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("marketing_consent: expected true or false, got String 'yes'");
    assertThatThrownBy(() -> csv.read(List.of(" ", "", ""), AT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("contact_id: required, expected a non-blank text");
    assertThatThrownBy(() -> csv.read(List.of("c-1", ""), AT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected 3 values, one per column of the header, got 2");
  }

  @Test
  void refusesAHeaderItCannotRead() {
    assertThatThrownBy(
            () -> CsvContacts.forHeader("c.csv", List.of("contact_id", "emial"), CATALOG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "c.csv: unknown column 'emial': contact columns are contact_id, email, phone,"
                + " first_name, last_name, country, language, city, created_at, updated_at,"
                + " company_id, unsubscribed, marketing_consent, tags, and custom.NAME for a"
                + " custom field");
    assertThatThrownBy(
            () -> CsvContacts.forHeader("c.csv", List.of("contact_id", "custom.shoe"), CATALOG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "c.csv: column 'custom.shoe' is not a custom field of the catalog, which declares"
                + " birthday, interests, lifetime_value, plan, vip: declare it in catalog.json or"
                + " fix the column name");
    assertThatThrownBy(() -> CsvContacts.forHeader("c.csv", List.of("email"), CATALOG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("c.csv: the header has no contact_id column: every row needs the contact's id");
    assertThatThrownBy(
            () -> CsvContacts.forHeader("c.csv", List.of("contact_id", "Email", "email"), CATALOG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("c.csv: the header names column 'email' twice");
  }
}
