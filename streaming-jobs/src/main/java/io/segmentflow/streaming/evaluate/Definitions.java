package io.segmentflow.streaming.evaluate;

import io.segmentflow.segments.catalog.Catalog;
import io.segmentflow.segments.eval.FeaturePlan;
import io.segmentflow.segments.eval.IncrementalEvaluator;
import io.segmentflow.segments.parse.DefinitionSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The segment definitions in force, with what evaluating them needs: the checked set and the core's
 * incremental evaluator with its feature plan. Built from the documents by segment id.
 */
record Definitions(
    Map<String, String> documents, DefinitionSet set, IncrementalEvaluator evaluator) {

  /**
   * Checks the documents together (ids, references, cycles).
   *
   * @throws io.segmentflow.segments.parse.InvalidDefinitionException with each fault's JSON path
   */
  static Definitions of(Catalog catalog, Map<String, String> documents) {
    Map<String, String> bySource = new LinkedHashMap<>();
    documents.forEach((id, document) -> bySource.put(id + ".json", document));
    DefinitionSet set = DefinitionSet.of(catalog, bySource);
    return new Definitions(Map.copyOf(documents), set, new IncrementalEvaluator(set));
  }

  FeaturePlan plan() {
    return evaluator.plan();
  }

  boolean defines(String segmentId) {
    return set.get(segmentId).isPresent();
  }
}
