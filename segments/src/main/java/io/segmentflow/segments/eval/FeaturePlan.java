package io.segmentflow.segments.eval;

import io.segmentflow.segments.catalog.Catalog;
import io.segmentflow.segments.eval.FeatureSpec.Aggregation;
import io.segmentflow.segments.model.Condition;
import io.segmentflow.segments.model.Condition.BehaviorCondition;
import io.segmentflow.segments.model.Condition.FieldCondition;
import io.segmentflow.segments.model.Condition.PropertyCondition;
import io.segmentflow.segments.model.DerivedField;
import io.segmentflow.segments.model.FieldRef;
import io.segmentflow.segments.model.Measure;
import io.segmentflow.segments.model.SegmentDefinition;
import io.segmentflow.segments.model.Window;
import io.segmentflow.segments.parse.DefinitionSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The minimal set of per-contact behaviour aggregates that evaluating every segment of a set needs,
 * each listed once however many conditions use it. Spark computes all of them in one pass over the
 * events; Flink keeps them as keyed state. Indexes are stable for a given set.
 */
public final class FeaturePlan {

  private final Map<FeatureSpec, Integer> indexes = new LinkedHashMap<>();
  private final List<FeatureSpec> specs = new ArrayList<>();
  private final List<FeatureKey> keys = new ArrayList<>();
  private final Map<FeatureKey, Integer> indexesByKey = new HashMap<>();
  private final List<List<PropertyCondition>> timedWhere = new ArrayList<>();
  private final List<List<PropertyCondition>> untimedWhere = new ArrayList<>();
  // Looked up by identity: evaluating must not hash a condition tree per contact and segment.
  private final Map<BehaviorCondition, int[]> indexesByBehavior = new IdentityHashMap<>();
  private int[] engagementIndexes = new int[0];

  public static FeaturePlan of(DefinitionSet set) {
    FeaturePlan plan = new FeaturePlan();
    for (SegmentDefinition definition : set.inEvaluationOrder()) {
      definition.filter().ifPresent(plan::collect);
    }
    return plan;
  }

  public List<FeatureSpec> specs() {
    return Collections.unmodifiableList(specs);
  }

  /**
   * The {@code where} conditions of the spec at an index that depend on the evaluation time ({@code
   * timed}) or do not, computed once.
   */
  public List<PropertyCondition> where(int index, boolean timed) {
    return timed ? timedWhere.get(index) : untimedWhere.get(index);
  }

  /** The values a behaviour condition of the plan's set reads, in its measure's order. */
  List<Object> valuesOf(BehaviorCondition behavior, FeatureValues values) {
    int[] indexes = indexesByBehavior.get(behavior);
    if (indexes == null) { // a condition from elsewhere, equal to one of the set's
      return featuresOf(behavior).stream().map(values::get).toList();
    }
    Object[] read = new Object[indexes.length];
    for (int i = 0; i < indexes.length; i++) {
      read[i] = values.get(indexes[i]);
    }
    return Arrays.asList(read);
  }

  /** The values of the {@link #engagementFeatures()}, when the plan has them. */
  List<Object> engagementValues(FeatureValues values) {
    if (engagementIndexes.length == 0) {
      return engagementFeatures().stream().map(values::get).toList();
    }
    Object[] read = new Object[engagementIndexes.length];
    for (int i = 0; i < engagementIndexes.length; i++) {
      read[i] = values.get(engagementIndexes[i]);
    }
    return Arrays.asList(read);
  }

  /**
   * Which features (by index) the filters of these segments read ({@link #featuresReadBy}), all of
   * them in the plan of the segments' set.
   */
  boolean[] readBy(List<SegmentDefinition> definitions) {
    boolean[] read = new boolean[specs.size()];
    for (SegmentDefinition definition : definitions) {
      featuresReadBy(definition).forEach(spec -> read[indexOf(spec)] = true);
    }
    return read;
  }

  /**
   * The features a segment's filter reads: those of its behaviour conditions and, when it reads the
   * engagement level, the {@link #engagementFeatures()}; none for a static list.
   */
  static List<FeatureSpec> featuresReadBy(SegmentDefinition definition) {
    List<FeatureSpec> read = new ArrayList<>();
    definition
        .filter()
        .ifPresent(
            filter ->
                filter
                    .leaves()
                    .forEach(
                        leaf -> {
                          if (leaf instanceof BehaviorCondition behavior) {
                            read.addAll(featuresOf(behavior));
                          } else if (leaf instanceof FieldCondition field
                              && isEngagement(field.field())) {
                            read.addAll(engagementFeatures());
                          }
                        }));
    return read;
  }

  public int size() {
    return specs.size();
  }

  /** The {@link FeatureSpec#key()} of the spec at an index, computed once. */
  FeatureKey key(int index) {
    return keys.get(index);
  }

  /** The index of the spec with this {@link FeatureSpec#key()}, or -1 when not in the plan. */
  int indexOfKey(FeatureKey key) {
    return indexesByKey.getOrDefault(key, -1);
  }

  public int indexOf(FeatureSpec spec) {
    Integer index = indexes.get(spec);
    if (index == null) {
      throw new IllegalArgumentException("not in the plan: " + spec);
    }
    return index;
  }

  /** The features a behaviour condition reads, in the order its measure uses them. */
  public static List<FeatureSpec> featuresOf(BehaviorCondition behavior) {
    Measure measure = behavior.measure();
    if (measure instanceof Measure.Count) {
      return List.of(feature(behavior, Aggregation.COUNT, null));
    }
    if (measure instanceof Measure.Occurrence occurrence) {
      Aggregation aggregation =
          occurrence.which() == Measure.Occurrence.Which.FIRST
              ? Aggregation.FIRST_TIME
              : Aggregation.LAST_TIME;
      return List.of(feature(behavior, aggregation, null));
    }
    Measure.Aggregate aggregate = (Measure.Aggregate) measure;
    String property = aggregate.property();
    return switch (aggregate.function()) {
      case SUM -> List.of(feature(behavior, Aggregation.SUM, property));
      case AVG ->
          List.of(
              feature(behavior, Aggregation.SUM, property),
              feature(behavior, Aggregation.COUNT_VALUES, property));
      case MIN -> List.of(feature(behavior, Aggregation.MIN, property));
      case MAX -> List.of(feature(behavior, Aggregation.MAX, property));
    };
  }

  /** The latest-activity features behind {@link DerivedField#ENGAGEMENT_LEVEL}. */
  public static List<FeatureSpec> engagementFeatures() {
    return Catalog.ENGAGEMENT_EVENT_TYPES.stream()
        .map(
            type ->
                new FeatureSpec(type, List.of(), new Window.Ever(), Aggregation.LAST_TIME, null))
        .toList();
  }

  private static FeatureSpec feature(
      BehaviorCondition behavior, Aggregation aggregation, String property) {
    return new FeatureSpec(
        behavior.eventType(), behavior.where(), behavior.window(), aggregation, property);
  }

  private void collect(Condition condition) {
    condition
        .leaves()
        .forEach(
            leaf -> {
              if (leaf instanceof BehaviorCondition behavior) {
                indexesByBehavior.put(
                    behavior, featuresOf(behavior).stream().mapToInt(this::add).toArray());
              } else if (leaf instanceof FieldCondition field && isEngagement(field.field())) {
                engagementIndexes = engagementFeatures().stream().mapToInt(this::add).toArray();
              }
            });
  }

  /** Whether a field is {@link DerivedField#ENGAGEMENT_LEVEL}, which reads features. */
  static boolean isEngagement(FieldRef field) {
    return field.scope() == FieldRef.Scope.DERIVED
        && field.name().equals(DerivedField.ENGAGEMENT_LEVEL.jsonName());
  }

  private int add(FeatureSpec spec) {
    Integer index = indexes.get(spec);
    if (index != null) {
      return index;
    }
    indexes.put(spec, specs.size());
    specs.add(spec);
    FeatureKey key = FeatureKey.ofHex(spec.key());
    keys.add(key);
    indexesByKey.put(key, specs.size() - 1);
    timedWhere.add(spec.where().stream().filter(c -> c.comparison().dependsOnTime()).toList());
    untimedWhere.add(spec.where().stream().filter(c -> !c.comparison().dependsOnTime()).toList());
    return specs.size() - 1;
  }
}
