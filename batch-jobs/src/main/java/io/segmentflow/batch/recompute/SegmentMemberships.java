package io.segmentflow.batch.recompute;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_from_entries;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.shiftright;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import io.segmentflow.segments.data.ListAction;
import io.segmentflow.segments.eval.FeaturePlan;
import io.segmentflow.segments.eval.Membership;
import io.segmentflow.segments.model.SegmentDefinition;
import io.segmentflow.segments.parse.DefinitionSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The memberships of every segment of a set as of an evaluation time, computed from input
 * DataFrames with the schemas of {@link io.segmentflow.batch.lakehouse.TableSchemas}: the Spark
 * counterpart of the core's reference evaluator. Sources are parameters, so tests run it on
 * in-memory data and the nightly job on Delta tables.
 */
public final class SegmentMemberships {

  /** The input tables; events are expected unique by event id, as ingestion lands them. */
  public record Inputs(
      Dataset<Row> contacts,
      Dataset<Row> companies,
      Dataset<Row> events,
      Dataset<Row> listActions) {}

  private SegmentMemberships() {}

  /**
   * One row per (segment, member): {@code segment_id, contact_id, reason, identified, contactable}.
   */
  public static Dataset<Row> members(DefinitionSet set, Inputs inputs, Instant asOf) {
    return decisions(set, inputs, asOf).where(col("member")).drop("member");
  }

  /**
   * The members, plus the contacts a manual exclude keeps out (so an exit can say why): {@code
   * segment_id, contact_id, member, reason, identified, contactable}.
   */
  public static Dataset<Row> decisions(DefinitionSet set, Inputs inputs, Instant asOf) {
    FeaturePlan plan = FeaturePlan.of(set);
    Dataset<Row> features =
        plan.size() == 0 ? null : FeatureColumns.compute(inputs.events(), plan, asOf);
    return decisions(set, inputs, features, asOf);
  }

  /** As {@link #decisions(DefinitionSet, Inputs, Instant)}, with the features already computed. */
  static Dataset<Row> decisions(
      DefinitionSet set, Inputs inputs, Dataset<Row> features, Instant asOf) {
    List<SegmentDefinition> order = set.inEvaluationOrder();
    Map<String, Integer> indexes = new HashMap<>();
    for (int i = 0; i < order.size(); i++) {
      indexes.put(order.get(i).id(), i);
    }
    Set<String> overridden = listsActedOn(inputs.listActions(), asOf);
    Dataset<Row> rows =
        evaluated(set, indexes, overridden, perContact(inputs, features, asOf), asOf);
    // Per contact, one int per decision to keep: the segment's index and the reason's ordinal. A
    // row of small ints explodes far cheaper than one of structs of strings; the strings are
    // looked up once per kept decision.
    List<Column> decided = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < order.size(); i++) {
      SegmentDefinition definition = order.get(i);
      ids.add(definition.id());
      Column member = col(ConditionColumns.membershipColumn(i));
      Column reason = reason(definition, overridden);
      Column kept =
          hasOverrides(definition, overridden)
              ? member.or(reason.equalTo(lit(Membership.Reason.MANUAL_EXCLUDE.ordinal())))
              : member;
      decided.add(when(kept, lit(i << REASON_BITS).plus(reason)));
    }
    Column code = col("decided").bitwiseAND(lit((1 << REASON_BITS) - 1));
    Column index = shiftright(col("decided"), REASON_BITS);
    // explode, then drop the nulls: a higher-order filter on the array would be interpreted
    return rows.select(
            col("contact_id"),
            ConditionColumns.identified().as("identified"),
            coalesce(col("unsubscribed"), lit(false)).unary_$bang().as("contactable"),
            explode(array(decided.toArray(Column[]::new))).as("decided"))
        .where(col("decided").isNotNull())
        .select(
            element_at(PredicateColumns.literalArray(ids), index.plus(1)).as("segment_id"),
            col("contact_id"),
            code.notEqual(lit(Membership.Reason.MANUAL_EXCLUDE.ordinal())).as("member"),
            element_at(PredicateColumns.literalArray(REASONS), code.plus(1)).as("reason"),
            col("identified"),
            col("contactable"));
  }

  private static final List<String> REASONS =
      Arrays.stream(Membership.Reason.values()).map(Enum::name).toList();

  /** Bits of a decision's code that hold the reason's ordinal. */
  private static final int REASON_BITS = 32 - Integer.numberOfLeadingZeros(REASONS.size() - 1);

  /**
   * The lists and segments that have list actions up to {@code asOf}: only their decisions read the
   * overrides, the others' are the filter's (or empty lists') alone.
   */
  private static Set<String> listsActedOn(Dataset<Row> listActions, Instant asOf) {
    Set<String> lists = new HashSet<>();
    listActions
        .where(col("occurred_at").leq(PredicateColumns.timestamp(asOf)))
        .select("list_id")
        .distinct()
        .collectAsList()
        .forEach(row -> lists.add(row.getString(0)));
    return lists;
  }

  /** Contacts with their company, features (when any) and latest list action per list. */
  static Dataset<Row> perContact(Inputs inputs, Dataset<Row> features, Instant asOf) {
    Dataset<Row> companies =
        inputs
            .companies()
            .select(
                col("company_id").as("company_key"),
                struct(
                        Arrays.stream(inputs.companies().columns())
                            .map(c -> col(c))
                            .toArray(Column[]::new))
                    .as("company"));
    Dataset<Row> rows =
        inputs
            .contacts()
            .join(
                companies,
                inputs.contacts().col("company_id").equalTo(companies.col("company_key")),
                "left")
            .drop("company_key");
    if (features != null) {
      Dataset<Row> keyed = features.withColumnRenamed("contact_id", "features_key");
      rows =
          rows.join(keyed, rows.col("contact_id").equalTo(keyed.col("features_key")), "left")
              .drop("features_key");
    }
    Dataset<Row> overrides =
        latestActions(inputs.listActions(), asOf).withColumnRenamed("contact_id", "overrides_key");
    return rows.join(
            overrides, rows.col("contact_id").equalTo(overrides.col("overrides_key")), "left")
        .drop("overrides_key");
  }

  /**
   * Per contact, a map from list or segment id to its latest action's type, as the core's {@link
   * io.segmentflow.segments.eval.Overrides}: latest time first, then the tie-break order of {@link
   * ListAction.Type}.
   */
  static Dataset<Row> latestActions(Dataset<Row> listActions, Instant asOf) {
    return listActions
        .where(col("occurred_at").leq(PredicateColumns.timestamp(asOf)))
        .groupBy("contact_id", "list_id")
        .agg(max_by(col("action"), latestLast()).as("action"))
        .groupBy("contact_id")
        .agg(map_from_entries(collect_list(struct(col("list_id"), col("action")))).as("overrides"));
  }

  /**
   * The order of the core's {@link io.segmentflow.segments.eval.Overrides#LATEST_LAST} on the rows
   * of a list actions table, as a struct that compares the same way: the time, then the rank of the
   * action's {@link ListAction.Type}. The greatest is the latest action.
   */
  public static Column latestLast() {
    Column rank = lit(-1);
    for (ListAction.Type type : ListAction.Type.values()) {
      rank = when(col("action").equalTo(lit(type.name())), lit(type.ordinal())).otherwise(rank);
    }
    return struct(col("occurred_at"), rank);
  }

  /**
   * Adds {@code m_i} (member of segment i) for every segment, layer by layer so a segment reads the
   * columns of those it depends on.
   */
  private static Dataset<Row> evaluated(
      DefinitionSet set,
      Map<String, Integer> indexes,
      Set<String> overridden,
      Dataset<Row> rows,
      Instant asOf) {
    ConditionColumns conditions =
        new ConditionColumns(FeaturePlan.of(set), indexes, set.catalog().engagement(), asOf);
    Map<String, Integer> depth = new HashMap<>();
    for (SegmentDefinition definition : set.inEvaluationOrder()) {
      depth.put(
          definition.id(),
          set.dependenciesOf(definition.id()).stream()
              .mapToInt(depth::get)
              .map(d -> d + 1)
              .max()
              .orElse(0));
    }
    int layers = depth.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
    rows = ConditionColumns.withLowerCasedTags(rows);
    for (int layer = 0; layer < layers; layer++) {
      List<Column> columns = new ArrayList<>(List.of(col("*")));
      for (SegmentDefinition definition : set.inEvaluationOrder()) {
        if (depth.get(definition.id()) == layer) {
          int i = indexes.get(definition.id());
          columns.add(
              member(definition, overridden, conditions).as(ConditionColumns.membershipColumn(i)));
        }
      }
      rows = rows.select(columns.toArray(Column[]::new));
    }
    return rows;
  }

  /**
   * Membership as the core's evaluator decides it: by the {@link #reason}, which puts the latest
   * list action on the segment (a manual include or exclude) before the filter.
   */
  private static Column member(
      SegmentDefinition definition, Set<String> overridden, ConditionColumns conditions) {
    if (definition.kind() == SegmentDefinition.Kind.STATIC) {
      return overridden.contains(definition.id()) ? putsIn(definition) : lit(false);
    }
    Column filter = conditions.of(definition.filter().orElseThrow());
    if (!hasOverrides(definition, overridden)) {
      return filter;
    }
    Column reason = reason(definition, overridden);
    return when(reason.equalTo(lit(Membership.Reason.FILTER.ordinal())), filter)
        .otherwise(reason.equalTo(lit(Membership.Reason.MANUAL_INCLUDE.ordinal())));
  }

  /**
   * The ordinal of the decision's {@link Membership.Reason}. Only segments in {@code overridden}
   * have list actions; the others' reason is a constant.
   */
  private static Column reason(SegmentDefinition definition, Set<String> overridden) {
    if (definition.kind() == SegmentDefinition.Kind.STATIC) {
      return lit(Membership.Reason.LIST.ordinal());
    }
    Column filter = lit(Membership.Reason.FILTER.ordinal());
    return hasOverrides(definition, overridden)
        ? when(putsIn(definition), lit(Membership.Reason.MANUAL_INCLUDE.ordinal()))
            .when(takesOut(definition), lit(Membership.Reason.MANUAL_EXCLUDE.ordinal()))
            .otherwise(filter)
        : filter;
  }

  /**
   * Whether a dynamic segment's decision can be a manual include or exclude: only when its id has
   * list actions. Otherwise its reason is the constant FILTER, and comparing a constant with itself
   * would only make Spark warn.
   */
  private static boolean hasOverrides(SegmentDefinition definition, Set<String> overridden) {
    return definition.kind() == SegmentDefinition.Kind.DYNAMIC
        && overridden.contains(definition.id());
  }

  private static Column putsIn(SegmentDefinition definition) {
    return latestActionIs(definition, ListAction.Type::putsIn);
  }

  private static Column takesOut(SegmentDefinition definition) {
    return latestActionIs(definition, ListAction.Type::takesOut);
  }

  private static Column latestActionIs(
      SegmentDefinition definition, Predicate<ListAction.Type> which) {
    return coalesce(col("overrides").getItem(definition.id()).isin(names(which)), lit(false));
  }

  private static Object[] names(Predicate<ListAction.Type> which) {
    return Arrays.stream(ListAction.Type.values()).filter(which).map(Enum::name).toArray();
  }
}
