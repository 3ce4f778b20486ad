package io.segmentflow.streaming;

import static io.segmentflow.streaming.StreamingTestKit.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.schemas.ChangeType;
import io.segmentflow.schemas.MembershipChange;
import io.segmentflow.schemas.MembershipReason;
import io.segmentflow.schemas.QuarantinedRecord;
import io.segmentflow.segments.data.Contact;
import io.segmentflow.segments.data.Event;
import io.segmentflow.segments.data.ListAction;
import io.segmentflow.streaming.input.WireFormat;
import io.segmentflow.streaming.kafka.KafkaClients;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The job end to end, on a real Kafka broker and Flink's MiniCluster. */
class StreamingJobITCase {

  @RegisterExtension static final MiniClusterExtension FLINK = StreamingTestKit.miniCluster();

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Instant T0 = Instant.parse("2026-11-10T09:00:00Z");

  private static final String FRENCH =
      "{\"id\":\"french\",\"name\":\"French\",\"kind\":\"dynamic\","
          + "\"filter\":{\"field\":\"country\",\"op\":\"eq\",\"value\":\"FR\"}}";
  private static final String OPENED_7_DAYS =
      "{\"id\":\"opened-7-days\",\"name\":\"Opened in the last 7 days\",\"kind\":\"dynamic\","
          + "\"filter\":{\"event\":\"email_open\",\"window\":{\"last\":7,\"unit\":\"days\"}}}";
  private static final String GERMAN =
      "{\"id\":\"german\",\"name\":\"German\",\"kind\":\"dynamic\","
          + "\"filter\":{\"field\":\"country\",\"op\":\"eq\",\"value\":\"DE\"}}";

  @TempDir Path checkpoints;

  @Test
  void contactsEnterAndExitAsTheirProfileEventsAndOverridesChange() throws Exception {
    try (StreamingTestKit kit = new StreamingTestKit()) {
      kit.definition("french", FRENCH);
      kit.definition("opened-7-days", OPENED_7_DAYS);
      JobClient job = kit.start(kit.replayConfig(Duration.ofMinutes(1)), checkpoints, null);
      try {
        kit.contact(contact("c1", "FR"), T0);
        kit.event(open("c1", "e1", T0.plusSeconds(60)));
        await("c1 enters both", WAIT, () -> changes(kit).size() == 2);

        kit.contact(contact("c1", "DE"), T0.plusSeconds(120));
        kit.listAction(
            new ListAction(
                "a1",
                "c1",
                "opened-7-days",
                ListAction.Type.EXCLUDE,
                ListAction.Source.MANUAL,
                T0.plusSeconds(180)));
        await("c1 exits both", WAIT, () -> changes(kit).size() == 4);

        List<MembershipChange> changes = changes(kit);
        assertThat(changes)
            .extracting(c -> c.getSegmentId() + " " + c.getChange() + " " + c.getReason())
            .containsExactlyInAnyOrder(
                "french ENTERED FILTER",
                "opened-7-days ENTERED FILTER",
                "french EXITED FILTER",
                "opened-7-days EXITED MANUAL_EXCLUDE");
        assertThat(kit.feed().currentMembers(null)).isEmpty();
      } finally {
        StreamingTestKit.cancel(job);
      }
    }
  }

  @Test
  void timeAloneMovesAContactOutOfAWindowAtTheTickAfterItsExactMoment() throws Exception {
    try (StreamingTestKit kit = new StreamingTestKit()) {
      kit.definition("opened-7-days", OPENED_7_DAYS);
      JobClient job = kit.start(kit.replayConfig(Duration.ofMinutes(1)), checkpoints, null);
      try {
        kit.contact(contact("c2", "FR"), T0);
        kit.event(open("c2", "e2", T0));
        await("c2 enters", WAIT, () -> changes(kit).size() == 1);
        assertThat(kit.feed().currentMembers("opened-7-days")).containsOnlyKeys("c2");

        // Only another contact's activity moves event time on, here 30 s past the exact moment.
        Instant exactly = Instant.parse("2026-11-18T00:00:00Z");
        kit.contact(contact("other", "DE"), exactly.plusSeconds(30));
        await("c2 exits with no event of its own", WAIT, () -> changes(kit).size() == 2);

        MembershipChange exit = changes(kit).get(1);
        assertThat(exit.getContactId()).isEqualTo("c2");
        assertThat(exit.getChange()).isEqualTo(ChangeType.EXITED);
        // 7 whole days plus the current one: the open of 10 Nov leaves at 18 Nov 00:00 UTC; the
        // exit is seen once event time passes that moment, within the tick of one minute.
        assertThat(exit.getChangedAt()).isBetween(exactly, exactly.plus(Duration.ofMinutes(1)));
        assertThat(kit.feed().currentMembers("opened-7-days")).isEmpty();
      } finally {
        StreamingTestKit.cancel(job);
      }
    }
  }

  @Test
  void definitionsAddedEditedAndDeletedAtRunTimeTakeEffectWithoutARestart() throws Exception {
    try (StreamingTestKit kit = new StreamingTestKit()) {
      kit.definition("french", FRENCH);
      JobClient job = kit.start(kit.replayConfig(Duration.ofMinutes(1)), checkpoints, null);
      try {
        kit.contact(contact("c3", "FR"), T0);
        kit.contact(contact("c4", "DE"), T0);
        await("c3 enters french", WAIT, () -> changes(kit).size() == 1);

        kit.definition("german", GERMAN);
        await("c4 enters the new segment", WAIT, () -> changes(kit).size() == 2);

        kit.definition("german", GERMAN.replace("\"DE\"", "\"FR\""));
        await("the edit moves c4 out and c3 in", WAIT, () -> changes(kit).size() == 4);

        kit.definition("french", null);
        await("deleting french exits c3", WAIT, () -> changes(kit).size() == 5);

        // c3's next input starts from the state the definition changes left, not from the one its
        // previous input left (which the evaluator's state cache held)
        kit.contact(contact("c3", "DE"), T0.plusSeconds(60));
        await("c3 leaves the edited segment", WAIT, () -> changes(kit).size() == 6);

        assertThat(changes(kit))
            .extracting(c -> c.getContactId() + " " + c.getSegmentId() + " " + c.getChange())
            .containsExactlyInAnyOrder(
                "c3 french ENTERED",
                "c4 german ENTERED",
                "c4 german EXITED",
                "c3 german ENTERED",
                "c3 french EXITED",
                "c3 german EXITED");
        assertThat(changes(kit))
            .filteredOn(
                c -> c.getSegmentId().equals("french") && c.getChange() == ChangeType.EXITED)
            .extracting(MembershipChange::getReason)
            .containsExactly(MembershipReason.SEGMENT_DELETED);
        assertThat(kit.feed().currentMembers(null)).isEmpty();
      } finally {
        StreamingTestKit.cancel(job);
      }
    }
  }

  @Test
  void badRecordsAndRefusedDefinitionsGoToTheDeadLetterTopicAndNothingIsLost() throws Exception {
    try (StreamingTestKit kit = new StreamingTestKit()) {
      kit.definition("french", FRENCH);
      JobClient job = kit.start(kit.replayConfig(Duration.ofMinutes(1)), checkpoints, null);
      try {
        byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);
        kit.send(kit.topics.events(), "c5", garbage, T0);
        kit.send(
            kit.topics.events(),
            "c5",
            WireFormat.encode(new Event(" ", "c5", "email_open", T0, Map.of())),
            T0);
        kit.contact(contact("c5", "FR"), T0);
        kit.definition(
            "broken",
            "{\"id\":\"broken\",\"name\":\"x\",\"kind\":\"dynamic\","
                + "\"filter\":{\"field\":\"contry\",\"op\":\"eq\",\"value\":\"FR\"}}");
        await("three dead letters", WAIT, () -> deadLetters(kit).size() == 3);
        await("the valid contact still enters", WAIT, () -> changes(kit).size() == 1);

        List<QuarantinedRecord> letters = deadLetters(kit);
        assertThat(letters)
            .extracting(QuarantinedRecord::getSource)
            .containsExactlyInAnyOrder(
                kit.topics.events(), kit.topics.events(), kit.topics.definitions());
        assertThat(letters.get(0).getReason()).isNotBlank();
        assertThat(letters)
            .anySatisfy(l -> assertThat(bytes(l.getPayload())).isEqualTo(garbage))
            .anySatisfy(l -> assertThat(l.getReason()).contains("event_id"))
            .anySatisfy(l -> assertThat(l.getReason()).contains("$.filter.field", "country"));
      } finally {
        StreamingTestKit.cancel(job);
      }
    }
  }

  static Contact contact(String id, String country) {
    return Contact.builder(id).email(id + "@example.com").country(country).build();
  }

  static Event open(String contactId, String eventId, Instant at) {
    return new Event(eventId, contactId, "email_open", at, Map.of());
  }

  static List<MembershipChange> changes(StreamingTestKit kit) {
    try {
      return kit.feed().changesSoFar();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static List<QuarantinedRecord> deadLetters(StreamingTestKit kit) {
    List<QuarantinedRecord> letters = new ArrayList<>();
    try {
      KafkaClients.readToEnd(
          StreamingTestKit.bootstrapServers(),
          kit.topics.deadLetters(),
          record -> letters.add(decode(record.value())));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return letters;
  }

  private static QuarantinedRecord decode(byte[] value) {
    try {
      return QuarantinedRecord.getDecoder().decode(value);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }
}
