package io.segmentflow.segments.model;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import java.util.regex.Pattern;

/**
 * What a positive {@link Operator} tests of one value, as of an evaluation time. Values arrive as
 * the Java types of their {@link ValueType}, or {@code null} when missing. Every predicate except
 * {@link IsEmpty} is false on a missing value; negative operators are the complement, applied by
 * {@link Comparison}.
 *
 * <p>Text predicates compare case-insensitively: both sides are lower-cased with {@link
 * Locale#ROOT}; only {@link TextRegex} is case-sensitive. On a {@code text_list} value a text
 * predicate holds when it holds for at least one element.
 *
 * <p>Time predicates compare instants. A {@code date} value (a birthday) stands for the first
 * instant of that day in the predicate's zone.
 */
public sealed interface ValuePredicate extends Serializable {

  boolean test(Object value, Instant asOf);

  /**
   * Whether the result on a fixed value can change with the evaluation time alone: true for the
   * relative and calendar time predicates, false for every other one (including {@link TimeRange}).
   */
  default boolean dependsOnTime() {
    return false;
  }

  /**
   * The first instant strictly after {@code asOf} at which {@link #test} on the same value gives
   * another result than at {@code asOf}, or null when it never will. A streaming engine sets a
   * timer there, so the instant is exact: the result holds from just after {@code asOf} up to one
   * millisecond before it and flips at it.
   */
  default Instant nextChange(Object value, Instant asOf) {
    return null;
  }

  /** Missing, a text of only white space (characters up to U+0020), or a list of such texts. */
  record IsEmpty() implements ValuePredicate {
    @Override
    public boolean test(Object value, Instant asOf) {
      if (value instanceof String text) {
        return isBlank(text);
      }
      if (value instanceof List<?> list) {
        return list.stream().allMatch(e -> e == null || isBlank((String) e));
      }
      return value == null;
    }

    public static boolean isBlank(String text) {
      return text.trim().isEmpty();
    }
  }

  /** Case-insensitive text predicates, applied to a text or to any element of a text list. */
  sealed interface TextPredicate extends ValuePredicate {
    boolean testLowerCased(String lowerCased);

    @Override
    default boolean test(Object value, Instant asOf) {
      if (value instanceof String text) {
        return testText(text);
      }
      if (value instanceof List<?> list) {
        return list.stream().anyMatch(e -> e != null && testText((String) e));
      }
      return false;
    }

    default boolean testText(String text) {
      return testLowerCased(text.toLowerCase(Locale.ROOT));
    }

    static String lower(String text) {
      return text.toLowerCase(Locale.ROOT);
    }
  }

  /** {@code eq} (one value) and {@code in}: equal to one of the values, ignoring case. */
  record TextIn(Set<String> lowerCasedValues) implements TextPredicate {
    public TextIn {
      lowerCasedValues = Set.copyOf(lowerCasedValues.stream().map(TextPredicate::lower).toList());
    }

    @Override
    public boolean testLowerCased(String lowerCased) {
      return lowerCasedValues.contains(lowerCased);
    }
  }

  record TextContains(String lowerCasedPart) implements TextPredicate {
    public TextContains {
      lowerCasedPart = TextPredicate.lower(lowerCasedPart);
    }

    @Override
    public boolean testLowerCased(String lowerCased) {
      return lowerCased.contains(lowerCasedPart);
    }
  }

  record TextStartsWith(String lowerCasedPrefix) implements TextPredicate {
    public TextStartsWith {
      lowerCasedPrefix = TextPredicate.lower(lowerCasedPrefix);
    }

    @Override
    public boolean testLowerCased(String lowerCased) {
      return lowerCased.startsWith(lowerCasedPrefix);
    }
  }

  record TextEndsWith(String lowerCasedSuffix) implements TextPredicate {
    public TextEndsWith {
      lowerCasedSuffix = TextPredicate.lower(lowerCasedSuffix);
    }

    @Override
    public boolean testLowerCased(String lowerCased) {
      return lowerCased.endsWith(lowerCasedSuffix);
    }
  }

  /**
   * A Java regular expression found anywhere in the text ({@code Matcher.find}), case-sensitive:
   * the same semantics as Spark's {@code rlike}. Anchor it with {@code ^...$} to match the whole
   * text.
   */
  record TextRegex(String regex) implements TextPredicate {
    private static final Map<String, Pattern> COMPILED = new ConcurrentHashMap<>();

    public Pattern pattern() {
      return COMPILED.computeIfAbsent(regex, Pattern::compile);
    }

    @Override
    public boolean testText(String text) {
      return pattern().matcher(text).find();
    }

    @Override
    public boolean testLowerCased(String lowerCased) {
      throw new UnsupportedOperationException("a regex is case-sensitive");
    }
  }

  /** {@code eq} and {@code in} on numbers: numerically equal to one of the values (1.0 = 1). */
  record NumberIn(Set<BigDecimal> values) implements ValuePredicate {
    public NumberIn {
      values = Set.copyOf(values.stream().map(NumberIn::canonical).toList());
    }

    private static BigDecimal canonical(BigDecimal number) {
      return number.signum() == 0 ? BigDecimal.ZERO : number.stripTrailingZeros();
    }

    @Override
    public boolean test(Object value, Instant asOf) {
      return value instanceof BigDecimal number && values.contains(canonical(number));
    }
  }

  /** {@code lt}, {@code lte}, {@code gt}, {@code gte}. */
  record NumberCompare(Bound bound, BigDecimal value) implements ValuePredicate {
    public enum Bound {
      LT,
      LTE,
      GT,
      GTE;

      public boolean holds(int comparison) {
        return switch (this) {
          case LT -> comparison < 0;
          case LTE -> comparison <= 0;
          case GT -> comparison > 0;
          case GTE -> comparison >= 0;
        };
      }
    }

    @Override
    public boolean test(Object value, Instant asOf) {
      return value instanceof BigDecimal number && bound.holds(number.compareTo(this.value));
    }
  }

  /** Between {@code low} and {@code high}, both included. */
  record NumberBetween(BigDecimal low, BigDecimal high) implements ValuePredicate {
    @Override
    public boolean test(Object value, Instant asOf) {
      return value instanceof BigDecimal number
          && number.compareTo(low) >= 0
          && number.compareTo(high) <= 0;
    }
  }

  record BooleanIs(boolean expected) implements ValuePredicate {
    @Override
    public boolean test(Object value, Instant asOf) {
      return value instanceof Boolean flag && flag == expected;
    }
  }

  /**
   * Predicates on a point in time; a {@code date} value is the start of its day in {@code zone}.
   */
  sealed interface TimePredicate extends ValuePredicate {
    ZoneId zone();

    boolean testInstant(Instant time, Instant asOf);

    /**
     * {@link #nextChange} on a point in time: each predicate holds on one span of evaluation times.
     */
    Instant nextChangeOf(Instant time, Instant asOf);

    @Override
    default boolean test(Object value, Instant asOf) {
      Instant time = toInstant(value, zone());
      return time != null && testInstant(time, asOf);
    }

    @Override
    default boolean dependsOnTime() {
      return true;
    }

    @Override
    default Instant nextChange(Object value, Instant asOf) {
      Instant time = toInstant(value, zone());
      return time == null ? null : nextChangeOf(time, asOf);
    }

    /** The earliest of the candidates strictly after {@code asOf}; null ones are ignored. */
    static Instant firstAfter(Instant asOf, Instant... candidates) {
      Instant first = null;
      for (Instant candidate : candidates) {
        if (candidate != null
            && candidate.isAfter(asOf)
            && (first == null || candidate.isBefore(first))) {
          first = candidate;
        }
      }
      return first;
    }

    private static Instant startOf(LocalDate date, ZoneId zone) {
      return date.atStartOfDay(zone).toInstant();
    }

    static Instant toInstant(Object value, ZoneId zone) {
      if (value instanceof Instant instant) {
        return instant;
      }
      if (value instanceof LocalDate date) {
        return date.atStartOfDay(zone).toInstant();
      }
      return null;
    }
  }

  /**
   * Absolute bounds, independent of the evaluation time: {@code before} (to only), {@code after}
   * (from only), {@code on} (one day of the zone) and {@code between} (both). {@code from} is
   * inclusive and {@code to} exclusive; a null bound is open. A definition's {@code after X} means
   * from X + 1 ms (or from the day after X for a date), its {@code between [A, B]} includes both A
   * and B (both whole days for dates).
   */
  record TimeRange(Instant from, Instant to, ZoneId zone) implements TimePredicate {
    @Override
    public boolean testInstant(Instant time, Instant asOf) {
      return (from == null || !time.isBefore(from)) && (to == null || time.isBefore(to));
    }

    @Override
    public boolean dependsOnTime() {
      return false;
    }

    @Override
    public Instant nextChangeOf(Instant time, Instant asOf) {
      return null;
    }
  }

  /** {@code in_last N units}: from {@link RelativeSpan#lastStart} to the evaluation time. */
  record InLast(RelativeSpan span) implements TimePredicate {
    @Override
    public ZoneId zone() {
      return span.zone();
    }

    @Override
    public boolean testInstant(Instant time, Instant asOf) {
      return !time.isBefore(span.lastStart(asOf)) && !time.isAfter(asOf);
    }

    /** Holds from the time itself until its bucket ages out. */
    @Override
    public Instant nextChangeOf(Instant time, Instant asOf) {
      return TimePredicate.firstAfter(asOf, time, span.leavesLastAt(time));
    }
  }

  /** {@code more_than_ago N units}: before {@link RelativeSpan#lastStart}, so never both. */
  record MoreThanAgo(RelativeSpan span) implements TimePredicate {
    @Override
    public ZoneId zone() {
      return span.zone();
    }

    @Override
    public boolean testInstant(Instant time, Instant asOf) {
      return time.isBefore(span.lastStart(asOf));
    }

    /** Holds from the instant the time's bucket ages out of the last span, for ever. */
    @Override
    public Instant nextChangeOf(Instant time, Instant asOf) {
      return TimePredicate.firstAfter(asOf, span.leavesLastAt(time));
    }
  }

  /** {@code in_next N units}: after the evaluation time, before {@link RelativeSpan#nextEnd}. */
  record InNext(RelativeSpan span) implements TimePredicate {
    @Override
    public ZoneId zone() {
      return span.zone();
    }

    @Override
    public boolean testInstant(Instant time, Instant asOf) {
      return time.isAfter(asOf) && time.isBefore(span.nextEnd(asOf));
    }

    /** Holds from the instant the time's bucket comes in range until the time itself. */
    @Override
    public Instant nextChangeOf(Instant time, Instant asOf) {
      return TimePredicate.firstAfter(asOf, span.entersNextAt(time), time);
    }
  }

  /** Calendar periods of the zone: weeks start on Monday (ISO). */
  enum Period {
    DAY,
    WEEK,
    MONTH,
    YEAR;

    public LocalDate firstDay(LocalDate date) {
      return switch (this) {
        case DAY -> date;
        case WEEK -> date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        case MONTH -> date.withDayOfMonth(1);
        case YEAR -> date.withDayOfYear(1);
      };
    }

    public LocalDate next(LocalDate firstDay) {
      return switch (this) {
        case DAY -> firstDay.plusDays(1);
        case WEEK -> firstDay.plusWeeks(1);
        case MONTH -> firstDay.plusMonths(1);
        case YEAR -> firstDay.plusYears(1);
      };
    }
  }

  /** {@code in_current day|week|month|year}: in the calendar period holding the evaluation time. */
  record InCurrent(Period period, ZoneId zone) implements TimePredicate {
    @Override
    public boolean testInstant(Instant time, Instant asOf) {
      LocalDate first = period.firstDay(LocalDate.ofInstant(asOf, zone));
      return !LocalDate.ofInstant(time, zone).isBefore(first)
          && LocalDate.ofInstant(time, zone).isBefore(period.next(first));
    }

    /** Holds while the evaluation time is in the time's own period. */
    @Override
    public Instant nextChangeOf(Instant time, Instant asOf) {
      LocalDate first = period.firstDay(LocalDate.ofInstant(time, zone));
      return TimePredicate.firstAfter(
          asOf,
          TimePredicate.startOf(first, zone),
          TimePredicate.startOf(period.next(first), zone));
    }
  }

  /**
   * {@code anniversary day}: same month and day as the evaluation time's date (a birthday today);
   * {@code anniversary month}: same month (signed up in this month of any year). Dates are taken in
   * the zone; a 29 February is celebrated on 28 February in other years.
   */
  record Anniversary(Period period, ZoneId zone) implements TimePredicate {
    public Anniversary {
      if (period != Period.DAY && period != Period.MONTH) {
        throw new IllegalArgumentException("an anniversary is a day or a month: " + period);
      }
    }

    @Override
    public boolean testInstant(Instant time, Instant asOf) {
      LocalDate date = LocalDate.ofInstant(time, zone);
      LocalDate today = LocalDate.ofInstant(asOf, zone);
      if (period == Period.MONTH) {
        return date.getMonth() == today.getMonth();
      }
      MonthDay anniversary = MonthDay.from(date);
      return anniversary.isValidYear(today.getYear())
          ? anniversary.equals(MonthDay.from(today))
          : today.getMonthValue() == 2 && today.getDayOfMonth() == 28;
    }

    /**
     * The end of the anniversary when it is today (no two days in a row are anniversaries), else
     * the start of the next one: {@link MonthDay#atYear} moves 29 February to the 28th as {@link
     * #testInstant} does.
     */
    @Override
    public Instant nextChangeOf(Instant time, Instant asOf) {
      LocalDate date = LocalDate.ofInstant(time, zone);
      LocalDate today = LocalDate.ofInstant(asOf, zone);
      LocalDate next;
      if (testInstant(time, asOf)) {
        next = period == Period.MONTH ? today.withDayOfMonth(1).plusMonths(1) : today.plusDays(1);
      } else {
        IntFunction<LocalDate> inYear =
            period == Period.MONTH
                ? year -> LocalDate.of(year, date.getMonth(), 1)
                : year -> MonthDay.from(date).atYear(year);
        next = inYear.apply(today.getYear());
        next = next.isAfter(today) ? next : inYear.apply(today.getYear() + 1);
      }
      return TimePredicate.startOf(next, zone);
    }
  }
}
