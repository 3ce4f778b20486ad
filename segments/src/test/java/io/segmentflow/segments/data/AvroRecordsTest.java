package io.segmentflow.segments.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.schemas.TypedValue;
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

  /** Equal, but for numbers, which are compared by value: 19.90 came back as 19.9. */
  private static void assertSameValues(Object actual, Object expected) {
    assertThat(actual)
        .usingRecursiveComparison()
        .withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
        .isEqualTo(expected);
  }
}
