package io.segmentflow.batch;

import static org.apache.spark.sql.functions.col;

import io.segmentflow.batch.recompute.SegmentMemberships;
import io.segmentflow.segments.conformance.ConformanceSuite;
import io.segmentflow.segments.data.ContactData;
import io.segmentflow.segments.model.SegmentDefinition;
import io.segmentflow.segments.parse.DefinitionSet;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;

/** The core's conformance suite on Spark: every case, evaluated by the Spark recompute. */
class SparkConformanceITCase extends ConformanceSuite {

  @Override
  protected Map<String, Set<String>> members(
      DefinitionSet set, List<ContactData> contacts, Instant asOf) {
    SegmentMemberships.Inputs inputs = TestInputs.of(SparkTestSession.get(), contacts);
    Map<String, Set<String>> members = new HashMap<>();
    set.inEvaluationOrder().stream()
        .map(SegmentDefinition::id)
        .forEach(id -> members.put(id, new HashSet<>()));
    for (Row row :
        SegmentMemberships.members(set, inputs, asOf)
            .select(col("segment_id"), col("contact_id"))
            .collectAsList()) {
      members.get(row.getString(0)).add(row.getString(1));
    }
    return members;
  }
}
