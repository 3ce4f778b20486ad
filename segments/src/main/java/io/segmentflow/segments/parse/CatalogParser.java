package io.segmentflow.segments.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segmentflow.segments.catalog.Catalog;
import io.segmentflow.segments.catalog.EngagementThresholds;
import io.segmentflow.segments.catalog.EventTypeSpec;
import io.segmentflow.segments.model.ValueType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a team's {@code catalog.json}, which extends the standard catalog:
 *
 * <pre>{@code
 * {
 *   "custom_fields": {"contact": {"birthday": "date"}, "company": {"tier": "text"}},
 *   "event_types": {"subscription_renewed": {"plan": "text", "amount": "number"}},
 *   "engagement": {"engaged_days": 7, "recent_days": 30, "disengaged_days": 90}
 * }
 * }</pre>
 */
public final class CatalogParser {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> TYPES =
      Arrays.stream(ValueType.values()).map(ValueType::jsonName).toList();

  private CatalogParser() {}

  /** The standard catalog extended by the document, or the faults found in it. */
  public static Catalog parse(String source, String text, List<DefinitionError> errors) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      errors.add(
          new DefinitionError(source, "$", "is not well-formed JSON: " + e.getOriginalMessage()));
      return Catalog.standard();
    }
    if (root == null || !root.isObject()) {
      errors.add(
          new DefinitionError(
              source,
              "$",
              "a catalog is an object with custom_fields, event_types and engagement"));
      return Catalog.standard();
    }
    int before = errors.size();
    unknownKeys(source, root, "$", List.of("custom_fields", "event_types", "engagement"), errors);
    JsonNode custom = root.path("custom_fields");
    unknownKeys(source, custom, "$.custom_fields", List.of("contact", "company"), errors);
    Map<String, ValueType> contactFields =
        types(source, custom.path("contact"), "$.custom_fields.contact", errors);
    Map<String, ValueType> companyFields =
        types(source, custom.path("company"), "$.custom_fields.company", errors);

    Map<String, EventTypeSpec> eventTypes = new LinkedHashMap<>(Catalog.STANDARD_EVENT_TYPES);
    JsonNode declared = root.path("event_types");
    if (!declared.isMissingNode() && !declared.isObject()) {
      errors.add(
          new DefinitionError(
              source, "$.event_types", "expected an object of event type: {property: type}"));
    }
    declared
        .fields()
        .forEachRemaining(
            entry -> {
              String path = "$.event_types." + entry.getKey();
              if (Catalog.STANDARD_EVENT_TYPES.containsKey(entry.getKey())) {
                errors.add(
                    new DefinitionError(
                        source,
                        path,
                        "'" + entry.getKey() + "' is a standard event type: choose another name"));
              } else if (!DefinitionParser.ID.matcher(entry.getKey()).matches()) {
                errors.add(
                    new DefinitionError(
                        source,
                        path,
                        "an event type name is lower-case letters, digits, '-' or '_'"));
              }
              eventTypes.put(
                  entry.getKey(),
                  new EventTypeSpec(entry.getKey(), types(source, entry.getValue(), path, errors)));
            });

    EngagementThresholds engagement = EngagementThresholds.DEFAULT;
    JsonNode thresholds = root.path("engagement");
    if (!thresholds.isMissingNode()) {
      unknownKeys(
          source,
          thresholds,
          "$.engagement",
          List.of("engaged_days", "recent_days", "disengaged_days"),
          errors);
      int engaged =
          days(
              source,
              thresholds,
              "engaged_days",
              EngagementThresholds.DEFAULT.engagedDays(),
              errors);
      int recent =
          days(
              source, thresholds, "recent_days", EngagementThresholds.DEFAULT.recentDays(), errors);
      int disengaged =
          days(
              source,
              thresholds,
              "disengaged_days",
              EngagementThresholds.DEFAULT.disengagedDays(),
              errors);
      try {
        engagement = new EngagementThresholds(engaged, recent, disengaged);
      } catch (IllegalArgumentException e) {
        errors.add(new DefinitionError(source, "$.engagement", e.getMessage()));
      }
    }
    if (errors.size() > before) {
      return Catalog.standard();
    }
    return new Catalog(contactFields, companyFields, eventTypes, engagement);
  }

  /** A whole number of days, or the default when absent. */
  private static int days(
      String source, JsonNode thresholds, String key, int fallback, List<DefinitionError> errors) {
    JsonNode value = thresholds.get(key);
    if (value == null) {
      return fallback;
    }
    if (!value.isInt()) {
      errors.add(
          new DefinitionError(
              source, "$.engagement." + key, "expected a whole number of days, got " + value));
      return fallback;
    }
    return value.asInt();
  }

  private static Map<String, ValueType> types(
      String source, JsonNode node, String path, List<DefinitionError> errors) {
    Map<String, ValueType> types = new LinkedHashMap<>();
    if (node.isMissingNode()) {
      return types;
    }
    if (!node.isObject()) {
      errors.add(new DefinitionError(source, path, "expected an object of name: type"));
      return types;
    }
    node.fields()
        .forEachRemaining(
            entry -> {
              String type = entry.getValue().asText();
              if (!DefinitionParser.ID.matcher(entry.getKey()).matches()) {
                errors.add(
                    new DefinitionError(
                        source,
                        path + "." + entry.getKey(),
                        "a name is lower-case letters, digits, '-' or '_'"));
              } else if (!TYPES.contains(type)) {
                errors.add(
                    new DefinitionError(
                        source,
                        path + "." + entry.getKey(),
                        "unknown type '" + type + "'." + Suggestions.hint(type, TYPES)));
              } else {
                types.put(entry.getKey(), ValueType.valueOf(type.toUpperCase(Locale.ROOT)));
              }
            });
    return types;
  }

  private static void unknownKeys(
      String source,
      JsonNode node,
      String path,
      List<String> allowed,
      List<DefinitionError> errors) {
    List<String> unknown = new ArrayList<>();
    node.fieldNames()
        .forEachRemaining(
            key -> {
              if (!allowed.contains(key)) {
                unknown.add(key);
              }
            });
    unknown.forEach(
        key ->
            errors.add(
                new DefinitionError(
                    source,
                    path + "." + key,
                    "unknown key '" + key + "'." + Suggestions.hint(key, allowed))));
  }
}
