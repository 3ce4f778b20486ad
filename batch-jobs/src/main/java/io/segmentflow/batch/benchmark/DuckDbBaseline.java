package io.segmentflow.batch.benchmark;

import io.segmentflow.batch.lakehouse.TableSchemas;
import io.segmentflow.segments.catalog.EngagementThresholds;
import io.segmentflow.segments.data.ListAction;
import io.segmentflow.segments.eval.FeaturePlan;
import io.segmentflow.segments.eval.FeatureSpec;
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
import io.segmentflow.segments.model.DerivedField;
import io.segmentflow.segments.model.FieldRef;
import io.segmentflow.segments.model.Measure;
import io.segmentflow.segments.model.SegmentDefinition;
import io.segmentflow.segments.model.ValuePredicate;
import io.segmentflow.segments.model.ValueType;
import io.segmentflow.segments.model.Window;
import io.segmentflow.segments.parse.DefinitionSet;
import java.math.BigDecimal;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A single-node SQL baseline for the benchmark, not an engine: the same feature pass and segment
 * predicates as the Spark recompute, written as one DuckDB query over the Parquet files of the
 * Delta input tables (the live files of their latest snapshot), and counted per segment. One {@code
 * GROUP BY contact_id} over the events with one conditional aggregate per feature of the plan, the
 * latest list action per contact and list, then contacts joined to their company, features and
 * actions, with one boolean predicate per segment ({@code in_segment} inlined).
 *
 * <p>It translates only what the benchmark's templates use: text, number and boolean comparisons,
 * {@code in_last} and {@code more_than_ago}, tags, counts, sums, averages, minimums, maximums and
 * occurrence times, {@code identified} and {@code engagement_level}. A segment with anything else
 * is left out of the query and reported in {@link Result#leftOut()}.
 */
public final class DuckDbBaseline {

  /** The Parquet files of each input table. */
  public record Files(
      List<String> contacts,
      List<String> companies,
      List<String> events,
      List<String> listActions) {}

  /**
   * The query's time and its member counts per segment id (segments left out have none).
   *
   * @param leftOut a line per segment left out, saying what could not be translated
   */
  public record Result(
      double seconds,
      long contacts,
      Map<String, Long> members,
      int features,
      List<String> leftOut,
      String sql) {}

  private static final class Untranslatable extends RuntimeException {
    Untranslatable(String what) {
      super(what, null, false, false);
    }
  }

  private final DefinitionSet set;
  private final FeaturePlan plan;
  private final Instant asOf;
  private final Map<String, String> segmentSql = new LinkedHashMap<>();
  private final Set<Integer> usedFeatures = new LinkedHashSet<>();
  private final Map<String, String> properties = new LinkedHashMap<>();

  private DuckDbBaseline(DefinitionSet set, Instant asOf) {
    this.set = set;
    this.plan = FeaturePlan.of(set);
    this.asOf = asOf;
  }

  /** Runs the baseline with {@code threads} DuckDB threads (2 on the benchmark's machine). */
  public static Result run(DefinitionSet set, Instant asOf, Files files, int threads)
      throws SQLException {
    DuckDbBaseline baseline = new DuckDbBaseline(set, asOf);
    List<String> leftOut = new ArrayList<>();
    for (SegmentDefinition definition : set.inEvaluationOrder()) {
      try {
        baseline.segmentSql.put(definition.id(), baseline.membership(definition));
      } catch (Untranslatable e) {
        leftOut.add(definition.id() + ": " + e.getMessage());
      }
    }
    String sql = baseline.query(files);
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement()) {
      statement.execute("SET threads = " + threads);
      statement.execute("SET TimeZone = 'UTC'");
      long start = System.nanoTime();
      Map<String, Long> members = new LinkedHashMap<>();
      long contacts;
      try (ResultSet rows = statement.executeQuery(sql)) {
        rows.next();
        contacts = rows.getLong(1);
        int column = 2;
        for (String id : baseline.segmentSql.keySet()) {
          members.put(id, rows.getLong(column++));
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      return new Result(
          seconds, contacts, members, baseline.usedFeatures.size(), List.copyOf(leftOut), sql);
    }
  }

  private String query(Files files) {
    List<String> features = new ArrayList<>();
    Set<String> types = new LinkedHashSet<>();
    for (int i : usedFeatures) {
      FeatureSpec spec = plan.specs().get(i);
      features.add(aggregate(spec) + " AS f_" + i);
      types.add(text(spec.eventType()));
    }
    StringBuilder extracted = new StringBuilder("contact_id, event_type, occurred_at");
    properties.forEach(
        (value, alias) -> extracted.append(", ").append(value).append(" AS ").append(alias));
    String rank = "CASE action";
    for (ListAction.Type type : ListAction.Type.values()) {
      rank += " WHEN " + text(type.name()) + " THEN " + type.ordinal();
    }
    rank += " ELSE -1 END";
    StringBuilder sql = new StringBuilder();
    sql.append("WITH ");
    if (!features.isEmpty()) {
      sql.append("f AS (SELECT contact_id, ")
          .append(String.join(", ", features))
          .append(" FROM (SELECT ")
          .append(extracted)
          .append(" FROM read_parquet(")
          .append(list(files.events()))
          .append(", hive_partitioning = true) WHERE event_date <= DATE '")
          .append(LocalDate.ofInstant(asOf, ZoneOffset.UTC))
          .append("' AND occurred_at <= ")
          .append(timestamp(asOf))
          .append(" AND event_type IN (")
          .append(String.join(", ", types))
          .append(")) GROUP BY contact_id), ");
    }
    sql.append(
            "latest AS (SELECT contact_id, list_id, arg_max(action, epoch_ms(occurred_at) * 8 + ")
        .append(rank)
        .append(") AS action FROM read_parquet(")
        .append(list(files.listActions()))
        .append(") WHERE occurred_at <= ")
        .append(timestamp(asOf))
        .append(" GROUP BY contact_id, list_id), ")
        .append("o AS (SELECT contact_id, map(list(list_id), list(action)) AS overrides")
        .append(" FROM latest GROUP BY contact_id) ")
        .append("SELECT count(*)");
    segmentSql.values().forEach(s -> sql.append(", count(*) FILTER (WHERE ").append(s).append(")"));
    sql.append(" FROM read_parquet(")
        .append(list(files.contacts()))
        .append(") c LEFT JOIN read_parquet(")
        .append(list(files.companies()))
        .append(") co ON c.company_id = co.company_id");
    if (!features.isEmpty()) {
      sql.append(" LEFT JOIN f ON f.contact_id = c.contact_id");
    }
    sql.append(" LEFT JOIN o ON o.contact_id = c.contact_id");
    return sql.toString();
  }

  /** The member test of a segment: its latest list action, else (dynamic) its filter. */
  private String membership(SegmentDefinition definition) {
    String latest = "o.overrides[" + text(definition.id()) + "]";
    String putsIn = "coalesce(" + latest + " IN (" + actions(ListAction.Type::putsIn) + "), false)";
    if (definition.kind() == SegmentDefinition.Kind.STATIC) {
      return putsIn;
    }
    String takesOut =
        "coalesce(" + latest + " IN (" + actions(ListAction.Type::takesOut) + "), false)";
    return "(CASE WHEN "
        + putsIn
        + " THEN true WHEN "
        + takesOut
        + " THEN false ELSE "
        + condition(definition.filter().orElseThrow())
        + " END)";
  }

  private static String actions(Predicate<ListAction.Type> which) {
    return Arrays.stream(ListAction.Type.values())
        .filter(which)
        .map(t -> text(t.name()))
        .collect(Collectors.joining(", "));
  }

  private String condition(Condition condition) {
    if (condition instanceof AllOf all) {
      return all.conditions().stream()
          .map(this::condition)
          .collect(Collectors.joining(" AND ", "(", ")"));
    }
    if (condition instanceof AnyOf any) {
      return any.conditions().stream()
          .map(this::condition)
          .collect(Collectors.joining(" OR ", "(", ")"));
    }
    if (condition instanceof Not not) {
      return "(NOT " + condition(not.condition()) + ")";
    }
    if (condition instanceof FieldCondition field) {
      return comparison(field.comparison(), value(field.field()), field.field().type());
    }
    if (condition instanceof TagCondition tags) {
      String overlap =
          "coalesce(list_has_any(list_transform(coalesce(c.tags, []), lambda t: lower(t)), ["
              + tags.lowerCasedTags().stream()
                  .sorted()
                  .map(DuckDbBaseline::text)
                  .collect(Collectors.joining(", "))
              + "]), false)";
      return switch (tags.match()) {
        case HAS_ANY -> overlap;
        case HAS_NONE -> "(NOT " + overlap + ")";
        case HAS_ALL -> throw new Untranslatable("tags has_all");
      };
    }
    if (condition instanceof BehaviorCondition behavior) {
      return behavior(behavior);
    }
    MembershipCondition membership = (MembershipCondition) condition;
    String referenced = segmentSql.get(membership.segmentId());
    if (referenced == null) {
      throw new Untranslatable("in_segment " + membership.segmentId() + ", itself left out");
    }
    return membership.member() ? referenced : "(NOT " + referenced + ")";
  }

  private String value(FieldRef field) {
    String typed = TableSchemas.typedField(field.type());
    return switch (field.scope()) {
      case CONTACT -> "c." + field.name();
      case COMPANY ->
          field.type() == ValueType.NUMBER
              ? "CAST(co." + field.name() + " AS DECIMAL(38, 18))"
              : "co." + field.name();
      case CONTACT_CUSTOM -> "c.custom_fields[" + text(field.name()) + "]." + typed;
      case COMPANY_CUSTOM -> "co.custom_fields[" + text(field.name()) + "]." + typed;
      case DERIVED -> derived(DerivedField.fromJsonName(field.name()).orElseThrow());
    };
  }

  private String derived(DerivedField field) {
    return switch (field) {
      case IDENTIFIED -> "(" + notBlank("c.email") + " OR " + notBlank("c.phone") + ")";
      case ENGAGEMENT_LEVEL -> {
        String last =
            FeaturePlan.engagementFeatures().stream()
                .map(this::feature)
                .collect(Collectors.joining(", ", "greatest(", ")"));
        EngagementThresholds thresholds = set.catalog().engagement();
        yield "(CASE WHEN "
            + last
            + " >= "
            + timestamp(thresholds.engaged().lastStart(asOf))
            + " THEN 'engaged' WHEN "
            + last
            + " >= "
            + timestamp(thresholds.recent().lastStart(asOf))
            + " THEN 'recent_activity' WHEN "
            + last
            + " >= "
            + timestamp(thresholds.disengaged().lastStart(asOf))
            + " THEN 'disengaged' ELSE 'inactive' END)";
      }
      case PHONE_COUNTRY -> throw new Untranslatable("phone_country (libphonenumber)");
    };
  }

  private static String notBlank(String value) {
    return "NOT coalesce(" + isBlank(value) + ", true)";
  }

  private static String isBlank(String value) {
    return "regexp_matches(" + value + ", '^[\\x00-\\x20]*$')";
  }

  private String behavior(BehaviorCondition behavior) {
    List<String> features = FeaturePlan.featuresOf(behavior).stream().map(this::feature).toList();
    Measure measure = behavior.measure();
    if (measure instanceof Measure.Count count) {
      String n = "coalesce(" + features.get(0) + ", 0)";
      return switch (count.op()) {
        case AT_LEAST -> "(" + n + " >= " + count.value() + ")";
        case AT_MOST -> "(" + n + " <= " + count.value() + ")";
        case EXACTLY -> "(" + n + " = " + count.value() + ")";
      };
    }
    if (measure instanceof Measure.Occurrence occurrence) {
      return comparison(occurrence.comparison(), features.get(0), ValueType.TIMESTAMP);
    }
    Measure.Aggregate aggregate = (Measure.Aggregate) measure;
    return switch (aggregate.function()) {
      case SUM ->
          comparison(
              aggregate.comparison(),
              "coalesce(" + features.get(0) + ", 0::DECIMAL(38, 18))",
              ValueType.NUMBER);
      case AVG -> average(aggregate, features.get(0), features.get(1));
      default -> comparison(aggregate.comparison(), features.get(0), ValueType.NUMBER);
    };
  }

  /** As {@link Measure.Aggregate#testAverage}: {@code sum} against value times count. */
  private static String average(Measure.Aggregate aggregate, String sum, String count) {
    if (!(aggregate.comparison().predicate() instanceof ValuePredicate.NumberCompare compare)) {
      throw new Untranslatable("avg with " + aggregate.comparison().op().jsonName());
    }
    String positive =
        "coalesce("
            + sum
            + " "
            + bound(compare.bound())
            + " "
            + number(compare.value())
            + " * "
            + count
            + ", false)";
    String missing = aggregate.comparison().op().isNegative() ? "true" : "false";
    String tested = aggregate.comparison().op().isNegative() ? "(NOT " + positive + ")" : positive;
    return "(CASE WHEN coalesce("
        + count
        + ", 0) = 0 THEN "
        + missing
        + " ELSE "
        + tested
        + " END)";
  }

  private String feature(FeatureSpec spec) {
    int index = plan.indexOf(spec);
    usedFeatures.add(index);
    return "f.f_" + index;
  }

  private String aggregate(FeatureSpec spec) {
    List<String> selected = new ArrayList<>();
    selected.add("event_type = " + text(spec.eventType()));
    Window window = spec.window();
    if (window instanceof Window.Last last) {
      selected.add("occurred_at >= " + timestamp(last.span().lastStart(asOf)));
    } else if (window instanceof Window.Between between) {
      if (between.from() != null) {
        selected.add("occurred_at >= " + timestamp(between.from()));
      }
      if (between.to() != null) {
        selected.add("occurred_at < " + timestamp(between.to()));
      }
    }
    for (PropertyCondition condition : spec.where()) {
      selected.add(
          comparison(
              condition.comparison(),
              property(condition.property(), condition.type()),
              condition.type()));
    }
    String filter = " FILTER (WHERE " + String.join(" AND ", selected) + ")";
    String number = spec.property() == null ? null : property(spec.property(), ValueType.NUMBER);
    return switch (spec.aggregation()) {
      case COUNT -> "count(*)" + filter;
      case SUM -> "sum(" + number + ")" + filter;
      case COUNT_VALUES -> "count(" + number + ")" + filter;
      case MIN -> "min(" + number + ")" + filter;
      case MAX -> "max(" + number + ")" + filter;
      case FIRST_TIME -> "min(occurred_at)" + filter;
      case LAST_TIME -> "max(occurred_at)" + filter;
    };
  }

  /** An event property's typed value, taken out of the map once per event as {@code p_N}. */
  private String property(String name, ValueType type) {
    String value = "properties[" + text(name) + "]." + TableSchemas.typedField(type);
    properties.putIfAbsent(value, "p_" + properties.size());
    return properties.get(value);
  }

  /** A two-valued comparison, as PredicateColumns: a negative operator is the complement. */
  private String comparison(Comparison comparison, String value, ValueType type) {
    String positive = "coalesce(" + positive(comparison.predicate(), value, type) + ", false)";
    return comparison.op().isNegative() ? "(NOT " + positive + ")" : positive;
  }

  private String positive(ValuePredicate predicate, String value, ValueType type) {
    if (predicate instanceof ValuePredicate.IsEmpty) {
      return switch (type) {
        case TEXT -> "(" + value + " IS NULL OR " + isBlank(value) + ")";
        case TEXT_LIST -> throw new Untranslatable("empty on a text list");
        default -> "(" + value + " IS NULL)";
      };
    }
    if (predicate instanceof ValuePredicate.TextPredicate text) {
      if (type == ValueType.TEXT_LIST) {
        return "len(list_filter("
            + value
            + ", lambda x: coalesce("
            + textTest(text, "x")
            + ", false))) > 0";
      }
      return textTest(text, value);
    }
    if (predicate instanceof ValuePredicate.NumberIn in) {
      return "("
          + value
          + " IN ("
          + in.values().stream()
              .sorted()
              .map(DuckDbBaseline::number)
              .collect(Collectors.joining(", "))
          + "))";
    }
    if (predicate instanceof ValuePredicate.NumberCompare compare) {
      return "(" + value + " " + bound(compare.bound()) + " " + number(compare.value()) + ")";
    }
    if (predicate instanceof ValuePredicate.NumberBetween between) {
      return "("
          + value
          + " BETWEEN "
          + number(between.low())
          + " AND "
          + number(between.high())
          + ")";
    }
    if (predicate instanceof ValuePredicate.BooleanIs is) {
      return "(" + value + " = " + is.expected() + ")";
    }
    if (type != ValueType.TIMESTAMP) {
      throw new Untranslatable(predicate.getClass().getSimpleName() + " on a " + type);
    }
    if (predicate instanceof ValuePredicate.InLast inLast) {
      return "("
          + value
          + " >= "
          + timestamp(inLast.span().lastStart(asOf))
          + " AND "
          + value
          + " <= "
          + timestamp(asOf)
          + ")";
    }
    if (predicate instanceof ValuePredicate.MoreThanAgo ago) {
      return "(" + value + " < " + timestamp(ago.span().lastStart(asOf)) + ")";
    }
    throw new Untranslatable(predicate.getClass().getSimpleName());
  }

  private static String textTest(ValuePredicate.TextPredicate text, String value) {
    String lower = "lower(" + value + ")";
    if (text instanceof ValuePredicate.TextIn in) {
      return "("
          + lower
          + " IN ("
          + in.lowerCasedValues().stream()
              .sorted()
              .map(DuckDbBaseline::text)
              .collect(Collectors.joining(", "))
          + "))";
    }
    if (text instanceof ValuePredicate.TextContains contains) {
      return "contains(" + lower + ", " + text(contains.lowerCasedPart()) + ")";
    }
    if (text instanceof ValuePredicate.TextStartsWith starts) {
      return "starts_with(" + lower + ", " + text(starts.lowerCasedPrefix()) + ")";
    }
    if (text instanceof ValuePredicate.TextEndsWith ends) {
      return "ends_with(" + lower + ", " + text(ends.lowerCasedSuffix()) + ")";
    }
    throw new Untranslatable("regex (Java and DuckDB regular expressions differ)");
  }

  private static String bound(ValuePredicate.NumberCompare.Bound bound) {
    return switch (bound) {
      case LT -> "<";
      case LTE -> "<=";
      case GT -> ">";
      case GTE -> ">=";
    };
  }

  private static String number(BigDecimal value) {
    return "CAST('" + value.toPlainString() + "' AS DECIMAL(38, 18))";
  }

  private static String timestamp(Instant instant) {
    return "TIMESTAMP '" + LocalDateTime.ofInstant(instant, ZoneOffset.UTC) + "'";
  }

  private static String text(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  private static String list(List<String> files) {
    return files.stream()
        .map(DuckDbBaseline::localPath)
        .map(DuckDbBaseline::text)
        .collect(Collectors.joining(", ", "[", "]"));
  }

  /** A {@code file:} URI as a local path; other paths as they are. */
  private static String localPath(String file) {
    return file.startsWith("file:") ? URI.create(file).getPath() : file;
  }
}
