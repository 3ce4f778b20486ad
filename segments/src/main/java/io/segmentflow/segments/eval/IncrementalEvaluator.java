package io.segmentflow.segments.eval;

import io.segmentflow.segments.data.Company;
import io.segmentflow.segments.data.Contact;
import io.segmentflow.segments.data.ListAction;
import io.segmentflow.segments.model.SegmentDefinition;
import io.segmentflow.segments.model.ValuePredicate.TimePredicate;
import io.segmentflow.segments.parse.DefinitionSet;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Evaluates one contact again after an input, as a stream does, with the result {@link
 * ReferenceEvaluator} gives on all of the contact's inputs: only the segments the input can change
 * ({@link AffectedSegments}) while time alone changes nothing, every segment from the instant
 * {@link TimeTriggers} gave at the previous evaluation on.
 */
public final class IncrementalEvaluator {

  private final ReferenceEvaluator evaluator;
  private final TimeTriggers triggers;
  private final AffectedSegments affected;

  /** The features each of {@link #affected}'s lists reads, by the list's identity. */
  private final Map<List<SegmentDefinition>, boolean[]> featuresRead = new IdentityHashMap<>();

  public IncrementalEvaluator(DefinitionSet set) {
    this.evaluator = new ReferenceEvaluator(set);
    this.triggers = new TimeTriggers(set);
    this.affected = new AffectedSegments(set);
    affected.lists().forEach(list -> featuresRead.put(list, plan().readBy(list)));
  }

  public FeaturePlan plan() {
    return evaluator.plan();
  }

  /** The segments each kind of input can change. */
  public AffectedSegments affected() {
    return affected;
  }

  /**
   * One evaluation.
   *
   * @param memberships by segment id, of the segments evaluated: every segment when {@code all}
   * @param all whether every segment was evaluated (a segment missing then is no longer defined)
   * @param nextChange when time alone may change a membership next, null for never: the next
   *     evaluation must be of every segment from then on
   */
  public record Result(Map<String, Membership> memberships, boolean all, Instant nextChange) {}

  /**
   * Evaluates the contact as of {@code asOf}, pruning its features there (later evaluations must
   * not be earlier).
   *
   * @param changed the segments the inputs since the previous evaluation can change (from {@link
   *     #affected()}), or null when any can: a first evaluation, a new profile or company, new
   *     definitions
   * @param previousNextChange the previous result's {@link Result#nextChange}
   * @param memberOf whether the contact is a member of a segment, as last evaluated
   */
  public Result evaluate(
      Contact contact,
      Company company,
      FeatureState features,
      List<ListAction> listActions,
      Instant asOf,
      List<SegmentDefinition> changed,
      Instant previousNextChange,
      Predicate<String> memberOf) {
    FeaturePlan plan = plan();
    features.prune(plan, asOf);
    boolean all =
        changed == null || (previousNextChange != null && !asOf.isBefore(previousNextChange));
    if (!all && changed.isEmpty()) {
      return new Result(Map.of(), false, previousNextChange);
    }
    List<SegmentDefinition> only = all ? null : changed;
    // Some segments only: the features they read are all they and their next change need (the
    // features an input adds to are read by the segments it affects; the others' next change is
    // in previousNextChange).
    boolean[] read = only == null ? null : featuresRead.get(only);
    if (only != null && read == null) {
      read = plan.readBy(only);
    }
    FeatureValues values = features.valuesAt(plan, asOf, read);
    Instant next =
        triggers.nextChange(
            contact,
            company,
            values,
            features.nextChange(plan, asOf, read),
            listActions,
            asOf,
            only);
    return new Result(
        evaluator.evaluate(contact, company, values, listActions, asOf, only, memberOf),
        all,
        // After some segments only, the others' next change is the previous one: nothing they
        // read has changed.
        all ? next : TimePredicate.firstAfter(asOf, next, previousNextChange));
  }
}
