package io.segmentflow.segments.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.schemas.TypedValue;
import io.segmentflow.segments.catalog.Catalog;
import io.segmentflow.segments.generate.GeneratorOptions;
import io.segmentflow.segments.generate.SampleDataGenerator;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AvroRecordsTest {

  private static final Instant AT = Instant.parse("2026-11-22T10:15:30.250Z");

  @Test
  void generatedRecordsComeBackFromAvroBytesWithEqualValues() throws IOException {
    SampleDataGenerator generator =
        new SampleDataGenerator(new GeneratorOptions(3, 100, 5, 20, 90, AT));

    for (Company company : generator.companies().toList()) {
      assertSameValues(
          AvroRecords.fromAvro(
              io.segmentflow.schemas.Company.fromByteBuffer(
                  AvroRecords.toAvro(company).toByteBuffer())),
          company);
    }
    for (ContactData data : generator.contacts().toList()) {
      assertSameValues(
          AvroRecords.fromAvro(
              io.segmentflow.schemas.Contact.fromByteBuffer(
                  AvroRecords.toAvro(data.contact()).toByteBuffer())),
          data.contact());
      for (Event event : data.events()) {
        assertSameValues(
            AvroRecords.fromAvro(
                io.segmentflow.schemas.Event.fromByteBuffer(
                    AvroRecords.toAvro(event).toByteBuffer())),
            event);
      }
      for (ListAction action : data.listActions()) {
        assertThat(
                AvroRecords.fromAvro(
                    io.segmentflow.schemas.ListAction.fromByteBuffer(
                        AvroRecords.toAvro(action).toByteBuffer())))
            .isEqualTo(action);
      }
    }
  }

  @Test
  void eachValueTypeTravelsInItsOwnField() {
    assertThat(AvroRecords.toTypedValue("pro").getText()).isEqualTo("pro");
    assertThat(AvroRecords.toTypedValue(new BigDecimal("19.99")).getNumber()).isEqualTo(19.99);
    assertThat(AvroRecords.toTypedValue(true).getFlag()).isTrue();
    assertThat(AvroRecords.toTypedValue(AT).getTimestamp()).isEqualTo(AT);
    assertThat(AvroRecords.toTypedValue(LocalDate.of(1990, 5, 3)).getDate())
        .isEqualTo(LocalDate.of(1990, 5, 3));
    assertThat(AvroRecords.toTypedValue(List.of("a", "b")).getTextList()).containsExactly("a", "b");
    assertThat(AvroRecords.toTypedValue(List.of("a")).getText()).isNull();
  }

  @Test
  void numbersComeBackAsTheShortestDecimalOfTheirDouble() {
    assertThat(AvroRecords.fromTypedValue(AvroRecords.toTypedValue(new BigDecimal("19.99"))))
        .isEqualTo(new BigDecimal("19.99"));
    assertThat(AvroRecords.fromTypedValue(AvroRecords.toTypedValue(new BigDecimal("19.90"))))
        .isEqualTo(new BigDecimal("19.9"));
  }

  @Test
  void rejectsATypedValueWithNoneOrSeveralFieldsSet() {
    io.segmentflow.schemas.Event event =
        AvroRecords.toAvro(new Event("e-1", "c-1", "order", AT, Map.of("amount", BigDecimal.ONE)));
    event.getProperties().get("amount").setText("one");

    assertThatThrownBy(() -> AvroRecords.fromTypedValue(new TypedValue()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("a TypedValue has exactly one field set, found 0: ");
    assertThatThrownBy(() -> AvroRecords.fromAvro(event))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "properties.amount: a TypedValue has exactly one field set, found 2");
  }

  @Test
  void recordsFromOutsideAreTypedByTheCatalogAsJsonLinesAre() {
    Catalog catalog = SampleDataGenerator.CATALOG;
    io.segmentflow.schemas.Event order =
        AvroRecords.toAvro(
            new Event("e-1", "c-1", "order", AT, Map.of("amount", "12.5", "coupon", "BF26")));
    io.segmentflow.schemas.Contact contact =
        AvroRecords.toAvro(
            Contact.builder("c-1").customFields(Map.of("birthday", "1990-05-03")).build());

    assertThat(AvroRecords.fromAvro(order, catalog).properties())
        .isEqualTo(Map.of("amount", new BigDecimal("12.5"), "coupon", "BF26"));
    assertThat(AvroRecords.fromAvro(contact, catalog).customFields())
        .isEqualTo(Map.of("birthday", LocalDate.of(1990, 5, 3)));
    assertThat(AvroRecords.fromAvro(contact, Catalog.standard()).customFields())
        .isEqualTo(Map.of("birthday", "1990-05-03"));
  }

  @Test
  void refusesRecordsFromOutsideAsJsonLinesAreRefused() {
    Catalog catalog = SampleDataGenerator.CATALOG;
    io.segmentflow.schemas.Event order =
        AvroRecords.toAvro(new Event("e-1", "c-1", "order", AT, Map.of("amount", "lots")));
    io.segmentflow.schemas.Event blank =
        AvroRecords.toAvro(new Event("e-1", " ", "page_visit", AT, Map.of()));
    io.segmentflow.schemas.Company company =
        AvroRecords.toAvro(new Company("co-1", "Acme", null, 3L, "FR", AT, Map.of("tier", true)));
    io.segmentflow.schemas.ListAction action =
        AvroRecords.toAvro(
            new ListAction("", "c-1", "vip-list", ListAction.Type.ADD, ListAction.Source.API, AT));

    assertThatThrownBy(() -> AvroRecords.fromAvro(order, catalog))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("properties.amount: expected a number, got String 'lots'");
    assertThatThrownBy(() -> AvroRecords.fromAvro(blank, catalog))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("contact_id: required, expected a non-blank text");
    assertThatThrownBy(() -> AvroRecords.fromAvro(company, catalog))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("custom_fields.tier: expected a text, got Boolean 'true'");
    assertThatThrownBy(() -> AvroRecords.fromAvro(action, catalog))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("action_id: required, expected a non-blank text");
  }

  /** Equal, but for numbers, which are compared by value: 19.90 came back as 19.9. */
  private static void assertSameValues(Object actual, Object expected) {
    assertThat(actual)
        .usingRecursiveComparison()
        .withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
        .isEqualTo(expected);
  }
}
