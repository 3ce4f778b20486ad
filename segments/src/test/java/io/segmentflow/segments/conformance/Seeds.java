package io.segmentflow.segments.conformance;

import java.util.stream.LongStream;

/**
 * Seeds of the randomized tests. Fixed by default so a run is reproducible; set the system property
 * {@code segmentflow.seed} to explore other data ({@code mvn verify -Dsegmentflow.seed=7}).
 */
public final class Seeds {

  private static final long BASE = Long.getLong("segmentflow.seed", 20261122L);

  private Seeds() {}

  public static LongStream first(int count) {
    return LongStream.range(0, count).map(i -> BASE * 1_000_003L + i);
  }
}
