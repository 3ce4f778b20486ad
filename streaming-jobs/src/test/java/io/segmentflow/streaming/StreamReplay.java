package io.segmentflow.streaming;

import io.segmentflow.schemas.Membership;
import io.segmentflow.segments.catalog.Catalog;
import io.segmentflow.segments.conformance.DifferentialCheck;
import io.segmentflow.segments.data.Company;
import io.segmentflow.segments.data.ContactData;
import io.segmentflow.segments.data.Event;
import io.segmentflow.segments.model.SegmentDefinition;
import io.segmentflow.segments.parse.DefinitionSet;
import io.segmentflow.streaming.evaluate.SegmentEvaluator;
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
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.core.execution.JobClient;

/**
 * Streams definitions and contacts' data through Kafka and the job up to an evaluation time, and
 * reads the memberships a sender then sees on the membership topic.
 */
final class StreamReplay {

  private static final Duration SETTLE = Duration.ofSeconds(90);

  /**
   * Copies of one event id in the test data lie up to 17 days apart; the stream counts them once
   * within its deduplication span (two days by default, docs/streaming.md).
   */
  private static final Duration DEDUPLICATION = Duration.ofDays(30);

  /**
   * Room for the stored state of a few contacts only: the replay's inputs come in random order
   * across contacts, so each evaluator instance evicts and reads back from RocksDB all the time, as
   * well as hitting the cache, and the results must not depend on which.
   */
  private static final long STATE_CACHE = 16 << 10;

  private StreamReplay() {}

  /**
   * The members of every segment once the job has applied the data up to {@code asOf}: the first
   * reading that equals the reference evaluator's on the data as the job receives it, or the last
   * one after 90 s.
   */
  static Map<String, Set<String>> members(
      DefinitionSet set,
      Catalog catalog,
      List<ContactData> contacts,
      Instant asOf,
      Path checkpoints)
      throws Exception {
    List<ContactData> upToAsOf = upTo(asOf, contacts);
    Map<String, Set<String>> reference =
        DifferentialCheck.reference(set, asReceived(catalog, upToAsOf), asOf);
    try (StreamingTestKit kit = new StreamingTestKit()) {
      for (SegmentDefinition definition : set.inEvaluationOrder()) {
        kit.definition(definition.id(), set.canonicalJson(definition.id()));
      }
      StreamingConfig config =
          kit.withCatalog(
              kit.replayConfig(
                  new SegmentEvaluator.Settings(
                      Duration.ofMinutes(1), Duration.ofDays(3660), DEDUPLICATION, STATE_CACHE)),
              catalog);
      JobClient job = kit.start(config, checkpoints, null);
      try {
        send(kit, upToAsOf, asOf);
        Map<String, Set<String>> actual;
        long until = System.nanoTime() + SETTLE.toNanos();
        do {
          // Event time reaches asOf exactly (1 ms later, less no out-of-orderness): every
          // time-driven change up to then has happened, none after.
          kit.clock(asOf.plusMillis(1));
          Thread.sleep(500);
          actual = members(kit);
        } while (!DifferentialCheck.disagreements(reference, actual, Map.of()).isEmpty()
            && System.nanoTime() < until);
        return actual;
      } finally {
        StreamingTestKit.cancel(job);
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

  private static void send(StreamingTestKit kit, List<ContactData> contacts, Instant asOf) {
    Instant profileTime = asOf.minus(Duration.ofDays(400));
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

  private static Map<String, Set<String>> members(StreamingTestKit kit) throws Exception {
    Map<String, Set<String>> members = new HashMap<>();
    for (Membership m : kit.feed().currentMembers(null).values()) {
      members.computeIfAbsent(m.getSegmentId(), k -> new TreeSet<>()).add(m.getContactId());
    }
    return members;
  }

  /**
   * The data as the job receives it: through Kafka's wire format and the door's checks, which type
   * values by the catalog (a text '150' for a number property becomes 150, as ingestion into the
   * lakehouse does) and refuse what cannot be typed (dead-lettered, so not expected either).
   */
  static List<ContactData> asReceived(Catalog catalog, List<ContactData> contacts) {
    InputDecoder door = new InputDecoder(catalog);
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
                        .filter(Objects::nonNull)
                        .toList(),
                    c.listActions().stream()
                        .map(a -> received(() -> door.listAction(WireFormat.encode(a))))
                        .filter(Objects::nonNull)
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
}
