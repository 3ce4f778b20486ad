package io.segmentflow.batch.recompute;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.batch.SparkTestSession;
import io.segmentflow.batch.TestInputs;
import io.segmentflow.batch.lakehouse.Lakehouse;
import io.segmentflow.batch.lakehouse.Lakehouse.Table;
import io.segmentflow.segments.conformance.ConformanceCases;
import io.segmentflow.segments.conformance.DifferentialCheck;
import io.segmentflow.segments.data.ContactData;
import io.segmentflow.segments.generate.GeneratorOptions;
import io.segmentflow.segments.generate.SampleDataGenerator;
import io.segmentflow.segments.parse.DefinitionSet;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A preview counts exactly what the recompute and the reference evaluator count. */
class PreviewITCase {

  static final Path EXAMPLES = Path.of("..", "examples", "definitions");
  private static final Instant AS_OF = Instant.parse("2026-11-22T00:00:00Z");

  @TempDir static Path folder;
  private static Lakehouse lakehouse;
  private static List<ContactData> contacts;
  private static DefinitionSet examples;
  private final SparkSession spark = SparkTestSession.get();

  /** Sample data, its events deduplicated as ingestion lands them. */
  @BeforeAll
  static void sampleLakehouse() throws Exception {
    SparkSession spark = SparkTestSession.get();
    lakehouse = new Lakehouse(folder.toUri().toString());
    examples = DefinitionSet.load(EXAMPLES);
    contacts =
        new SampleDataGenerator(new GeneratorOptions(11, 300, 15, 15, 60, AS_OF))
            .contacts()
            .toList();
    TestInputs.writeTo(lakehouse, spark, contacts);
  }

  @Test
  void aPreviewOfEverySavedSegmentEqualsTheRecomputeCount() {
    new RecomputeJob(spark, lakehouse, line -> {}).run(examples, AS_OF);
    Map<String, Long> recomputed =
        spark
            .read()
            .format("delta")
            .load(lakehouse.path(Table.SEGMENT_COUNTS))
            .where(col("run_id").equalTo(RecomputeJob.runId(AS_OF)))
            .collectAsList()
            .stream()
            .collect(Collectors.toMap(r -> r.getString(2), r -> r.getLong(3)));
    Map<String, java.util.Set<String>> reference =
        DifferentialCheck.reference(examples, contacts, AS_OF);

    for (String id :
        List.of(
            "clients-fr-3-orders",
            "webinar-attendees-not-customers",
            "vip-newsletter-reengage",
            "customers")) {
      Preview.Counts preview = Preview.count(spark, lakehouse, examples, id, AS_OF);
      assertThat(preview.total())
          .as(id)
          .isEqualTo(recomputed.get(id))
          .isEqualTo(reference.get(id).size());
    }
    assertThat(recomputed.values().stream().mapToLong(Long::longValue).sum()).isPositive();
  }

  @Test
  void aDraftIsCountedWithoutBeingSaved() {
    String draft =
        ConformanceCases.dynamic(
            "draft-fr-openers",
            "{\"all\":[{\"in_segment\":\"engagement-engaged\"},{\"field\":\"country\",\"op\":\"eq\",\"value\":\"FR\"}]}");
    DefinitionSet withDraft = examples.withDraft("draft.json", draft);

    Preview.Counts preview = Preview.count(spark, lakehouse, withDraft, "draft-fr-openers", AS_OF);

    long expected =
        DifferentialCheck.reference(withDraft, contacts, AS_OF).get("draft-fr-openers").size();
    assertThat(preview.total()).isEqualTo(expected).isPositive();
    assertThat(preview.identified() + preview.anonymous()).isEqualTo(preview.total());
  }
}
