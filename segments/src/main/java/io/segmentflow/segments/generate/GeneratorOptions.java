package io.segmentflow.segments.generate;

import java.time.Instant;
import java.util.List;

/**
 * What to generate. The same options always give the same data.
 *
 * @param seed the seed every random draw derives from
 * @param contacts how many contacts
 * @param companies how many companies; about 60% of contacts belong to one (none when 0)
 * @param eventsPerContact the mean number of events per contact; activity is heavy-tailed
 * @param daysOfHistory events and list actions fall in the days before {@code asOf}
 * @param asOf the evaluation time the data leads up to
 * @param overrideSegmentIds the dynamic segments that list actions include and exclude contacts of
 */
public record GeneratorOptions(
    long seed,
    int contacts,
    int companies,
    double eventsPerContact,
    int daysOfHistory,
    Instant asOf,
    List<String> overrideSegmentIds) {

  /** Dynamic segments of the examples, overridden by default. */
  public static final List<String> DEFAULT_OVERRIDE_SEGMENT_IDS =
      List.of("engaged-subscribers", "clients-fr-3-orders");

  public GeneratorOptions {
    if (contacts < 0 || companies < 0) {
      throw new IllegalArgumentException(
          "contacts and companies cannot be negative, got " + contacts + " and " + companies);
    }
    if (!(eventsPerContact >= 0 && Double.isFinite(eventsPerContact))) {
      throw new IllegalArgumentException(
          "events per contact must be a number >= 0, got " + eventsPerContact);
    }
    if (daysOfHistory < 1) {
      throw new IllegalArgumentException("days of history must be >= 1, got " + daysOfHistory);
    }
    if (asOf == null) {
      throw new IllegalArgumentException("asOf is required: the time the data leads up to");
    }
    overrideSegmentIds = List.copyOf(overrideSegmentIds);
  }

  /** Options that override {@link #DEFAULT_OVERRIDE_SEGMENT_IDS}. */
  public GeneratorOptions(
      long seed,
      int contacts,
      int companies,
      double eventsPerContact,
      int daysOfHistory,
      Instant asOf) {
    this(
        seed,
        contacts,
        companies,
        eventsPerContact,
        daysOfHistory,
        asOf,
        DEFAULT_OVERRIDE_SEGMENT_IDS);
  }
}
