package io.segmentflow.segments.model;

import java.io.Serializable;
import java.time.Instant;

/**
 * An operator with its parsed operand: {@code op} as written, {@code predicate} the positive test.
 * A negative operator is the exact complement of its predicate, so it is true on a missing value.
 */
public record Comparison(Operator op, ValuePredicate predicate) implements Serializable {

  public boolean test(Object value, Instant asOf) {
    return op.isNegative() != predicate.test(value, asOf);
  }

  /** Whether the result on a fixed value can change with the evaluation time alone. */
  public boolean dependsOnTime() {
    return predicate.dependsOnTime();
  }

  /**
   * The first instant after {@code asOf} at which the result on the same value changes, or null:
   * see {@link ValuePredicate#nextChange}. A complement flips at the same instants.
   */
  public Instant nextChange(Object value, Instant asOf) {
    return predicate.nextChange(value, asOf);
  }
}
