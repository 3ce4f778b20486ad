package io.segmentflow.streaming.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.segments.data.Contact;
import io.segmentflow.segments.data.Event;
import io.segmentflow.segments.data.ListAction;
import io.segmentflow.segments.eval.FeaturePlan;
import io.segmentflow.segments.eval.Membership;
import io.segmentflow.segments.generate.BenchmarkSegments;
import io.segmentflow.streaming.input.WireFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContactStateTest {

  private static final Instant T = Instant.parse("2026-11-10T09:00:00Z");
  private static final long TWO_DAYS = Duration.ofDays(2).toMillis();

  @Test
  void aStateReadBackFromItsBytesIsTheSameState() {
    FeaturePlan plan = FeaturePlan.of(BenchmarkSegments.of(20));
    ContactState state = new ContactState();
    state.contact = Contact.builder("c1").email("c1@example.com").country("FR").build();
    state.contactTime = T.toEpochMilli();
    state.addListAction(
        new ListAction("a1", "c1", "l1", ListAction.Type.ADD, ListAction.Source.API, T));
    state.features.add(plan, new Event("e1", "c1", "email_open", T, Map.of()));
    state.firstSighting("e1", T.toEpochMilli(), TWO_DAYS);
    state.members.put(
        "s1", new ContactState.Member(Membership.Reason.FILTER, T.toEpochMilli(), true, true));
    state.clock = T.toEpochMilli();
    state.timer = T.plusSeconds(60).toEpochMilli();
    state.nextChange = T.plusSeconds(30).toEpochMilli();

    ContactState read =
        ContactState.fromBytes(
            new WireFormat.Decoders(), state.profileBytes(), state.activityBytes());

    assertThat(read.contact).isEqualTo(state.contact);
    assertThat(read.listActions()).isEqualTo(state.listActions());
    assertThat(read.members).isEqualTo(state.members);
    assertThat(read.recentEventIds).isEqualTo(state.recentEventIds);
    assertThat(read.features.valuesAt(plan, T).toString())
        .isEqualTo(state.features.valuesAt(plan, T).toString());
    assertThat(read.clock).isEqualTo(state.clock);
    assertThat(read.timer).isEqualTo(state.timer);
    assertThat(read.nextChange).isEqualTo(state.nextChange);
    assertThat(read.profileBytes()).isEqualTo(state.profileBytes());
    assertThat(read.activityBytes()).isEqualTo(state.activityBytes());
  }

  @Test
  void aRedeliveryCountsOnceWithinTheHorizonOfTheContactsOwnEvents() {
    ContactState state = new ContactState();
    long t = T.toEpochMilli();

    assertThat(state.firstSighting("e1", t, TWO_DAYS)).isTrue();
    assertThat(state.firstSighting("e1", t + Duration.ofDays(1).toMillis(), TWO_DAYS)).isFalse();
    assertThat(state.firstSighting("e2", t + Duration.ofDays(5).toMillis(), TWO_DAYS)).isTrue();
    // e1 is now older than the horizon: forgotten, the state stays bounded
    assertThat(state.recentEventIds).containsOnlyKeys("e2");
    // a late event older than the horizon cannot be told from a redelivery: it counts
    assertThat(state.firstSighting("e0", t, TWO_DAYS)).isTrue();
  }

  @Test
  void theLatestListActionPerListIsKeptWithTheCoresTieBreak() {
    ContactState state = new ContactState();
    state.addListAction(
        new ListAction("a1", "c1", "l1", ListAction.Type.EXCLUDE, ListAction.Source.API, T));
    state.addListAction(
        new ListAction("a2", "c1", "l1", ListAction.Type.INCLUDE, ListAction.Source.API, T));
    state.addListAction(
        new ListAction(
            "a0", "c1", "l1", ListAction.Type.ADD, ListAction.Source.API, T.minusSeconds(1)));

    assertThat(state.listActions()).extracting(ListAction::actionId).containsExactly("a1");
  }
}
