package io.segmentflow.streaming.input;

import io.segmentflow.schemas.ContactSnapshot;
import io.segmentflow.segments.catalog.Catalog;
import io.segmentflow.segments.data.AvroRecords;
import io.segmentflow.segments.data.Company;
import io.segmentflow.segments.data.Contact;
import io.segmentflow.segments.data.Event;
import io.segmentflow.segments.data.ListAction;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Decodes and checks the records of the input topics with the core's rules ({@link AvroRecords}'s
 * catalog-typed readers, the same as for files), and decodes them again where they are applied. One
 * class, so "valid" means the same at the door and inside.
 */
public final class InputDecoder {

  private final Catalog catalog;
  private final WireFormat.Decoders wire = new WireFormat.Decoders();

  /** Not thread-safe: one per operator instance. */
  public InputDecoder(Catalog catalog) {
    this.catalog = catalog;
  }

  /**
   * The record as an {@link Input}, or an {@link Input.Kind#INVALID} one saying why it was refused.
   *
   * @param recordTime the Kafka record's timestamp: the time of a contact or company update (their
   *     {@code updated_at} field is a profile attribute that imports may set to anything)
   */
  public Input decode(
      Input.Kind kind, byte[] payload, String source, String position, long recordTime) {
    if (payload == null || payload.length == 0) {
      return Input.invalid(new byte[0], source, position, "empty record (a tombstone?)");
    }
    try {
      return switch (kind) {
        case EVENT -> {
          Event event = event(payload);
          yield new Input(
              kind,
              event.contactId(),
              null,
              event.occurredAt().toEpochMilli(),
              payload,
              source,
              position,
              null);
        }
        case CONTACT -> {
          Contact contact = contact(payload);
          yield new Input(
              kind,
              contact.contactId(),
              contact.companyId(),
              recordTime,
              payload,
              source,
              position,
              null);
        }
        case COMPANY -> {
          Company company = company(payload);
          yield new Input(
              kind,
              company.companyId(),
              company.companyId(),
              recordTime,
              payload,
              source,
              position,
              null);
        }
        case LIST_ACTION -> {
          ListAction action = listAction(payload);
          yield new Input(
              kind,
              action.contactId(),
              null,
              action.occurredAt().toEpochMilli(),
              payload,
              source,
              position,
              null);
        }
        case SNAPSHOT, INVALID -> throw new IllegalArgumentException("not an input kind: " + kind);
      };
    } catch (IOException | RuntimeException e) {
      return Input.invalid(payload, source, position, kind.name().toLowerCase() + ": " + why(e));
    }
  }

  public Event event(byte[] payload) throws IOException {
    Event event = AvroRecords.fromAvro(wire.event(payload), catalog);
    if (event.occurredAt() == null) {
      throw new IllegalArgumentException("occurred_at is missing");
    }
    return event;
  }

  public Contact contact(byte[] payload) throws IOException {
    return AvroRecords.fromAvro(wire.contact(payload), catalog);
  }

  public Company company(byte[] payload) throws IOException {
    return AvroRecords.fromAvro(wire.company(payload), catalog);
  }

  public ListAction listAction(byte[] payload) throws IOException {
    return AvroRecords.fromAvro(wire.listAction(payload), catalog);
  }

  public ContactSnapshot snapshot(byte[] payload) throws IOException {
    return ContactSnapshot.getDecoder().decode(payload);
  }

  /** Decodes a record that {@link #decode} accepted; failing now is a bug, not bad input. */
  public static <T> T accepted(Decoding<T> decoding) {
    try {
      return decoding.decode();
    } catch (IOException e) {
      throw new UncheckedIOException("a record accepted at the door no longer decodes", e);
    }
  }

  /** A decoding step of an accepted record. */
  @FunctionalInterface
  public interface Decoding<T> {
    T decode() throws IOException;
  }

  private static String why(Exception e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
