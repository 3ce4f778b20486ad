package io.segmentflow.segments.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segmentflow.segments.data.Company;
import io.segmentflow.segments.data.Contact;
import io.segmentflow.segments.data.ContactData;
import io.segmentflow.segments.data.Event;
import io.segmentflow.segments.data.ListAction;
import io.segmentflow.segments.parse.DefinitionSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The semantics of the segment language as executable cases, run against every engine: the
 * reference evaluator here, Spark in batch-jobs, Flink in streaming-jobs. An engine implements
 * {@link #members}; cases that share an evaluation time are evaluated in one call, with their ids
 * prefixed so they cannot see each other.
 */
public abstract class ConformanceSuite {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Evaluates every segment of the set for every contact as of {@code asOf}.
   *
   * @return for every segment id, the ids of its member contacts
   */
  protected abstract Map<String, Set<String>> members(
      DefinitionSet set, List<ContactData> contacts, Instant asOf) throws Exception;

  /**
   * Cases whose data cannot reach this engine's evaluator as written, by name, with the reason;
   * they are reported as skipped with it.
   */
  protected Map<String, String> notApplicable() {
    return Map.of();
  }

  @TestFactory
  Stream<DynamicTest> everyCaseHoldsOnThisEngine() throws Exception {
    List<ConformanceCase> cases = ConformanceCases.all();
    assertThat(cases).extracting(c -> c.name).containsAll(notApplicable().keySet());
    Map<Instant, List<Integer>> byAsOf = new TreeMap<>();
    for (int i = 0; i < cases.size(); i++) {
      byAsOf.computeIfAbsent(cases.get(i).asOf, t -> new ArrayList<>()).add(i);
    }
    Map<String, Set<String>> actual = new LinkedHashMap<>();
    for (Map.Entry<Instant, List<Integer>> group : byAsOf.entrySet()) {
      Map<String, String> documents = new LinkedHashMap<>();
      List<ContactData> contacts = new ArrayList<>();
      for (int index : group.getValue()) {
        String prefix = prefix(index);
        for (String definition : cases.get(index).definitions) {
          ObjectNode renamed = (ObjectNode) JSON.readTree(definition);
          renameReferences(renamed, prefix);
          documents.put(renamed.get("id").asText() + ".json", renamed.toString());
        }
        cases.get(index).contacts.forEach(c -> contacts.add(prefixed(c, prefix)));
      }
      DefinitionSet set = DefinitionSet.of(ConformanceCases.CATALOG, documents);
      actual.putAll(members(set, contacts, group.getKey()));
    }
    List<DynamicTest> tests = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      ConformanceCase testCase = cases.get(i);
      String prefix = prefix(i);
      tests.add(
          DynamicTest.dynamicTest(
              testCase.name,
              () -> {
                String notHere = notApplicable().get(testCase.name);
                Assumptions.assumeTrue(notHere == null, notHere);
                testCase.expectedMembers.forEach(
                    (segment, expected) -> {
                      Set<String> members =
                          actual.getOrDefault(prefix + segment, Set.of()).stream()
                              .filter(id -> id.startsWith(prefix))
                              .map(id -> id.substring(prefix.length()))
                              .collect(Collectors.toSet());
                      assertThat(members)
                          .as(
                              "members of '%s' in case '%s' as of %s, definitions %s",
                              segment, testCase.name, testCase.asOf, testCase.definitions)
                          .containsExactlyInAnyOrderElementsOf(expected);
                    });
              }));
    }
    return tests.stream();
  }

  private static String prefix(int index) {
    return "k" + index + "-";
  }

  private static void renameReferences(JsonNode node, String prefix) {
    if (node instanceof ObjectNode object) {
      for (String key : List.of("id", "in_segment", "not_in_segment")) {
        if (object.has(key) && object.get(key).isTextual()) {
          object.put(key, prefix + object.get(key).asText());
        }
      }
    }
    if (node.isContainerNode()) {
      node.forEach(child -> renameReferences(child, prefix));
    }
  }

  private static ContactData prefixed(ContactData data, String prefix) {
    Contact c = data.contact();
    Contact contact =
        new Contact(
            prefix + c.contactId(),
            c.email(),
            c.phone(),
            c.firstName(),
            c.lastName(),
            c.country(),
            c.language(),
            c.city(),
            c.createdAt(),
            c.updatedAt(),
            c.tags(),
            c.companyId() == null ? null : prefix + c.companyId(),
            c.unsubscribed(),
            c.marketingConsent(),
            c.customFields());
    Company company =
        data.company() == null
            ? null
            : new Company(
                prefix + data.company().companyId(),
                data.company().name(),
                data.company().industry(),
                data.company().size(),
                data.company().country(),
                data.company().updatedAt(),
                data.company().customFields());
    List<Event> events =
        data.events().stream()
            .map(
                e ->
                    new Event(
                        prefix + e.eventId(),
                        contact.contactId(),
                        e.eventType(),
                        e.occurredAt(),
                        e.properties()))
            .toList();
    List<ListAction> actions =
        data.listActions().stream()
            .map(
                a ->
                    new ListAction(
                        prefix + a.actionId(),
                        contact.contactId(),
                        prefix + a.listId(),
                        a.type(),
                        a.source(),
                        a.occurredAt()))
            .toList();
    return new ContactData(contact, company, events, actions);
  }
}
