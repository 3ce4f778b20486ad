package io.segmentflow.segments.eval;

import io.segmentflow.segments.data.Event;
import io.segmentflow.segments.data.Values;
import io.segmentflow.segments.model.Condition.PropertyCondition;
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
      values[i] = specs.get(i).aggregation().none();
    }
    for (Event event : distinct(events)) {
      for (int index : featuresByType.getOrDefault(event.eventType(), List.of())) {
        FeatureSpec spec = specs.get(index);
        if (spec.window().contains(event.occurredAt(), asOf)
            && matches(spec.where(), event, asOf)) {
          values[index] = spec.aggregation().combine(values[index], spec.valueOf(event));
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
      if (!condition.comparison().test(propertyValue(condition, event), asOf)) {
        return false;
      }
    }
    return true;
  }

  /** The event's value of the condition's property, or null when missing or of another type. */
  static Object propertyValue(PropertyCondition condition, Event event) {
    return Values.ofType(event.properties().get(condition.property()), condition.type());
  }
}
