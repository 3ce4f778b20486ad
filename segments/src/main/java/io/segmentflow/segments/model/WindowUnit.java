package io.segmentflow.segments.model;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The granularity of relative time: every relative window and relative date operator counts whole
 * buckets of one of these units. Minute and hour buckets are aligned to UTC; day buckets are the
 * calendar days of the definition's time zone (UTC unless it names one). Weeks in a definition are
 * read as seven days.
 *
 * <p>Counting buckets rather than exact durations is what lets a streaming engine hold a bounded
 * number of per-bucket aggregates per contact and still agree exactly with a batch recompute.
 */
public enum WindowUnit {
  MINUTES(60_000L, 1440),
  HOURS(3_600_000L, 744),
  DAYS(0L, 3660);

  private static final long SECONDS_PER_DAY = 86_400L;

  private final long millis;
  private final long maxAmount;

  WindowUnit(long millis, long maxAmount) {
    this.millis = millis;
    this.maxAmount = maxAmount;
  }

  /** The largest amount a window may span in this unit, which bounds streaming state. */
  public long maxAmount() {
    return maxAmount;
  }

  /** The index of the bucket holding {@code time}; consecutive buckets have consecutive indexes. */
  public long bucketOf(Instant time, ZoneId zone) {
    if (this == DAYS) {
      // A fixed offset (UTC) by arithmetic: LocalDate.ofInstant builds the offset's rules per call.
      return zone instanceof ZoneOffset offset
          ? Math.floorDiv(time.getEpochSecond() + offset.getTotalSeconds(), SECONDS_PER_DAY)
          : LocalDate.ofInstant(time, zone).toEpochDay();
    }
    return Math.floorDiv(time.toEpochMilli(), millis);
  }

  /** The first instant of a bucket. */
  public Instant bucketStart(long bucket, ZoneId zone) {
    if (this == DAYS) {
      return zone instanceof ZoneOffset offset
          ? Instant.ofEpochSecond(bucket * SECONDS_PER_DAY - offset.getTotalSeconds())
          : LocalDate.ofEpochDay(bucket).atStartOfDay(zone).toInstant();
    }
    return Instant.ofEpochMilli(bucket * millis);
  }
}
