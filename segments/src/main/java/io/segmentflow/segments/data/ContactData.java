package io.segmentflow.segments.data;

import java.util.List;

/**
 * Everything known about one contact: the unit the reference evaluator works on.
 *
 * @param company the contact's company, or null when it has none (or it is unknown)
 */
public record ContactData(
    Contact contact, Company company, List<Event> events, List<ListAction> listActions) {

  public ContactData {
    events = List.copyOf(events);
    listActions = List.copyOf(listActions);
  }
}
