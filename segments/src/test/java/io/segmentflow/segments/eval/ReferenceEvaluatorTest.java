package io.segmentflow.segments.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.segments.catalog.Catalog;
import io.segmentflow.segments.data.Contact;
import io.segmentflow.segments.data.ContactData;
import io.segmentflow.segments.data.ListAction;
import io.segmentflow.segments.parse.DefinitionSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReferenceEvaluatorTest {

  private static final Instant AS_OF = Instant.parse("2026-11-18T10:00:00Z");

  private final ReferenceEvaluator evaluator =
      new ReferenceEvaluator(
          DefinitionSet.of(
              Catalog.standard(),
              Map.of(
                  "fr.json",
                      "{\"id\":\"fr\",\"name\":\"FR\",\"kind\":\"dynamic\",\"filter\":{\"field\":\"country\",\"op\":\"eq\",\"value\":\"FR\"}}",
                  "list.json", "{\"id\":\"list\",\"name\":\"List\",\"kind\":\"static\"}")));

  private static ListAction action(String list, ListAction.Type type) {
    return new ListAction(
        "a1", "c", list, type, ListAction.Source.CSV_IMPORT, Instant.parse("2026-11-01T00:00:00Z"));
  }

  private Map<String, Membership> evaluate(String country, ListAction... actions) {
    var contact = Contact.builder("c").country(country).build();
    return evaluator.evaluate(new ContactData(contact, null, List.of(), List.of(actions)), AS_OF);
  }

  @Test
  void saysWhyAContactIsInOrOut() {
    assertThat(evaluate("FR"))
        .containsEntry("fr", new Membership("fr", true, Membership.Reason.FILTER))
        .containsEntry("list", new Membership("list", false, Membership.Reason.LIST));
    assertThat(
            evaluate(
                "DE", action("fr", ListAction.Type.INCLUDE), action("list", ListAction.Type.ADD)))
        .containsEntry("fr", new Membership("fr", true, Membership.Reason.MANUAL_INCLUDE))
        .containsEntry("list", new Membership("list", true, Membership.Reason.LIST));
    assertThat(evaluate("FR", action("fr", ListAction.Type.EXCLUDE)))
        .containsEntry("fr", new Membership("fr", false, Membership.Reason.MANUAL_EXCLUDE));
    assertThat(evaluate("DE", action("fr", ListAction.Type.CLEAR_OVERRIDE)))
        .containsEntry("fr", new Membership("fr", false, Membership.Reason.FILTER));
  }

  @Test
  void returnsSegmentsInEvaluationOrder() {
    assertThat(evaluate("FR").keySet()).containsExactly("fr", "list");
  }
}
