package io.segmentflow.segments;

import io.segmentflow.segments.conformance.ConformanceSuite;
import io.segmentflow.segments.data.ContactData;
import io.segmentflow.segments.eval.Membership;
import io.segmentflow.segments.eval.ReferenceEvaluator;
import io.segmentflow.segments.parse.DefinitionSet;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The conformance suite on the reference evaluator, contact by contact. */
class ReferenceEvaluatorConformanceTest extends ConformanceSuite {

  @Override
  protected Map<String, Set<String>> members(
      DefinitionSet set, List<ContactData> contacts, Instant asOf) {
    ReferenceEvaluator evaluator = new ReferenceEvaluator(set);
    Map<String, Set<String>> members = new HashMap<>();
    for (ContactData contact : contacts) {
      for (Membership membership : evaluator.evaluate(contact, asOf).values()) {
        Set<String> ids = members.computeIfAbsent(membership.segmentId(), k -> new HashSet<>());
        if (membership.member()) {
          ids.add(contact.contact().contactId());
        }
      }
    }
    return members;
  }
}
