package io.segmentflow.streaming.output;

import io.segmentflow.schemas.ChangeType;
import io.segmentflow.schemas.Membership;
import io.segmentflow.schemas.MembershipChange;
import io.segmentflow.schemas.MembershipReason;
import io.segmentflow.schemas.QuarantinedRecord;
import io.segmentflow.streaming.evaluate.MemberChange;
import java.nio.ByteBuffer;
import java.time.Instant;

/** The {@code schemas/} records the stream publishes, built from its own changes. */
public final class OutputRecords {

  private OutputRecords() {}

  /**
   * An entry or exit for the change topic. Its id is deterministic (segment, contact, time, type),
   * so a consumer can deduplicate across a batch hand-over as well.
   */
  public static MembershipChange change(MemberChange change, String producer) {
    return MembershipChange.newBuilder()
        .setChangeId(
            change.segmentId()
                + "/"
                + change.contactId()
                + "/"
                + change.time()
                + "/"
                + change.type())
        .setSegmentId(change.segmentId())
        .setContactId(change.contactId())
        .setChange(
            change.type() == MemberChange.Type.ENTERED ? ChangeType.ENTERED : ChangeType.EXITED)
        .setChangedAt(Instant.ofEpochMilli(change.time()))
        .setReason(reason(change))
        .setContactable(change.contactable())
        .setProducer(producer)
        .build();
  }

  /** The current membership, the value of the compacted membership topic. */
  public static Membership membership(MemberChange change) {
    return Membership.newBuilder()
        .setSegmentId(change.segmentId())
        .setContactId(change.contactId())
        .setEnteredAt(Instant.ofEpochMilli(change.enteredAt()))
        .setReason(reason(change))
        .setContactable(change.contactable())
        .setIdentified(change.identified())
        .build();
  }

  public static QuarantinedRecord deadLetter(
      String source, String position, String reason, byte[] payload, long at) {
    return QuarantinedRecord.newBuilder()
        .setSource(source)
        .setPosition(position)
        .setReason(reason)
        .setPayload(ByteBuffer.wrap(payload))
        .setQuarantinedAt(Instant.ofEpochMilli(at))
        .build();
  }

  private static MembershipReason reason(MemberChange change) {
    return change.segmentDeleted()
        ? MembershipReason.SEGMENT_DELETED
        : MembershipReason.valueOf(change.reason().name());
  }
}
