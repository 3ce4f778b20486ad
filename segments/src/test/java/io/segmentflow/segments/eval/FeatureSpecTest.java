package io.segmentflow.segments.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.segments.data.Event;
import io.segmentflow.segments.eval.FeatureSpec.Aggregation;
import io.segmentflow.segments.model.Comparison;
import io.segmentflow.segments.model.Condition.PropertyCondition;
import io.segmentflow.segments.model.Operator;
import io.segmentflow.segments.model.RelativeSpan;
import io.segmentflow.segments.model.ValuePredicate;
import io.segmentflow.segments.model.ValueType;
import io.segmentflow.segments.model.Window;
import io.segmentflow.segments.model.WindowUnit;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FeatureSpecTest {

  private static final List<String> CAMPAIGNS = List.of("42", "43", "44", "45", "46", "47", "48");

  private static FeatureSpec opened(List<String> campaigns, Window window) {
    return new FeatureSpec(
        "email_open",
        List.of(
            new PropertyCondition(
                "campaign_id",
                ValueType.TEXT,
                new Comparison(
                    Operator.IN, new ValuePredicate.TextIn(new LinkedHashSet<>(campaigns)))),
            new PropertyCondition(
                "email_id",
                ValueType.TEXT,
                new Comparison(Operator.NOT_EMPTY, new ValuePredicate.IsEmpty()))),
        window,
        Aggregation.COUNT,
        null);
  }

  private static final Window LAST_7_DAYS =
      new Window.Last(new RelativeSpan(7, WindowUnit.DAYS, ZoneId.of("Europe/Paris")));

  /** State stored by one JVM is read by another: the key must not follow a set's hash order. */
  @Test
  void aKeyIsTheSameInEveryJvmAndRelease() {
    assertThat(opened(CAMPAIGNS, LAST_7_DAYS).key()).isEqualTo("3eaad144391f61e234c0a6876a6382cd");
  }

  @Test
  void equalSpecsHaveEqualKeysWhateverTheOrderOfTheirConditionsAndValues() {
    Random random = new Random(7);
    String key = opened(CAMPAIGNS, LAST_7_DAYS).key();
    for (int i = 0; i < 20; i++) {
      List<String> shuffled = new ArrayList<>(CAMPAIGNS);
      Collections.shuffle(shuffled, random);
      FeatureSpec spec = opened(shuffled, LAST_7_DAYS);
      FeatureSpec reversed =
          new FeatureSpec(
              spec.eventType(),
              List.of(spec.where().get(1), spec.where().get(0)),
              spec.window(),
              spec.aggregation(),
              spec.property());
      assertThat(reversed).isEqualTo(spec);
      assertThat(reversed.key()).isEqualTo(key);
    }
  }

  @Test
  void differentSpecsHaveDifferentKeys() {
    FeatureSpec spec = opened(CAMPAIGNS, LAST_7_DAYS);
    List<FeatureSpec> others =
        List.of(
            opened(CAMPAIGNS.subList(1, 7), LAST_7_DAYS),
            opened(CAMPAIGNS, new Window.Ever()),
            opened(
                CAMPAIGNS, new Window.Last(new RelativeSpan(7, WindowUnit.DAYS, ZoneId.of("UTC")))),
            new FeatureSpec(
                spec.eventType(), spec.where(), spec.window(), Aggregation.LAST_TIME, null),
            new FeatureSpec("email_click", spec.where(), spec.window(), spec.aggregation(), null));
    for (FeatureSpec other : others) {
      assertThat(other.key()).as("%s", other).isNotEqualTo(spec.key());
    }
  }

  /** Engines aggregate in any order and merge partial aggregates: the result must not show it. */
  @Test
  void aggregatesDoNotDependOnTheOrderOfEvents() {
    Instant at = Instant.parse("2026-11-18T10:00:00Z");
    List<Event> orders =
        List.of(
            order("a", at, "50.00"),
            order("b", at.plusSeconds(1), "50"),
            order("c", at.minusSeconds(1), "120.5"),
            order("d", at, "1E+2"),
            order("e", at, null));
    for (Aggregation aggregation : Aggregation.values()) {
      FeatureSpec spec =
          new FeatureSpec("order", List.of(), new Window.Ever(), aggregation, "amount");
      Object forward = fold(spec, orders);
      List<Event> reversed = new ArrayList<>(orders);
      Collections.reverse(reversed);
      Object backward = fold(spec, reversed);
      assertThat(backward).as("%s", aggregation).isEqualTo(forward);
    }
    FeatureSpec min =
        new FeatureSpec("order", List.of(), new Window.Ever(), Aggregation.MIN, "amount");
    assertThat(fold(min, orders)).isEqualTo(new BigDecimal("50"));
    FeatureSpec sum =
        new FeatureSpec("order", List.of(), new Window.Ever(), Aggregation.SUM, "amount");
    assertThat(fold(sum, orders)).isEqualTo(new BigDecimal("320.50"));
  }

  private static Object fold(FeatureSpec spec, List<Event> events) {
    Object value = spec.aggregation().none();
    for (Event event : events) {
      value = spec.aggregation().combine(value, spec.valueOf(event));
    }
    return value;
  }

  private static Event order(String id, Instant at, String amount) {
    return new Event(
        id, "c", "order", at, amount == null ? Map.of() : Map.of("amount", new BigDecimal(amount)));
  }
}
