package io.segmentflow.segments.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segmentflow.segments.catalog.Catalog;
import io.segmentflow.segments.catalog.EventTypeSpec;
import io.segmentflow.segments.data.ContactData;
import io.segmentflow.segments.data.Event;
import io.segmentflow.segments.model.ValueType;
import io.segmentflow.segments.parse.DefinitionSet;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random behaviour conditions whose {@code where} compares time-typed event properties, with
 * relative and calendar operators among others: what {@link RandomSegments} cannot reach with the
 * standard event types, and what a streaming state must test at evaluation time rather than when an
 * event arrives. Event type {@code trial}, with {@code ends_at} (timestamp), {@code starts_on}
 * (date), {@code plan} (text) and {@code amount} (number); times cluster on the contacts' own
 * boundary-heavy times from {@link RandomContacts}.
 */
public final class RandomTimedSegments {

  /** {@link ConformanceCases#CATALOG} plus the {@code trial} event type. */
  public static final Catalog CATALOG = catalog();

  private static final ObjectMapper JSON = new ObjectMapper();

  private RandomTimedSegments() {}

  private static Catalog catalog() {
    Catalog base = ConformanceCases.CATALOG;
    Map<String, EventTypeSpec> eventTypes = new HashMap<>(base.eventTypes());
    eventTypes.put(
        "trial",
        new EventTypeSpec(
            "trial",
            Map.of(
                "ends_at", ValueType.TIMESTAMP,
                "starts_on", ValueType.DATE,
                "plan", ValueType.TEXT,
                "amount", ValueType.NUMBER)));
    return new Catalog(
        base.contactCustomFields(), base.companyCustomFields(), eventTypes, base.engagement());
  }

  /** {@link RandomSegments}' {@code count} segments and half as many on trials, as one set. */
  public static DefinitionSet mixedSet(long seed, int count) {
    Map<String, String> documents = new LinkedHashMap<>(RandomSegments.generate(seed, count));
    documents.putAll(generate(seed, count / 2));
    return DefinitionSet.of(CATALOG, documents);
  }

  /** {@link RandomContacts}' contacts for {@link #mixedSet}, with trials. */
  public static List<ContactData> mixedContacts(long seed, int count, int segments) {
    return withTrials(seed, RandomContacts.generate(seed, count, segments));
  }

  /** {@code count} dynamic segments {@code t0..} on trials, by source name. */
  public static Map<String, String> generate(long seed, int count) {
    Random random = new Random(seed);
    RandomSegments draws = new RandomSegments(random);
    Map<String, String> documents = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      ObjectNode definition = JSON.createObjectNode();
      definition.put("id", "t" + i).put("name", "Timed " + i).put("kind", "dynamic");
      if (random.nextBoolean()) {
        definition.put("time_zone", RandomSegments.ZONES[random.nextInt(4)]);
      }
      JsonNode filter =
          switch (random.nextInt(4)) {
            case 0 -> JSON.createObjectNode().set("not", trial(draws, random));
            case 1 ->
                JSON.createObjectNode()
                    .set(
                        random.nextBoolean() ? "all" : "any",
                        JSON.createArrayNode().add(trial(draws, random)).add(trial(draws, random)));
            default -> trial(draws, random);
          };
      definition.set("filter", filter);
      documents.put("t" + i + ".json", definition.toString());
    }
    return documents;
  }

  private static ObjectNode trial(RandomSegments draws, Random random) {
    ArrayNode where = JSON.createArrayNode();
    int timed = 1 + random.nextInt(2);
    for (int i = 0; i < timed; i++) {
      boolean date = random.nextBoolean();
      ObjectNode condition = draws.time(date ? "starts_on" : "ends_at", date);
      condition.remove("field");
      where.add(condition.put("property", date ? "starts_on" : "ends_at"));
    }
    if (random.nextInt(3) == 0) {
      where.add(
          JSON.createObjectNode().put("property", "plan").put("op", "eq").put("value", "pro"));
    }
    ObjectNode node = JSON.createObjectNode().put("event", "trial");
    node.set("where", where);
    draws.window(node);
    draws.measure(node, true);
    return node;
  }

  /**
   * The contacts with up to six trials each (some delivered twice, some with a property missing or
   * of the wrong type), at and around the contact's own times.
   */
  public static List<ContactData> withTrials(long seed, List<ContactData> contacts) {
    Random random = new Random(seed);
    List<ContactData> result = new ArrayList<>();
    for (ContactData data : contacts) {
      List<Instant> times = new ArrayList<>(List.of(RandomContacts.AS_OF));
      times.add(data.contact().createdAt());
      times.add(data.contact().updatedAt());
      data.events().forEach(event -> times.add(event.occurredAt()));
      List<Event> events = new ArrayList<>(data.events());
      int trials = random.nextInt(7);
      for (int i = 0; i < trials; i++) {
        String id = data.contact().contactId() + "-t" + i;
        Map<String, Object> properties = new HashMap<>();
        switch (random.nextInt(8)) {
          case 0 -> {}
          case 1 -> properties.put("ends_at", "soon");
          default -> properties.put("ends_at", near(random, pick(random, times)));
        }
        if (random.nextInt(4) > 0) {
          ZoneId zone = ZoneId.of(RandomSegments.ZONES[random.nextInt(4)]);
          properties.put("starts_on", LocalDate.ofInstant(near(random, pick(random, times)), zone));
        }
        properties.put("plan", random.nextBoolean() ? "pro" : "free");
        properties.put("amount", new BigDecimal(pick(random, List.of("10", "99.5", "0.1", "50"))));
        Instant at =
            pick(random, times)
                .plusMillis(pick(random, List.of(-1L, 0L, 0L, 1L, 3_600_000L, -86_400_000L)));
        events.add(new Event(id, data.contact().contactId(), "trial", at, properties));
        if (random.nextInt(10) == 0) {
          events.add(
              new Event(id, data.contact().contactId(), "trial", at.plusSeconds(1), properties));
        }
      }
      result.add(new ContactData(data.contact(), data.company(), events, data.listActions()));
    }
    return result;
  }

  /** A time a few days either side, often one millisecond off. */
  private static Instant near(Random random, Instant time) {
    return time.plus(random.nextInt(21) - 10, ChronoUnit.DAYS)
        .plusMillis(pick(random, List.of(-1L, 0L, 0L, 1L)));
  }

  private static <T> T pick(Random random, List<T> values) {
    return values.get(random.nextInt(values.size()));
  }
}
