package io.segmentflow.segments.model;

import java.time.ZoneId;
import java.util.Optional;

/**
 * A static list or a dynamic segment.
 *
 * <p>A <b>static list</b>'s members are exactly the contacts whose latest list action on it is
 * {@code add} (or {@code include}); {@code remove}, {@code exclude} and {@code clear_override} take
 * a contact out.
 *
 * <p>A <b>dynamic segment</b>'s members are the contacts its filter holds for, except where the
 * latest explicit action on the segment overrides it: after {@code include} (or {@code add}) the
 * contact is in regardless of the filter, after {@code exclude} (or {@code remove}) it is out, and
 * {@code clear_override} hands it back to the filter.
 *
 * <p>For both, "latest" orders actions by time, then, at the same millisecond, {@code
 * clear_override} before {@code add}/{@code include} before {@code remove}/{@code exclude}, so an
 * opt-out made at the same instant as an opt-in wins. Actions after the evaluation time are
 * ignored.
 *
 * @param timeZone the zone of calendar operators and day buckets; UTC unless the definition names
 *     one
 * @param filter present exactly for dynamic segments
 */
public record SegmentDefinition(
    String id,
    String name,
    String description,
    Kind kind,
    ZoneId timeZone,
    Optional<Condition> filter) {

  public enum Kind {
    STATIC,
    DYNAMIC
  }

  public SegmentDefinition {
    if ((kind == Kind.DYNAMIC) != filter.isPresent()) {
      throw new IllegalArgumentException(
          "a dynamic segment has a filter and a static list has none: " + id);
    }
  }
}
