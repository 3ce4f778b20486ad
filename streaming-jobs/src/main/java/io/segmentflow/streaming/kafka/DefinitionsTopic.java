package io.segmentflow.streaming.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.segmentflow.schemas.SegmentDefinitionRecord;
import io.segmentflow.segments.parse.DefinitionParser;
import io.segmentflow.segments.parse.DefinitionSet;
import io.segmentflow.streaming.evaluate.DefinitionUpdate;
import io.segmentflow.streaming.input.WireFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The definitions topic from outside the job: publishing a folder of definitions (what a CI
 * pipeline or the UI does) and reading the topic's current content (what the job does before it
 * starts, so contacts are never evaluated without their definitions).
 */
public final class DefinitionsTopic {

  private DefinitionsTopic() {}

  /**
   * Publishes every definition of a folder (checked first: a faulty folder publishes nothing), and
   * deletes the segments the topic has but the folder does not.
   *
   * @return the ids published
   */
  public static List<String> publish(String bootstrapServers, Topics topics, Path folder)
      throws IOException {
    DefinitionSet set = DefinitionSet.load(folder);
    Map<String, String> documents = new HashMap<>();
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        String name = file.getFileName().toString();
        if (DefinitionSet.isDefinitionFile(file) && !name.equals(DefinitionSet.CATALOG_FILE)) {
          String text = Files.readString(file);
          String json = asJson(name, text);
          DefinitionParser.idOf(name, text).ifPresent(id -> documents.put(id, json));
        }
      }
    }
    Map<String, String> current = read(bootstrapServers, topics);
    try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(bootstrapServers)) {
      for (var definition : set.inEvaluationOrder()) {
        String id = definition.id();
        send(producer, topics, id, documents.get(id));
      }
      for (String id : current.keySet()) {
        if (set.get(id).isEmpty()) {
          send(producer, topics, id, null);
        }
      }
    }
    return set.inEvaluationOrder().stream().map(d -> d.id()).toList();
  }

  /** The topic carries JSON: a YAML document is converted, with the same content. */
  private static String asJson(String name, String text) throws IOException {
    if (name.endsWith(".json")) {
      return text;
    }
    return new ObjectMapper().writeValueAsString(new YAMLMapper().readTree(text));
  }

  /** Publishes one definition document, or deletes the segment with null. */
  public static void send(String bootstrapServers, Topics topics, String id, String document) {
    try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(bootstrapServers)) {
      send(producer, topics, id, document);
    }
  }

  private static void send(
      KafkaProducer<byte[], byte[]> producer, Topics topics, String id, String document) {
    SegmentDefinitionRecord record =
        SegmentDefinitionRecord.newBuilder()
            .setSegmentId(id)
            .setDefinitionJson(document)
            .setDeleted(document == null)
            .setUpdatedAt(Instant.now())
            .build();
    producer.send(
        new ProducerRecord<>(
            topics.definitions(),
            id.getBytes(StandardCharsets.UTF_8),
            WireFormat.encoded(record::toByteBuffer)));
  }

  /** The topic's definitions in force now, by segment id (a deletion removes its segment). */
  public static Map<String, String> read(String bootstrapServers, Topics topics) {
    Map<String, String> documents = new HashMap<>();
    KafkaClients.readToEnd(
        bootstrapServers,
        topics.definitions(),
        record -> {
          DefinitionUpdate update = DefinitionDeserializer.read(record);
          if (update.reason() == null && update.deletes()) {
            documents.remove(update.segmentId());
          } else if (update.reason() == null) {
            documents.put(update.segmentId(), update.document());
          }
        });
    return documents;
  }
}
