package io.segmentflow.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

class GeneratedRecordsTest {

  @Test
  void eventWithTypedPropertiesSurvivesABinaryRoundTrip() throws Exception {
    Event order =
        Event.newBuilder()
            .setEventId("e-1")
            .setContactId("c-1")
            .setEventType("order")
            .setOccurredAt(Instant.parse("2026-11-20T10:15:30.123Z"))
            .setProperties(
                Map.of(
                    "amount", TypedValue.newBuilder().setNumber(129.9).build(),
                    "currency", TypedValue.newBuilder().setText("EUR").build(),
                    "products",
                        TypedValue.newBuilder().setTextList(List.of("sku-1", "sku-2")).build(),
                    "delivery",
                        TypedValue.newBuilder().setDate(LocalDate.of(2026, 11, 24)).build()))
            .build();

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
    new SpecificDatumWriter<>(Event.class).write(order, encoder);
    encoder.flush();
    BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null);
    Event decoded = new SpecificDatumReader<>(Event.class).read(null, decoder);

    assertThat(decoded).isEqualTo(order);
    assertThat(decoded.getOccurredAt()).isEqualTo(Instant.parse("2026-11-20T10:15:30.123Z"));
    assertThat(decoded.getProperties().get("products").getTextList())
        .containsExactly("sku-1", "sku-2");
  }

  @Test
  void listActionSourceFallsBackToOtherForSymbolsAReaderDoesNotKnow() {
    assertThat(ListAction.getClassSchema().getField("source").schema().getEnumDefault())
        .isEqualTo("OTHER");
  }
}
