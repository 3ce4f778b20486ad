package io.segmentflow.segments.eval;

import io.segmentflow.segments.data.Event;
import io.segmentflow.segments.data.Values;
import io.segmentflow.segments.model.Condition.PropertyCondition;
import io.segmentflow.segments.model.ValueType;
import io.segmentflow.segments.model.Window;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One per-contact behaviour aggregate: over a contact's distinct events of {@code eventType} whose
 * properties satisfy every {@code where} condition and that fall in {@code window} as of the
 * evaluation time. Two conditions that need the same aggregate get equal specs, so they share it.
 *
 * <p>An aggregate is computed as a fold: {@link Aggregation#none()} over no events, {@link
 * #valueOf(Event)} over one, {@link Aggregation#combine} over the union of two disjoint sets. The
 * combination is exactly associative and commutative (same value, same {@code BigDecimal} scale),
 * so any order of events and any grouping of partial aggregates gives the same object: what lets
 * the streaming state keep per-bucket partial aggregates and still equal {@link EventFeatures}.
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
    /**
     * Smallest value of the property, a {@code BigDecimal}; null when none. Of equal values (50 and
     * 50.00) the one with fewer decimal places, whatever the order of events.
     */
    MIN,
    /** Largest value of the property, a {@code BigDecimal}; null when none; ties as for MIN. */
    MAX,
    /** Time of the earliest event, an {@code Instant}; null when none. */
    FIRST_TIME,
    /** Time of the latest event, an {@code Instant}; null when none. */
    LAST_TIME;

    /** The value over no events. */
    public Object none() {
      return switch (this) {
        case COUNT, COUNT_VALUES -> 0L;
        case SUM -> BigDecimal.ZERO;
        case MIN, MAX, FIRST_TIME, LAST_TIME -> null;
      };
    }

    /** The value over the union of two disjoint sets of events, from the value over each. */
    public Object combine(Object a, Object b) {
      return switch (this) {
        case COUNT, COUNT_VALUES -> (Long) a + (Long) b;
        case SUM -> ((BigDecimal) a).add((BigDecimal) b);
        case MIN -> extreme((BigDecimal) a, (BigDecimal) b, -1);
        case MAX -> extreme((BigDecimal) a, (BigDecimal) b, 1);
        case FIRST_TIME -> a == null || (b != null && ((Instant) b).isBefore((Instant) a)) ? b : a;
        case LAST_TIME -> a == null || (b != null && ((Instant) b).isAfter((Instant) a)) ? b : a;
      };
    }

    private static BigDecimal extreme(BigDecimal a, BigDecimal b, int sign) {
      if (a == null || b == null) {
        return a == null ? b : a;
      }
      int comparison = a.compareTo(b);
      if (comparison == 0) {
        return a.scale() <= b.scale() ? a : b;
      }
      return comparison * sign > 0 ? a : b;
    }
  }

  public FeatureSpec {
    // The order of 'where' conditions does not change their meaning: sort so equal specs are equal
    // (and list them in the same order in every JVM, for key()).
    where = where.stream().sorted(Comparator.comparing(FeatureSpec::canonical)).toList();
  }

  /**
   * The value over this one event, taken as selected (its type, window and conditions are the
   * caller's business): 1 for counts, its time for occurrence times, its property for the rest.
   */
  public Object valueOf(Event event) {
    if (aggregation == Aggregation.COUNT) {
      return 1L;
    }
    if (aggregation == Aggregation.FIRST_TIME || aggregation == Aggregation.LAST_TIME) {
      return event.occurredAt();
    }
    BigDecimal number =
        (BigDecimal) Values.ofType(event.properties().get(property), ValueType.NUMBER);
    return switch (aggregation) {
      case SUM -> number == null ? BigDecimal.ZERO : BigDecimal.ZERO.add(number);
      case COUNT_VALUES -> number == null ? 0L : 1L;
      default -> number;
    };
  }

  /**
   * A short identity of this spec that stays the same across JVMs and releases as long as the spec
   * does, for keying stored state: equal specs have equal keys, and different specs different ones
   * (the first 128 bits of the SHA-256 of a canonical text of every component, sets sorted).
   */
  public String key() {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(canonical(this).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(Arrays.copyOf(digest, 16));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /**
   * A text that two values share exactly when they are equal: records by type and components, sets
   * sorted (their iteration order differs between JVMs), texts quoted.
   */
  private static String canonical(Object value) {
    if (value instanceof Record record) {
      return record.getClass().getSimpleName()
          + Arrays.stream(record.getClass().getRecordComponents())
              .map(component -> component.getName() + "=" + canonical(read(component, record)))
              .collect(Collectors.joining(",", "(", ")"));
    }
    if (value instanceof Collection<?> collection) {
      var texts = collection.stream().map(FeatureSpec::canonical);
      return (value instanceof List<?> ? texts : texts.sorted())
          .collect(Collectors.joining(",", "[", "]"));
    }
    if (value instanceof String text) {
      return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
    return String.valueOf(value);
  }

  private static Object read(RecordComponent component, Record record) {
    try {
      return component.getAccessor().invoke(record);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + component, e);
    }
  }
}
