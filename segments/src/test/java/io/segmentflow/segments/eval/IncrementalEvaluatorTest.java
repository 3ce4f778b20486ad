package io.segmentflow.segments.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.segments.conformance.RandomTimedSegments;
import io.segmentflow.segments.conformance.Seeds;
import io.segmentflow.segments.data.ContactData;
import io.segmentflow.segments.data.Event;
import io.segmentflow.segments.data.ListAction;
import io.segmentflow.segments.model.SegmentDefinition;
import io.segmentflow.segments.parse.DefinitionSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A stream that evaluates only the segments each input can change, and every segment at the
 * triggers, holds at every step the memberships the reference gives on all the inputs so far:
 * random definitions (segments of segments, lists, overrides, time conditions), random contacts,
 * inputs in a random order, the clock jumping ahead between inputs as a watermark does.
 */
class IncrementalEvaluatorTest {

  static LongStream seeds() {
    return Seeds.first(12);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void evaluatingTheAffectedSegmentsKeepsTheReferenceMemberships(long seed) {
    DefinitionSet set = RandomTimedSegments.mixedSet(seed, 12);
    IncrementalEvaluator incremental = new IncrementalEvaluator(set);
    ReferenceEvaluator reference = new ReferenceEvaluator(set);
    Random random = new Random(seed);
    int partial = 0;
    for (ContactData data : RandomTimedSegments.mixedContacts(seed, 15, 12)) {
      List<Object> inputs = new ArrayList<>(EventFeatures.distinct(data.events()));
      inputs.addAll(data.listActions());
      Collections.shuffle(inputs, random);
      List<Event> events = new ArrayList<>();
      List<ListAction> actions = new ArrayList<>();
      FeatureState features = FeatureState.empty();
      Map<String, Boolean> members = new LinkedHashMap<>();
      // A first evaluation before any input, as when the profile arrives first.
      Instant clock =
          inputs.stream()
              .map(input -> timeOf(input, data))
              .reduce(data.contact().createdAt(), IncrementalEvaluatorTest::earliest)
              .minus(Duration.ofDays(400));
      IncrementalEvaluator.Result first =
          incremental.evaluate(
              data.contact(), data.company(), features, actions, clock, null, null, id -> false);
      first.memberships().forEach((id, membership) -> members.put(id, membership.member()));
      Instant next = first.nextChange();
      for (Object input : inputs) {
        List<SegmentDefinition> changed;
        if (input instanceof Event event) {
          events.add(event);
          features.add(incremental.plan(), event);
          changed = incremental.affected().ofEvent(event.eventType());
        } else {
          ListAction action = (ListAction) input;
          actions.add(action);
          changed = incremental.affected().ofListAction(action.listId());
        }
        Instant asOf = latest(clock, timeOf(input, data));
        if (random.nextInt(3) == 0) { // the watermark moved on meanwhile
          asOf = asOf.plus(Duration.ofMinutes(random.nextInt(60 * 24 * 10)));
        }
        IncrementalEvaluator.Result result =
            incremental.evaluate(
                data.contact(),
                data.company(),
                features,
                actions,
                asOf,
                changed,
                next,
                id -> members.getOrDefault(id, false));
        partial += result.all() ? 0 : 1;
        result.memberships().forEach((id, membership) -> members.put(id, membership.member()));
        next = result.nextChange();
        clock = asOf;
        ContactData sofar = new ContactData(data.contact(), data.company(), events, actions);
        assertThat(members)
            .as("seed %d, %s as of %s after %s", seed, data.contact().contactId(), asOf, input)
            .isEqualTo(memberOf(reference.evaluate(sofar, asOf)));
      }
    }
    assertThat(partial).as("inputs that evaluated only some segments").isPositive();
  }

  private static Map<String, Boolean> memberOf(Map<String, Membership> memberships) {
    return memberships.values().stream()
        .collect(
            Collectors.toMap(
                Membership::segmentId, Membership::member, (a, b) -> a, LinkedHashMap::new));
  }

  private static Instant timeOf(Object input, ContactData data) {
    return input instanceof Event event ? event.occurredAt() : ((ListAction) input).occurredAt();
  }

  private static Instant earliest(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static Instant latest(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
