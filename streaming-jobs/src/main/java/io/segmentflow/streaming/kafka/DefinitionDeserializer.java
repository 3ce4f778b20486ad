package io.segmentflow.streaming.kafka;

import io.segmentflow.schemas.SegmentDefinitionRecord;
import io.segmentflow.streaming.evaluate.DefinitionUpdate;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads the definitions topic: a {@link SegmentDefinitionRecord} keyed by segment id, or a
 * tombstone (which deletes the segment of its key). An unreadable record becomes a refused update.
 */
public final class DefinitionDeserializer
    implements KafkaRecordDeserializationSchema<DefinitionUpdate> {

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<DefinitionUpdate> out) {
    out.collect(read(record));
  }

  /** One record of the definitions topic as an update (also used to read the topic at start). */
  public static DefinitionUpdate read(ConsumerRecord<byte[], byte[]> record) {
    String position = record.partition() + ":" + record.offset();
    String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    if (record.value() == null) {
      return key == null
          ? new DefinitionUpdate(null, null, new byte[0], position, "a tombstone without a key")
          : new DefinitionUpdate(key, null, new byte[0], position, null);
    }
    try {
      SegmentDefinitionRecord definition =
          SegmentDefinitionRecord.getDecoder().decode(record.value());
      if (key != null && !key.equals(definition.getSegmentId())) {
        return new DefinitionUpdate(
            key,
            null,
            record.value(),
            position,
            "the key '"
                + key
                + "' is not the record's segment_id '"
                + definition.getSegmentId()
                + "'");
      }
      boolean deleted = definition.getDeleted() || definition.getDefinitionJson() == null;
      return new DefinitionUpdate(
          definition.getSegmentId(),
          deleted ? null : definition.getDefinitionJson(),
          record.value(),
          position,
          null);
    } catch (Exception e) {
      return new DefinitionUpdate(
          key, null, record.value(), position, "not a SegmentDefinitionRecord: " + e.getMessage());
    }
  }

  @Override
  public TypeInformation<DefinitionUpdate> getProducedType() {
    return TypeInformation.of(DefinitionUpdate.class);
  }
}
