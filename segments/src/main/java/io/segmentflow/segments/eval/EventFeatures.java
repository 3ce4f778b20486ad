package io.segmentflow.segments.eval;

import io.segmentflow.segments.data.Event;
import io.segmentflow.segments.data.Values;
import io.segmentflow.segments.model.Condition.PropertyCondition;
import io.segmentflow.segments.model.ValueType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Computes a plan's features from a contact's raw events, the straightforward way: the reference
 * that Spark's one-pass aggregation and Flink's bucketed state must agree with.
 */
public final class EventFeatures {

  private EventFeatures() {}

  public static FeatureValues compute(FeaturePlan plan, List<Event> events, Instant asOf) {
    Map<String, List<Integer>> featuresByType = new HashMap<>();
    List<FeatureSpec> specs = plan.specs();
    for (int i = 0; i < specs.size(); i++) {
      featuresByType.computeIfAbsent(specs.get(i).eventType(), t -> new ArrayList<>()).add(i);
    }
    Object[] values = new Object[specs.size()];
    for (int i = 0; i < specs.size(); i++) {
      values[i] = initial(specs.get(i).aggregation());
    }
    for (Event event : distinct(events)) {
      for (int index : featuresByType.getOrDefault(event.eventType(), List.of())) {
        FeatureSpec spec = specs.get(index);
        if (spec.window().contains(event.occurredAt(), asOf)
            && matches(spec.where(), event, asOf)) {
          values[index] = add(spec, values[index], event);
        }
      }
    }
    return new FeatureValues(plan, values);
  }

  /**
   * One event per event id: records repeating an id are redeliveries. Should their times differ,
   * the earliest record is kept, so every engine keeps the same one. (Records with the same id and
   * time but different properties are inconsistent input; which one counts is then unspecified.)
   */
  public static List<Event> distinct(List<Event> events) {
    Map<String, Event> byId = new LinkedHashMap<>();
    Comparator<Event> earliest =
        Comparator.comparing(Event::occurredAt)
            .thenComparing(e -> new TreeMap<>(e.properties()).toString());
    for (Event event : events) {
      byId.merge(event.eventId(), event, (a, b) -> earliest.compare(a, b) <= 0 ? a : b);
    }
    return new ArrayList<>(byId.values());
  }

  /** Whether an event's properties satisfy every condition; a mistyped property is missing. */
  public static boolean matches(List<PropertyCondition> where, Event event, Instant asOf) {
    for (PropertyCondition condition : where) {
      Object value = Values.ofType(event.properties().get(condition.property()), condition.type());
      if (!condition.comparison().test(value, asOf)) {
        return false;
      }
    }
    return true;
  }

  private static Object initial(FeatureSpec.Aggregation aggregation) {
    return switch (aggregation) {
      case COUNT, COUNT_VALUES -> 0L;
      case SUM -> BigDecimal.ZERO;
      case MIN, MAX, FIRST_TIME, LAST_TIME -> null;
    };
  }

  private static Object add(FeatureSpec spec, Object current, Event event) {
    Instant time = event.occurredAt();
    if (spec.aggregation() == FeatureSpec.Aggregation.COUNT) {
      return (Long) current + 1;
    }
    if (spec.aggregation() == FeatureSpec.Aggregation.FIRST_TIME) {
      return current == null || time.isBefore((Instant) current) ? time : current;
    }
    if (spec.aggregation() == FeatureSpec.Aggregation.LAST_TIME) {
      return current == null || time.isAfter((Instant) current) ? time : current;
    }
    Object property = Values.ofType(event.properties().get(spec.property()), ValueType.NUMBER);
    if (property == null) {
      return current;
    }
    BigDecimal number = (BigDecimal) property;
    return switch (spec.aggregation()) {
      case SUM -> ((BigDecimal) current).add(number);
      case COUNT_VALUES -> (Long) current + 1;
      case MIN -> current == null || number.compareTo((BigDecimal) current) < 0 ? number : current;
      case MAX -> current == null || number.compareTo((BigDecimal) current) > 0 ? number : current;
      default -> throw new IllegalStateException("handled above: " + spec.aggregation());
    };
  }
}
