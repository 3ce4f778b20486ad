package io.segmentflow.segments.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.segments.conformance.RandomContacts;
import io.segmentflow.segments.conformance.RandomTimedSegments;
import io.segmentflow.segments.conformance.Seeds;
import io.segmentflow.segments.data.ContactData;
import io.segmentflow.segments.data.Event;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The streaming engine keeps a {@link FeatureState} per contact instead of its events: it must give
 * exactly what {@link EventFeatures} gives from the events, at every evaluation time, in whatever
 * order the events arrive, after pruning, merging and a trip through bytes.
 */
class FeatureStateTest {

  static final Instant AS_OF = RandomContacts.AS_OF;
  static final Instant UNTIL = AS_OF.plus(730, ChronoUnit.DAYS);

  static LongStream seeds() {
    return Seeds.first(25);
  }

  /** The evaluation times worth checking for a contact: its events' edges and the windows'. */
  private static List<Instant> times(ContactData data) {
    TreeSet<Instant> times = new TreeSet<>();
    for (long offset : new long[] {-30, -1, 0, 1, 7, 8, 9, 31, 400, 4000}) {
      times.add(AS_OF.plus(offset, ChronoUnit.DAYS));
    }
    for (String zone : List.of("UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata")) {
      for (int days = -1; days <= 2; days++) {
        Instant midnight =
            LocalDate.ofInstant(AS_OF, ZoneId.of(zone))
                .plusDays(days)
                .atStartOfDay(ZoneId.of(zone))
                .toInstant();
        times.add(midnight);
        times.add(midnight.minusMillis(1));
      }
    }
    for (Event event : data.events()) {
      times.add(event.occurredAt().minusMillis(1));
      times.add(event.occurredAt());
      times.add(event.occurredAt().plusMillis(1));
    }
    return new ArrayList<>(times);
  }

  private static List<Object> values(FeaturePlan plan, FeatureValues values) {
    return IntStream.range(0, plan.size()).mapToObj(values::get).toList();
  }

  private static List<Object> reference(FeaturePlan plan, List<Event> events, Instant asOf) {
    return values(plan, EventFeatures.compute(plan, events, asOf));
  }

  static FeatureState stateOf(FeaturePlan plan, List<Event> events) {
    FeatureState state = FeatureState.empty();
    events.forEach(event -> state.add(plan, event));
    return state;
  }

  /** The contact's distinct events, as the stream would dedupe them, in a random order. */
  static List<Event> shuffledDistinct(ContactData data, Random random) {
    List<Event> events = new ArrayList<>(EventFeatures.distinct(data.events()));
    Collections.shuffle(events, random);
    return events;
  }

  /** One check of one random contact against the random definitions of a seed. */
  interface ContactCheck {
    void check(FeaturePlan plan, ContactData data, Random random, String name);
  }

  static void forEachContact(long seed, ContactCheck check) {
    FeaturePlan plan = FeaturePlan.of(RandomTimedSegments.mixedSet(seed, 12));
    Random random = new Random(seed);
    for (ContactData data : RandomTimedSegments.mixedContacts(seed, 15, 12)) {
      check.check(plan, data, random, "seed " + seed + ", " + data.contact().contactId());
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void givesTheReferenceValuesAtEveryTimeWhateverTheOrderOfEvents(long seed) {
    forEachContact(
        seed,
        (plan, data, random, name) -> {
          FeatureState state = stateOf(plan, shuffledDistinct(data, random));
          FeatureState restored = FeatureState.fromBytes(state.toBytes());
          assertThat(restored.cellCount()).isEqualTo(state.cellCount());
          for (Instant asOf : times(data)) {
            List<Object> expected = reference(plan, data.events(), asOf);
            assertThat(values(plan, state.valuesAt(plan, asOf)))
                .as("%s as of %s", name, asOf)
                .isEqualTo(expected);
            assertThat(values(plan, restored.valuesAt(plan, asOf)))
                .as("restored from bytes: %s as of %s", name, asOf)
                .isEqualTo(expected);
          }
        });
  }

  /** A stream prunes at its evaluation time and goes on adding events, late ones included. */
  @ParameterizedTest
  @MethodSource("seeds")
  void givesTheReferenceValuesFromThePruningTimeOn(long seed) {
    forEachContact(
        seed,
        (plan, data, random, name) -> {
          List<Event> events = shuffledDistinct(data, random);
          List<Instant> times = times(data);
          int pruned = random.nextInt(times.size());
          FeatureState state = stateOf(plan, events.subList(0, events.size() / 2));
          state.prune(plan, times.get(pruned));
          events.subList(events.size() / 2, events.size()).forEach(e -> state.add(plan, e));
          for (Instant asOf : times.subList(pruned, times.size())) {
            assertThat(values(plan, state.valuesAt(plan, asOf)))
                .as("%s pruned at %s, as of %s", name, times.get(pruned), asOf)
                .isEqualTo(reference(plan, data.events(), asOf));
          }
        });
  }

  /** A batch hand-over meets the events the stream received first. */
  @ParameterizedTest
  @MethodSource("seeds")
  void mergingTwoStatesOfDisjointEventsIsAddingThemAll(long seed) {
    forEachContact(
        seed,
        (plan, data, random, name) -> {
          List<Event> events = shuffledDistinct(data, random);
          List<Instant> times = times(data);
          FeatureState first = stateOf(plan, events.subList(0, events.size() / 3));
          FeatureState second = stateOf(plan, events.subList(events.size() / 3, events.size()));
          int firstPruned = random.nextInt(times.size());
          int secondPruned = random.nextBoolean() ? random.nextInt(times.size()) : 0;
          first.prune(plan, times.get(firstPruned));
          if (secondPruned > 0) {
            second.prune(plan, times.get(secondPruned));
          }
          first.merge(plan, FeatureState.fromBytes(second.toBytes()));
          if (secondPruned > firstPruned) {
            Instant beforeSecond = times.get(secondPruned).minusMillis(1);
            assertThatThrownBy(() -> first.valuesAt(plan, beforeSecond))
                .as("%s: the merged state answers from the later pruning time on", name)
                .isInstanceOf(IllegalArgumentException.class);
          }
          for (Instant asOf : times.subList(Math.max(firstPruned, secondPruned), times.size())) {
            assertThat(values(plan, first.valuesAt(plan, asOf)))
                .as("%s as of %s", name, asOf)
                .isEqualTo(reference(plan, data.events(), asOf));
          }
        });
  }

  /**
   * Stepping from one {@link FeatureState#nextChange} to the next, as a stream's timers would, and
   * pruning at each step: the values are the reference's at each step and do not change in between.
   * (Anniversaries change for ever: the walk stops two years on.)
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void valuesKeepUntilTheNextChange(long seed) {
    forEachContact(
        seed,
        (plan, data, random, name) -> {
          FeatureState state = stateOf(plan, shuffledDistinct(data, random));
          Instant asOf = AS_OF.minus(12, ChronoUnit.DAYS);
          while (asOf != null && asOf.isBefore(UNTIL)) {
            state.prune(plan, asOf);
            List<Object> now = reference(plan, data.events(), asOf);
            assertThat(values(plan, state.valuesAt(plan, asOf)))
                .as("%s as of %s", name, asOf)
                .isEqualTo(now);
            Instant next = state.nextChange(plan, asOf);
            for (Instant later : between(asOf, next, random)) {
              assertThat(reference(plan, data.events(), later))
                  .as("%s as of %s, at %s before the next change at %s", name, asOf, later, next)
                  .isEqualTo(now);
            }
            asOf = next;
          }
        });
  }

  /**
   * Instants strictly between {@code from} and {@code next}: the one just before {@code next} and
   * random ones; with no next change, up to 20 years later.
   */
  static List<Instant> between(Instant from, Instant next, Random random) {
    long gap =
        next == null ? 20 * 365 * 86_400_000L : next.toEpochMilli() - from.toEpochMilli() - 1;
    List<Instant> instants = new ArrayList<>();
    if (gap > 0) {
      instants.add(from.plusMillis(gap));
      for (int i = 0; i < 3; i++) {
        instants.add(from.plusMillis(1 + (long) (random.nextDouble() * gap)));
      }
    }
    return instants;
  }

  @Test
  void aDayOfOpensTakesAtMostNineCellsInASevenDayWindow() {
    FeaturePlan plan =
        FeaturePlanTest.planOf(
            "{\"event\":\"email_open\",\"window\":{\"last\":7,\"unit\":\"days\"}}");
    Random random = new Random(Seeds.first(1).findFirst().getAsLong());
    Instant day = Instant.parse("2026-11-18T00:00:00Z");
    List<Event> events = new ArrayList<>();
    FeatureState state = FeatureState.empty();
    for (int i = 0; i < 100_000; i++) {
      // In time order across the day, one in ten late by up to an hour.
      Instant at =
          day.plusMillis(i * 864L - (random.nextInt(10) == 0 ? random.nextInt(3_600_000) : 0));
      Event open = new Event("e" + i, "c", "email_open", at, Map.of());
      events.add(open);
      state.add(plan, open);
      state.prune(plan, day.plusMillis(i * 864L));
      assertThat(state.cellCount()).as("after %d events", i + 1).isLessThanOrEqualTo(9);
    }
    Instant end = day.plus(1, ChronoUnit.DAYS);
    assertThat(values(plan, state.valuesAt(plan, end))).containsExactly(100_000L);
    assertThat(values(plan, state.valuesAt(plan, end.plus(7, ChronoUnit.DAYS))))
        .isEqualTo(reference(plan, events, end.plus(7, ChronoUnit.DAYS)));
  }

  @Test
  void pruningBoundsAYearLongStream() {
    FeaturePlan plan =
        FeaturePlanTest.planOf(
            "{\"event\":\"page_visit\",\"window\":{\"last\":7,\"unit\":\"days\"}}",
            "{\"event\":\"page_visit\",\"window\":{\"last\":3,\"unit\":\"hours\"},\"count\":{\"op\":\"at_least\",\"value\":2}}",
            "{\"event\":\"order\",\"sum\":{\"property\":\"amount\",\"op\":\"gt\",\"value\":100}}",
            "{\"event\":\"order\",\"window\":{\"since\":\"2026-11-11\"},\"max\":{\"property\":\"amount\",\"op\":\"gt\",\"value\":100}}");
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    List<Event> events = new ArrayList<>();
    FeatureState state = FeatureState.empty();
    for (int hour = 0; hour < 400 * 24; hour++) {
      Instant at = start.plus(hour, ChronoUnit.HOURS);
      List<Event> arriving =
          List.of(
              new Event("v" + hour, "c", "page_visit", at, Map.of()),
              new Event(
                  "o" + hour, "c", "order", at, Map.of("amount", BigDecimal.valueOf(hour % 97))));
      for (Event event : arriving) {
        events.add(event);
        state.add(plan, event);
      }
      state.prune(plan, at);
      // 8 day buckets, 4 hour buckets, one cell for ever, one for since.
      assertThat(state.cellCount()).as("at %s", at).isLessThanOrEqualTo(8 + 4 + 1 + 1);
    }
    Instant end = start.plus(400, ChronoUnit.DAYS);
    assertThat(values(plan, state.valuesAt(plan, end))).isEqualTo(reference(plan, events, end));
  }

  @Test
  void refusesToAnswerForATimeBeforeItWasPrunedAt() {
    FeaturePlan plan =
        FeaturePlanTest.planOf(
            "{\"event\":\"email_open\",\"window\":{\"last\":7,\"unit\":\"days\"}}");
    FeatureState state = FeatureState.empty();
    state.prune(plan, AS_OF);
    assertThatThrownBy(() -> state.valuesAt(plan, AS_OF.minusMillis(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pruned at 2026-11-18T10:00:00Z")
        .hasMessageContaining("not as of 2026-11-18T09:59:59.999Z");
  }

  /** Decimals of every size and sign, and of negative scales, come back exactly from bytes. */
  @Test
  void decimalsComeBackFromBytesWithTheirScale() {
    List<String> amounts =
        List.of(
            "0",
            "0.00",
            "-0.5",
            "127",
            "128",
            "-128",
            "-129",
            "1E+3",
            "999999999999999999",
            "-999999999999999999.5",
            "12345678901234567890.123",
            "-98765432109876543210987654321");
    for (String amount : amounts) {
      for (String aggregate : List.of("sum", "min", "max")) {
        FeaturePlan plan =
            FeaturePlanTest.planOf(
                "{\"event\":\"order\",\""
                    + aggregate
                    + "\":{\"property\":\"amount\",\"op\":\"gte\",\"value\":0}}");
        FeatureState state = FeatureState.empty();
        state.add(
            plan, new Event("o", "c", "order", AS_OF, Map.of("amount", new BigDecimal(amount))));
        List<Object> values = values(plan, state.valuesAt(plan, AS_OF));
        List<Object> restored =
            values(plan, FeatureState.fromBytes(state.toBytes()).valuesAt(plan, AS_OF));
        // BigDecimal's equals compares the scale too
        assertThat(restored).as("%s of %s", aggregate, amount).isEqualTo(values);
      }
    }
  }

  @Test
  void refusesBytesThatAreNotAState() {
    assertThatThrownBy(() -> FeatureState.fromBytes(new byte[] {7, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a feature state of format 1: the bytes start with 7");
    byte[] bytes = FeatureState.empty().toBytes();
    assertThatThrownBy(
            () -> FeatureState.fromBytes(java.util.Arrays.copyOf(bytes, bytes.length - 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a feature state: the bytes end too early");
  }
}
