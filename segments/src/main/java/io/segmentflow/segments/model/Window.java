package io.segmentflow.segments.model;

import java.io.Serializable;
import java.time.Instant;

/**
 * Which of a contact's events a behaviour condition looks at. Events after the evaluation time are
 * never seen, whatever the window.
 */
public sealed interface Window extends Serializable {

  boolean contains(Instant eventTime, Instant asOf);

  /** Every event up to the evaluation time. */
  record Ever() implements Window {
    @Override
    public boolean contains(Instant eventTime, Instant asOf) {
      return !eventTime.isAfter(asOf);
    }
  }

  /** The last N units: see {@link RelativeSpan} for the exact boundaries. */
  record Last(RelativeSpan span) implements Window {
    @Override
    public boolean contains(Instant eventTime, Instant asOf) {
      return !eventTime.isAfter(asOf) && !eventTime.isBefore(span.lastStart(asOf));
    }
  }

  /**
   * Fixed bounds: {@code from} inclusive, {@code to} exclusive, either may be null (open). A
   * definition's {@code since D} has no {@code to}; its {@code between [A, B]} includes A and B.
   */
  record Between(Instant from, Instant to) implements Window {
    @Override
    public boolean contains(Instant eventTime, Instant asOf) {
      return !eventTime.isAfter(asOf)
          && (from == null || !eventTime.isBefore(from))
          && (to == null || eventTime.isBefore(to));
    }
  }
}
