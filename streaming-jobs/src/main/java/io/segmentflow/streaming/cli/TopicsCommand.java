package io.segmentflow.streaming.cli;

import io.segmentflow.streaming.kafka.EmbeddedKafka;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "topics",
    description =
        "Creates the job's topics if missing (definitions and memberships compacted; see"
            + " docs/streaming.md).")
final class TopicsCommand implements Callable<Integer> {

  @Mixin KafkaOptions kafka;

  @Option(names = "--partitions", defaultValue = "4", description = "Partitions per topic.")
  int partitions;

  @Option(names = "--replication-factor", defaultValue = "1", description = "Replicas per topic.")
  short replicationFactor;

  @Override
  public Integer call() throws Exception {
    EmbeddedKafka.createTopics(
        kafka.bootstrapServers, kafka.topics(), partitions, replicationFactor);
    kafka.topics().all().forEach(System.out::println);
    return 0;
  }
}
