package io.segmentflow.streaming;

import io.segmentflow.segments.conformance.ConformanceCases;
import io.segmentflow.segments.conformance.ConformanceSuite;
import io.segmentflow.segments.data.ContactData;
import io.segmentflow.segments.parse.DefinitionSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The core's conformance suite on Flink: every case's definitions and contacts streamed through
 * Kafka and the job, one job per evaluation time of the suite, and the members read from the
 * membership topic, as a sender would.
 */
class FlinkConformanceITCase extends ConformanceSuite {

  @RegisterExtension static final MiniClusterExtension FLINK = StreamingTestKit.miniCluster();

  @TempDir Path checkpoints;

  /**
   * The door types values by the catalog, as ingestion into the lakehouse does (the core's {@code
   * AvroRecords}): the text "100" of a number field arrives as 100, so a value of the wrong type
   * never reaches the evaluator.
   */
  private static final String TYPED_AT_THE_DOOR =
      "the stream's door types the text \"100\" of a number field as 100, as ingestion does";

  @Override
  protected Map<String, String> notApplicable() {
    return Map.of(
        "a custom value of the wrong type counts as missing", TYPED_AT_THE_DOOR,
        "a mistyped event property counts as missing", TYPED_AT_THE_DOOR);
  }

  @Override
  protected Map<String, Set<String>> members(
      DefinitionSet set, List<ContactData> contacts, Instant asOf) throws Exception {
    return StreamReplay.members(
        set,
        ConformanceCases.CATALOG,
        contacts,
        asOf,
        Files.createTempDirectory(checkpoints, "job"));
  }
}
