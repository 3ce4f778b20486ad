package io.segmentflow.segments.model;

import java.io.Serializable;
import java.math.BigDecimal;

/** What a behaviour condition asks of the events its type, filter and window select. */
public sealed interface Measure extends Serializable {

  /**
   * How many distinct events (by event id). "Has done" is at least 1 and "has not done" exactly 0.
   */
  record Count(CountOp op, long value) implements Measure {
    public enum CountOp {
      AT_LEAST,
      AT_MOST,
      EXACTLY;

      public boolean holds(long count, long value) {
        return switch (this) {
          case AT_LEAST -> count >= value;
          case AT_MOST -> count <= value;
          case EXACTLY -> count == value;
        };
      }
    }

    public boolean holds(long count) {
      return op.holds(count, value);
    }
  }

  /**
   * A numeric property aggregated over the events that have it, compared to a value. A sum over no
   * events is 0; an average, minimum or maximum over no events is missing (so only negative
   * operators hold). An average is compared exactly (sum against value times count), never rounded.
   */
  record Aggregate(Function function, String property, Comparison comparison) implements Measure {
    public enum Function {
      SUM,
      AVG,
      MIN,
      MAX
    }

    /**
     * Compares the average {@code sum / count} without dividing, so it never rounds: {@code avg >
     * v} is {@code sum > v * count}. With no values the average is missing.
     */
    public boolean testAverage(BigDecimal sum, long count) {
      if (count == 0) {
        return comparison.test(null, null);
      }
      BigDecimal n = BigDecimal.valueOf(count);
      ValuePredicate predicate = comparison.predicate();
      boolean positive;
      if (predicate instanceof ValuePredicate.NumberCompare compare) {
        positive = compare.bound().holds(sum.compareTo(compare.value().multiply(n)));
      } else if (predicate instanceof ValuePredicate.NumberBetween between) {
        positive =
            sum.compareTo(between.low().multiply(n)) >= 0
                && sum.compareTo(between.high().multiply(n)) <= 0;
      } else if (predicate instanceof ValuePredicate.NumberIn in) {
        positive = in.values().stream().anyMatch(v -> sum.compareTo(v.multiply(n)) == 0);
      } else {
        throw new IllegalStateException("not a number predicate: " + predicate);
      }
      return comparison.op().isNegative() != positive;
    }
  }

  /**
   * The time of the first or the last selected event, compared with a date operator; missing when
   * there is none.
   */
  record Occurrence(Which which, Comparison comparison) implements Measure {
    public enum Which {
      FIRST,
      LAST
    }
  }
}
