package io.segmentflow.streaming.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The plain Kafka clients of the commands and tests around the job (its topics' producers and
 * readers), configured in one place. Keys and values are bytes: the records are Avro single-object
 * encoded ({@link io.segmentflow.streaming.input.WireFormat}).
 */
public final class KafkaClients {

  private KafkaClients() {}

  /** A producer that waits for every replica and batches a few milliseconds. */
  public static KafkaProducer<byte[], byte[]> producer(String bootstrapServers) {
    Properties properties = new Properties();
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    properties.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    properties.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
    properties.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return new KafkaProducer<>(properties);
  }

  /**
   * A consumer without a group, assigned every partition of {@code topic}.
   *
   * @param committedOnly read_committed (what senders see) rather than read_uncommitted
   */
  public static KafkaConsumer<byte[], byte[]> assigned(
      String bootstrapServers, String topic, boolean committedOnly) {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.put(
        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
        committedOnly ? "read_committed" : "read_uncommitted");
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties);
    consumer.assign(
        consumer.partitionsFor(topic).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList());
    return consumer;
  }

  /**
   * Calls {@code onRecord} for every committed record of a topic, from its beginning to its end.
   */
  public static void readToEnd(
      String bootstrapServers, String topic, Consumer<ConsumerRecord<byte[], byte[]>> onRecord) {
    try (KafkaConsumer<byte[], byte[]> consumer = assigned(bootstrapServers, topic, true)) {
      consumer.seekToBeginning(consumer.assignment());
      pollToEnd(consumer, onRecord);
    }
  }

  /** Polls until the consumer's position reaches the end offsets of its partitions as of now. */
  public static void pollToEnd(
      KafkaConsumer<byte[], byte[]> consumer, Consumer<ConsumerRecord<byte[], byte[]>> onRecord) {
    List<TopicPartition> partitions = List.copyOf(consumer.assignment());
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
    while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
      consumer.poll(Duration.ofMillis(200)).forEach(onRecord);
    }
  }
}
