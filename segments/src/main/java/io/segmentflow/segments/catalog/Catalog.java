package io.segmentflow.segments.catalog;

import static io.segmentflow.segments.model.ValueType.BOOLEAN;
import static io.segmentflow.segments.model.ValueType.NUMBER;
import static io.segmentflow.segments.model.ValueType.TEXT;
import static io.segmentflow.segments.model.ValueType.TEXT_LIST;
import static io.segmentflow.segments.model.ValueType.TIMESTAMP;

import io.segmentflow.segments.model.DerivedField;
import io.segmentflow.segments.model.FieldRef;
import io.segmentflow.segments.model.FieldRef.Scope;
import io.segmentflow.segments.model.ValueType;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What definitions may refer to: the standard contact and company fields, the custom fields a team
 * declares, the derived fields, and the event types with their property types. A team extends the
 * standard catalog with a {@code catalog.json} beside its definitions.
 */
public record Catalog(
    Map<String, ValueType> contactCustomFields,
    Map<String, ValueType> companyCustomFields,
    Map<String, EventTypeSpec> eventTypes,
    EngagementThresholds engagement)
    implements Serializable {

  public static final String COMPANY_PREFIX = "company.";
  public static final String CUSTOM_PREFIX = "custom.";

  /** Standard contact columns, named as in the Avro schema and the lakehouse tables. */
  public static final Map<String, ValueType> CONTACT_FIELDS =
      ordered(
          "contact_id", TEXT,
          "email", TEXT,
          "phone", TEXT,
          "first_name", TEXT,
          "last_name", TEXT,
          "country", TEXT,
          "language", TEXT,
          "city", TEXT,
          "created_at", TIMESTAMP,
          "updated_at", TIMESTAMP,
          "company_id", TEXT,
          "unsubscribed", BOOLEAN,
          "marketing_consent", BOOLEAN);

  /** Standard company columns, reached through the contact's {@code company_id}. */
  public static final Map<String, ValueType> COMPANY_FIELDS =
      ordered("name", TEXT, "industry", TEXT, "size", NUMBER, "country", TEXT);

  public static final Map<String, EventTypeSpec> STANDARD_EVENT_TYPES =
      eventTypes(
          new EventTypeSpec("page_visit", Map.of("url", TEXT, "referrer", TEXT, "title", TEXT)),
          new EventTypeSpec("email_open", Map.of("email_id", TEXT, "campaign_id", TEXT)),
          new EventTypeSpec(
              "email_click", Map.of("email_id", TEXT, "campaign_id", TEXT, "url", TEXT)),
          new EventTypeSpec("form_submit", Map.of("form_id", TEXT)),
          new EventTypeSpec("asset_download", Map.of("asset_id", TEXT)),
          new EventTypeSpec(
              "order",
              Map.of("order_id", TEXT, "amount", NUMBER, "currency", TEXT, "products", TEXT_LIST)),
          new EventTypeSpec("message_read", Map.of("message_id", TEXT, "channel", TEXT)),
          new EventTypeSpec("message_inbound", Map.of("message_id", TEXT, "channel", TEXT)),
          new EventTypeSpec("app_open", Map.of("app_id", TEXT, "platform", TEXT)),
          new EventTypeSpec("course_progress", Map.of("course_id", TEXT, "percent", NUMBER)),
          new EventTypeSpec(
              "webinar_attended", Map.of("webinar_id", TEXT, "duration_minutes", NUMBER)));

  /** The event types whose latest occurrence sets the engagement level. */
  public static final List<String> ENGAGEMENT_EVENT_TYPES =
      List.of("email_open", "email_click", "page_visit");

  public Catalog {
    contactCustomFields = new TreeMap<>(contactCustomFields);
    companyCustomFields = new TreeMap<>(companyCustomFields);
    eventTypes = new TreeMap<>(eventTypes);
  }

  /** The standard fields and event types, no custom ones, default engagement thresholds. */
  public static Catalog standard() {
    return new Catalog(Map.of(), Map.of(), STANDARD_EVENT_TYPES, EngagementThresholds.DEFAULT);
  }

  public Optional<EventTypeSpec> eventType(String name) {
    return Optional.ofNullable(eventTypes.get(name));
  }

  /** Resolves a field path as written in a definition, or empty when nothing has that name. */
  public Optional<FieldRef> resolveField(String path) {
    if (path.startsWith(COMPANY_PREFIX + CUSTOM_PREFIX)) {
      String name = path.substring((COMPANY_PREFIX + CUSTOM_PREFIX).length());
      return ref(path, Scope.COMPANY_CUSTOM, name, companyCustomFields.get(name));
    }
    if (path.startsWith(COMPANY_PREFIX)) {
      String name = path.substring(COMPANY_PREFIX.length());
      return ref(path, Scope.COMPANY, name, COMPANY_FIELDS.get(name));
    }
    if (path.startsWith(CUSTOM_PREFIX)) {
      String name = path.substring(CUSTOM_PREFIX.length());
      return ref(path, Scope.CONTACT_CUSTOM, name, contactCustomFields.get(name));
    }
    Optional<DerivedField> derived = DerivedField.fromJsonName(path);
    if (derived.isPresent()) {
      return ref(path, Scope.DERIVED, path, derived.get().type());
    }
    return ref(path, Scope.CONTACT, path, CONTACT_FIELDS.get(path));
  }

  /** Every field path a definition may use, for error messages that suggest the closest one. */
  public List<String> fieldPaths() {
    List<String> paths = new ArrayList<>(CONTACT_FIELDS.keySet());
    COMPANY_FIELDS.keySet().forEach(name -> paths.add(COMPANY_PREFIX + name));
    contactCustomFields.keySet().forEach(name -> paths.add(CUSTOM_PREFIX + name));
    companyCustomFields.keySet().forEach(name -> paths.add(COMPANY_PREFIX + CUSTOM_PREFIX + name));
    for (DerivedField derived : DerivedField.values()) {
      paths.add(derived.jsonName());
    }
    return paths;
  }

  private static Optional<FieldRef> ref(String path, Scope scope, String name, ValueType type) {
    return type == null ? Optional.empty() : Optional.of(new FieldRef(path, scope, name, type));
  }

  private static Map<String, ValueType> ordered(Object... namesAndTypes) {
    Map<String, ValueType> fields = new LinkedHashMap<>();
    for (int i = 0; i < namesAndTypes.length; i += 2) {
      fields.put((String) namesAndTypes[i], (ValueType) namesAndTypes[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(fields);
  }

  private static Map<String, EventTypeSpec> eventTypes(EventTypeSpec... specs) {
    Map<String, EventTypeSpec> types = new TreeMap<>();
    for (EventTypeSpec spec : specs) {
      types.put(spec.name(), spec);
    }
    return java.util.Collections.unmodifiableMap(types);
  }
}
