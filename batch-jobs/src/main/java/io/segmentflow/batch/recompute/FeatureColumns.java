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
import java.util.List;
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

  /** One row per contact with events: {@code contact_id, f_0, f_1, ...}. */
  static Dataset<Row> compute(Dataset<Row> events, FeaturePlan plan, Instant asOf) {
    List<String> types = plan.specs().stream().map(FeatureSpec::eventType).distinct().toList();
    List<Column> aggregates = new ArrayList<>();
    for (int i = 0; i < plan.size(); i++) {
      aggregates.add(aggregate(plan.specs().get(i), asOf).as(name(i)));
    }
    return events
        .where(col("occurred_at").leq(PredicateColumns.timestamp(asOf)))
        .where(col("event_type").isin(types.toArray()))
        .groupBy("contact_id")
        .agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new));
  }

  private static Column aggregate(FeatureSpec spec, Instant asOf) {
    Column selected =
        col("event_type").equalTo(lit(spec.eventType())).and(window(spec.window(), asOf));
    for (PropertyCondition condition : spec.where()) {
      selected =
          selected.and(
              PredicateColumns.comparison(
                  condition.comparison(),
                  property(condition.property(), condition.type()),
                  condition.type(),
                  asOf));
    }
    Column number = spec.property() == null ? null : property(spec.property(), ValueType.NUMBER);
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
