package io.segmentflow.streaming.evaluate;

import io.segmentflow.segments.eval.Membership;

/**
 * What the stream tells senders about one contact and one segment: it entered, it exited, or its
 * membership's details changed (the reason, whether it may be contacted, whether it is identified)
 * while it stayed.
 *
 * @param time the evaluation time at which the change was observed (epoch milliseconds)
 * @param reason why it is in, or why it left; null with {@code segmentDeleted}
 * @param enteredAt since when the contact is a member (for an exit: since when it was)
 */
public record MemberChange(
    String segmentId,
    String contactId,
    Type type,
    long time,
    Membership.Reason reason,
    boolean segmentDeleted,
    long enteredAt,
    boolean contactable,
    boolean identified) {

  public enum Type {
    ENTERED,
    EXITED,
    UPDATED
  }

  /** The key of both output topics: the segment, then the contact. */
  public String key() {
    return segmentId + "/" + contactId;
  }
}
