package io.segmentflow.segments.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.segments.eval.FeaturePlan;
import io.segmentflow.segments.model.SegmentDefinition;
import io.segmentflow.segments.parse.DefinitionSet;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchmarkSegmentsTest {

  @Test
  void twoHundredSegmentsAreValidWithAGrowingSharedFeaturePlan() {
    int ten = FeaturePlan.of(BenchmarkSegments.of(10)).size();
    int fifty = FeaturePlan.of(BenchmarkSegments.of(50)).size();
    DefinitionSet set = BenchmarkSegments.of(200);
    int twoHundred = FeaturePlan.of(set).size();

    assertThat(set.inEvaluationOrder()).hasSize(200);
    assertThat(ten).isLessThan(fifty);
    assertThat(fifty).isLessThan(twoHundred);
    assertThat(twoHundred).isLessThan(BenchmarkSegments.featureUses(set));
  }

  @Test
  void theFirstSegmentsOfALargerSetAreTheSmallerSet() {
    assertThat(BenchmarkSegments.documents(200))
        .containsAllEntriesOf(BenchmarkSegments.documents(50));
    assertThat(BenchmarkSegments.documents(50)).isEqualTo(BenchmarkSegments.documents(50));
  }

  @Test
  void segmentChainsAreTwoOrThreeDeepAndAFewAreStaticLists() {
    DefinitionSet set = BenchmarkSegments.of(200);
    Map<String, Integer> depth = new HashMap<>();
    for (SegmentDefinition definition : set.inEvaluationOrder()) {
      depth.put(
          definition.id(),
          1 + set.dependenciesOf(definition.id()).stream().mapToInt(depth::get).max().orElse(0));
    }
    assertThat(depth.values().stream().mapToInt(Integer::intValue).max()).hasValue(3);
    assertThat(depth.values()).contains(2);
    assertThat(set.inEvaluationOrder())
        .filteredOn(d -> d.kind() == SegmentDefinition.Kind.STATIC)
        .extracting(SegmentDefinition::id)
        .containsExactlyInAnyOrder("customers", "newsletter-import", "vip-list");
  }

  @Test
  void refusesFewerThanOneSegment() {
    assertThatThrownBy(() -> BenchmarkSegments.documents(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1, got 0");
  }
}
