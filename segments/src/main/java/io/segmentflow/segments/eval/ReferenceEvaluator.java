package io.segmentflow.segments.eval;

import io.segmentflow.segments.data.Company;
import io.segmentflow.segments.data.Contact;
import io.segmentflow.segments.data.ContactData;
import io.segmentflow.segments.data.ListAction;
import io.segmentflow.segments.data.Values;
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
import io.segmentflow.segments.model.SegmentDefinition;
import io.segmentflow.segments.parse.DefinitionSet;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The oracle of segment membership: for one contact's data and an evaluation time, the membership
 * of every segment of a set, in dependency order so {@code in_segment} sees its target's final
 * result. Both engines must agree with it exactly; Flink may call it per contact on its state.
 */
public final class ReferenceEvaluator {

  private final DefinitionSet set;
  private final FeaturePlan plan;

  public ReferenceEvaluator(DefinitionSet set) {
    this.set = set;
    this.plan = FeaturePlan.of(set);
  }

  public FeaturePlan plan() {
    return plan;
  }

  /** Computes the features from the raw events, then evaluates every segment. */
  public Map<String, Membership> evaluate(ContactData data, Instant asOf) {
    FeatureValues features = EventFeatures.compute(plan, data.events(), asOf);
    return evaluate(data.contact(), data.company(), features, data.listActions(), asOf);
  }

  /** Evaluates every segment from features an engine computed; keyed by segment id. */
  public Map<String, Membership> evaluate(
      Contact contact,
      Company company,
      FeatureValues features,
      List<ListAction> listActions,
      Instant asOf) {
    return evaluateUpTo(null, contact, company, features, listActions, asOf, null, null, null);
  }

  /**
   * Evaluates only some segments, as a stream does after an input that can change only those
   * ({@link AffectedSegments}); keyed by segment id, in evaluation order.
   *
   * @param only the segments to evaluate, in evaluation order, with every segment that depends on
   *     one of them; every segment when null
   * @param memberOf whether the contact is a member of a segment not in {@code only}, as last
   *     evaluated, for the {@code in_segment} conditions that refer to one
   */
  public Map<String, Membership> evaluate(
      Contact contact,
      Company company,
      FeatureValues features,
      List<ListAction> listActions,
      Instant asOf,
      List<SegmentDefinition> only,
      Predicate<String> memberOf) {
    return evaluateUpTo(null, contact, company, features, listActions, asOf, null, only, memberOf);
  }

  /**
   * Why a contact is in or out of one segment as of a time, condition by condition with the values
   * seen, computed from its raw data as {@link #evaluate(ContactData, Instant)} does.
   */
  public Explanation explain(ContactData data, String segmentId, Instant asOf) {
    FeatureValues features = EventFeatures.compute(plan, data.events(), asOf);
    List<Explanation.Node> trace = new ArrayList<>();
    Membership membership =
        evaluateUpTo(
                segmentId,
                data.contact(),
                data.company(),
                features,
                data.listActions(),
                asOf,
                trace,
                null,
                null)
            .get(segmentId);
    ListAction.Type latest = Overrides.of(data.listActions(), asOf).latest(segmentId);
    return new Explanation(membership, latest, trace.isEmpty() ? null : trace.get(0));
  }

  /**
   * Segments in evaluation order, up to {@code last} (all when null), tracing the filter of {@code
   * last}; those of {@code only} when it is not null.
   */
  private Map<String, Membership> evaluateUpTo(
      String last,
      Contact contact,
      Company company,
      FeatureValues features,
      List<ListAction> listActions,
      Instant asOf,
      List<Explanation.Node> trace,
      List<SegmentDefinition> only,
      Predicate<String> memberOf) {
    Context context =
        new Context(contact, company, features, lowerCased(contact.tags()), asOf, memberOf);
    Overrides overrides = Overrides.of(listActions, asOf);
    Map<String, Membership> memberships = new LinkedHashMap<>();
    for (SegmentDefinition definition : only != null ? only : set.inEvaluationOrder()) {
      boolean traced = definition.id().equals(last);
      Membership membership =
          decide(
              definition,
              overrides.latest(definition.id()),
              context,
              memberships,
              traced ? trace : null);
      memberships.put(definition.id(), membership);
      if (traced) {
        break;
      }
    }
    return memberships;
  }

  private Membership decide(
      SegmentDefinition definition,
      ListAction.Type latest,
      Context context,
      Map<String, Membership> decided,
      List<Explanation.Node> trace) {
    String id = definition.id();
    if (definition.kind() == SegmentDefinition.Kind.STATIC) {
      return new Membership(id, latest != null && latest.putsIn(), Membership.Reason.LIST);
    }
    if (latest != null && latest.overridesFilter()) {
      if (trace != null) {
        holds(
            definition.filter().orElseThrow(),
            context,
            decided,
            trace); // what the filter alone says
      }
      return latest.putsIn()
          ? new Membership(id, true, Membership.Reason.MANUAL_INCLUDE)
          : new Membership(id, false, Membership.Reason.MANUAL_EXCLUDE);
    }
    boolean holds = holds(definition.filter().orElseThrow(), context, decided, trace);
    return new Membership(id, holds, Membership.Reason.FILTER);
  }

  /** What conditions read; {@code memberOf} answers for segments not evaluated this time. */
  private record Context(
      Contact contact,
      Company company,
      FeatureValues features,
      Set<String> tags,
      Instant asOf,
      Predicate<String> memberOf) {}

  /**
   * Whether a condition holds. With a trace, every condition is evaluated (no short cut) and
   * recorded with the value it saw; without one, groups stop at the first deciding child.
   */
  private boolean holds(
      Condition condition,
      Context context,
      Map<String, Membership> decided,
      List<Explanation.Node> trace) {
    List<Explanation.Node> parts = trace == null ? null : new ArrayList<>();
    String seen = null;
    boolean held;
    if (condition instanceof AllOf all) {
      held = true;
      for (Condition part : all.conditions()) {
        held &= holds(part, context, decided, parts);
        if (!held && parts == null) {
          break;
        }
      }
    } else if (condition instanceof AnyOf any) {
      held = false;
      for (Condition part : any.conditions()) {
        held |= holds(part, context, decided, parts);
        if (held && parts == null) {
          break;
        }
      }
    } else if (condition instanceof Not not) {
      held = !holds(not.condition(), context, decided, parts);
    } else if (condition instanceof FieldCondition field) {
      Object value = fieldValue(field.field(), context);
      seen = trace == null ? null : Describe.value(value);
      held = field.comparison().test(value, context.asOf());
    } else if (condition instanceof TagCondition tags) {
      seen = trace == null ? null : Describe.value(new ArrayList<>(new TreeSet<>(context.tags())));
      held = tags.holds(context.tags());
    } else if (condition instanceof BehaviorCondition behavior) {
      List<Object> values = plan.valuesOf(behavior, context.features());
      seen = trace == null ? null : Describe.value(values.size() == 1 ? values.get(0) : values);
      held = behaves(behavior, values, context.asOf());
    } else {
      MembershipCondition membership = (MembershipCondition) condition;
      Membership target = decided.get(membership.segmentId());
      boolean member =
          target != null ? target.member() : context.memberOf().test(membership.segmentId());
      seen = member ? "member" : "not a member";
      held = member == membership.member();
    }
    if (trace != null) {
      trace.add(new Explanation.Node(Describe.condition(condition), seen, held, parts));
    }
    return held;
  }

  private static boolean behaves(BehaviorCondition behavior, List<Object> values, Instant asOf) {
    Measure measure = behavior.measure();
    if (measure instanceof Measure.Count count) {
      return count.holds((Long) values.get(0));
    }
    if (measure instanceof Measure.Occurrence occurrence) {
      return occurrence.comparison().test(values.get(0), asOf);
    }
    Measure.Aggregate aggregate = (Measure.Aggregate) measure;
    if (aggregate.function() == Measure.Aggregate.Function.AVG) {
      return aggregate.testAverage((BigDecimal) values.get(0), (Long) values.get(1));
    }
    return aggregate.comparison().test(values.get(0), asOf);
  }

  private Object fieldValue(FieldRef field, Context context) {
    return field.scope() == FieldRef.Scope.DERIVED
        ? derived(DerivedField.fromJsonName(field.name()).orElseThrow(), context)
        : recordedField(field, context.contact(), context.company());
  }

  /** The value of a contact, company or custom field (not a derived one) as conditions see it. */
  static Object recordedField(FieldRef field, Contact contact, Company company) {
    return switch (field.scope()) {
      case CONTACT -> contact.standardField(field.name());
      case COMPANY -> company == null ? null : company.standardField(field.name());
      case CONTACT_CUSTOM -> Values.ofType(contact.customFields().get(field.name()), field.type());
      case COMPANY_CUSTOM ->
          company == null
              ? null
              : Values.ofType(company.customFields().get(field.name()), field.type());
      case DERIVED -> throw new IllegalArgumentException("a derived field: " + field.path());
    };
  }

  private Object derived(DerivedField field, Context context) {
    return switch (field) {
      case PHONE_COUNTRY -> DerivedFields.phoneCountry(context.contact().phone());
      case IDENTIFIED -> DerivedFields.identified(context.contact());
      case ENGAGEMENT_LEVEL ->
          set.catalog()
              .engagement()
              .levelOf(lastActivity(plan, context.features()), context.asOf());
    };
  }

  /** The time of the latest activity that sets the engagement level, or null when none. */
  static Instant lastActivity(FeaturePlan plan, FeatureValues features) {
    Instant last = null;
    for (Object value : plan.engagementValues(features)) {
      Instant time = (Instant) value;
      last = time != null && (last == null || time.isAfter(last)) ? time : last;
    }
    return last;
  }

  private static Set<String> lowerCased(List<String> tags) {
    Set<String> lower = new HashSet<>();
    tags.forEach(tag -> lower.add(tag.toLowerCase(Locale.ROOT)));
    return lower;
  }
}
