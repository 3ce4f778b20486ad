package io.segmentflow.streaming.kafka;

import io.segmentflow.segments.catalog.Catalog;
import io.segmentflow.streaming.input.Input;
import io.segmentflow.streaming.input.InputDecoder;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads the contact input topics: every record becomes an {@link Input}, an invalid one included
 * (with its reason), so nothing is lost before the job dead-letters it.
 */
public final class InputDeserializer implements KafkaRecordDeserializationSchema<Input> {

  private final Topics topics;
  private final Catalog catalog;
  private transient InputDecoder decoder;

  public InputDeserializer(Topics topics, Catalog catalog) {
    this.topics = topics;
    this.catalog = catalog;
  }

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    decoder = new InputDecoder(catalog);
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Input> out) {
    out.collect(
        decoder.decode(
            topics.kindOf(record.topic()),
            record.value(),
            record.topic(),
            record.partition() + ":" + record.offset(),
            record.timestamp()));
  }

  @Override
  public TypeInformation<Input> getProducedType() {
    return TypeInformation.of(Input.class);
  }
}
