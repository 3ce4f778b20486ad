package io.segmentflow.segments.data;

import java.time.Instant;
import java.util.Map;

/**
 * Something a contact did. Property values are the Java types of {@link
 * io.segmentflow.segments.model.ValueType} (see {@link Values}).
 */
public record Event(
    String eventId,
    String contactId,
    String eventType,
    Instant occurredAt,
    Map<String, Object> properties) {

  public Event {
    properties = properties == null ? Map.of() : Map.copyOf(properties);
  }
}
