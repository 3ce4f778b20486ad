package io.segmentflow.segments.eval;

import io.segmentflow.segments.model.Comparison;
import io.segmentflow.segments.model.Condition;
import io.segmentflow.segments.model.Condition.AllOf;
import io.segmentflow.segments.model.Condition.AnyOf;
import io.segmentflow.segments.model.Condition.BehaviorCondition;
import io.segmentflow.segments.model.Condition.FieldCondition;
import io.segmentflow.segments.model.Condition.MembershipCondition;
import io.segmentflow.segments.model.Condition.Not;
import io.segmentflow.segments.model.Condition.PropertyCondition;
import io.segmentflow.segments.model.Condition.TagCondition;
import io.segmentflow.segments.model.Measure;
import io.segmentflow.segments.model.RelativeSpan;
import io.segmentflow.segments.model.ValuePredicate;
import io.segmentflow.segments.model.Window;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Short readable texts of conditions and values, for explanations. */
final class Describe {

  private Describe() {}

  static String condition(Condition condition) {
    if (condition instanceof AllOf) {
      return "all of";
    }
    if (condition instanceof AnyOf) {
      return "any of";
    }
    if (condition instanceof Not) {
      return "not";
    }
    if (condition instanceof FieldCondition field) {
      return field.field().path() + " " + comparison(field.comparison());
    }
    if (condition instanceof TagCondition tags) {
      return "tags "
          + tags.match().name().toLowerCase(Locale.ROOT)
          + " "
          + new TreeSet<>(tags.lowerCasedTags());
    }
    if (condition instanceof BehaviorCondition behavior) {
      String where =
          behavior.where().isEmpty()
              ? ""
              : " where "
                  + behavior.where().stream()
                      .map(Describe::property)
                      .collect(Collectors.joining(" and "));
      return behavior.eventType()
          + where
          + window(behavior.window())
          + ": "
          + measure(behavior.measure());
    }
    MembershipCondition membership = (MembershipCondition) condition;
    return (membership.member() ? "in_segment " : "not_in_segment ") + membership.segmentId();
  }

  private static String property(PropertyCondition condition) {
    return condition.property() + " " + comparison(condition.comparison());
  }

  private static String window(Window window) {
    if (window instanceof Window.Last last) {
      return " in the last " + span(last.span());
    }
    if (window instanceof Window.Between between) {
      return (between.from() == null ? "" : " from " + between.from())
          + (between.to() == null ? "" : " before " + between.to());
    }
    return " ever";
  }

  private static String measure(Measure measure) {
    if (measure instanceof Measure.Count count) {
      return "count " + count.op().name().toLowerCase(Locale.ROOT) + " " + count.value();
    }
    if (measure instanceof Measure.Occurrence occurrence) {
      return occurrence.which().name().toLowerCase(Locale.ROOT)
          + " time "
          + comparison(occurrence.comparison());
    }
    Measure.Aggregate aggregate = (Measure.Aggregate) measure;
    return aggregate.function().name().toLowerCase(Locale.ROOT)
        + " of "
        + aggregate.property()
        + " "
        + comparison(aggregate.comparison());
  }

  static String comparison(Comparison comparison) {
    return comparison.op().jsonName() + operand(comparison.predicate());
  }

  private static String operand(ValuePredicate predicate) {
    if (predicate instanceof ValuePredicate.IsEmpty) {
      return "";
    }
    if (predicate instanceof ValuePredicate.TextIn in) {
      return " " + new TreeSet<>(in.lowerCasedValues());
    }
    if (predicate instanceof ValuePredicate.TextContains contains) {
      return " \"" + contains.lowerCasedPart() + "\"";
    }
    if (predicate instanceof ValuePredicate.TextStartsWith starts) {
      return " \"" + starts.lowerCasedPrefix() + "\"";
    }
    if (predicate instanceof ValuePredicate.TextEndsWith ends) {
      return " \"" + ends.lowerCasedSuffix() + "\"";
    }
    if (predicate instanceof ValuePredicate.TextRegex regex) {
      return " /" + regex.regex() + "/";
    }
    if (predicate instanceof ValuePredicate.NumberIn in) {
      return " " + in.values().stream().map(v -> v.toPlainString()).sorted().toList();
    }
    if (predicate instanceof ValuePredicate.NumberCompare compare) {
      return " " + compare.value().toPlainString();
    }
    if (predicate instanceof ValuePredicate.NumberBetween between) {
      return " [" + between.low().toPlainString() + ", " + between.high().toPlainString() + "]";
    }
    if (predicate instanceof ValuePredicate.BooleanIs is) {
      return " " + is.expected();
    }
    if (predicate instanceof ValuePredicate.TimeRange range) {
      return (range.from() == null ? "" : " from " + range.from())
          + (range.to() == null ? "" : " before " + range.to());
    }
    if (predicate instanceof ValuePredicate.InLast inLast) {
      return " " + span(inLast.span());
    }
    if (predicate instanceof ValuePredicate.MoreThanAgo ago) {
      return " " + span(ago.span());
    }
    if (predicate instanceof ValuePredicate.InNext next) {
      return " " + span(next.span());
    }
    if (predicate instanceof ValuePredicate.Anniversary anniversary) {
      return " "
          + anniversary.period().name().toLowerCase(Locale.ROOT)
          + " ("
          + anniversary.zone()
          + ")";
    }
    ValuePredicate.InCurrent current = (ValuePredicate.InCurrent) predicate;
    return " " + current.period().name().toLowerCase(Locale.ROOT) + " (" + current.zone() + ")";
  }

  private static String span(RelativeSpan span) {
    return span.amount()
        + " "
        + span.unit().name().toLowerCase(Locale.ROOT)
        + (span.unit() == io.segmentflow.segments.model.WindowUnit.DAYS
            ? " (" + span.zone() + ")"
            : "");
  }

  /** A value as seen by a condition: missing, a quoted text, or its plain form. */
  static String value(Object value) {
    if (value == null) {
      return "nothing";
    }
    if (value instanceof String text) {
      return "\"" + text + "\"";
    }
    if (value instanceof java.math.BigDecimal number) {
      return number.toPlainString();
    }
    if (value instanceof Instant || value instanceof Boolean) {
      return value.toString();
    }
    if (value instanceof List<?> list) {
      return list.stream().map(Describe::value).collect(Collectors.joining(", ", "[", "]"));
    }
    return String.valueOf(value);
  }
}
