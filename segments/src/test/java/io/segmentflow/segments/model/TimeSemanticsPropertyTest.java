package io.segmentflow.segments.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.segments.catalog.EngagementThresholds;
import io.segmentflow.segments.conformance.Seeds;
import io.segmentflow.segments.model.ValuePredicate.InLast;
import io.segmentflow.segments.model.ValuePredicate.InNext;
import io.segmentflow.segments.model.ValuePredicate.MoreThanAgo;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Properties of relative time that both engines rely on, each checked on many random samples: the
 * streaming engine schedules a timer at the instant a value leaves or enters a window, so those
 * instants must be exact.
 */
class TimeSemanticsPropertyTest {

  private static final int SAMPLES = 2000;
  private static final long YEAR_2000 = 946_684_800_000L;
  private static final long YEAR_2040 = 2_208_988_800_000L;
  private static final String[] ZONES = {
    "UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe"
  };

  /** One random draw: an instant, a span and an offset. */
  private record Sample(Instant instant, RelativeSpan span, long offsetMillis) {}

  private static void forEachSample(Consumer<Sample> property) {
    Random random = new Random(Seeds.first(1).findFirst().getAsLong());
    for (int i = 0; i < SAMPLES; i++) {
      Instant instant =
          Instant.ofEpochMilli(YEAR_2000 + (long) (random.nextDouble() * (YEAR_2040 - YEAR_2000)));
      WindowUnit unit = WindowUnit.values()[random.nextInt(WindowUnit.values().length)];
      RelativeSpan span =
          new RelativeSpan(
              1 + random.nextInt(60), unit, ZoneId.of(ZONES[random.nextInt(ZONES.length)]));
      Sample sample = new Sample(instant, span, (long) (random.nextDouble() * 400_000_000L));
      try {
        property.accept(sample);
      } catch (AssertionError e) {
        throw new AssertionError("falsified by " + sample + ": " + e.getMessage(), e);
      }
    }
  }

  @Test
  void inLastAndMoreThanAgoSplitThePastExactly() {
    forEachSample(
        s -> {
          Instant value = s.instant().minusMillis(s.offsetMillis());
          assertThat(new InLast(s.span()).test(value, s.instant()))
              .isNotEqualTo(new MoreThanAgo(s.span()).test(value, s.instant()));
        });
  }

  @Test
  void aValueLeavesTheLastSpanExactlyWhenItsBucketAgesOut() {
    forEachSample(
        s -> {
          Instant value = s.instant();
          Instant leaves = s.span().leavesLastAt(value);
          InLast inLast = new InLast(s.span());
          assertThat(inLast.test(value, value)).isTrue();
          assertThat(inLast.test(value, leaves.minusMillis(1))).isTrue();
          assertThat(inLast.test(value, leaves)).isFalse();
        });
  }

  @Test
  void aFutureValueEntersTheNextSpanExactlyWhenItsBucketComesInRange() {
    forEachSample(
        s -> {
          Instant value = s.instant();
          Instant enters = s.span().entersNextAt(value);
          InNext inNext = new InNext(s.span());
          assertThat(inNext.test(value, enters)).isEqualTo(enters.isBefore(value));
          assertThat(inNext.test(value, enters.minusMillis(1))).isFalse();
        });
  }

  @Test
  void theLastSpanCoversAtLeastItsAmountOfWholeUnits() {
    forEachSample(
        s -> {
          RelativeSpan utc = new RelativeSpan(s.span().amount(), s.span().unit(), ZoneId.of("UTC"));
          long unitMillis =
              switch (utc.unit()) {
                case MINUTES -> 60_000L;
                case HOURS -> 3_600_000L;
                case DAYS -> 86_400_000L;
              };
          long covered = s.instant().toEpochMilli() - utc.lastStart(s.instant()).toEpochMilli();
          assertThat(covered)
              .isBetween(utc.amount() * unitMillis, (utc.amount() + 1) * unitMillis - 1);
        });
  }

  /**
   * A streaming engine evaluates again only at {@link ValuePredicate#nextChange}, so a predicate on
   * a fixed value must keep its result until that instant and flip exactly at it.
   */
  @Test
  void aTimePredicateKeepsItsResultUntilItsNextChangeAndFlipsThere() {
    Random random = new Random(Seeds.first(1).findFirst().getAsLong());
    for (int i = 0; i < SAMPLES; i++) {
      Instant asOf =
          Instant.ofEpochMilli(YEAR_2000 + (long) (random.nextDouble() * (YEAR_2040 - YEAR_2000)));
      ZoneId zone = ZoneId.of(ZONES[random.nextInt(ZONES.length)]);
      WindowUnit unit = WindowUnit.values()[random.nextInt(WindowUnit.values().length)];
      RelativeSpan span = new RelativeSpan(1 + random.nextInt(60), unit, zone);
      long years = random.nextInt(3) == 0 ? 365L * random.nextInt(40) : 0;
      Instant time =
          asOf.minus(years, ChronoUnit.DAYS)
              .plusMillis((long) ((random.nextDouble() - 0.5) * 2 * span.amount() * 86_400_000L));
      Object value = random.nextInt(4) == 0 ? LocalDate.ofInstant(time, zone) : (Object) time;
      ValuePredicate.Period period =
          ValuePredicate.Period.values()[random.nextInt(ValuePredicate.Period.values().length)];
      ValuePredicate predicate =
          switch (random.nextInt(6)) {
            case 0 -> new ValuePredicate.InLast(span);
            case 1 -> new ValuePredicate.MoreThanAgo(span);
            case 2 -> new ValuePredicate.InNext(span);
            case 3 -> new ValuePredicate.InCurrent(period, zone);
            case 4 ->
                new ValuePredicate.Anniversary(
                    random.nextBoolean() ? ValuePredicate.Period.DAY : ValuePredicate.Period.MONTH,
                    zone);
            default -> new ValuePredicate.TimeRange(time.minusSeconds(1), time, zone);
          };
      String sample = predicate + " on " + value + " as of " + asOf;
      assertKeepsUntilNextChange(
          sample, t -> predicate.test(value, t), predicate.nextChange(value, asOf), asOf, random);
    }
  }

  @Test
  void anEngagementLevelKeepsUntilItsNextChangeAndChangesThere() {
    Random random = new Random(Seeds.first(1).findFirst().getAsLong());
    EngagementThresholds thresholds = new EngagementThresholds(3, 20, 50);
    for (int i = 0; i < SAMPLES; i++) {
      Instant asOf =
          Instant.ofEpochMilli(YEAR_2000 + (long) (random.nextDouble() * (YEAR_2040 - YEAR_2000)));
      Instant last =
          random.nextInt(20) == 0
              ? null
              : asOf.minusMillis((long) (random.nextDouble() * 60 * 86_400_000L));
      assertKeepsUntilNextChange(
          "last activity " + last + " as of " + asOf,
          t -> thresholds.levelOf(last, t),
          thresholds.nextChange(last, asOf),
          asOf,
          random);
    }
  }

  /**
   * The result is the same at random instants between {@code asOf} and {@code next} (exclusive), at
   * {@code next} minus 1 ms, and differs at {@code next}; with no next change, at instants up to 40
   * years later.
   */
  private static void assertKeepsUntilNextChange(
      String sample, Function<Instant, Object> result, Instant next, Instant asOf, Random random) {
    Object now = result.apply(asOf);
    if (next == null) {
      for (int k = 0; k < 5; k++) {
        Instant later = asOf.plusMillis(1 + (long) (random.nextDouble() * 40 * 365 * 86_400_000L));
        assertThat(result.apply(later))
            .as("%s, at %s (no next change)", sample, later)
            .isEqualTo(now);
      }
      return;
    }
    assertThat(next).as(sample).isAfter(asOf);
    long gap = next.toEpochMilli() - asOf.toEpochMilli();
    for (int k = 0; k < 5; k++) {
      Instant between = asOf.plusMillis(1 + (long) (random.nextDouble() * (gap - 1)));
      if (between.isBefore(next)) {
        assertThat(result.apply(between))
            .as("%s, at %s before %s", sample, between, next)
            .isEqualTo(now);
      }
    }
    if (gap > 1) {
      assertThat(result.apply(next.minusMillis(1)))
          .as("%s, just before %s", sample, next)
          .isEqualTo(now);
    }
    assertThat(result.apply(next)).as("%s, at %s", sample, next).isNotEqualTo(now);
  }

  @Test
  void aNegativeOperatorIsTheComplementOfItsTwin() {
    var eq = new Comparison(Operator.EQ, new ValuePredicate.TextIn(Set.of("paris")));
    var neq = new Comparison(Operator.NEQ, new ValuePredicate.TextIn(Set.of("paris")));
    var contains = new Comparison(Operator.CONTAINS, new ValuePredicate.TextContains("ar"));
    var notContains = new Comparison(Operator.NOT_CONTAINS, new ValuePredicate.TextContains("ar"));
    Random random = new Random(Seeds.first(1).findFirst().getAsLong());
    String[] pool = {null, "Paris", "PARIS", "paris ", "Arles", "", " ", "ÀR", "x"};
    for (int i = 0; i < SAMPLES; i++) {
      String value =
          random.nextInt(3) == 0 ? randomText(random) : pool[random.nextInt(pool.length)];
      assertThat(neq.test(value, Instant.EPOCH))
          .as("%s", value)
          .isNotEqualTo(eq.test(value, Instant.EPOCH));
      assertThat(notContains.test(value, Instant.EPOCH))
          .as("%s", value)
          .isNotEqualTo(contains.test(value, Instant.EPOCH));
    }
  }

  private static String randomText(Random random) {
    StringBuilder text = new StringBuilder();
    int length = random.nextInt(8);
    for (int i = 0; i < length; i++) {
      text.append(
          (char) (random.nextBoolean() ? 'a' + random.nextInt(26) : 'A' + random.nextInt(26)));
    }
    return text.toString();
  }
}
