package io.segmentflow.streaming.input;

import io.segmentflow.segments.data.AvroRecords;
import io.segmentflow.segments.data.Company;
import io.segmentflow.segments.data.Contact;
import io.segmentflow.segments.data.Event;
import io.segmentflow.segments.data.ListAction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

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

  /**
   * Decoders of the input records' bytes for one thread (one per operator instance: not
   * thread-safe), with Avro's fast reader (readers built once per schema instead of interpreting
   * the schema on every record). They read what the classes' own {@code getDecoder()} read, with
   * the same logical type conversions and resolution of other writer schemas.
   */
  public static final class Decoders {
    private final BinaryMessageDecoder<io.segmentflow.schemas.Event> events =
        decoder(io.segmentflow.schemas.Event.class, io.segmentflow.schemas.Event.getClassSchema());
    private final BinaryMessageDecoder<io.segmentflow.schemas.Contact> contacts =
        decoder(
            io.segmentflow.schemas.Contact.class, io.segmentflow.schemas.Contact.getClassSchema());
    private final BinaryMessageDecoder<io.segmentflow.schemas.Company> companies =
        decoder(
            io.segmentflow.schemas.Company.class, io.segmentflow.schemas.Company.getClassSchema());
    private final BinaryMessageDecoder<io.segmentflow.schemas.ListAction> listActions =
        decoder(
            io.segmentflow.schemas.ListAction.class,
            io.segmentflow.schemas.ListAction.getClassSchema());

    public io.segmentflow.schemas.Event event(byte[] bytes) throws IOException {
      return events.decode(bytes);
    }

    public io.segmentflow.schemas.Contact contact(byte[] bytes) throws IOException {
      return contacts.decode(bytes);
    }

    public io.segmentflow.schemas.Company company(byte[] bytes) throws IOException {
      return companies.decode(bytes);
    }

    public io.segmentflow.schemas.ListAction listAction(byte[] bytes) throws IOException {
      return listActions.decode(bytes);
    }

    private static <T extends SpecificRecord> BinaryMessageDecoder<T> decoder(
        Class<T> type, Schema schema) {
      SpecificData model = new SpecificData(type.getClassLoader());
      SpecificData.getForClass(type).getConversions().forEach(model::addLogicalTypeConversion);
      model.setFastReaderEnabled(true);
      return new BinaryMessageDecoder<>(model, schema);
    }
  }
}
