package io.segmentflow.segments.model;

import java.util.Locale;

/**
 * The type of a field, a custom field or an event property. Values are held in the core as: {@code
 * TEXT} {@link String}, {@code NUMBER} {@link java.math.BigDecimal} (exact decimal; sums never
 * round), {@code BOOLEAN} {@link Boolean}, {@code TIMESTAMP} {@link java.time.Instant} (UTC,
 * millisecond precision), {@code DATE} {@link java.time.LocalDate} (a calendar date, such as a
 * birthday), {@code TEXT_LIST} {@code List<String>} (such as an order's products).
 */
public enum ValueType {
  TEXT,
  NUMBER,
  BOOLEAN,
  TIMESTAMP,
  DATE,
  TEXT_LIST;

  /** The name used in definitions and catalogs: {@code text}, {@code number}, ... */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean isTime() {
    return this == TIMESTAMP || this == DATE;
  }

  public boolean isText() {
    return this == TEXT || this == TEXT_LIST;
  }
}
