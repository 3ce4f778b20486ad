package io.segmentflow.segments.catalog;

import io.segmentflow.segments.model.ValueType;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/** An event type and the types of its properties. */
public record EventTypeSpec(String name, Map<String, ValueType> properties)
    implements Serializable {
  public EventTypeSpec {
    properties = new TreeMap<>(properties);
  }
}
