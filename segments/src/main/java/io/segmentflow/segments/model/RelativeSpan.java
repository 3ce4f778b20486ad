package io.segmentflow.segments.model;

import java.io.Serializable;
import java.time.Instant;
import java.time.ZoneId;

/**
 * A span of {@code amount} whole {@link WindowUnit} buckets relative to the evaluation time T.
 *
 * <p>"The last N units" starts at the first instant of the bucket N buckets before T's bucket and
 * ends at T, inclusive: the current, partial bucket plus N whole ones. It therefore always covers
 * at least N units and at most N + 1 (the last 7 days, evaluated on a Wednesday at 10:00, start on
 * the previous Wednesday at 00:00). "The next N units" mirrors it: after T and before the first
 * instant of the bucket N + 1 buckets after T's.
 *
 * @param zone the zone of day buckets; ignored for minutes and hours, which are UTC-aligned
 */
public record RelativeSpan(long amount, WindowUnit unit, ZoneId zone) implements Serializable {

  public RelativeSpan {
    if (amount < 1 || amount > unit.maxAmount()) {
      throw new IllegalArgumentException(
          "amount must be between 1 and " + unit.maxAmount() + " " + unit + ": " + amount);
    }
    zone = unit == WindowUnit.DAYS ? zone : ZoneId.of("UTC");
  }

  /** The first instant inside "the last {@code amount} units" as of {@code asOf}. */
  public Instant lastStart(Instant asOf) {
    return unit.bucketStart(unit.bucketOf(asOf, zone) - amount, zone);
  }

  /** The first instant after "the next {@code amount} units" as of {@code asOf}. */
  public Instant nextEnd(Instant asOf) {
    return unit.bucketStart(unit.bucketOf(asOf, zone) + amount + 1, zone);
  }

  /** The instant at which a time inside the last span leaves it: its bucket has aged out. */
  public Instant leavesLastAt(Instant time) {
    return unit.bucketStart(unit.bucketOf(time, zone) + amount + 1, zone);
  }

  /** The instant from which a future time is inside "the next {@code amount} units". */
  public Instant entersNextAt(Instant time) {
    return unit.bucketStart(unit.bucketOf(time, zone) - amount, zone);
  }
}
