package io.segmentflow.segments.conformance;

import io.segmentflow.segments.data.Company;
import io.segmentflow.segments.data.Contact;
import io.segmentflow.segments.data.ContactData;
import io.segmentflow.segments.data.Event;
import io.segmentflow.segments.data.ListAction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One hand-written conformance case: definitions, a few contacts with their data, an evaluation
 * time, and for some segments the exact set of contacts that must be members. Ids are local to the
 * case; {@link ConformanceSuite} namespaces them so many cases run in one engine call.
 */
public final class ConformanceCase {

  public static final Instant DEFAULT_AS_OF = Instant.parse("2026-11-18T10:00:00Z");

  final String name;
  Instant asOf = DEFAULT_AS_OF;
  final List<String> definitions = new ArrayList<>();
  final List<ContactData> contacts = new ArrayList<>();
  final Map<String, Set<String>> expectedMembers = new LinkedHashMap<>();

  private ConformanceCase(String name) {
    this.name = name;
  }

  public static ConformanceCase named(String name) {
    return new ConformanceCase(name);
  }

  public ConformanceCase asOf(String instant) {
    this.asOf = Instant.parse(instant);
    return this;
  }

  /** A definition document (JSON). */
  public ConformanceCase segment(String json) {
    definitions.add(json);
    return this;
  }

  /** A dynamic segment {@code s} with the given filter (JSON), in UTC. */
  public ConformanceCase filter(String filterJson) {
    return segment(
        "{\"id\":\"s\",\"name\":\"s\",\"kind\":\"dynamic\",\"filter\":" + filterJson + "}");
  }

  /** A dynamic segment {@code s} with the given filter (JSON), in the given time zone. */
  public ConformanceCase filterIn(String zone, String filterJson) {
    return segment(
        "{\"id\":\"s\",\"name\":\"s\",\"kind\":\"dynamic\",\"time_zone\":\""
            + zone
            + "\",\"filter\":"
            + filterJson
            + "}");
  }

  public ConformanceCase contact(Contact.Builder contact) {
    return contact(contact, null);
  }

  public ConformanceCase contact(
      Contact.Builder contact, Company company, Object... eventsAndActions) {
    List<Event> events = new ArrayList<>();
    List<ListAction> actions = new ArrayList<>();
    for (Object item : eventsAndActions) {
      if (item instanceof Event event) {
        events.add(event);
      } else {
        actions.add((ListAction) item);
      }
    }
    contacts.add(new ContactData(contact.build(), company, events, actions));
    return this;
  }

  /** A contact with only events or list actions (its id is given, no profile fields). */
  public ConformanceCase contactWith(String contactId, Object... eventsAndActions) {
    return contact(Contact.builder(contactId), null, eventsAndActions);
  }

  /** Exactly these contacts of the case are members of the segment; the others are not. */
  public ConformanceCase expectMembers(String segmentId, String... contactIds) {
    expectedMembers.put(segmentId, Set.of(contactIds));
    return this;
  }

  /** {@link #expectMembers} for segment {@code s}. */
  public ConformanceCase expect(String... contactIds) {
    return expectMembers("s", contactIds);
  }

  @Override
  public String toString() {
    return name;
  }
}
