package io.segmentflow.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.segments.conformance.ConformanceCases;
import io.segmentflow.segments.conformance.DifferentialCheck;
import io.segmentflow.segments.conformance.RandomContacts;
import io.segmentflow.segments.conformance.RandomSegments;
import io.segmentflow.segments.data.ContactData;
import io.segmentflow.segments.parse.DefinitionSet;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Parity: generated definitions over the whole language and generated boundary-heavy contacts,
 * streamed through Kafka and the job in a random order of contacts, must leave exactly the
 * memberships the core's reference evaluator computes as of the same time. The batch job is held to
 * the same reference by its own differential test (SparkDifferentialITCase), so stream and batch
 * agree contact by contact.
 */
class StreamParityITCase {

  @RegisterExtension static final MiniClusterExtension FLINK = StreamingTestKit.miniCluster();

  private static final Instant AS_OF = RandomContacts.AS_OF;
  private static final int SEGMENTS = 20;
  private static final int CONTACTS = 200;

  @TempDir Path checkpoints;

  @ParameterizedTest
  @ValueSource(longs = {20261122L, 7L})
  void theStreamEndsWithTheReferenceMembershipsAsOfTheSameTime(long seed) throws Exception {
    Map<String, String> documents = RandomSegments.generate(seed, SEGMENTS);
    DefinitionSet set = DefinitionSet.of(ConformanceCases.CATALOG, documents);
    List<ContactData> contacts = RandomContacts.generate(seed, CONTACTS, SEGMENTS);
    Map<String, Set<String>> expected =
        DifferentialCheck.reference(
            set, StreamReplay.asReceived(ConformanceCases.CATALOG, contacts), AS_OF);

    Map<String, Set<String>> actual =
        StreamReplay.members(set, ConformanceCases.CATALOG, contacts, AS_OF, checkpoints);
    assertThat(DifferentialCheck.disagreements(expected, actual, documents)).isEmpty();
  }
}
