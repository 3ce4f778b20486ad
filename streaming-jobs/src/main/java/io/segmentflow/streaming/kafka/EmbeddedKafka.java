package io.segmentflow.streaming.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real Kafka broker in this JVM (KRaft, one combined broker and controller), for the demo and the
 * tests: the same protocol, transactions and compaction as a cluster, nothing mocked. Production
 * runs point {@code --bootstrap-servers} at an external cluster instead.
 */
public final class EmbeddedKafka implements AutoCloseable {

  private final KafkaClusterTestKit cluster;

  private EmbeddedKafka(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
  }

  public static EmbeddedKafka start() throws Exception {
    KafkaClusterTestKit cluster =
        new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
            // One broker: internal topics cannot have more replicas than that.
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("transaction.state.log.replication.factor", "1")
            .setConfigProp("transaction.state.log.min.isr", "1")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            // Keep every record: the demo, the tests and the benchmark replay history with its own
            // (past) timestamps, which the default retention (7 days, by record timestamp) would
            // delete before the job reads it.
            .setConfigProp("log.retention.ms", "-1")
            // Accept records stamped in the future too: tests replay data as of dates to come
            // (Kafka 4 refuses by default timestamps more than an hour ahead of the broker's
            // clock).
            .setConfigProp("log.message.timestamp.after.max.ms", Long.toString(Long.MAX_VALUE))
            .build();
    cluster.format();
    cluster.startup();
    cluster.waitForReadyBrokers();
    return new EmbeddedKafka(cluster);
  }

  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }

  /**
   * Creates the job's topics if missing: the definitions and membership topics compacted (their
   * latest value per key is the state), the others deleted by time as usual.
   */
  public static void createTopics(
      String bootstrapServers, Topics topics, int partitions, short replicationFactor)
      throws InterruptedException, ExecutionException {
    Properties properties = new Properties();
    properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    try (Admin admin = Admin.create(properties)) {
      Set<String> existing = admin.listTopics().names().get();
      List<NewTopic> missing = new ArrayList<>();
      for (String name : topics.all()) {
        if (!existing.contains(name)) {
          boolean compacted =
              name.equals(topics.definitions()) || name.equals(topics.memberships());
          int count = name.equals(topics.definitions()) ? 1 : partitions;
          missing.add(
              new NewTopic(name, count, replicationFactor)
                  .configs(Map.of("cleanup.policy", compacted ? "compact" : "delete")));
        }
      }
      try {
        admin.createTopics(missing).all().get();
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    }
  }
}
