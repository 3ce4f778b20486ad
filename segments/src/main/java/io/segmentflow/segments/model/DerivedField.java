package io.segmentflow.segments.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Attributes the core derives from a contact's data, usable like any field. */
public enum DerivedField {
  /**
   * The ISO 3166-1 country of the phone number's international prefix, by libphonenumber: the
   * region a valid number belongs to (+1 416 gives CA, +44 7911 gives GG), else the main region of
   * the calling code (+33 gives FR); missing when the phone is missing, has no international prefix
   * (+ or 00), is not a possible number, or has a non-geographic code (+800).
   */
  PHONE_COUNTRY(ValueType.TEXT),
  /** True when the contact has a non-blank email or phone; anonymous contacts are false. */
  IDENTIFIED(ValueType.BOOLEAN),
  /**
   * {@code engaged}, {@code recent_activity}, {@code disengaged} or {@code inactive}: by the time
   * of the latest email open, email click or page visit, against the catalog's thresholds (in UTC
   * days, with the boundaries of {@link RelativeSpan}). Never active is {@code inactive}.
   */
  ENGAGEMENT_LEVEL(ValueType.TEXT);

  private final ValueType type;

  DerivedField(ValueType type) {
    this.type = type;
  }

  public ValueType type() {
    return type;
  }

  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<DerivedField> fromJsonName(String name) {
    return Arrays.stream(values()).filter(f -> f.jsonName().equals(name)).findFirst();
  }
}
