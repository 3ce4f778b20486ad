package io.segmentflow.streaming.input;

/**
 * One record read from an input topic, still in its wire form (Avro single-object encoding of a
 * {@code schemas/} record): decoded and checked once by {@link InputDecoder} on the way in, decoded
 * again where it is applied, so the records that travel between operators stay plain bytes.
 *
 * @param kind what the record is; {@link Kind#INVALID} when it could not be decoded or validated
 * @param key the contact id (the company id for {@link Kind#COMPANY})
 * @param companyId the company of a contact, or of a company record; null for other kinds
 * @param time the record's event time in epoch milliseconds
 * @param payload the original bytes
 * @param source the topic it came from
 * @param position {@code partition:offset}
 * @param reason why an invalid record is invalid; null otherwise
 */
public record Input(
    Kind kind,
    String key,
    String companyId,
    long time,
    byte[] payload,
    String source,
    String position,
    String reason) {

  public enum Kind {
    EVENT,
    CONTACT,
    COMPANY,
    LIST_ACTION,
    /** A contact's state as of a nightly batch run: the hand-over the job starts from. */
    SNAPSHOT,
    INVALID
  }

  public static Input invalid(byte[] payload, String source, String position, String reason) {
    return new Input(Kind.INVALID, "", null, 0L, payload, source, position, reason);
  }

  /** The same record addressed to one contact (a company's update, fanned out to its contacts). */
  public Input forContact(String contactId) {
    return new Input(kind, contactId, companyId, time, payload, source, position, reason);
  }
}
