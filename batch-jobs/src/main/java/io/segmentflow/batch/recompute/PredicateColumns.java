package io.segmentflow.batch.recompute;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.dayofmonth;
import static org.apache.spark.sql.functions.exists;
import static org.apache.spark.sql.functions.forall;
import static org.apache.spark.sql.functions.from_utc_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.to_utc_timestamp;

import io.segmentflow.segments.model.Comparison;
import io.segmentflow.segments.model.ValuePredicate;
import io.segmentflow.segments.model.ValuePredicate.Anniversary;
import io.segmentflow.segments.model.ValuePredicate.InCurrent;
import io.segmentflow.segments.model.ValuePredicate.InLast;
import io.segmentflow.segments.model.ValuePredicate.InNext;
import io.segmentflow.segments.model.ValuePredicate.MoreThanAgo;
import io.segmentflow.segments.model.ValuePredicate.TimeRange;
import io.segmentflow.segments.model.ValueType;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;

/**
 * Translates the core's {@link Comparison}s into Spark {@link Column}s with the same meaning. The
 * evaluation time is a constant of the run, so every boundary of relative time is computed here by
 * the core's own {@link io.segmentflow.segments.model.RelativeSpan} and enters the plan as a
 * literal. Values from definitions only ever become literals: no SQL text is built.
 *
 * <p>SQL's three-valued logic would turn a comparison with a missing value into NULL; every
 * predicate here is made two-valued with {@code coalesce(..., false)}, so a negative operator is
 * the exact complement of its twin, as in the core.
 */
final class PredicateColumns {

  /** Characters up to U+0020 only: the core's blank ({@code String.trim().isEmpty()}). */
  private static final String BLANK = "^[\\x00-\\x20]*$";

  private PredicateColumns() {}

  /** The comparison of a value column of the given type, never null. */
  static Column comparison(Comparison comparison, Column value, ValueType type, Instant asOf) {
    Column positive = coalesce(positive(comparison.predicate(), value, type, asOf), lit(false));
    return comparison.op().isNegative() ? positive.unary_$bang() : positive;
  }

  private static Column positive(
      ValuePredicate predicate, Column value, ValueType type, Instant asOf) {
    if (predicate instanceof ValuePredicate.IsEmpty) {
      return isEmpty(value, type);
    }
    if (predicate instanceof ValuePredicate.TextPredicate text) {
      Function<Column, Column> test = textTest(text);
      return type == ValueType.TEXT_LIST
          ? exists(value, x -> coalesce(test.apply(x), lit(false)))
          : test.apply(value);
    }
    if (predicate instanceof ValuePredicate.NumberIn in) {
      Column any = lit(false);
      for (BigDecimal number : in.values()) {
        any = any.or(value.equalTo(lit(number)));
      }
      return any;
    }
    if (predicate instanceof ValuePredicate.NumberCompare compare) {
      Column bound = lit(compare.value());
      return switch (compare.bound()) {
        case LT -> value.lt(bound);
        case LTE -> value.leq(bound);
        case GT -> value.gt(bound);
        case GTE -> value.geq(bound);
      };
    }
    if (predicate instanceof ValuePredicate.NumberBetween between) {
      return value.geq(lit(between.low())).and(value.leq(lit(between.high())));
    }
    if (predicate instanceof ValuePredicate.BooleanIs is) {
      return value.equalTo(lit(is.expected()));
    }
    return time((ValuePredicate.TimePredicate) predicate, value, type, asOf);
  }

  private static Column isEmpty(Column value, ValueType type) {
    return switch (type) {
      case TEXT -> value.isNull().or(value.rlike(BLANK));
      case TEXT_LIST -> value.isNull().or(forall(value, x -> x.isNull().or(x.rlike(BLANK))));
      default -> value.isNull();
    };
  }

  private static Function<Column, Column> textTest(ValuePredicate.TextPredicate text) {
    if (text instanceof ValuePredicate.TextIn in) {
      return v -> lower(v).isin(in.lowerCasedValues().toArray());
    }
    if (text instanceof ValuePredicate.TextContains contains) {
      return v -> lower(v).contains(contains.lowerCasedPart());
    }
    if (text instanceof ValuePredicate.TextStartsWith starts) {
      return v -> lower(v).startsWith(starts.lowerCasedPrefix());
    }
    if (text instanceof ValuePredicate.TextEndsWith ends) {
      return v -> lower(v).endsWith(ends.lowerCasedSuffix());
    }
    String regex = ((ValuePredicate.TextRegex) text).regex();
    return v -> v.rlike(regex);
  }

  private static Column time(
      ValuePredicate.TimePredicate predicate, Column value, ValueType type, Instant asOf) {
    ZoneId zone = predicate.zone();
    if (predicate instanceof Anniversary anniversary) {
      return anniversary(anniversary, localDate(value, type, zone), asOf);
    }
    Column instant = type == ValueType.DATE ? startOfDay(value, zone) : value;
    if (predicate instanceof TimeRange range) {
      return range(instant, range.from(), range.to());
    }
    if (predicate instanceof InLast inLast) {
      return range(instant, inLast.span().lastStart(asOf), null).and(instant.leq(timestamp(asOf)));
    }
    if (predicate instanceof MoreThanAgo ago) {
      return range(instant, null, ago.span().lastStart(asOf));
    }
    if (predicate instanceof InNext next) {
      return instant.gt(timestamp(asOf)).and(instant.lt(timestamp(next.span().nextEnd(asOf))));
    }
    InCurrent current = (InCurrent) predicate;
    LocalDate first = current.period().firstDay(LocalDate.ofInstant(asOf, zone));
    return range(
        instant,
        first.atStartOfDay(zone).toInstant(),
        current.period().next(first).atStartOfDay(zone).toInstant());
  }

  /** From inclusive, to exclusive; a null bound is open. */
  static Column range(Column instant, Instant from, Instant to) {
    Column inside = lit(true);
    if (from != null) {
      inside = inside.and(instant.geq(timestamp(from)));
    }
    if (to != null) {
      inside = inside.and(instant.lt(timestamp(to)));
    }
    return inside;
  }

  /**
   * As the core's Anniversary: same month (and day), 29 February on 28 February of common years.
   */
  private static Column anniversary(Anniversary anniversary, Column date, Instant asOf) {
    LocalDate today = LocalDate.ofInstant(asOf, anniversary.zone());
    Column sameMonth = month(date).equalTo(lit(today.getMonthValue()));
    if (anniversary.period() == ValuePredicate.Period.MONTH) {
      return sameMonth;
    }
    Column sameDay = sameMonth.and(dayofmonth(date).equalTo(lit(today.getDayOfMonth())));
    boolean leapDayFallsToday =
        !MonthDay.of(2, 29).isValidYear(today.getYear())
            && today.getMonthValue() == 2
            && today.getDayOfMonth() == 28;
    return leapDayFallsToday
        ? sameDay.or(month(date).equalTo(lit(2)).and(dayofmonth(date).equalTo(lit(29))))
        : sameDay;
  }

  /** The local date of a value in a zone; a date value is already one. */
  private static Column localDate(Column value, ValueType type, ZoneId zone) {
    return type == ValueType.DATE ? value : to_date(from_utc_timestamp(value, zone.getId()));
  }

  /** The first instant of a date's day in a zone, as the core's date values stand for. */
  private static Column startOfDay(Column date, ZoneId zone) {
    return to_utc_timestamp(date.cast(DataTypes.TimestampType), zone.getId());
  }

  static Column timestamp(Instant instant) {
    return lit(Timestamp.from(instant));
  }

  static Column literalArray(Iterable<String> values) {
    List<Column> literals = new ArrayList<>();
    values.forEach(v -> literals.add(lit(v)));
    return array(literals.toArray(Column[]::new));
  }
}
