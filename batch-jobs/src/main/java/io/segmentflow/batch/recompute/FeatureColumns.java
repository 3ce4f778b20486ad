package io.segmentflow.batch.recompute;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
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
   * One row per contact with events: {@code contact_id, f_0, f_1, ...}. Each event property the
   * plan reads is taken out of the properties map once per event, into its own column, however many
   * features read it.
   */
  static Dataset<Row> compute(Dataset<Row> events, FeaturePlan plan, Instant asOf) {
    List<String> types = plan.specs().stream().map(FeatureSpec::eventType).distinct().toList();
    Map<String, Column> properties = new LinkedHashMap<>();
    List<Column> aggregates = new ArrayList<>();
    for (int i = 0; i < plan.size(); i++) {
      aggregates.add(aggregate(plan.specs().get(i), asOf, properties).as(name(i)));
    }
    List<Column> columns =
        new ArrayList<>(List.of(col("contact_id"), col("event_type"), col("occurred_at")));
    int index = 0;
    for (Column value : properties.values()) {
      columns.add(value.as(propertyColumn(index++)));
    }
    return events
        .where(col("occurred_at").leq(PredicateColumns.timestamp(asOf)))
        .where(col("event_type").isin(types.toArray()))
        .select(columns.toArray(Column[]::new))
        .groupBy("contact_id")
        .agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new));
  }

  private static Column aggregate(FeatureSpec spec, Instant asOf, Map<String, Column> properties) {
    Column selected =
        col("event_type").equalTo(lit(spec.eventType())).and(window(spec.window(), asOf));
    for (PropertyCondition condition : spec.where()) {
      selected =
          selected.and(
              PredicateColumns.comparison(
                  condition.comparison(),
                  extracted(condition.property(), condition.type(), properties),
                  condition.type(),
                  asOf));
    }
    Column number =
        spec.property() == null ? null : extracted(spec.property(), ValueType.NUMBER, properties);
    Column time = col("occurred_at");
    return switch (spec.aggregation()) {
      case COUNT -> count(when(selected, lit(1)));
      case SUM -> sum(when(selected, number));
      case COUNT_VALUES -> count(when(selected, number));
      case MIN -> min(when(selected, number));
      case MAX -> max(when(selected, number));
      case FIRST_TIME -> min(when(selected, time));
      case LAST_TIME -> max(when(selected, time));
    };
  }

  /**
   * The column of a property's typed value: {@code p_N}, where N is the property's position in
   * {@code properties} (by {@code name:type}), which it is added to when first read.
   */
  private static Column extracted(String name, ValueType type, Map<String, Column> properties) {
    String key = name + ":" + type;
    properties.putIfAbsent(key, property(name, type));
    return col(propertyColumn(List.copyOf(properties.keySet()).indexOf(key)));
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
