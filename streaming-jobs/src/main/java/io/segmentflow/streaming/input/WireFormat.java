package io.segmentflow.streaming.input;

import io.segmentflow.segments.data.AvroRecords;
import io.segmentflow.segments.data.Company;
import io.segmentflow.segments.data.Contact;
import io.segmentflow.segments.data.Event;
import io.segmentflow.segments.data.ListAction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
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
   * thread-safe). They read what the classes' own {@code getDecoder()} read, faster: Avro's fast
   * reader (readers built once per schema instead of interpreting the schema on every record), with
   * the classes' logical type conversions, over the array itself when the bytes were written with
   * the class's schema; other writer schemas are resolved as {@code getDecoder()} does.
   */
  public static final class Decoders {
    private final Decoder<io.segmentflow.schemas.Event> events =
        new Decoder<>(
            io.segmentflow.schemas.Event.class, io.segmentflow.schemas.Event.getClassSchema());
    private final Decoder<io.segmentflow.schemas.Contact> contacts =
        new Decoder<>(
            io.segmentflow.schemas.Contact.class, io.segmentflow.schemas.Contact.getClassSchema());
    private final Decoder<io.segmentflow.schemas.Company> companies =
        new Decoder<>(
            io.segmentflow.schemas.Company.class, io.segmentflow.schemas.Company.getClassSchema());
    private final Decoder<io.segmentflow.schemas.ListAction> listActions =
        new Decoder<>(
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
  }

  /**
   * One record type's decoder, as {@link Decoders}'s (e.g. of an output record, for a reader of the
   * job's feeds). Not thread-safe.
   */
  public static final class Decoder<T extends SpecificRecord> {
    /** Avro's single-object encoding: a marker, then the schema's fingerprint, little-endian. */
    private static final int HEADER = 10;

    private static final VarHandle FINGERPRINT =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final long fingerprint;
    private final DatumReader<T> reader;
    private final BinaryMessageDecoder<T> otherSchemas;
    private BinaryDecoder decoder;

    @SuppressWarnings("unchecked")
    public Decoder(Class<T> type, Schema schema) {
      SpecificData model = new SpecificData(type.getClassLoader());
      SpecificData.getForClass(type).getConversions().forEach(model::addLogicalTypeConversion);
      model.setFastReaderEnabled(true);
      fingerprint = SchemaNormalization.parsingFingerprint64(schema);
      reader = (DatumReader<T>) model.createDatumReader(schema);
      otherSchemas = new BinaryMessageDecoder<>(model, schema);
    }

    public T decode(byte[] bytes) throws IOException {
      if (bytes.length < HEADER
          || bytes[0] != (byte) 0xC3
          || bytes[1] != (byte) 0x01
          || (long) FINGERPRINT.get(bytes, 2) != fingerprint) {
        return otherSchemas.decode(bytes); // resolved, or refused as getDecoder() does
      }
      decoder = DecoderFactory.get().binaryDecoder(bytes, HEADER, bytes.length - HEADER, decoder);
      return reader.read(null, decoder);
    }
  }
}
