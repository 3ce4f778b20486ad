package io.segmentflow.segments.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.segments.model.ValuePredicate.InLast;
import io.segmentflow.segments.model.ValuePredicate.InNext;
import io.segmentflow.segments.model.ValuePredicate.MoreThanAgo;
import java.time.Instant;
import java.time.ZoneId;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/**
 * Properties of relative time that both engines rely on: the streaming engine schedules a timer at
 * the instant a value leaves or enters a window, so those instants must be exact.
 */
class TimeSemanticsPropertyTest {

  private static final long YEAR_2000 = 946_684_800_000L;
  private static final long YEAR_2040 = 2_208_988_800_000L;

  @Provide
  Arbitrary<Instant> instants() {
    return Arbitraries.longs().between(YEAR_2000, YEAR_2040).map(Instant::ofEpochMilli);
  }

  @Provide
  Arbitrary<ZoneId> zones() {
    return Arbitraries.of(
            "UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe")
        .map(ZoneId::of);
  }

  @Provide
  Arbitrary<WindowUnit> units() {
    return Arbitraries.of(WindowUnit.class);
  }

  @Property
  void inLastAndMoreThanAgoSplitThePastExactly(
      @ForAll("instants") Instant asOf,
      @ForAll @LongRange(min = 0, max = 400_000_000) long back,
      @ForAll @LongRange(min = 1, max = 60) long amount,
      @ForAll("units") WindowUnit unit,
      @ForAll("zones") ZoneId zone) {
    RelativeSpan span = new RelativeSpan(amount, unit, zone);
    Instant value = asOf.minusMillis(back);
    assertThat(new InLast(span).test(value, asOf))
        .isNotEqualTo(new MoreThanAgo(span).test(value, asOf));
  }

  @Property
  void aValueLeavesTheLastSpanExactlyWhenItsBucketAgesOut(
      @ForAll("instants") Instant value,
      @ForAll @LongRange(min = 1, max = 60) long amount,
      @ForAll("units") WindowUnit unit,
      @ForAll("zones") ZoneId zone) {
    RelativeSpan span = new RelativeSpan(amount, unit, zone);
    Instant leaves = span.leavesLastAt(value);
    InLast inLast = new InLast(span);
    assertThat(inLast.test(value, value)).isTrue();
    assertThat(inLast.test(value, leaves.minusMillis(1))).isTrue();
    assertThat(inLast.test(value, leaves)).isFalse();
  }

  @Property
  void aFutureValueEntersTheNextSpanExactlyWhenItsBucketComesInRange(
      @ForAll("instants") Instant value,
      @ForAll @LongRange(min = 1, max = 60) long amount,
      @ForAll("units") WindowUnit unit,
      @ForAll("zones") ZoneId zone) {
    RelativeSpan span = new RelativeSpan(amount, unit, zone);
    Instant enters = span.entersNextAt(value);
    InNext inNext = new InNext(span);
    assertThat(inNext.test(value, enters)).isEqualTo(enters.isBefore(value));
    assertThat(inNext.test(value, enters.minusMillis(1))).isFalse();
  }

  @Property
  void theLastSpanCoversAtLeastItsAmountOfWholeUnits(
      @ForAll("instants") Instant asOf,
      @ForAll @LongRange(min = 1, max = 60) long amount,
      @ForAll("units") WindowUnit unit) {
    RelativeSpan span = new RelativeSpan(amount, unit, ZoneId.of("UTC"));
    long unitMillis =
        unit == WindowUnit.MINUTES ? 60_000 : unit == WindowUnit.HOURS ? 3_600_000 : 86_400_000;
    long covered = asOf.toEpochMilli() - span.lastStart(asOf).toEpochMilli();
    assertThat(covered).isBetween(amount * unitMillis, (amount + 1) * unitMillis - 1);
  }

  @Property
  void aNegativeOperatorIsTheComplementOfItsTwin(
      @ForAll("instants") Instant asOf, @ForAll("maybeTexts") String value) {
    var eq = new Comparison(Operator.EQ, new ValuePredicate.TextIn(java.util.Set.of("paris")));
    var neq = new Comparison(Operator.NEQ, new ValuePredicate.TextIn(java.util.Set.of("paris")));
    var contains = new Comparison(Operator.CONTAINS, new ValuePredicate.TextContains("ar"));
    var notContains = new Comparison(Operator.NOT_CONTAINS, new ValuePredicate.TextContains("ar"));
    assertThat(neq.test(value, asOf)).isNotEqualTo(eq.test(value, asOf));
    assertThat(notContains.test(value, asOf)).isNotEqualTo(contains.test(value, asOf));
  }

  @Provide
  Arbitrary<String> maybeTexts() {
    return Arbitraries.oneOf(
        Arbitraries.just(null),
        Arbitraries.of("Paris", "PARIS", "paris ", "Arles", "", " "),
        Arbitraries.strings().ofMaxLength(8));
  }
}
