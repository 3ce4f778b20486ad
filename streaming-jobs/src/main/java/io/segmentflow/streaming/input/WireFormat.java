package io.segmentflow.streaming.input;

import io.segmentflow.segments.data.AvroRecords;
import io.segmentflow.segments.data.Company;
import io.segmentflow.segments.data.Contact;
import io.segmentflow.segments.data.Event;
import io.segmentflow.segments.data.ListAction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * The bytes of the core's records on Kafka and in state: the {@code schemas/} Avro record in Avro's
 * single-object encoding (a two-byte marker, the schema's fingerprint, then the binary record), so
 * a reader knows which schema wrote it. Producers of the input topics write exactly this.
 */
public final class WireFormat {

  private WireFormat() {}

  public static byte[] encode(Event event) {
    return encoded(() -> AvroRecords.toAvro(event).toByteBuffer());
  }

  public static byte[] encode(Contact contact) {
    return encoded(() -> AvroRecords.toAvro(contact).toByteBuffer());
  }

  public static byte[] encode(Company company) {
    return encoded(() -> AvroRecords.toAvro(company).toByteBuffer());
  }

  public static byte[] encode(ListAction action) {
    return encoded(() -> AvroRecords.toAvro(action).toByteBuffer());
  }

  /** Any generated record's bytes, e.g. an output record's. */
  public static byte[] encoded(Encoding encoding) {
    try {
      ByteBuffer buffer = encoding.encode();
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException("Avro encoding failed", e);
    }
  }

  /** A generated record's {@code toByteBuffer()}. */
  @FunctionalInterface
  public interface Encoding {
    ByteBuffer encode() throws IOException;
  }
}
