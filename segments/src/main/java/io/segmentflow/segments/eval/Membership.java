package io.segmentflow.segments.eval;

/** Whether a contact is in a segment as of an evaluation time, and why. */
public record Membership(String segmentId, boolean member, Reason reason) {

  /** Mirrors the {@code MembershipReason} Avro enum. */
  public enum Reason {
    /** The dynamic segment's filter decided. */
    FILTER,
    /** A manual include (or add) keeps the contact in, whatever the filter says. */
    MANUAL_INCLUDE,
    /** A manual exclude (or remove) keeps the contact out, whatever the filter says. */
    MANUAL_EXCLUDE,
    /** A static list's actions decided. */
    LIST
  }
}
