package io.segmentflow.batch.recompute;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.segmentflow.batch.lakehouse.TableSchemas;
import io.segmentflow.segments.eval.FeaturePlan;
import io.segmentflow.segments.eval.FeatureSpec;
import io.segmentflow.segments.model.Condition.PropertyCondition;
import io.segmentflow.segments.model.ValueType;
import io.segmentflow.segments.model.Window;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Computes every feature of a {@link FeaturePlan} in one pass over the events: one {@code groupBy}
 * on the contact with one conditional aggregate per feature, however many segments share them.
 * Column {@code f_i} holds feature {@code i} of the plan; contacts without events have none.
 */
final class FeatureColumns {

  private FeatureColumns() {}

  static String name(int index) {
    return "f_" + index;
  }

  /**
   * One row per contact with events: {@code contact_id, f_0, f_1, ...}. Each event's type is
   * compared with the plan's types once, into a small integer that the features compare instead;
   * each event property the plan reads is taken out of the properties map once per event of the
   * types whose features read it, into its own column, however many features read it.
   */
  static Dataset<Row> compute(Dataset<Row> events, FeaturePlan plan, Instant asOf) {
    List<String> types = plan.specs().stream().map(FeatureSpec::eventType).distinct().toList();
    Map<String, Property> properties = new LinkedHashMap<>();
    List<Column> selections = new ArrayList<>(List.of(col("*")));
    List<Column> aggregates = new ArrayList<>();
    for (int i = 0; i < plan.size(); i++) {
      FeatureSpec spec = plan.specs().get(i);
      int typeCode = types.indexOf(spec.eventType());
      selections.add(selected(spec, typeCode, asOf, properties).as(selectedColumn(i)));
      String number =
          spec.property() == null
              ? null
              : extracted(spec.property(), ValueType.NUMBER, typeCode, properties);
      aggregates.add(aggregate(spec, i, number).as(name(i)));
    }
    Column typeCode = lit(null).cast("int");
    for (int t = types.size() - 1; t >= 0; t--) {
      typeCode = when(col("event_type").equalTo(lit(types.get(t))), lit(t)).otherwise(typeCode);
    }
    List<Column> columns =
        new ArrayList<>(List.of(col("contact_id"), col(TYPE_CODE), col("occurred_at")));
    int index = 0;
    for (Property property : properties.values()) {
      columns.add(
          when(col(TYPE_CODE).isin(property.typeCodes.toArray()), property.value)
              .as(propertyColumn(index++)));
    }
    return events
        .where(col("occurred_at").leq(PredicateColumns.timestamp(asOf)))
        .where(col("event_type").isin(types.toArray()))
        .select(col("contact_id"), typeCode.as(TYPE_CODE), col("occurred_at"), col("properties"))
        .select(columns.toArray(Column[]::new))
        // Every input split holds events of nearly every contact, so a partial aggregation before
        // the shuffle would keep a buffer of every feature for each contact per split (falling
        // back to sorting once they outgrow memory) and shuffle those wide rows. The narrow events
        // are shuffled by contact instead, and each contact is aggregated once.
        .repartition(col("contact_id"))
        .select(selections.toArray(Column[]::new))
        .groupBy("contact_id")
        .agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new));
  }

  private static final String TYPE_CODE = "event_type_code";

  /** A property's typed value, and the type codes of the events whose features read it. */
  private record Property(Column value, Set<Integer> typeCodes) {}

  /** Whether an event counts towards the feature: its type, its window and its conditions. */
  private static Column selected(
      FeatureSpec spec, int typeCode, Instant asOf, Map<String, Property> properties) {
    Column selected = col(TYPE_CODE).equalTo(lit(typeCode)).and(window(spec.window(), asOf));
    for (PropertyCondition condition : spec.where()) {
      selected =
          selected.and(
              PredicateColumns.comparison(
                  condition.comparison(),
                  col(extracted(condition.property(), condition.type(), typeCode, properties)),
                  condition.type(),
                  asOf));
    }
    return selected;
  }

  /**
   * The feature's aggregate over the events it selects, as an aggregate {@code FILTER}: the
   * aggregation buffer is not touched by the other events. (An aggregate of a {@code CASE WHEN}
   * reads and writes its buffer on every event, which for a 38-digit decimal sum is a BigInteger
   * round trip per event and feature.) The SQL text holds only this class's column names.
   *
   * @param numberColumn the column of the number the aggregation reads; null for those of times and
   *     counts
   */
  private static Column aggregate(FeatureSpec spec, int index, String numberColumn) {
    String number = "`" + numberColumn + "`";
    String aggregate =
        switch (spec.aggregation()) {
          case COUNT -> "count(1)";
          case SUM -> "sum(" + number + ")";
          case COUNT_VALUES -> "count(" + number + ")";
          case MIN -> "min(" + number + ")";
          case MAX -> "max(" + number + ")";
          case FIRST_TIME -> "min(occurred_at)";
          case LAST_TIME -> "max(occurred_at)";
        };
    return expr(aggregate + " FILTER (WHERE `" + selectedColumn(index) + "`)");
  }

  private static String selectedColumn(int index) {
    return "s_" + index;
  }

  /**
   * The name of the column of a property's typed value: {@code p_N}, where N is the property's
   * position in {@code properties} (by {@code name:type}), which it is added to when first read;
   * read for events of {@code typeCode}.
   */
  private static String extracted(
      String name, ValueType type, int typeCode, Map<String, Property> properties) {
    String key = name + ":" + type;
    properties
        .computeIfAbsent(key, k -> new Property(property(name, type), new TreeSet<>()))
        .typeCodes()
        .add(typeCode);
    return propertyColumn(List.copyOf(properties.keySet()).indexOf(key));
  }

  private static String propertyColumn(int index) {
    return "p_" + index;
  }

  /** Events after the evaluation time are filtered out before; this is the rest of the window. */
  private static Column window(Window window, Instant asOf) {
    Column time = col("occurred_at");
    if (window instanceof Window.Last last) {
      return time.geq(PredicateColumns.timestamp(last.span().lastStart(asOf)));
    }
    if (window instanceof Window.Between between) {
      return PredicateColumns.range(time, between.from(), between.to());
    }
    return lit(true);
  }

  static Column property(String name, ValueType type) {
    return col("properties").getItem(name).getField(TableSchemas.typedField(type));
  }
}
