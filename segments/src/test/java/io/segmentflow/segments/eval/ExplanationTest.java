package io.segmentflow.segments.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.segments.catalog.Catalog;
import io.segmentflow.segments.conformance.ConformanceCases;
import io.segmentflow.segments.data.Contact;
import io.segmentflow.segments.data.ContactData;
import io.segmentflow.segments.data.Event;
import io.segmentflow.segments.data.ListAction;
import io.segmentflow.segments.parse.DefinitionSet;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExplanationTest {

  private static final Instant AS_OF = Instant.parse("2026-11-18T10:00:00Z");

  private final ReferenceEvaluator evaluator =
      new ReferenceEvaluator(
          DefinitionSet.of(
              Catalog.standard(),
              Map.of(
                  "customers.json",
                  "{\"id\":\"customers\",\"name\":\"Customers\",\"kind\":\"static\"}",
                  "fr.json",
                  ConformanceCases.dynamic(
                      "fr",
                      "{\"all\":[{\"field\":\"country\",\"op\":\"eq\",\"value\":\"FR\"},"
                          + "{\"event\":\"order\",\"window\":{\"last\":30,\"unit\":\"days\"},\"count\":{\"op\":\"at_least\",\"value\":4}},"
                          + "{\"not_in_segment\":\"customers\"}]}"))));

  private static Event order(String id, String at) {
    return new Event(id, "c", "order", Instant.parse(at), Map.of("amount", new BigDecimal("20")));
  }

  @Test
  void showsEveryConditionWithTheValueItSaw() {
    ContactData data =
        new ContactData(
            Contact.builder("c").country("DE").build(),
            null,
            List.of(order("o1", "2026-11-01T00:00:00Z"), order("o2", "2026-11-02T00:00:00Z")),
            List.of());

    Explanation explanation = evaluator.explain(data, "fr", AS_OF);

    assertThat(explanation.membership()).isEqualTo(evaluator.evaluate(data, AS_OF).get("fr"));
    assertThat(explanation.render())
        .isEqualTo(
            """
        fr: OUT (FILTER)
          [no]  all of
            [no]  country eq [fr]   (saw "DE")
            [no]  order in the last 30 days (Z): count at_least 4   (saw 2)
            [yes] not_in_segment customers   (saw not a member)
        """);
  }

  @Test
  void anOverrideIsShownWithWhatTheFilterAloneWouldSay() {
    ContactData data =
        new ContactData(
            Contact.builder("c").country("DE").build(),
            null,
            List.of(),
            List.of(
                new ListAction(
                    "a",
                    "c",
                    "fr",
                    ListAction.Type.INCLUDE,
                    ListAction.Source.MANUAL,
                    Instant.parse("2026-11-01T00:00:00Z"))));

    String rendered = evaluator.explain(data, "fr", AS_OF).render();

    assertThat(rendered)
        .startsWith(
            "fr: IN (MANUAL_INCLUDE)\n  latest explicit action on it: INCLUDE\n  [no]  all of\n");
  }

  @Test
  void aStaticListHasNoFilterToShow() {
    ContactData data =
        new ContactData(
            Contact.builder("c").build(),
            null,
            List.of(),
            List.of(
                new ListAction(
                    "a",
                    "c",
                    "customers",
                    ListAction.Type.ADD,
                    ListAction.Source.CSV_IMPORT,
                    Instant.parse("2026-11-01T00:00:00Z"))));
    assertThat(evaluator.explain(data, "customers", AS_OF).render())
        .isEqualTo("customers: IN (LIST)\n  latest explicit action on it: ADD\n");
  }
}
