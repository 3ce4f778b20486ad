package io.segmentflow.segments.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.segments.catalog.Catalog;
import io.segmentflow.segments.eval.FeatureSpec.Aggregation;
import io.segmentflow.segments.parse.DefinitionSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeaturePlanTest {

  /** The plan of dynamic segments {@code s0..} with these filters, on the standard catalog. */
  static FeaturePlan planOf(String... filters) {
    Map<String, String> documents = new LinkedHashMap<>();
    for (int i = 0; i < filters.length; i++) {
      documents.put(
          "s" + i + ".json",
          "{\"id\":\"s"
              + i
              + "\",\"name\":\"s\",\"kind\":\"dynamic\",\"filter\":"
              + filters[i]
              + "}");
    }
    return FeaturePlan.of(DefinitionSet.of(Catalog.standard(), documents));
  }

  @Test
  void segmentsAskingForTheSameAggregateShareOneFeature() {
    String opened42 =
        "{\"event\":\"email_open\",\"where\":[{\"property\":\"campaign_id\",\"op\":\"eq\",\"value\":\"42\"},"
            + "{\"property\":\"email_id\",\"op\":\"not_empty\"}],\"window\":{\"last\":7,\"unit\":\"days\"}}";
    String sameReordered =
        "{\"not\":{\"event\":\"email_open\",\"where\":[{\"property\":\"email_id\",\"op\":\"not_empty\"},"
            + "{\"property\":\"campaign_id\",\"op\":\"eq\",\"value\":\"42\"}],\"window\":{\"last\":1,\"unit\":\"weeks\"},"
            + "\"count\":{\"op\":\"at_least\",\"value\":3}}}";
    FeaturePlan plan = planOf(opened42, sameReordered);
    assertThat(plan.specs())
        .singleElement()
        .satisfies(spec -> assertThat(spec.aggregation()).isEqualTo(Aggregation.COUNT));
  }

  @Test
  void differentWindowsOrFiltersAreDifferentFeatures() {
    FeaturePlan plan =
        planOf(
            "{\"event\":\"page_visit\",\"window\":{\"last\":7,\"unit\":\"days\"}}",
            "{\"event\":\"page_visit\",\"window\":{\"last\":8,\"unit\":\"days\"}}",
            "{\"event\":\"page_visit\",\"where\":[{\"property\":\"url\",\"op\":\"contains\",\"value\":\"/pricing\"}],"
                + "\"window\":{\"last\":7,\"unit\":\"days\"}}");
    assertThat(plan.size()).isEqualTo(3);
  }

  @Test
  void anAverageNeedsASumAndACountOfValuesThatASumSegmentShares() {
    FeaturePlan plan =
        planOf(
            "{\"event\":\"order\",\"avg\":{\"property\":\"amount\",\"op\":\"gt\",\"value\":50}}",
            "{\"event\":\"order\",\"sum\":{\"property\":\"amount\",\"op\":\"gt\",\"value\":500}}");
    assertThat(plan.specs())
        .extracting(FeatureSpec::aggregation)
        .containsExactly(Aggregation.SUM, Aggregation.COUNT_VALUES);
  }

  @Test
  void theEngagementLevelNeedsTheLatestOpenClickAndVisitWhichALastOpenConditionShares() {
    FeaturePlan plan =
        planOf(
            "{\"field\":\"engagement_level\",\"op\":\"eq\",\"value\":\"engaged\"}",
            "{\"field\":\"engagement_level\",\"op\":\"in\",\"value\":[\"inactive\",\"disengaged\"]}",
            "{\"event\":\"email_open\",\"last\":{\"op\":\"in_last\",\"value\":3,\"unit\":\"days\"}}");
    assertThat(plan.specs())
        .extracting(FeatureSpec::eventType)
        .containsExactly("email_open", "email_click", "page_visit");
    assertThat(plan.specs())
        .extracting(FeatureSpec::aggregation)
        .containsOnly(Aggregation.LAST_TIME);
  }

  @Test
  void fieldAndMembershipConditionsNeedNoFeature() {
    assertThat(
            planOf(
                    "{\"field\":\"country\",\"op\":\"eq\",\"value\":\"FR\"}",
                    "{\"in_segment\":\"s0\"}")
                .size())
        .isZero();
  }
}
