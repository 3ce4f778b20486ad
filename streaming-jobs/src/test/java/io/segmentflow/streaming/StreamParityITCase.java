package io.segmentflow.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.schemas.Membership;
import io.segmentflow.segments.conformance.ConformanceCases;
import io.segmentflow.segments.conformance.DifferentialCheck;
import io.segmentflow.segments.conformance.RandomContacts;
import io.segmentflow.segments.conformance.RandomSegments;
import io.segmentflow.segments.data.Company;
import io.segmentflow.segments.data.ContactData;
import io.segmentflow.segments.data.Event;
import io.segmentflow.segments.parse.DefinitionSet;
import io.segmentflow.streaming.input.InputDecoder;
import io.segmentflow.streaming.input.WireFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Parity: generated definitions over the whole language and generated boundary-heavy contacts,
 * streamed through Kafka and the job in a random order of contacts, must leave exactly the
 * memberships the core's reference evaluator computes as of the same time. The batch job is held to
 * the same reference by its own differential test (SparkDifferentialITCase), so stream and batch
 * agree contact by contact.
 */
class StreamParityITCase {

  @RegisterExtension static final MiniClusterExtension FLINK = StreamingTestKit.miniCluster();

  private static final Instant AS_OF = RandomContacts.AS_OF;
  private static final int SEGMENTS = 20;
  private static final int CONTACTS = 200;

  @TempDir Path checkpoints;

  @ParameterizedTest
  @ValueSource(longs = {20261122L, 7L})
  void theStreamEndsWithTheReferenceMembershipsAsOfTheSameTime(long seed) throws Exception {
    Map<String, String> documents = RandomSegments.generate(seed, SEGMENTS);
    DefinitionSet set = DefinitionSet.of(ConformanceCases.CATALOG, documents);
    List<ContactData> contacts =
        asReceived(upTo(AS_OF, RandomContacts.generate(seed, CONTACTS, SEGMENTS)));
    Map<String, Set<String>> expected = DifferentialCheck.reference(set, contacts, AS_OF);

    try (StreamingTestKit kit = new StreamingTestKit()) {
      for (var definition : set.inEvaluationOrder()) {
        kit.definition(definition.id(), documents.get(definition.id() + ".json"));
      }
      StreamingConfig config =
          kit.withCatalog(kit.replayConfig(Duration.ofMinutes(1)), ConformanceCases.CATALOG);
      JobClient job = kit.start(config, checkpoints, null);
      try {
        send(kit, contacts);
        // Event time reaches AS_OF exactly (an event 1 ms later, of a contact without a profile):
        // every time-driven change up to then has happened, none after.
        kit.event(new Event("clock", "clock", "page_visit", AS_OF.plusMillis(1), Map.of()));
        Map<String, Set<String>> actual = new HashMap<>();
        long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        do {
          Thread.sleep(500);
          actual.clear();
          actual.putAll(members(kit));
        } while (!DifferentialCheck.disagreements(expected, actual, documents).isEmpty()
            && System.nanoTime() < until);
        assertThat(DifferentialCheck.disagreements(expected, actual, documents)).isEmpty();
      } finally {
        job.cancel().get();
      }
    }
  }

  /** What happened up to the evaluation time: the stream applies whatever it receives. */
  private static List<ContactData> upTo(Instant asOf, List<ContactData> contacts) {
    return contacts.stream()
        .map(
            c ->
                new ContactData(
                    c.contact(),
                    c.company(),
                    c.events().stream().filter(e -> !e.occurredAt().isAfter(asOf)).toList(),
                    c.listActions().stream().filter(a -> !a.occurredAt().isAfter(asOf)).toList()))
        .toList();
  }

  /**
   * The data as the job receives it: through Kafka's wire format and the door's checks, which type
   * values by the catalog (a text '150' for a number property becomes 150, as ingestion into the
   * lakehouse does) and refuse what cannot be typed (dead-lettered, so not expected either).
   */
  private static List<ContactData> asReceived(List<ContactData> contacts) {
    InputDecoder door = new InputDecoder(ConformanceCases.CATALOG);
    return contacts.stream()
        .map(
            c ->
                new ContactData(
                    received(() -> door.contact(WireFormat.encode(c.contact()))),
                    c.company() == null
                        ? null
                        : received(() -> door.company(WireFormat.encode(c.company()))),
                    c.events().stream()
                        .map(e -> received(() -> door.event(WireFormat.encode(e))))
                        .filter(java.util.Objects::nonNull)
                        .toList(),
                    c.listActions().stream()
                        .map(a -> received(() -> door.listAction(WireFormat.encode(a))))
                        .filter(java.util.Objects::nonNull)
                        .toList()))
        .toList();
  }

  private static <T> T received(InputDecoder.Decoding<T> decoding) {
    try {
      return decoding.decode();
    } catch (Exception refused) {
      return null;
    }
  }

  private static void send(StreamingTestKit kit, List<ContactData> contacts) {
    Instant profileTime = AS_OF.minus(Duration.ofDays(400));
    Set<String> companies = new HashSet<>();
    for (ContactData data : contacts) {
      Company company = data.company();
      if (company != null && companies.add(company.companyId())) {
        kit.company(company, profileTime);
      }
      kit.contact(data.contact(), profileTime);
      // A redelivered event id counts once, its earliest copy: send the copies in time order.
      data.events().stream().sorted(Comparator.comparing(Event::occurredAt)).forEach(kit::event);
      data.listActions().forEach(kit::listAction);
    }
  }

  private static Map<String, Set<String>> members(StreamingTestKit kit) {
    Map<String, Set<String>> members = new HashMap<>();
    try {
      for (Membership m : kit.feed().currentMembers(null).values()) {
        members.computeIfAbsent(m.getSegmentId(), k -> new TreeSet<>()).add(m.getContactId());
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return members;
  }
}
