package io.segmentflow.segments.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.segments.catalog.Catalog;
import io.segmentflow.segments.model.Condition;
import io.segmentflow.segments.model.Condition.BehaviorCondition;
import io.segmentflow.segments.model.RelativeSpan;
import io.segmentflow.segments.model.SegmentDefinition;
import io.segmentflow.segments.model.ValuePredicate;
import io.segmentflow.segments.model.Window;
import io.segmentflow.segments.model.WindowUnit;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DefinitionParserTest {

  private final DefinitionParser parser = new DefinitionParser(Catalog.standard());

  private List<DefinitionError> errorsOf(String json) {
    return parser.parse("seg.json", json).errors();
  }

  private static String dynamic(String filter) {
    return "{\"id\":\"s\",\"name\":\"S\",\"kind\":\"dynamic\",\"filter\":" + filter + "}";
  }

  /** The single error of a document, checked for its path; returns its message. */
  private String onlyError(String json, String path) {
    List<DefinitionError> errors = errorsOf(json);
    assertThat(errors).as("errors of %s", json).hasSize(1);
    assertThat(errors.get(0).source()).isEqualTo("seg.json");
    assertThat(errors.get(0).path()).isEqualTo(path);
    return errors.get(0).message();
  }

  @Test
  void parsesADynamicSegmentWithItsTimeZone() {
    SegmentDefinition definition =
        parser
            .parse(
                "seg.json",
                "{\"id\":\"fr-clients\",\"name\":\"Clients FR\",\"kind\":\"dynamic\",\"time_zone\":\"Europe/Paris\","
                    + "\"filter\":{\"event\":\"order\",\"window\":{\"last\":2,\"unit\":\"weeks\"}}}")
            .orThrow()
            .definition();
    assertThat(definition.timeZone()).isEqualTo(ZoneId.of("Europe/Paris"));
    BehaviorCondition behavior = (BehaviorCondition) definition.filter().orElseThrow();
    assertThat(behavior.window())
        .isEqualTo(
            new Window.Last(new RelativeSpan(14, WindowUnit.DAYS, ZoneId.of("Europe/Paris"))));
  }

  @Test
  void parsesYamlLikeJson() {
    String yaml = "id: vip\nname: VIP\nkind: dynamic\nfilter:\n  tags:\n    has_any: [VIP]\n";
    Condition filter = parser.parse("vip.yaml", yaml).orThrow().definition().filter().orElseThrow();
    assertThat(filter).isInstanceOf(Condition.TagCondition.class);
  }

  @Test
  void hourWindowsIgnoreTheTimeZone() {
    var span = new RelativeSpan(3, WindowUnit.HOURS, ZoneId.of("Asia/Kolkata"));
    assertThat(span.zone()).isEqualTo(ZoneId.of("UTC"));
  }

  @Test
  void reportsMalformedJsonWithItsLine() {
    assertThat(onlyError("{\"id\": \"s\",\n \"name\": }", "$"))
        .startsWith("is not well-formed")
        .contains("line 2");
  }

  @Test
  void reportsAnUnknownKeyWithTheClosestKnownOne() {
    List<DefinitionError> errors =
        errorsOf(
            "{\"id\":\"s\",\"name\":\"S\",\"kind\":\"dynamic\",\"filtr\":{\"field\":\"city\",\"op\":\"empty\"}}");
    assertThat(errors).extracting(DefinitionError::path).containsExactly("$.filtr", "$");
    assertThat(errors.get(0).message())
        .isEqualTo("unknown key 'filtr' here. Did you mean 'filter'?");
    assertThat(errors.get(1).message()).isEqualTo("a dynamic segment needs a 'filter'");
  }

  @Test
  void reportsAnUnknownField() {
    assertThat(
            onlyError(
                dynamic("{\"field\":\"contry\",\"op\":\"eq\",\"value\":\"FR\"}"), "$.filter.field"))
        .startsWith("unknown field 'contry'. Did you mean 'country'?")
        .contains("catalog.json");
  }

  @Test
  void reportsAnUnknownEventType() {
    assertThat(onlyError(dynamic("{\"event\":\"emial_open\"}"), "$.filter.event"))
        .startsWith("unknown event type 'emial_open'. Did you mean 'email_open'?");
  }

  @Test
  void reportsAnUnknownEventProperty() {
    assertThat(
            onlyError(
                dynamic(
                    "{\"event\":\"order\",\"where\":[{\"property\":\"amout\",\"op\":\"gt\",\"value\":1}]}"),
                "$.filter.where[0].property"))
        .isEqualTo("event type 'order' has no property 'amout'. Did you mean 'amount'?");
  }

  @Test
  void reportsAnUnknownOperator() {
    assertThat(
            onlyError(
                dynamic("{\"field\":\"company.size\",\"op\":\"gte2\",\"value\":1}"), "$.filter.op"))
        .isEqualTo(
            "unknown operator 'gte2' for field 'company.size' (number). Did you mean 'gte'?");
  }

  @Test
  void reportsAnOperatorThatDoesNotApplyToTheType() {
    assertThat(
            onlyError(
                dynamic("{\"field\":\"company.size\",\"op\":\"contains\",\"value\":\"1\"}"),
                "$.filter.op"))
        .isEqualTo(
            "operator 'contains' does not apply to field 'company.size', which is number: use one of"
                + " eq, neq, in, not_in, empty, not_empty, lt, lte, gt, gte, between");
  }

  @Test
  void reportsAValueOfTheWrongType() {
    assertThat(
            onlyError(
                dynamic("{\"field\":\"company.size\",\"op\":\"gt\",\"value\":\"100\"}"),
                "$.filter.value"))
        .isEqualTo("expected a number, got the text '100'");
    assertThat(
            onlyError(
                dynamic("{\"field\":\"unsubscribed\",\"op\":\"eq\",\"value\":\"yes\"}"),
                "$.filter.value"))
        .isEqualTo("expected true or false, got the text 'yes'");
  }

  @Test
  void reportsANegativeOrZeroWindow() {
    assertThat(
            onlyError(
                dynamic("{\"event\":\"order\",\"window\":{\"last\":-7,\"unit\":\"days\"}}"),
                "$.filter.window.last"))
        .isEqualTo(
            "expected a whole number of days from 1 to 3660, got number -7: a span of time counts"
                + " whole units from the evaluation time, so it is never negative or zero");
    assertThat(
            onlyError(
                dynamic(
                    "{\"field\":\"created_at\",\"op\":\"in_last\",\"value\":0,\"unit\":\"days\"}"),
                "$.filter.value"))
        .contains("from 1 to 3660, got number 0");
  }

  @Test
  void reportsAWindowTooLongForItsUnit() {
    assertThat(
            onlyError(
                dynamic("{\"event\":\"order\",\"window\":{\"last\":2000,\"unit\":\"minutes\"}}"),
                "$.filter.window.last"))
        .isEqualTo("expected a whole number of minutes from 1 to 1440, got number 2000");
  }

  @Test
  void reportsAMissingOrUnknownUnit() {
    assertThat(
            onlyError(
                dynamic("{\"field\":\"created_at\",\"op\":\"in_last\",\"value\":3}"),
                "$.filter.unit"))
        .isEqualTo("a relative time needs a 'unit': one of days, hours, minutes, weeks");
    assertThat(
            onlyError(
                dynamic(
                    "{\"field\":\"created_at\",\"op\":\"in_last\",\"value\":3,\"unit\":\"dayz\"}"),
                "$.filter.unit"))
        .isEqualTo("unknown unit 'dayz'. Did you mean 'days'?");
  }

  @Test
  void reportsAnInvalidRegex() {
    assertThat(
            onlyError(
                dynamic("{\"field\":\"email\",\"op\":\"regex\",\"value\":\"[a-\"}"),
                "$.filter.value"))
        .startsWith("invalid regular expression:")
        .contains("'[a-'");
  }

  @Test
  void reportsAnInvalidDate() {
    assertThat(
            onlyError(
                dynamic("{\"field\":\"created_at\",\"op\":\"before\",\"value\":\"2026-13-01\"}"),
                "$.filter.value"))
        .isEqualTo(
            "expected a date such as 2026-11-22 or an instant such as 2026-11-22T10:00:00Z, got '2026-13-01'");
  }

  @Test
  void reportsReversedBetweenBounds() {
    assertThat(
            onlyError(
                dynamic("{\"field\":\"company.size\",\"op\":\"between\",\"value\":[10,1]}"),
                "$.filter.value"))
        .isEqualTo("the low bound 10 is above the high bound 1: swap them");
    assertThat(
            onlyError(
                dynamic(
                    "{\"event\":\"order\",\"window\":{\"between\":[\"2026-02-01\",\"2026-01-01\"]}}"),
                "$.filter.window.between"))
        .startsWith("'between' runs from the first to the second bound");
  }

  @Test
  void reportsAnEmptyGroup() {
    assertThat(onlyError(dynamic("{\"all\":[]}"), "$.filter.all"))
        .isEqualTo("'all' takes a non-empty list of conditions");
  }

  @Test
  void reportsTwoConditionKindsInOneObject() {
    assertThat(
            onlyError(
                dynamic("{\"field\":\"city\",\"op\":\"empty\",\"event\":\"order\"}"), "$.filter"))
        .endsWith("this one has field and event: wrap several conditions in 'all' or 'any'");
  }

  @Test
  void reportsAConditionWithoutKind() {
    assertThat(onlyError(dynamic("{\"feild\":\"city\"}"), "$.filter"))
        .endsWith("Did you mean 'field' instead of 'feild'?");
  }

  @Test
  void reportsAStaticListWithAFilterAndADynamicSegmentWithout() {
    assertThat(
            onlyError(
                "{\"id\":\"s\",\"name\":\"S\",\"kind\":\"static\",\"filter\":{\"field\":\"city\",\"op\":\"empty\"}}",
                "$.filter"))
        .startsWith("a static list has no filter");
    assertThat(onlyError("{\"id\":\"s\",\"name\":\"S\",\"kind\":\"dynamic\"}", "$"))
        .isEqualTo("a dynamic segment needs a 'filter'");
  }

  @Test
  void reportsAnInvalidIdKindAndTimeZone() {
    assertThat(onlyError("{\"id\":\"Clients FR\",\"name\":\"S\",\"kind\":\"static\"}", "$.id"))
        .startsWith("'Clients FR' is not a valid id");
    assertThat(onlyError("{\"id\":\"s\",\"name\":\"S\",\"kind\":\"smart\"}", "$.kind"))
        .isEqualTo("unknown kind 'smart': use 'dynamic' or 'static'");
    assertThat(
            onlyError(
                "{\"id\":\"s\",\"name\":\"S\",\"kind\":\"static\",\"time_zone\":\"Paris\"}",
                "$.time_zone"))
        .isEqualTo("unknown time zone 'Paris': use an IANA name such as Europe/Paris");
  }

  @Test
  void reportsAnAggregateOfANonNumericProperty() {
    assertThat(
            onlyError(
                dynamic(
                    "{\"event\":\"order\",\"sum\":{\"property\":\"currency\",\"op\":\"gt\",\"value\":1}}"),
                "$.filter.sum.property"))
        .isEqualTo("'sum' needs a number property, 'currency' is text");
  }

  @Test
  void reportsANegativeCountAndAnUnknownCountOperator() {
    assertThat(
            onlyError(
                dynamic("{\"event\":\"order\",\"count\":{\"op\":\"at_least\",\"value\":-1}}"),
                "$.filter.count.value"))
        .isEqualTo("a count is a whole number of at least 0, got number -1");
    assertThat(
            onlyError(
                dynamic("{\"event\":\"order\",\"count\":{\"op\":\"more_than\",\"value\":1}}"),
                "$.filter.count.op"))
        .startsWith("unknown count operator 'more_than'.");
  }

  @Test
  void reportsAUnitOnAnOperatorThatTakesNone() {
    assertThat(
            onlyError(
                dynamic(
                    "{\"field\":\"created_at\",\"op\":\"before\",\"value\":\"2026-01-01\",\"unit\":\"days\"}"),
                "$.filter.unit"))
        .isEqualTo("'unit' goes only with in_last, more_than_ago and in_next");
  }

  @Test
  void reportsEveryFaultOfADocumentAtOnce() {
    List<DefinitionError> errors =
        errorsOf(
            dynamic(
                "{\"all\":[{\"field\":\"contry\",\"op\":\"eq\",\"value\":\"FR\"},"
                    + "{\"event\":\"order\",\"window\":{\"last\":-1,\"unit\":\"days\"}},"
                    + "{\"tags\":{\"has_some\":[\"vip\"]}}]}"));
    assertThat(errors)
        .extracting(DefinitionError::path)
        .containsExactly(
            "$.filter.all[0].field",
            "$.filter.all[1].window.last",
            "$.filter.all[2].tags.has_some");
    assertThat(errors)
        .extracting(DefinitionError::toString)
        .allMatch(line -> line.startsWith("seg.json: $.filter.all["));
  }

  @Test
  void definitionsKeepNoDefaultTimeZoneButUtc() {
    SegmentDefinition definition =
        parser
            .parse("s.json", "{\"id\":\"s\",\"name\":\"S\",\"kind\":\"static\"}")
            .orThrow()
            .definition();
    assertThat(definition.timeZone()).isEqualTo(ZoneOffset.UTC);
  }

  @Test
  void orThrowListsEveryError() {
    assertThatThrownBy(
            () ->
                parser
                    .parse("bad.json", dynamic("{\"field\":\"x\",\"op\":\"eq\",\"value\":1}"))
                    .orThrow())
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageStartingWith("1 error(s) in segment definitions:")
        .hasMessageContaining("bad.json: $.filter.field: unknown field 'x'");
  }

  @Test
  void keepsDecimalsExactAndRejectsNumbersNoEngineHoldsExactly() {
    var parsed =
        parser.parse(
            "s.json",
            dynamic("{\"field\":\"company.size\",\"op\":\"eq\",\"value\":0.100000000000000005}"));
    var filter = (Condition.FieldCondition) parsed.orThrow().definition().filter().orElseThrow();
    assertThat(filter.comparison().predicate())
        .isEqualTo(new ValuePredicate.NumberIn(Set.of(new BigDecimal("0.100000000000000005"))));
    assertThat(
            onlyError(
                dynamic("{\"field\":\"company.size\",\"op\":\"gt\",\"value\":1e400}"),
                "$.filter.value"))
        .startsWith(
            "numbers have at most 20 digits before the decimal point and 18 after it, got 1000");
    assertThat(
            onlyError(
                dynamic(
                    "{\"field\":\"company.size\",\"op\":\"gt\",\"value\":0.0000000000000000001}"),
                "$.filter.value"))
        .isEqualTo(
            "numbers have at most 20 digits before the decimal point and 18 after it, got 0.0000000000000000001");
  }

  @Test
  void reportsAnEmptyOrMisspeltTagMatchWithoutGuessingAnOppositeMeaning() {
    assertThat(onlyError(dynamic("{\"tags\":{\"has_any\":[]}}"), "$.filter.tags.has_any"))
        .isEqualTo("'has_any' takes a non-empty list of tags, such as [\"vip\"]");
    assertThat(onlyError(dynamic("{\"tags\":{\"has_some\":[\"vip\"]}}"), "$.filter.tags.has_some"))
        .isEqualTo("unknown tag match 'has_some': use one of has_any, has_all, has_none");
  }
}
