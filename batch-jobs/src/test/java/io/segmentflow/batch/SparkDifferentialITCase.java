package io.segmentflow.batch;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.batch.recompute.SegmentMemberships;
import io.segmentflow.segments.conformance.ConformanceCases;
import io.segmentflow.segments.conformance.DifferentialCheck;
import io.segmentflow.segments.conformance.RandomContacts;
import io.segmentflow.segments.conformance.RandomSegments;
import io.segmentflow.segments.conformance.Seeds;
import io.segmentflow.segments.data.ContactData;
import io.segmentflow.segments.model.SegmentDefinition;
import io.segmentflow.segments.parse.DefinitionSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random definitions over the whole language and random contacts clustered on time boundaries:
 * Spark's memberships must equal the reference evaluator's for every contact and segment.
 */
class SparkDifferentialITCase {

  private static final int SEGMENTS = 30;
  private static final int CONTACTS = 300;

  static LongStream seeds() {
    return Seeds.first(6);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void sparkAgreesWithTheReferenceEvaluator(long seed) {
    Map<String, String> documents = RandomSegments.generate(seed, SEGMENTS);
    DefinitionSet set = DefinitionSet.of(ConformanceCases.CATALOG, documents);
    List<ContactData> contacts = RandomContacts.generate(seed, CONTACTS, SEGMENTS);

    Map<String, Set<String>> spark = new HashMap<>();
    set.inEvaluationOrder().stream()
        .map(SegmentDefinition::id)
        .forEach(id -> spark.put(id, new HashSet<>()));
    SegmentMemberships.Inputs inputs = TestInputs.of(SparkTestSession.get(), contacts);
    for (Row row :
        SegmentMemberships.members(set, inputs, RandomContacts.AS_OF)
            .select(col("segment_id"), col("contact_id"))
            .collectAsList()) {
      spark.get(row.getString(0)).add(row.getString(1));
    }

    Map<String, Set<String>> reference =
        DifferentialCheck.reference(set, contacts, RandomContacts.AS_OF);
    assertThat(DifferentialCheck.disagreements(reference, spark, documents))
        .as("seed %d", seed)
        .isEmpty();
    assertThat(reference.values().stream().mapToInt(Set::size).sum())
        .as("the data makes some segments non-empty")
        .isPositive();
  }
}
