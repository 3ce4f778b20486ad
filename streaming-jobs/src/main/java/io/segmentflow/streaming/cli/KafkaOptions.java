package io.segmentflow.streaming.cli;

import io.segmentflow.streaming.kafka.Topics;
import picocli.CommandLine.Option;

/** The options every streaming command shares: where Kafka is and how its topics are named. */
final class KafkaOptions {

  @Option(
      names = "--bootstrap-servers",
      required = true,
      description = "Kafka brokers, host:port[,host:port...].")
  String bootstrapServers;

  @Option(
      names = "--topic-prefix",
      defaultValue = "segmentflow.",
      description = "Prefix of every topic name (default: ${DEFAULT-VALUE}).")
  String topicPrefix;

  Topics topics() {
    return new Topics(topicPrefix);
  }
}
