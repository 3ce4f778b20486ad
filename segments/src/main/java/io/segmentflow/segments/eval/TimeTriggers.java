package io.segmentflow.segments.eval;

import io.segmentflow.segments.data.Company;
import io.segmentflow.segments.data.Contact;
import io.segmentflow.segments.data.ListAction;
import io.segmentflow.segments.model.Condition;
import io.segmentflow.segments.model.Condition.BehaviorCondition;
import io.segmentflow.segments.model.Condition.FieldCondition;
import io.segmentflow.segments.model.FieldRef;
import io.segmentflow.segments.model.Measure;
import io.segmentflow.segments.model.SegmentDefinition;
import io.segmentflow.segments.model.ValuePredicate.TimePredicate;
import io.segmentflow.segments.parse.DefinitionSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * When time alone can change a contact's memberships. A streaming engine evaluates a contact when
 * something about it arrives, and again at the instant {@link #nextChange} gives: so it sees every
 * entry and exit that evaluating at any time would show (and the nightly recompute will), at the
 * instant it happens, without evaluating every contact all the time.
 */
public final class TimeTriggers {

  private final DefinitionSet set;
  private final FeaturePlan plan;

  /**
   * The leaves of each dynamic segment's filter that time alone can change (see {@link
   * #changesWithTime}), by segment id: walked on every evaluation.
   */
  private final Map<String, List<Condition>> leavesById = new HashMap<>();

  public TimeTriggers(DefinitionSet set) {
    this.set = set;
    this.plan = FeaturePlan.of(set);
    for (SegmentDefinition definition : set.inEvaluationOrder()) {
      definition
          .filter()
          .ifPresent(
              filter ->
                  leavesById.put(
                      definition.id(),
                      filter.leaves().filter(TimeTriggers::changesWithTime).toList()));
    }
  }

  /**
   * The earliest instant after {@code asOf} at which {@link ReferenceEvaluator#evaluate(Contact,
   * Company, FeatureValues, List, Instant)}, given the features as of that instant, may give
   * another result than as of {@code asOf} with no new input; null when it never will. It is the
   * earliest of
   *
   * <ul>
   *   <li>{@code featuresNextChange}: when the features themselves change ({@link
   *       FeatureState#nextChange});
   *   <li>the time of every list action after {@code asOf} (an action counts from its time on);
   *   <li>in the filter of every dynamic segment that no include or exclude overrides as of {@code
   *       asOf}: the next change ({@link io.segmentflow.segments.model.Comparison#nextChange}) of
   *       every comparison of a contact, company or custom field and of every first or last
   *       occurrence time, and of the engagement level ({@link
   *       io.segmentflow.segments.catalog.EngagementThresholds#nextChange}).
   * </ul>
   *
   * Every condition counts, whichever way the groups around it decide: the result may not change at
   * the instant given, but never changes before it. Static lists change only with list actions;
   * tags, counts, aggregates and {@code in_segment} change only with new input, the features, or
   * the other segment's own triggers.
   *
   * @param features the contact's features as of {@code asOf}
   * @param featuresNextChange when the features next change with time alone, or null for never
   * @param only the segments whose conditions count, every segment when null: after an input that
   *     changed only those ({@link AffectedSegments}), the next change of the others is what it was
   */
  public Instant nextChange(
      Contact contact,
      Company company,
      FeatureValues features,
      Instant featuresNextChange,
      List<ListAction> listActions,
      Instant asOf,
      List<SegmentDefinition> only) {
    List<Instant> candidates = new ArrayList<>();
    candidates.add(featuresNextChange);
    listActions.forEach(action -> candidates.add(action.occurredAt()));
    Overrides overrides = Overrides.of(listActions, asOf);
    for (SegmentDefinition definition : only != null ? only : set.inEvaluationOrder()) {
      ListAction.Type latest = overrides.latest(definition.id());
      if (definition.filter().isPresent() && (latest == null || !latest.overridesFilter())) {
        for (Condition leaf : leavesById.get(definition.id())) {
          candidates.add(nextChange(leaf, contact, company, features, asOf));
        }
      }
    }
    return TimePredicate.firstAfter(asOf, candidates.toArray(Instant[]::new));
  }

  /**
   * Whether {@link #nextChange(Condition, Contact, Company, FeatureValues, Instant)} can be other
   * than null for a leaf: the engagement level, and a time comparison ({@link
   * io.segmentflow.segments.model.Comparison#dependsOnTime}, the others never change on a fixed
   * value) of a field other than a derived one or of a first or last occurrence time.
   */
  private static boolean changesWithTime(Condition leaf) {
    if (leaf instanceof FieldCondition field) {
      return FeaturePlan.isEngagement(field.field())
          || (field.field().scope() != FieldRef.Scope.DERIVED
              && field.comparison().dependsOnTime());
    }
    return leaf instanceof BehaviorCondition behavior
        && behavior.measure() instanceof Measure.Occurrence occurrence
        && occurrence.comparison().dependsOnTime();
  }

  private Instant nextChange(
      Condition leaf, Contact contact, Company company, FeatureValues features, Instant asOf) {
    if (leaf instanceof FieldCondition field) {
      if (FeaturePlan.isEngagement(field.field())) {
        return set.catalog()
            .engagement()
            .nextChange(ReferenceEvaluator.lastActivity(plan, features), asOf);
      }
      if (field.field().scope() == FieldRef.Scope.DERIVED) {
        return null; // the phone's country and being identified do not change with time
      }
      Object value = ReferenceEvaluator.recordedField(field.field(), contact, company);
      return field.comparison().nextChange(value, asOf);
    }
    if (leaf instanceof BehaviorCondition behavior
        && behavior.measure() instanceof Measure.Occurrence occurrence) {
      Object time = plan.valuesOf(behavior, features).get(0);
      return occurrence.comparison().nextChange(time, asOf);
    }
    return null;
  }
}
