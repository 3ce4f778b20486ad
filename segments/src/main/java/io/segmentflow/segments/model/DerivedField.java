package io.segmentflow.segments.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

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

  // By name: conditions look derived fields up on every evaluation.
  private static final Map<String, DerivedField> BY_JSON_NAME =
      Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(f -> f.jsonName, f -> f));

  private final ValueType type;
  private final String jsonName;

  DerivedField(ValueType type) {
    this.type = type;
    this.jsonName = name().toLowerCase(Locale.ROOT);
  }

  public ValueType type() {
    return type;
  }

  public String jsonName() {
    return jsonName;
  }

  public static Optional<DerivedField> fromJsonName(String name) {
    return Optional.ofNullable(BY_JSON_NAME.get(name));
  }
}
