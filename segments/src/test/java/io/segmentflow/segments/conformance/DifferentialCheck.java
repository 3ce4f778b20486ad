package io.segmentflow.segments.conformance;

import io.segmentflow.segments.data.ContactData;
import io.segmentflow.segments.eval.Membership;
import io.segmentflow.segments.eval.ReferenceEvaluator;
import io.segmentflow.segments.parse.DefinitionSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Compares an engine's memberships with the reference evaluator's, contact by contact. */
public final class DifferentialCheck {

  private DifferentialCheck() {}

  /** The reference memberships: for every segment id, its member contact ids. */
  public static Map<String, Set<String>> reference(
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

  /** Every (segment, contact) on which the engine and the reference disagree, readably. */
  public static List<String> disagreements(
      Map<String, Set<String>> reference,
      Map<String, Set<String>> engine,
      Map<String, String> documents) {
    List<String> problems = new ArrayList<>();
    for (String segment : new TreeSet<>(reference.keySet())) {
      Set<String> expected = reference.get(segment);
      Set<String> actual = engine.getOrDefault(segment, Set.of());
      Set<String> missing = new TreeSet<>(expected);
      missing.removeAll(actual);
      Set<String> extra = new TreeSet<>(actual);
      extra.removeAll(expected);
      if (!missing.isEmpty() || !extra.isEmpty()) {
        problems.add(
            segment
                + ": engine misses "
                + missing
                + ", engine adds "
                + extra
                + "; definition "
                + documents.get(segment + ".json"));
      }
    }
    return problems;
  }
}
