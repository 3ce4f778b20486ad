package io.segmentflow.batch.recompute;

import static org.apache.spark.sql.functions.array_except;
import static org.apache.spark.sql.functions.arrays_overlap;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import io.segmentflow.batch.lakehouse.TableSchemas;
import io.segmentflow.segments.catalog.EngagementThresholds;
import io.segmentflow.segments.eval.DerivedFields;
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
import io.segmentflow.segments.model.Condition.TagCondition;
import io.segmentflow.segments.model.DerivedField;
import io.segmentflow.segments.model.FieldRef;
import io.segmentflow.segments.model.Measure;
import io.segmentflow.segments.model.Operator;
import io.segmentflow.segments.model.ValuePredicate;
import io.segmentflow.segments.model.ValueType;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/**
 * Translates a filter tree into one boolean {@link Column} over the per-contact row that {@link
 * SegmentMemberships} assembles: the contact's columns, its company as a struct {@code company},
 * the plan's features {@code f_i} and the memberships {@code m_j} of segments evaluated before.
 *
 * <p>Where the core's semantics are a computation rather than a comparison, the column calls the
 * core itself: the phone's country (libphonenumber) and the exact average.
 */
final class ConditionColumns {

  private static final UserDefinedFunction PHONE_COUNTRY =
      udf((UDF1<String, String>) DerivedFields::phoneCountry, DataTypes.StringType);

  private final FeaturePlan plan;
  private final Map<String, Integer> segmentIndexes;
  private final EngagementThresholds engagement;
  private final Instant asOf;

  ConditionColumns(
      FeaturePlan plan,
      Map<String, Integer> segmentIndexes,
      EngagementThresholds engagement,
      Instant asOf) {
    this.plan = plan;
    this.segmentIndexes = segmentIndexes;
    this.engagement = engagement;
    this.asOf = asOf;
  }

  /**
   * The contact's tags in lower case, never null: computed once per contact by {@link
   * #withLowerCasedTags}, however many tag conditions read it.
   */
  static final String LOWER_CASED_TAGS = "tags_lower_cased";

  static Dataset<Row> withLowerCasedTags(Dataset<Row> rows) {
    return rows.withColumn(
        LOWER_CASED_TAGS, transform(coalesce(col("tags"), lit(new String[0])), t -> lower(t)));
  }

  static String membershipColumn(int segmentIndex) {
    return "m_" + segmentIndex;
  }

  Column of(Condition condition) {
    if (condition instanceof AllOf all) {
      return all.conditions().stream().map(this::of).reduce(Column::and).orElseThrow();
    }
    if (condition instanceof AnyOf any) {
      return any.conditions().stream().map(this::of).reduce(Column::or).orElseThrow();
    }
    if (condition instanceof Not not) {
      return of(not.condition()).unary_$bang();
    }
    if (condition instanceof FieldCondition field) {
      return PredicateColumns.comparison(
          field.comparison(), value(field.field()), field.field().type(), asOf);
    }
    if (condition instanceof TagCondition tags) {
      return tags(tags);
    }
    if (condition instanceof BehaviorCondition behavior) {
      return behavior(behavior);
    }
    MembershipCondition membership = (MembershipCondition) condition;
    return col(membershipColumn(segmentIndexes.get(membership.segmentId())))
        .equalTo(lit(membership.member()));
  }

  private Column value(FieldRef field) {
    String typed = TableSchemas.typedField(field.type());
    return switch (field.scope()) {
      case CONTACT -> col(field.name());
      case COMPANY ->
          field.type() == ValueType.NUMBER
              ? col("company").getField(field.name()).cast(TableSchemas.NUMBER)
              : col("company").getField(field.name());
      case CONTACT_CUSTOM -> col("custom_fields").getItem(field.name()).getField(typed);
      case COMPANY_CUSTOM ->
          col("company").getField("custom_fields").getItem(field.name()).getField(typed);
      case DERIVED -> derived(DerivedField.fromJsonName(field.name()).orElseThrow());
    };
  }

  private Column derived(DerivedField field) {
    return switch (field) {
      case PHONE_COUNTRY -> PHONE_COUNTRY.apply(col("phone"));
      case IDENTIFIED -> identified();
      case ENGAGEMENT_LEVEL -> {
        List<FeatureSpec> specs = FeaturePlan.engagementFeatures();
        Column last = greatest(specs.stream().map(this::feature).toArray(Column[]::new));
        yield when(
                last.geq(PredicateColumns.timestamp(engagement.engaged().lastStart(asOf))),
                lit(EngagementThresholds.ENGAGED))
            .when(
                last.geq(PredicateColumns.timestamp(engagement.recent().lastStart(asOf))),
                lit(EngagementThresholds.RECENT_ACTIVITY))
            .when(
                last.geq(PredicateColumns.timestamp(engagement.disengaged().lastStart(asOf))),
                lit(EngagementThresholds.DISENGAGED))
            .otherwise(lit(EngagementThresholds.INACTIVE));
      }
    };
  }

  /** As {@link DerivedFields#identified}: a non-blank email or phone. */
  static Column identified() {
    Comparison notEmpty = new Comparison(Operator.NOT_EMPTY, new ValuePredicate.IsEmpty());
    return PredicateColumns.comparison(notEmpty, col("email"), ValueType.TEXT, Instant.EPOCH)
        .or(PredicateColumns.comparison(notEmpty, col("phone"), ValueType.TEXT, Instant.EPOCH));
  }

  private static Column tags(TagCondition tags) {
    Column contactTags = col(LOWER_CASED_TAGS);
    Column wanted = PredicateColumns.literalArray(tags.lowerCasedTags());
    Column overlap = coalesce(arrays_overlap(contactTags, wanted), lit(false));
    return switch (tags.match()) {
      case HAS_ANY -> overlap;
      case HAS_NONE -> overlap.unary_$bang();
      case HAS_ALL -> size(array_except(wanted, contactTags)).equalTo(lit(0));
    };
  }

  private Column behavior(BehaviorCondition behavior) {
    List<Column> features = FeaturePlan.featuresOf(behavior).stream().map(this::feature).toList();
    Measure measure = behavior.measure();
    if (measure instanceof Measure.Count count) {
      Column n = coalesce(features.get(0), lit(0L));
      return switch (count.op()) {
        case AT_LEAST -> n.geq(lit(count.value()));
        case AT_MOST -> n.leq(lit(count.value()));
        case EXACTLY -> n.equalTo(lit(count.value()));
      };
    }
    if (measure instanceof Measure.Occurrence occurrence) {
      return PredicateColumns.comparison(
          occurrence.comparison(), features.get(0), ValueType.TIMESTAMP, asOf);
    }
    Measure.Aggregate aggregate = (Measure.Aggregate) measure;
    return switch (aggregate.function()) {
      case SUM ->
          PredicateColumns.comparison(
              aggregate.comparison(),
              coalesce(features.get(0), lit(BigDecimal.ZERO).cast(TableSchemas.NUMBER)),
              ValueType.NUMBER,
              asOf);
      case AVG ->
          udf((UDF2<BigDecimal, Long, Boolean>) aggregate::testAverage, DataTypes.BooleanType)
              .apply(
                  coalesce(features.get(0), lit(BigDecimal.ZERO).cast(TableSchemas.NUMBER)),
                  coalesce(features.get(1), lit(0L)));
      default ->
          PredicateColumns.comparison(
              aggregate.comparison(), features.get(0), ValueType.NUMBER, asOf);
    };
  }

  private Column feature(FeatureSpec spec) {
    return col(FeatureColumns.name(plan.indexOf(spec)));
  }
}
