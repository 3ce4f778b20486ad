package io.segmentflow.segments.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.segments.conformance.ConformanceCases;
import io.segmentflow.segments.conformance.RandomTimedSegments;
import io.segmentflow.segments.conformance.Seeds;
import io.segmentflow.segments.data.Contact;
import io.segmentflow.segments.data.ContactData;
import io.segmentflow.segments.data.Event;
import io.segmentflow.segments.data.ListAction;
import io.segmentflow.segments.parse.DefinitionSet;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A stream evaluates a contact again only at {@link TimeTriggers#nextChange}: memberships must not
 * change before that instant, and in the cases worked out by hand they change exactly at it.
 */
class TimeTriggersTest {

  private static final Instant AS_OF = FeatureStateTest.AS_OF;

  static LongStream seeds() {
    return Seeds.first(12);
  }

  /**
   * Stepping from trigger to trigger as a stream's timers would, with features from a pruned {@link
   * FeatureState}: the reference memberships, from the raw events, keep between steps.
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void membershipsKeepUntilTheNextTrigger(long seed) {
    DefinitionSet set = RandomTimedSegments.mixedSet(seed, 12);
    ReferenceEvaluator evaluator = new ReferenceEvaluator(set);
    TimeTriggers triggers = new TimeTriggers(set);
    FeatureStateTest.forEachContact(
        seed,
        (plan, data, random, name) -> {
          FeatureState state =
              FeatureStateTest.stateOf(plan, FeatureStateTest.shuffledDistinct(data, random));
          Instant asOf = AS_OF.minus(12, ChronoUnit.DAYS);
          while (asOf != null && asOf.isBefore(FeatureStateTest.UNTIL)) {
            state.prune(plan, asOf);
            Map<String, Membership> now = evaluator.evaluate(data, asOf);
            Instant next =
                triggers.nextChange(
                    data.contact(),
                    data.company(),
                    state.valuesAt(plan, asOf),
                    state.nextChange(plan, asOf),
                    data.listActions(),
                    asOf,
                    null);
            for (Instant later : FeatureStateTest.between(asOf, next, random)) {
              assertThat(evaluator.evaluate(data, later))
                  .as("%s as of %s, at %s before the next trigger at %s", name, asOf, later, next)
                  .isEqualTo(now);
            }
            asOf = next;
          }
        });
  }

  // ---- worked by hand: the membership changes exactly at the trigger

  private static final String STATIC_LIST = "{\"id\":\"l\",\"name\":\"l\",\"kind\":\"static\"}";

  private static DefinitionSet set(String definition) {
    return DefinitionSet.of(
        ConformanceCases.CATALOG, Map.of("s.json", definition, "l.json", STATIC_LIST));
  }

  private static String segment(String filter) {
    return "{\"id\":\"s\",\"name\":\"s\",\"kind\":\"dynamic\",\"filter\":" + filter + "}";
  }

  private static Instant next(DefinitionSet set, ContactData data, Instant asOf) {
    FeaturePlan plan = FeaturePlan.of(set);
    FeatureState state = FeatureStateTest.stateOf(plan, data.events());
    return new TimeTriggers(set)
        .nextChange(
            data.contact(),
            data.company(),
            state.valuesAt(plan, asOf),
            state.nextChange(plan, asOf),
            data.listActions(),
            asOf,
            null);
  }

  private static boolean member(DefinitionSet set, ContactData data, String id, Instant asOf) {
    return new ReferenceEvaluator(set).evaluate(data, asOf).get(id).member();
  }

  /** The trigger is {@code expected}, and segment {@code id} is entered or left exactly there. */
  private static void assertChangesAt(
      DefinitionSet set, ContactData data, String id, Instant asOf, String expected) {
    Instant next = next(set, data, asOf);
    assertThat(next).isEqualTo(Instant.parse(expected));
    boolean before = member(set, data, id, asOf);
    assertThat(member(set, data, id, next.minusMillis(1))).isEqualTo(before);
    assertThat(member(set, data, id, next)).isNotEqualTo(before);
  }

  private static ContactData contact(
      Contact contact, List<Event> events, List<ListAction> actions) {
    return new ContactData(contact, null, events, actions);
  }

  private static ContactData withEvents(Event... events) {
    return contact(Contact.builder("c").build(), List.of(events), List.of());
  }

  private static ContactData withCustomFields(Map<String, Object> customFields) {
    return contact(Contact.builder("c").customFields(customFields).build(), List.of(), List.of());
  }

  private static Event event(String type, String at, Map<String, Object> properties) {
    return new Event(type + "@" + at, "c", type, Instant.parse(at), properties);
  }

  private static final Event OPEN_ON_THE_10TH =
      event("email_open", "2026-11-10T09:00:00Z", Map.of());

  @Test
  void anOpenLeavesTheLastSevenDaysWhenItsDayAgesOut() {
    DefinitionSet set =
        set(segment("{\"event\":\"email_open\",\"window\":{\"last\":7,\"unit\":\"days\"}}"));
    ContactData data = withEvents(OPEN_ON_THE_10TH);
    // Day buckets in UTC: the 10th is in the last 7 days up to the end of the 17th.
    assertChangesAt(set, data, "s", Instant.parse("2026-11-12T10:00:00Z"), "2026-11-18T00:00:00Z");
  }

  @Test
  void anOrderLeavesAThirtyDayWindowAtMidnightInTheSegmentsZone() {
    DefinitionSet set =
        set(
            "{\"id\":\"s\",\"name\":\"s\",\"kind\":\"dynamic\",\"time_zone\":\"Europe/Paris\","
                + "\"filter\":{\"event\":\"order\",\"window\":{\"last\":30,\"unit\":\"days\"},"
                + "\"sum\":{\"property\":\"amount\",\"op\":\"gt\",\"value\":100}}}");
    ContactData data =
        withEvents(event("order", "2026-10-20T15:00:00Z", Map.of("amount", new BigDecimal("150"))));
    // 20 October in Paris, plus 31 days: 20 November at 00:00 in Paris, 23:00 UTC the day before.
    assertChangesAt(set, data, "s", AS_OF, "2026-11-19T23:00:00Z");
  }

  @Test
  void aBirthdayStartsAtMidnight() {
    DefinitionSet set =
        set(segment("{\"field\":\"custom.birthday\",\"op\":\"anniversary\",\"value\":\"day\"}"));
    ContactData data = withCustomFields(Map.of("birthday", LocalDate.of(1990, 11, 20)));
    assertChangesAt(set, data, "s", AS_OF, "2026-11-20T00:00:00Z");
  }

  @Test
  void aRenewalEntersTheNextThreeDays() {
    DefinitionSet set =
        set(
            segment(
                "{\"field\":\"custom.renewal_at\",\"op\":\"in_next\",\"value\":3,\"unit\":\"days\"}"));
    ContactData data =
        withCustomFields(Map.of("renewal_at", Instant.parse("2026-11-25T12:00:00Z")));
    assertChangesAt(set, data, "s", AS_OF, "2026-11-22T00:00:00Z");
  }

  @Test
  void aFirstOrderBecomesMoreThanThirtyDaysAgo() {
    DefinitionSet set =
        set(
            segment(
                "{\"event\":\"order\",\"first\":{\"op\":\"more_than_ago\",\"value\":30,\"unit\":\"days\"}}"));
    ContactData data = withEvents(event("order", "2026-11-01T12:00:00Z", Map.of()));
    assertChangesAt(set, data, "s", AS_OF, "2026-12-02T00:00:00Z");
  }

  @Test
  void aListActionDatedLaterCountsFromItsTime() {
    DefinitionSet set = set(segment("{\"tags\":{\"has_any\":[\"vip\"]}}"));
    ContactData data =
        contact(
            Contact.builder("c").build(),
            List.of(),
            List.of(
                new ListAction(
                    "a",
                    "c",
                    "l",
                    ListAction.Type.ADD,
                    ListAction.Source.API,
                    Instant.parse("2026-11-25T08:30:00Z"))));
    assertChangesAt(set, data, "l", AS_OF, "2026-11-25T08:30:00Z");
  }

  @Test
  void anEngagedContactBecomesRecentThenDisengaged() {
    DefinitionSet set =
        set(segment("{\"field\":\"engagement_level\",\"op\":\"eq\",\"value\":\"engaged\"}"));
    ContactData data = withEvents(OPEN_ON_THE_10TH);
    assertChangesAt(set, data, "s", Instant.parse("2026-11-12T10:00:00Z"), "2026-11-18T00:00:00Z");
    // Recent activity is the last 30 days: the 10th leaves them at the start of 11 December.
    assertThat(next(set, data, Instant.parse("2026-11-18T00:00:00Z")))
        .isEqualTo(Instant.parse("2026-12-11T00:00:00Z"));
  }

  @Test
  void anOverriddenSegmentsFilterSetsNoTrigger() {
    DefinitionSet set =
        set(segment("{\"field\":\"created_at\",\"op\":\"in_last\",\"value\":7,\"unit\":\"days\"}"));
    Contact contact = Contact.builder("c").createdAt(Instant.parse("2026-11-15T10:00:00Z")).build();
    ListAction include =
        new ListAction(
            "a",
            "c",
            "s",
            ListAction.Type.INCLUDE,
            ListAction.Source.MANUAL,
            AS_OF.minusSeconds(60));
    assertThat(next(set, contact(contact, List.of(), List.of()), AS_OF))
        .isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
    assertThat(next(set, contact(contact, List.of(), List.of(include)), AS_OF)).isNull();
  }
}
