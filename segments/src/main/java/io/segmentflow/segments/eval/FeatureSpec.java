package io.segmentflow.segments.eval;

import io.segmentflow.segments.model.Condition.PropertyCondition;
import io.segmentflow.segments.model.Window;
import java.util.Comparator;
import java.util.List;

/**
 * One per-contact behaviour aggregate: over a contact's distinct events of {@code eventType} whose
 * properties satisfy every {@code where} condition and that fall in {@code window} as of the
 * evaluation time. Two conditions that need the same aggregate get equal specs, so they share it.
 *
 * @param property the numeric property aggregated; null for counts and occurrence times
 */
public record FeatureSpec(
    String eventType,
    List<PropertyCondition> where,
    Window window,
    Aggregation aggregation,
    String property) {

  /** What is computed; the Java type of the value follows each constant. */
  public enum Aggregation {
    /** Number of events, a {@code Long}; 0 when none. */
    COUNT,
    /** Sum of the property over events that have it, a {@code BigDecimal}; 0 when none. */
    SUM,
    /** Number of events that have the property, a {@code Long}: an average's denominator. */
    COUNT_VALUES,
    /** Smallest value of the property, a {@code BigDecimal}; null when none. */
    MIN,
    /** Largest value of the property, a {@code BigDecimal}; null when none. */
    MAX,
    /** Time of the earliest event, an {@code Instant}; null when none. */
    FIRST_TIME,
    /** Time of the latest event, an {@code Instant}; null when none. */
    LAST_TIME
  }

  public FeatureSpec {
    // The order of 'where' conditions does not change their meaning: sort so equal specs are equal.
    where = where.stream().sorted(Comparator.comparing(PropertyCondition::toString)).toList();
  }
}
