package io.segmentflow.segments.data;

import java.time.Instant;

/** An explicit action on a contact's membership of a static list or a dynamic segment. */
public record ListAction(
    String actionId,
    String contactId,
    String listId,
    Type type,
    Source source,
    Instant occurredAt) {

  /**
   * What the action does. The declaration order is the tie-break at the same millisecond: a later
   * constant wins, so an opt-out beats an opt-in made at the same instant.
   */
  public enum Type {
    CLEAR_OVERRIDE,
    ADD,
    INCLUDE,
    REMOVE,
    EXCLUDE;

    public boolean putsIn() {
      return this == ADD || this == INCLUDE;
    }

    public boolean takesOut() {
      return this == REMOVE || this == EXCLUDE;
    }

    /** Whether it decides a dynamic segment's membership whatever its filter says. */
    public boolean overridesFilter() {
      return putsIn() || takesOut();
    }
  }

  public enum Source {
    CSV_IMPORT,
    MANUAL,
    API,
    CAMPAIGN_ACTION,
    FORM_ACTION,
    POINT_TRIGGER,
    OTHER
  }
}
