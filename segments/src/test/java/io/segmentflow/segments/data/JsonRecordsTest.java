package io.segmentflow.segments.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.segments.catalog.Catalog;
import io.segmentflow.segments.generate.GeneratorOptions;
import io.segmentflow.segments.generate.SampleDataGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class JsonRecordsTest {

  private static final JsonRecords JSON = new JsonRecords(SampleDataGenerator.CATALOG);
  private static final Instant AT = Instant.parse("2026-11-22T10:15:30.250Z");

  @Test
  void writesNaturalJsonWithSnakeCaseKeysAndOmitsMissingValues() {
    Contact contact =
        Contact.builder("c-1")
            .email("Élodie.Martin@Gmail.com")
            .firstName("Élodie")
            .country("FR")
            .createdAt(AT)
            .updatedAt(AT)
            .tags("vip", "Black-Friday")
            .marketingConsent(false)
            .customFields(
                Map.of(
                    "birthday", LocalDate.parse("1990-05-03"),
                    "lifetime_value", new BigDecimal("120.50"),
                    "interests", List.of("yoga")))
            .build();

    assertThat(JsonRecords.toLine(contact))
        .isEqualTo(
            "{\"contact_id\":\"c-1\",\"email\":\"Élodie.Martin@Gmail.com\","
                + "\"first_name\":\"Élodie\",\"country\":\"FR\","
                + "\"created_at\":\"2026-11-22T10:15:30.250Z\","
                + "\"updated_at\":\"2026-11-22T10:15:30.250Z\",\"tags\":[\"vip\",\"Black-Friday\"],"
                + "\"unsubscribed\":false,\"marketing_consent\":false,"
                + "\"custom_fields\":{\"birthday\":\"1990-05-03\",\"interests\":[\"yoga\"],"
                + "\"lifetime_value\":120.50}}");
    assertThat(
            JsonRecords.toLine(
                new ListAction(
                    "a-1",
                    "c-1",
                    "engaged-subscribers",
                    ListAction.Type.CLEAR_OVERRIDE,
                    ListAction.Source.CSV_IMPORT,
                    AT)))
        .isEqualTo(
            "{\"action_id\":\"a-1\",\"contact_id\":\"c-1\",\"list_id\":\"engaged-subscribers\","
                + "\"action\":\"clear_override\",\"source\":\"csv_import\","
                + "\"occurred_at\":\"2026-11-22T10:15:30.250Z\"}");
    assertThat(JsonRecords.toLine(new Company("co-1", null, null, 250L, null, AT, Map.of())))
        .isEqualTo(
            "{\"company_id\":\"co-1\",\"size\":250,\"updated_at\":\"2026-11-22T10:15:30.250Z\"}");
  }

  @Test
  void generatedRecordsReadBackEqual() {
    SampleDataGenerator generator =
        new SampleDataGenerator(new GeneratorOptions(3, 300, 15, 20, 90, AT));

    generator
        .companies()
        .forEach(
            company ->
                assertThat(JSON.readCompany(JsonRecords.toLine(company))).isEqualTo(company));
    generator
        .contacts()
        .forEach(
            data -> {
              Contact contact = data.contact();
              assertThat(JSON.readContact(JsonRecords.toLine(contact))).isEqualTo(contact);
              data.events()
                  .forEach(
                      event ->
                          assertThat(JSON.readEvent(JsonRecords.toLine(event))).isEqualTo(event));
              data.listActions()
                  .forEach(
                      action ->
                          assertThat(JSON.readListAction(JsonRecords.toLine(action)))
                              .isEqualTo(action));
            });
  }

  @Test
  void keepsDecimalsExact() {
    Event order =
        new Event(
            "e-1",
            "c-1",
            "order",
            AT,
            Map.of("amount", new BigDecimal("19.90"), "currency", "EUR"));

    String line = JsonRecords.toLine(order);

    assertThat(line).contains("\"amount\":19.90");
    assertThat(JSON.readEvent(line).properties().get("amount")).isEqualTo(new BigDecimal("19.90"));
  }

  @Test
  void typesDeclaredValuesByTheCatalogAndOthersByTheirJsonType() {
    Event event =
        JSON.readEvent(
            "{\"event_id\":\"e-1\",\"contact_id\":\"c-1\",\"event_type\":\"order\","
                + "\"occurred_at\":\"2026-11-22T10:00:00Z\",\"properties\":{\"amount\":\"12.5\","
                + "\"products\":[\"sku-cap\"],\"coupon\":\"BF26\",\"items\":2,\"gift\":true,"
                + "\"labels\":[\"x\"],\"note\":null}}");
    Contact contact =
        JSON.readContact(
            "{\"contact_id\":\"c-1\",\"created_at\":\"2026-01-01T00:00:00Z\","
                + "\"updated_at\":\"2026-01-01T00:00:00Z\",\"unsubscribed\":true,"
                + "\"custom_fields\":{\"birthday\":\"1990-05-03\",\"vip\":\"true\"}}");

    assertThat(event.properties())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "amount",
                new BigDecimal("12.5"),
                "products",
                List.of("sku-cap"),
                "coupon",
                "BF26",
                "items",
                new BigDecimal("2"),
                "gift",
                true,
                "labels",
                List.of("x")));
    assertThat(contact.customFields())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("birthday", LocalDate.parse("1990-05-03"), "vip", true));
    assertThat(contact.unsubscribed()).isTrue();
    assertThat(contact.tags()).isEmpty();
    assertThat(contact.email()).isNull();
  }

  @Test
  void aListActionWithoutSourceComesFromOtherSources() {
    ListAction action =
        JSON.readListAction(
            "{\"action_id\":\"a-1\",\"contact_id\":\"c-1\",\"list_id\":\"vip-list\","
                + "\"action\":\"add\",\"occurred_at\":\"2026-11-22T10:00:00Z\"}");

    assertThat(action.source()).isEqualTo(ListAction.Source.OTHER);
  }

  @Test
  void rejectsABadLineNamingTheFieldAndWhatWasExpected() {
    String event =
        "{\"event_id\":\"e-1\",\"contact_id\":\"c-1\",\"event_type\":\"order\","
            + "\"occurred_at\":\"2026-11-22T10:00:00Z\"";

    assertRejected(
        JSON::readEvent,
        event.replace("2026-11-22T10:00:00Z", "yesterday") + "}",
        "occurred_at: expected an ISO-8601 UTC instant such as 2026-11-22T10:00:00Z,"
            + " got String 'yesterday'");
    assertRejected(
        JSON::readEvent,
        event.replace("\"contact_id\":\"c-1\",", "") + "}",
        "contact_id: required, expected a text, got nothing");
    assertRejected(
        JSON::readEvent,
        event.replace("\"c-1\"", "\" \"") + "}",
        "contact_id: required, expected a non-blank text");
    assertRejected(
        JSON::readEvent,
        event.replace("\"c-1\"", "42") + "}",
        "contact_id: expected a text, got BigDecimal '42'");
    assertRejected(
        JSON::readEvent,
        event + ",\"properties\":{\"amount\":\"lots\"}}",
        "properties.amount: expected a number, got String 'lots'");
    assertRejected(
        JSON::readEvent,
        event + ",\"properties\":{\"cart\":{\"size\":2}}}",
        "properties.cart: expected a text, got ObjectNode '{\"size\":2}'");
    assertRejected(
        JSON::readEvent,
        event + ",\"properties\":[1]}",
        "properties: expected an object of name: value, got [1]");
    assertRejected(
        JSON::readContact,
        "{\"contact_id\":\"c-1\",\"created_at\":\"2026-01-01T00:00:00Z\","
            + "\"updated_at\":\"2026-01-01T00:00:00Z\",\"custom_fields\":{\"birthday\":\"May 3\"}}",
        "custom_fields.birthday: expected an ISO-8601 date such as 2026-11-22, got String 'May 3'");
    assertRejected(
        JSON::readCompany,
        "{\"company_id\":\"co-1\",\"updated_at\":\"2026-01-01T00:00:00Z\",\"size\":12.5}",
        "size: expected a whole number, got 12.5");
    assertRejected(
        JSON::readListAction,
        "{\"action_id\":\"a-1\",\"contact_id\":\"c-1\",\"list_id\":\"vip-list\","
            + "\"action\":\"delete\",\"occurred_at\":\"2026-11-22T10:00:00Z\"}",
        "action: expected one of clear_override, add, include, remove, exclude, got 'delete'");
    assertRejected(JSON::readEvent, "[1]", "expected a JSON object, got: [1]");
  }

  @Test
  void rejectsALineThatIsNotOneJsonObject() {
    assertThatThrownBy(() -> JSON.readEvent("{\"event_id\":"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not well-formed JSON: Unexpected end-of-input");
    assertThatThrownBy(() -> JSON.readEvent("{\"event_id\":\"e-1\",\"event_id\":\"e-2\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not well-formed JSON: Duplicate field 'event_id'");
    assertThatThrownBy(() -> JSON.readEvent("{} {}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not well-formed JSON: Trailing token");
  }

  @Test
  void aLineWriterWritesOneRecordPerLine() throws IOException {
    Event event = new Event("e-1", "c-1", "page_visit", AT, Map.of("url", "https://x.test/"));
    ListAction action =
        new ListAction("a-1", "c-1", "vip-list", ListAction.Type.ADD, ListAction.Source.API, AT);
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    try (JsonRecords.LineWriter writer = JsonRecords.lineWriter(out)) {
      writer.write(event);
      writer.write(action);
    }

    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo(JsonRecords.toLine(event) + "\n" + JsonRecords.toLine(action) + "\n");
  }

  @Test
  void theStandardCatalogReadsUndeclaredCustomFieldsByTheirJsonType() {
    Contact contact =
        new JsonRecords(Catalog.standard())
            .readContact(
                "{\"contact_id\":\"c-1\",\"created_at\":\"2026-01-01T00:00:00Z\","
                    + "\"updated_at\":\"2026-01-01T00:00:00Z\","
                    + "\"custom_fields\":{\"birthday\":\"1990-05-03\"}}");

    assertThat(contact.customFields()).isEqualTo(Map.of("birthday", "1990-05-03"));
  }

  private static void assertRejected(Function<String, ?> reader, String line, String message) {
    assertThatThrownBy(() -> reader.apply(line))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
