package io.segmentflow.segments;

import io.segmentflow.segments.conformance.ConformanceSuite;
import io.segmentflow.segments.conformance.DifferentialCheck;
import io.segmentflow.segments.data.ContactData;
import io.segmentflow.segments.parse.DefinitionSet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The conformance suite on the reference evaluator, contact by contact. */
class ReferenceEvaluatorConformanceTest extends ConformanceSuite {

  @Override
  protected Map<String, Set<String>> members(
      DefinitionSet set, List<ContactData> contacts, Instant asOf) {
    return DifferentialCheck.reference(set, contacts, asOf);
  }
}
