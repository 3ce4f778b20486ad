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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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
    Context context = new Context(contact, company, features, lowerCased(contact.tags()), asOf);
    Overrides overrides = Overrides.of(listActions, asOf);
    Map<String, Membership> memberships = new LinkedHashMap<>();
    for (SegmentDefinition definition : set.inEvaluationOrder()) {
      Membership membership =
          decide(definition, overrides.latest(definition.id()), context, memberships);
      memberships.put(definition.id(), membership);
    }
    return memberships;
  }

  private Membership decide(
      SegmentDefinition definition,
      ListAction.Type latest,
      Context context,
      Map<String, Membership> decided) {
    String id = definition.id();
    if (definition.kind() == SegmentDefinition.Kind.STATIC) {
      return new Membership(id, latest != null && latest.putsIn(), Membership.Reason.LIST);
    }
    if (latest != null && latest.putsIn()) {
      return new Membership(id, true, Membership.Reason.MANUAL_INCLUDE);
    }
    if (latest != null && latest.takesOut()) {
      return new Membership(id, false, Membership.Reason.MANUAL_EXCLUDE);
    }
    boolean holds = holds(definition.filter().orElseThrow(), context, decided);
    return new Membership(id, holds, Membership.Reason.FILTER);
  }

  private record Context(
      Contact contact, Company company, FeatureValues features, Set<String> tags, Instant asOf) {}

  private boolean holds(Condition condition, Context context, Map<String, Membership> decided) {
    if (condition instanceof AllOf all) {
      return all.conditions().stream().allMatch(c -> holds(c, context, decided));
    }
    if (condition instanceof AnyOf any) {
      return any.conditions().stream().anyMatch(c -> holds(c, context, decided));
    }
    if (condition instanceof Not not) {
      return !holds(not.condition(), context, decided);
    }
    if (condition instanceof FieldCondition field) {
      return field.comparison().test(fieldValue(field.field(), context), context.asOf());
    }
    if (condition instanceof TagCondition tags) {
      return tags.holds(context.tags());
    }
    if (condition instanceof BehaviorCondition behavior) {
      return behaves(behavior, context);
    }
    MembershipCondition membership = (MembershipCondition) condition;
    return decided.get(membership.segmentId()).member() == membership.member();
  }

  private boolean behaves(BehaviorCondition behavior, Context context) {
    List<Object> values =
        FeaturePlan.featuresOf(behavior).stream().map(context.features()::get).toList();
    Measure measure = behavior.measure();
    if (measure instanceof Measure.Count count) {
      return count.holds((Long) values.get(0));
    }
    if (measure instanceof Measure.Occurrence occurrence) {
      return occurrence.comparison().test(values.get(0), context.asOf());
    }
    Measure.Aggregate aggregate = (Measure.Aggregate) measure;
    if (aggregate.function() == Measure.Aggregate.Function.AVG) {
      return aggregate.testAverage((BigDecimal) values.get(0), (Long) values.get(1));
    }
    return aggregate.comparison().test(values.get(0), context.asOf());
  }

  private Object fieldValue(FieldRef field, Context context) {
    Contact contact = context.contact();
    Company company = context.company();
    return switch (field.scope()) {
      case CONTACT -> contact.standardField(field.name());
      case COMPANY -> company == null ? null : company.standardField(field.name());
      case CONTACT_CUSTOM -> Values.ofType(contact.customFields().get(field.name()), field.type());
      case COMPANY_CUSTOM ->
          company == null
              ? null
              : Values.ofType(company.customFields().get(field.name()), field.type());
      case DERIVED -> derived(DerivedField.fromJsonName(field.name()).orElseThrow(), context);
    };
  }

  private Object derived(DerivedField field, Context context) {
    return switch (field) {
      case PHONE_COUNTRY -> DerivedFields.phoneCountry(context.contact().phone());
      case IDENTIFIED -> DerivedFields.identified(context.contact());
      case ENGAGEMENT_LEVEL -> {
        Instant last = null;
        for (FeatureSpec spec : FeaturePlan.engagementFeatures()) {
          Instant time = (Instant) context.features().get(spec);
          last = time != null && (last == null || time.isAfter(last)) ? time : last;
        }
        yield set.catalog().engagement().levelOf(last, context.asOf());
      }
    };
  }

  private static Set<String> lowerCased(List<String> tags) {
    Set<String> lower = new HashSet<>();
    tags.forEach(tag -> lower.add(tag.toLowerCase(Locale.ROOT)));
    return lower;
  }
}
