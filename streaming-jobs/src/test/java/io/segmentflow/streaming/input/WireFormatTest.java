package io.segmentflow.streaming.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.segments.data.ContactData;
import io.segmentflow.segments.data.Event;
import io.segmentflow.segments.data.ListAction;
import io.segmentflow.segments.generate.GeneratorOptions;
import io.segmentflow.segments.generate.SampleDataGenerator;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.MissingSchemaException;
import org.junit.jupiter.api.Test;

/** The job's decoders read exactly what the generated classes' own decoders read. */
class WireFormatTest {

  private final WireFormat.Decoders decoders = new WireFormat.Decoders();

  @Test
  void decodesWhatTheGeneratedDecodersDecode() throws Exception {
    SampleDataGenerator generator =
        new SampleDataGenerator(
            new GeneratorOptions(
                7,
                50,
                5,
                10,
                365,
                Instant.parse("2026-11-10T00:00:00Z"),
                GeneratorOptions.DEFAULT_OVERRIDE_SEGMENT_IDS));
    List<ContactData> contacts = generator.contacts().toList();
    for (ContactData data : contacts) {
      byte[] contact = WireFormat.encode(data.contact());
      assertThat(decoders.contact(contact))
          .isEqualTo(io.segmentflow.schemas.Contact.getDecoder().decode(contact));
      for (Event event : data.events()) {
        byte[] bytes = WireFormat.encode(event);
        assertThat(decoders.event(bytes))
            .isEqualTo(io.segmentflow.schemas.Event.getDecoder().decode(bytes));
      }
      for (ListAction action : data.listActions()) {
        byte[] bytes = WireFormat.encode(action);
        assertThat(decoders.listAction(bytes))
            .isEqualTo(io.segmentflow.schemas.ListAction.getDecoder().decode(bytes));
      }
    }
    generator
        .companies()
        .forEach(
            company -> {
              byte[] bytes = WireFormat.encode(company);
              try {
                assertThat(decoders.company(bytes))
                    .isEqualTo(io.segmentflow.schemas.Company.getDecoder().decode(bytes));
              } catch (java.io.IOException e) {
                throw new AssertionError(e);
              }
            });
  }

  @Test
  void decodesAnOutputRecordAsItsGeneratedDecoder() throws Exception {
    io.segmentflow.schemas.MembershipChange change =
        io.segmentflow.schemas.MembershipChange.newBuilder()
            .setChangeId("s1/c1/1000/ENTERED")
            .setSegmentId("s1")
            .setContactId("c1")
            .setChange(io.segmentflow.schemas.ChangeType.ENTERED)
            .setChangedAt(Instant.ofEpochMilli(1000))
            .setReason(io.segmentflow.schemas.MembershipReason.FILTER)
            .setContactable(true)
            .setProducer("stream:test")
            .build();
    byte[] bytes = WireFormat.encoded(change::toByteBuffer);
    WireFormat.Decoder<io.segmentflow.schemas.MembershipChange> decoder =
        new WireFormat.Decoder<>(
            io.segmentflow.schemas.MembershipChange.class,
            io.segmentflow.schemas.MembershipChange.getClassSchema());
    assertThat(decoder.decode(bytes))
        .isEqualTo(io.segmentflow.schemas.MembershipChange.getDecoder().decode(bytes))
        .isEqualTo(change);
  }

  @Test
  void refusesWhatTheGeneratedDecodersRefuse() {
    byte[] contact =
        WireFormat.encode(
            io.segmentflow.segments.data.Contact.builder("c1").email("c1@example.com").build());
    byte[] otherSchema = contact.clone();
    otherSchema[2] ^= 1; // another fingerprint
    assertThatThrownBy(() -> decoders.contact(otherSchema))
        .isInstanceOf(MissingSchemaException.class);
    byte[] noHeader = Arrays.copyOfRange(contact, 10, contact.length);
    assertThatThrownBy(() -> decoders.contact(noHeader)).isInstanceOf(BadHeaderException.class);
    assertThatThrownBy(() -> decoders.event(contact)).isInstanceOf(MissingSchemaException.class);
  }
}
