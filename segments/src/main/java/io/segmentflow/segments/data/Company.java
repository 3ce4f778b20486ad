package io.segmentflow.segments.data;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/** A company, reached from its contacts through {@link Contact#companyId()}. */
public record Company(
    String companyId,
    String name,
    String industry,
    Long size,
    String country,
    Instant updatedAt,
    Map<String, Object> customFields) {

  public Company {
    customFields = customFields == null ? Map.of() : Map.copyOf(customFields);
  }

  /**
   * The value of a standard field, by its name in {@link io.segmentflow.segments.catalog.Catalog}.
   */
  public Object standardField(String name) {
    return switch (name) {
      case "name" -> this.name;
      case "industry" -> industry;
      case "size" -> size == null ? null : BigDecimal.valueOf(size);
      case "country" -> country;
      default -> throw new IllegalArgumentException("not a standard company field: " + name);
    };
  }
}
