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
}
