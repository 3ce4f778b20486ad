package io.segmentflow.batch.ingest;

import io.segmentflow.segments.catalog.Catalog;
import io.segmentflow.segments.catalog.EngagementThresholds;
import io.segmentflow.segments.catalog.EventTypeSpec;
import io.segmentflow.segments.model.ValueType;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/** A {@link Catalog} that Spark can send to its tasks (the core's records are not serializable). */
final class ShippedCatalog implements Serializable {

  private static final long serialVersionUID = 1L;

  private final HashMap<String, ValueType> contactCustomFields;
  private final HashMap<String, ValueType> companyCustomFields;
  private final HashMap<String, HashMap<String, ValueType>> eventTypes = new HashMap<>();
  private final int engagedDays;
  private final int recentDays;
  private final int disengagedDays;
  private transient Catalog catalog;

  ShippedCatalog(Catalog catalog) {
    this.contactCustomFields = new HashMap<>(catalog.contactCustomFields());
    this.companyCustomFields = new HashMap<>(catalog.companyCustomFields());
    catalog
        .eventTypes()
        .forEach((name, spec) -> eventTypes.put(name, new HashMap<>(spec.properties())));
    this.engagedDays = catalog.engagement().engagedDays();
    this.recentDays = catalog.engagement().recentDays();
    this.disengagedDays = catalog.engagement().disengagedDays();
    this.catalog = catalog;
  }

  Catalog catalog() {
    if (catalog == null) {
      Map<String, EventTypeSpec> specs = new HashMap<>();
      eventTypes.forEach(
          (name, properties) -> specs.put(name, new EventTypeSpec(name, properties)));
      catalog =
          new Catalog(
              contactCustomFields,
              companyCustomFields,
              specs,
              new EngagementThresholds(engagedDays, recentDays, disengagedDays));
    }
    return catalog;
  }
}
