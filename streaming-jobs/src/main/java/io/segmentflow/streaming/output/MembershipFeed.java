package io.segmentflow.streaming.output;

import io.segmentflow.schemas.Membership;
import io.segmentflow.schemas.MembershipChange;
import io.segmentflow.streaming.kafka.KafkaClients;
import io.segmentflow.streaming.kafka.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * How a sender consumes the stream's feeds, as a small example (docs/streaming.md): rebuild the
 * current members of a segment from the compacted membership topic, then follow entries and exits
 * on the change topic. Both are read with {@code isolation.level=read_committed}, so only changes
 * of committed Flink checkpoints are seen, each exactly once.
 */
public final class MembershipFeed {

  private final String bootstrapServers;
  private final Topics topics;

  public MembershipFeed(String bootstrapServers, Topics topics) {
    this.bootstrapServers = bootstrapServers;
    this.topics = topics;
  }

  /**
   * The current members by contact id: every membership record up to the topic's end, the latest
   * per key winning and a tombstone removing it.
   *
   * @param segmentId one segment, or null for all (keys are then {@code segment/contact})
   */
  public Map<String, Membership> currentMembers(String segmentId) {
    Map<String, Membership> members = new TreeMap<>();
    readToEnd(
        topics.memberships(),
        record -> {
          String key = new String(record.key(), StandardCharsets.UTF_8);
          if (segmentId != null && !key.startsWith(segmentId + "/")) {
            return;
          }
          String member = segmentId == null ? key : key.substring(segmentId.length() + 1);
          if (record.value() == null) {
            members.remove(member);
          } else {
            members.put(member, decode(() -> Membership.getDecoder().decode(record.value())));
          }
        });
    return members;
  }

  /** Every committed change from the beginning of the change topic to its current end. */
  public List<MembershipChange> changesSoFar() {
    List<MembershipChange> changes = new ArrayList<>();
    readToEnd(
        topics.changes(),
        record -> changes.add(decode(() -> MembershipChange.getDecoder().decode(record.value()))));
    return changes;
  }

  /** The committed records of one of the job's topics, from its beginning to its current end. */
  public long committedRecords(String topic) {
    long[] count = {0};
    readToEnd(topic, record -> count[0]++);
    return count[0];
  }

  /** Calls {@code onChange} for each change committed after now, until {@code duration} passes. */
  public void follow(Duration duration, Consumer<MembershipChange> onChange) {
    try (KafkaConsumer<byte[], byte[]> consumer =
        KafkaClients.assigned(bootstrapServers, topics.changes(), true)) {
      consumer.seekToEnd(consumer.assignment());
      long until = System.currentTimeMillis() + duration.toMillis();
      while (System.currentTimeMillis() < until) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          onChange.accept(decode(() -> MembershipChange.getDecoder().decode(record.value())));
        }
      }
    }
  }

  /**
   * Calls {@code onChange} for every committed change from the beginning of the change topic, as
   * they are committed, until {@code stop} says so; then for those committed up to that moment, and
   * returns. What a demo or a test uses to see every change of a job started on fresh topics.
   */
  public void followFromBeginning(BooleanSupplier stop, Consumer<MembershipChange> onChange) {
    try (KafkaConsumer<byte[], byte[]> consumer =
        KafkaClients.assigned(bootstrapServers, topics.changes(), true)) {
      consumer.seekToBeginning(consumer.assignment());
      while (!stop.getAsBoolean()) {
        pollChanges(consumer, onChange);
      }
      KafkaClients.pollToEnd(
          consumer,
          record ->
              onChange.accept(decode(() -> MembershipChange.getDecoder().decode(record.value()))));
    }
  }

  private static void pollChanges(
      KafkaConsumer<byte[], byte[]> consumer, Consumer<MembershipChange> onChange) {
    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
      onChange.accept(decode(() -> MembershipChange.getDecoder().decode(record.value())));
    }
  }

  private void readToEnd(String topic, Consumer<ConsumerRecord<byte[], byte[]>> onRecord) {
    KafkaClients.readToEnd(bootstrapServers, topic, onRecord);
  }

  private static <T> T decode(Decoding<T> decoding) {
    try {
      return decoding.decode();
    } catch (IOException e) {
      throw new UncheckedIOException("not a record of schemas/", e);
    }
  }

  @FunctionalInterface
  private interface Decoding<T> {
    T decode() throws IOException;
  }
}
