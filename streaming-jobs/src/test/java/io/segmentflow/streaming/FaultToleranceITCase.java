package io.segmentflow.streaming;

import static io.segmentflow.streaming.StreamingJobITCase.contact;
import static io.segmentflow.streaming.StreamingTestKit.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.schemas.ChangeType;
import io.segmentflow.schemas.ContactSnapshot;
import io.segmentflow.schemas.MembershipChange;
import io.segmentflow.segments.data.AvroRecords;
import io.segmentflow.segments.data.Event;
import io.segmentflow.segments.eval.FeatureState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job is stopped in the middle of its input and restored from its last checkpoint: a
 * read_committed consumer of the change topic then sees every expected change exactly once.
 */
class FaultToleranceITCase {

  @RegisterExtension static final MiniClusterExtension FLINK = StreamingTestKit.miniCluster();

  private static final Instant T0 = Instant.parse("2026-11-10T09:00:00Z");
  private static final int CONTACTS = 400;
  private static final String BUYERS =
      "{\"id\":\"buyers\",\"name\":\"Buyers\",\"kind\":\"dynamic\","
          + "\"filter\":{\"event\":\"order\",\"count\":{\"op\":\"at_least\",\"value\":2}}}";
  private static final String FRENCH =
      "{\"id\":\"french\",\"name\":\"French\",\"kind\":\"dynamic\","
          + "\"filter\":{\"field\":\"country\",\"op\":\"eq\",\"value\":\"FR\"}}";

  @TempDir Path checkpoints;

  @Test
  void aRestoredJobPublishesEveryChangeExactlyOnce() throws Exception {
    try (StreamingTestKit kit = new StreamingTestKit()) {
      kit.definition("buyers", BUYERS);
      kit.definition("french", FRENCH);
      StreamingConfig config = kit.replayConfig(Duration.ofMinutes(1));
      JobClient first = kit.start(config, checkpoints, null);
      send(kit, 0, CONTACTS / 2);
      await("a first checkpoint", Duration.ofSeconds(60), () -> latestCheckpoint() != null);
      await("changes committed", Duration.ofSeconds(60), () -> !changes(kit).isEmpty());

      Thread sender = new Thread(() -> send(kit, CONTACTS / 2, CONTACTS * 3 / 4));
      sender.start();
      Thread.sleep(300);
      StreamingTestKit.cancel(first); // abruptly, in the middle of the input
      sender.join();
      String checkpoint = latestCheckpoint().toUri().toString();

      JobClient restored = kit.start(config, checkpoints, checkpoint);
      try {
        send(kit, CONTACTS * 3 / 4, CONTACTS);
        Set<String> expected = expectedEntries(0, CONTACTS);
        try {
          await(
              "every expected entry",
              Duration.ofSeconds(90),
              () -> keys(changes(kit)).containsAll(expected));
        } catch (AssertionError e) {
          Set<String> missing = new java.util.TreeSet<>(expected);
          missing.removeAll(keys(changes(kit)));
          throw new AssertionError(e.getMessage() + "; missing " + missing, e);
        }
        Thread.sleep(1500); // a few more checkpoints: duplicates, if any, would show now

        List<MembershipChange> changes = changes(kit);
        assertThat(changes).allMatch(c -> c.getChange() == ChangeType.ENTERED);
        assertThat(keys(changes)).isEqualTo(expected);
        assertThat(changes).hasSize(expected.size()); // each exactly once
      } finally {
        StreamingTestKit.cancel(restored);
      }
    }
  }

  /**
   * The documented upgrade of a job started from the nightly hand-over: stopped with a savepoint,
   * then started from it without {@code --handover}. It restores (its input source has the same
   * shape with and without a hand-over) and carries on: every entry once, the hand-over's included.
   */
  @Test
  void aJobStartedFromAHandOverRestoresFromItsSavepointWithoutIt(@TempDir Path handover)
      throws Exception {
    try (StreamingTestKit kit = new StreamingTestKit()) {
      kit.definition("buyers", BUYERS);
      kit.definition("french", FRENCH);
      Instant asOf = T0.minusSeconds(60);
      writeHandover(handover.resolve("part-00000.avro"), asOf);
      StreamingConfig plain = kit.replayConfig(Duration.ofMinutes(1));
      JobClient first = kit.start(kit.withHandover(plain, handover, asOf), checkpoints, null);
      String savepoint;
      try {
        send(kit, 0, CONTACTS / 2);
        await(
            "the hand-over's and the first inputs' entries",
            Duration.ofSeconds(60),
            () -> keys(changes(kit)).containsAll(expectedEntries(HANDED_OVER, CONTACTS / 2)));
      } finally {
        savepoint =
            first
                .stopWithSavepoint(
                    false,
                    checkpoints.resolve("savepoints").toUri().toString(),
                    SavepointFormatType.CANONICAL)
                .get();
      }

      JobClient restored = kit.start(plain, checkpoints, savepoint);
      try {
        send(kit, CONTACTS / 2, CONTACTS);
        Set<String> expected = expectedEntries(HANDED_OVER, CONTACTS);
        await(
            "every expected entry after the restore",
            Duration.ofSeconds(90),
            () -> keys(changes(kit)).containsAll(expected));
        Thread.sleep(1500); // a few more checkpoints: duplicates, if any, would show now

        List<MembershipChange> changes = changes(kit);
        assertThat(keys(changes)).isEqualTo(expected);
        assertThat(changes).hasSize(expected.size()); // each exactly once
      } finally {
        StreamingTestKit.cancel(restored);
      }
    }
  }

  /** Contacts of the hand-over: French, no events, and not yet members of anything. */
  private static final int HANDED_OVER = 10;

  private static void writeHandover(Path file, Instant asOf) throws IOException {
    try (DataFileWriter<ContactSnapshot> writer =
        new DataFileWriter<>(new SpecificDatumWriter<>(ContactSnapshot.class))) {
      writer.create(ContactSnapshot.getClassSchema(), file.toFile());
      for (int i = 0; i < HANDED_OVER; i++) {
        writer.append(
            ContactSnapshot.newBuilder()
                .setContactId("h" + i)
                .setAsOf(asOf)
                .setContact(AvroRecords.toAvro(contact("h" + i, "FR")))
                .setCompany(null)
                .setListActions(List.of())
                .setFeatureState(ByteBuffer.wrap(FeatureState.empty().toBytes()))
                .setMemberships(List.of())
                .build());
      }
    }
  }

  /**
   * The entries of the first {@code handedOver} contacts of the hand-over and of contacts 0 to
   * {@code contacts} of {@link #send}.
   */
  private static Set<String> expectedEntries(int handedOver, int contacts) {
    Set<String> expected = new HashSet<>();
    for (int i = 0; i < handedOver; i++) {
      expected.add("french/h" + i);
    }
    for (int i = 0; i < contacts; i++) {
      if (i % 2 == 0) {
        expected.add("french/c" + i);
      }
      if (i % 3 == 0) {
        expected.add("buyers/c" + i);
      }
    }
    return expected;
  }

  /** Contact i is French when even and orders twice when divisible by three. */
  private static void send(StreamingTestKit kit, int from, int to) {
    for (int i = from; i < to; i++) {
      String id = "c" + i;
      Instant at = T0.plusSeconds(i);
      kit.contact(contact(id, i % 2 == 0 ? "FR" : "DE"), at);
      if (i % 3 == 0) {
        kit.event(new Event(id + "-o1", id, "order", at, Map.of()));
        kit.event(new Event(id + "-o2", id, "order", at.plusMillis(1), Map.of()));
      }
    }
  }

  private static Set<String> keys(List<MembershipChange> changes) {
    Set<String> keys = new HashSet<>();
    changes.forEach(c -> keys.add(c.getSegmentId() + "/" + c.getContactId()));
    return keys;
  }

  private static List<MembershipChange> changes(StreamingTestKit kit) {
    return StreamingJobITCase.changes(kit);
  }

  /** The newest completed checkpoint of any job, by its number. */
  private Path latestCheckpoint() {
    try (Stream<Path> files = Files.walk(checkpoints)) {
      return files
          .filter(p -> p.getFileName().toString().equals("_metadata"))
          .map(Path::getParent)
          .filter(p -> p.getFileName().toString().startsWith("chk-"))
          .max(
              Comparator.comparingLong(
                  p -> Long.parseLong(p.getFileName().toString().substring(4))))
          .orElse(null);
    } catch (IOException e) {
      return null;
    }
  }
}
