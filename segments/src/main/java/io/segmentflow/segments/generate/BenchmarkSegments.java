package io.segmentflow.segments.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segmentflow.segments.eval.FeaturePlan;
import io.segmentflow.segments.model.Condition;
import io.segmentflow.segments.model.DerivedField;
import io.segmentflow.segments.model.FieldRef;
import io.segmentflow.segments.model.SegmentDefinition;
import io.segmentflow.segments.parse.DefinitionSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * N realistic segment definitions for the sample catalog ({@link SampleDataGenerator#CATALOG}),
 * modelled on {@code examples/definitions}: twelve templates (geography and tags, order counts,
 * order values, opened-not-clicked campaigns, clickers, page visits, engagement levels, app use,
 * custom and company fields, {@code in_segment} chains, static lists and course or webinar
 * activity, messages) repeated with other parameters. Thresholds vary freely, windows, campaigns,
 * urls and channels come from small sets, so more segments need more features but share many, as a
 * real marketing team's segments do. Segment {@code k} depends only on {@code k}: the first N of a
 * larger set are the set of N.
 */
public final class BenchmarkSegments {

  /** The number of templates; segment {@code k} uses template {@code k % TEMPLATES}. */
  static final int TEMPLATES = 12;

  private static final List<String> COUNTRIES =
      List.of("FR", "DE", "GB", "US", "CA", "BE", "ES", "IT", "NL", "BR", "JP");
  private static final List<Integer> WINDOW_DAYS = List.of(7, 30, 90, 14, 60);
  private static final List<String> CAMPAIGNS = List.of("42", "40", "43", "41", "44", "45");
  private static final List<String> URLS =
      List.of("/pricing", "/products/shoes", "/blog/", "/docs/", "/contact", "/products/jackets");
  private static final List<String> TAGS =
      List.of("newsletter", "vip", "b2b", "black-friday", "partner", "beta");
  private static final List<String> LEVELS =
      List.of("engaged", "recent_activity", "disengaged", "inactive");
  private static final List<String> APPS = List.of("app-shop", "app-academy");
  private static final List<String> PLATFORMS = List.of("ios", "android");
  private static final List<String> CHANNELS = List.of("whatsapp", "email", "sms");
  private static final List<String> FORMS =
      List.of("demo-request", "newsletter-signup", "contact-us", "webinar-registration");
  private static final List<String> INTERESTS =
      List.of("running", "travel", "tech", "fashion", "yoga", "cooking");
  private static final List<String> STATIC_LISTS =
      List.of("customers", "newsletter-import", "vip-list");

  private static final ObjectMapper JSON = new ObjectMapper();

  private BenchmarkSegments() {}

  /** The first {@code n} definitions, checked with the sample catalog. */
  public static DefinitionSet of(int n) {
    return DefinitionSet.of(SampleDataGenerator.CATALOG, documents(n));
  }

  /** The JSON documents of the first {@code n} definitions, by file name. */
  public static Map<String, String> documents(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("the number of segments must be at least 1, got " + n);
    }
    Map<String, String> documents = new LinkedHashMap<>();
    for (int k = 0; k < n; k++) {
      ObjectNode definition = definition(k);
      documents.put(definition.get("id").asText() + ".json", definition.toString());
    }
    return documents;
  }

  /**
   * Dynamic segments of every set that list actions include and exclude contacts of, for the data
   * generator: the order-count and engagement segments of the first cycle.
   */
  public static List<String> overrideSegmentIds() {
    return List.of(id(1), id(6));
  }

  /** The id of segment {@code k}. */
  static String id(int k) {
    int template = k % TEMPLATES;
    int variant = k / TEMPLATES;
    if (template == 10 && variant < STATIC_LISTS.size()) {
      return STATIC_LISTS.get(variant);
    }
    return String.format("b%03d-%s", k, SLUGS.get(template));
  }

  private static final List<String> SLUGS =
      List.of(
          "geo-tags",
          "orders",
          "order-value",
          "opened-not-clicked",
          "clickers",
          "page-visits",
          "engagement",
          "app-use",
          "profile",
          "chain",
          "activity-not-listed",
          "messages");

  static ObjectNode definition(int k) {
    int template = k % TEMPLATES;
    int v = k / TEMPLATES;
    ObjectNode definition = JSON.createObjectNode();
    definition.put("id", id(k));
    if (template == 10 && v < STATIC_LISTS.size()) {
      definition.put("name", "Static list " + STATIC_LISTS.get(v));
      definition.put("kind", "static");
      return definition;
    }
    definition.put("name", "Benchmark segment " + k + " (" + SLUGS.get(template) + ")");
    definition.put("kind", "dynamic");
    definition.set("filter", filter(k, template, v));
    return definition;
  }

  private static JsonNode filter(int k, int template, int v) {
    return switch (template) {
      case 0 ->
          all(
              field("country", "in", array(pick(COUNTRIES, v), pick(COUNTRIES, v + 4))),
              tags("has_any", pick(TAGS, v)),
              field("unsubscribed", "eq", false));
      case 1 ->
          all(
              behavior("order", List.of(), window(pick(WINDOW_DAYS, v)), count(1 + v % 4)),
              field("country", "eq", pick(COUNTRIES, v + 2)));
      case 2 ->
          switch (v % 3) {
            case 0 ->
                behavior(
                    "order",
                    List.of(),
                    window(pick(WINDOW_DAYS, v)),
                    aggregate("sum", "amount", "gt", 100 * (1 + v % 5)));
            case 1 ->
                behavior("order", List.of(), null, aggregate("avg", "amount", "gt", 50 + 25 * v));
            default ->
                behavior(
                    "order",
                    List.of(),
                    window(pick(WINDOW_DAYS, v + 1)),
                    aggregate("max", "amount", "gte", 150 + 10 * v));
          };
      case 3 -> {
        List<JsonNode> campaign = List.of(property("campaign_id", "eq", pick(CAMPAIGNS, v)));
        yield all(
            behavior("email_open", campaign, window(pick(WINDOW_DAYS, v / 2)), count(1)),
            behavior("email_click", campaign, window(pick(WINDOW_DAYS, v / 2)), countExactly(0)));
      }
      case 4 ->
          behavior(
              "email_click",
              List.of(property("campaign_id", "eq", pick(CAMPAIGNS, v + 2))),
              window(pick(WINDOW_DAYS, v + 1)),
              count(1 + v % 3));
      case 5 ->
          behavior(
              "page_visit",
              List.of(property("url", "contains", pick(URLS, v))),
              window(pick(WINDOW_DAYS, v / 3)),
              count(2 + v % 3));
      case 6 ->
          all(
              v % 2 == 0
                  ? field("engagement_level", "eq", pick(LEVELS, v / 2))
                  : field("engagement_level", "in", array(pick(LEVELS, v), pick(LEVELS, v + 1))),
              field("unsubscribed", "eq", false),
              field("email", "not_empty", null));
      case 7 ->
          v % 2 == 0
              ? lastMoreThanAgo(
                  "app_open",
                  List.of(property("app_id", "eq", pick(APPS, v / 2))),
                  pick(WINDOW_DAYS, v / 2))
              : behavior(
                  "app_open",
                  List.of(property("platform", "eq", pick(PLATFORMS, v / 2))),
                  window(pick(WINDOW_DAYS, v)),
                  count(2 + v % 4));
      case 8 ->
          switch (v % 4) {
            case 0 ->
                all(
                    field("custom.plan", "in", array("pro", "enterprise")),
                    field("custom.lifetime_value", "gt", 500 + 250 * v));
            case 1 -> all(field("custom.vip", "eq", true), field("identified", "eq", true));
            case 2 ->
                all(
                    field("company.custom.tier", "eq", "gold"),
                    field("company.size", "gte", 50 * (1 + v)));
            default ->
                all(
                    field("custom.interests", "eq", pick(INTERESTS, v / 4)),
                    field("country", "eq", pick(COUNTRIES, v)));
          };
      case 9 ->
          v % 2 == 0
              ? all(inSegment(id(k - 8)), notInSegment(id(k - 6)))
              : all(
                  inSegment(id(k - TEMPLATES)), any(inSegment(id(k - 3)), tags("has_any", "vip")));
      case 10 ->
          v % 2 == 0
              ? all(
                  behavior("webinar_attended", List.of(), window(pick(WINDOW_DAYS, v)), count(1)),
                  notInSegment("customers"))
              : all(
                  behavior(
                      "course_progress",
                      List.of(property("percent", "gte", 50 + 10 * (v % 6))),
                      null,
                      count(1)),
                  notInSegment("vip-list"));
      default ->
          switch (v % 3) {
            case 0 ->
                behavior(
                    "message_inbound",
                    List.of(property("channel", "eq", pick(CHANNELS, v / 3))),
                    hours(24 * (1 + v % 2)),
                    count(2 + v % 3));
            case 1 ->
                behavior(
                    "message_read",
                    List.of(property("channel", "eq", pick(CHANNELS, v))),
                    window(pick(WINDOW_DAYS, v)),
                    count(1 + v % 5));
            default ->
                all(
                    behavior(
                        "form_submit",
                        List.of(property("form_id", "eq", pick(FORMS, v / 3))),
                        window(pick(WINDOW_DAYS, v / 3)),
                        count(1)),
                    tags("has_none", "churned"));
          };
    };
  }

  private static <T> T pick(List<T> values, int i) {
    return values.get(Math.floorMod(i, values.size()));
  }

  private static ObjectNode all(JsonNode... conditions) {
    ObjectNode node = JSON.createObjectNode();
    node.set("all", array((Object[]) conditions));
    return node;
  }

  private static ObjectNode any(JsonNode... conditions) {
    ObjectNode node = JSON.createObjectNode();
    node.set("any", array((Object[]) conditions));
    return node;
  }

  private static ObjectNode field(String field, String op, Object value) {
    ObjectNode node = JSON.createObjectNode();
    node.put("field", field);
    node.put("op", op);
    if (value != null) {
      node.set("value", JSON.valueToTree(value));
    }
    return node;
  }

  private static ObjectNode property(String property, String op, Object value) {
    ObjectNode node = JSON.createObjectNode();
    node.put("property", property);
    node.put("op", op);
    node.set("value", JSON.valueToTree(value));
    return node;
  }

  private static ObjectNode tags(String match, String tag) {
    ObjectNode node = JSON.createObjectNode();
    node.putObject("tags").set(match, array(tag));
    return node;
  }

  private static ObjectNode inSegment(String id) {
    return JSON.createObjectNode().put("in_segment", id);
  }

  private static ObjectNode notInSegment(String id) {
    return JSON.createObjectNode().put("not_in_segment", id);
  }

  private static ObjectNode window(int days) {
    return JSON.createObjectNode().put("last", days).put("unit", "days");
  }

  private static ObjectNode hours(int hours) {
    return JSON.createObjectNode().put("last", hours).put("unit", "hours");
  }

  private static ObjectNode count(int atLeast) {
    return JSON.createObjectNode().put("op", "at_least").put("value", atLeast);
  }

  private static ObjectNode countExactly(int exactly) {
    return JSON.createObjectNode().put("op", "exactly").put("value", exactly);
  }

  /** A measure: {@code sum}, {@code avg}, {@code min} or {@code max} of a numeric property. */
  private static Map.Entry<String, ObjectNode> aggregate(
      String function, String property, String op, int value) {
    return Map.entry(
        function,
        JSON.createObjectNode().put("property", property).put("op", op).put("value", value));
  }

  private static ObjectNode behavior(
      String event, List<JsonNode> where, ObjectNode window, Object measure) {
    ObjectNode node = JSON.createObjectNode();
    node.put("event", event);
    if (!where.isEmpty()) {
      node.set("where", array(where.toArray()));
    }
    if (window != null) {
      node.set("window", window);
    }
    if (measure instanceof Map.Entry<?, ?> entry) {
      node.set((String) entry.getKey(), (JsonNode) entry.getValue());
    } else {
      node.set("count", (JsonNode) measure);
    }
    return node;
  }

  private static ObjectNode lastMoreThanAgo(String event, List<JsonNode> where, int days) {
    ObjectNode node = JSON.createObjectNode();
    node.put("event", event);
    node.set("where", array(where.toArray()));
    node.set(
        "last",
        JSON.createObjectNode().put("op", "more_than_ago").put("value", days).put("unit", "days"));
    return node;
  }

  private static ArrayNode array(Object... values) {
    ArrayNode array = JSON.createArrayNode();
    List<JsonNode> nodes = new ArrayList<>();
    for (Object value : values) {
      nodes.add(value instanceof JsonNode node ? node : JSON.valueToTree(value));
    }
    array.addAll(nodes);
    return array;
  }

  /** How many feature uses the conditions of a set make: more than its shared plan has. */
  public static int featureUses(DefinitionSet set) {
    int uses = 0;
    for (SegmentDefinition definition : set.inEvaluationOrder()) {
      if (definition.filter().isPresent()) {
        uses += featureUses(definition.filter().get());
      }
    }
    return uses;
  }

  private static int featureUses(Condition condition) {
    if (condition instanceof Condition.AllOf all) {
      return all.conditions().stream().mapToInt(BenchmarkSegments::featureUses).sum();
    }
    if (condition instanceof Condition.AnyOf any) {
      return any.conditions().stream().mapToInt(BenchmarkSegments::featureUses).sum();
    }
    if (condition instanceof Condition.Not not) {
      return featureUses(not.condition());
    }
    if (condition instanceof Condition.BehaviorCondition behavior) {
      return FeaturePlan.featuresOf(behavior).size();
    }
    if (condition instanceof Condition.FieldCondition field
        && field.field().scope() == FieldRef.Scope.DERIVED
        && field.field().name().equals(DerivedField.ENGAGEMENT_LEVEL.jsonName())) {
      return FeaturePlan.engagementFeatures().size();
    }
    return 0;
  }
}
