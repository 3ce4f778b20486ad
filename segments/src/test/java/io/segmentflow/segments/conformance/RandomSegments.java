package io.segmentflow.segments.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random valid definitions over the whole language, against {@link ConformanceCases#CATALOG}, for
 * differential tests: every engine must agree with the reference evaluator on them. Values are
 * drawn from the small pools {@link RandomContacts} also draws from, so conditions often hold.
 * Segments refer only to earlier ones, so the set has no cycle.
 */
public final class RandomSegments {

  static final String[] STATIC_LISTS = {"l0", "l1"};
  static final String[] COUNTRIES = {"FR", "fr", "DE", "US", "BE"};
  static final String[] TAGS = {"vip", "VIP", "b2b", "churned", "beta"};
  static final String[] ZONES = {"UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata"};
  private static final String[] UNITS = {"minutes", "hours", "days", "weeks"};
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Random random;
  private final List<String> ids = new ArrayList<>();

  RandomSegments(Random random) {
    this.random = random;
  }

  /** {@code count} dynamic segments {@code g0..} plus the static lists, by source name. */
  public static Map<String, String> generate(long seed, int count) {
    RandomSegments segments = new RandomSegments(new Random(seed));
    Map<String, String> documents = new LinkedHashMap<>();
    for (String list : STATIC_LISTS) {
      documents.put(
          list + ".json",
          "{\"id\":\"" + list + "\",\"name\":\"" + list + "\",\"kind\":\"static\"}");
      segments.ids.add(list);
    }
    for (int i = 0; i < count; i++) {
      ObjectNode definition = JSON.createObjectNode();
      String id = "g" + i;
      definition.put("id", id).put("name", "Generated " + i).put("kind", "dynamic");
      if (segments.random.nextInt(3) == 0) {
        definition.put("time_zone", segments.pick(ZONES));
      }
      definition.set("filter", segments.condition(3));
      documents.put(id + ".json", definition.toString());
      segments.ids.add(id);
    }
    return documents;
  }

  private JsonNode condition(int depth) {
    int kind = random.nextInt(depth > 0 ? 10 : 7);
    return switch (kind) {
      case 0, 1, 2 -> field();
      case 3 -> tags();
      case 4, 5 -> behavior();
      case 6 -> membership();
      case 7 -> group("all", depth);
      case 8 -> group("any", depth);
      default -> JSON.createObjectNode().set("not", condition(depth - 1));
    };
  }

  private JsonNode group(String key, int depth) {
    ArrayNode children = JSON.createArrayNode();
    int size = 1 + random.nextInt(3);
    for (int i = 0; i < size; i++) {
      children.add(condition(depth - 1));
    }
    return JSON.createObjectNode().set(key, children);
  }

  private JsonNode membership() {
    return JSON.createObjectNode()
        .put(random.nextBoolean() ? "in_segment" : "not_in_segment", pick(ids));
  }

  private JsonNode tags() {
    ArrayNode values = JSON.createArrayNode();
    values.add(pick(TAGS));
    if (random.nextBoolean()) {
      values.add(pick(TAGS));
    }
    ObjectNode match = JSON.createObjectNode();
    match.set(pick(new String[] {"has_any", "has_all", "has_none"}), values);
    return JSON.createObjectNode().set("tags", match);
  }

  private JsonNode field() {
    return switch (random.nextInt(12)) {
      case 0 -> text("country", COUNTRIES);
      case 1 -> text("city", new String[] {"Paris", "paris", "Lyon", "P", "on"});
      case 2 -> text("email", new String[] {"@acme", "ACME.com", "jo@acme.com", "x"});
      case 3 -> text("company.industry", new String[] {"retail", "Retail", "saas"});
      case 4 -> text("custom.interests", new String[] {"golf", "ten", "Sailing"});
      case 5 -> number(random.nextBoolean() ? "custom.lifetime_value" : "company.size", true);
      case 6 ->
          comparison(
              "custom.vip",
              pick(new String[] {"eq", "neq", "empty"}),
              NODES.booleanNode(random.nextBoolean()));
      case 7 -> comparison("identified", "eq", NODES.booleanNode(random.nextBoolean()));
      case 8 ->
          comparison(
              "engagement_level",
              pick(new String[] {"eq", "neq"}),
              NODES.textNode(
                  pick(new String[] {"engaged", "recent_activity", "disengaged", "inactive"})));
      case 9 ->
          comparison(
              "phone_country",
              pick(new String[] {"eq", "neq"}),
              NODES.textNode(pick(new String[] {"FR", "US", "ca"})));
      case 10 -> time(pick(new String[] {"created_at", "updated_at", "custom.renewal_at"}), false);
      default -> time("custom.birthday", true);
    };
  }

  private ObjectNode comparison(String field, String op, JsonNode value) {
    ObjectNode node = JSON.createObjectNode().put("field", field).put("op", op);
    if (!op.equals("empty") && !op.equals("not_empty")) {
      node.set("value", value);
    }
    return node;
  }

  private ObjectNode text(String field, String[] values) {
    String op =
        pick(
            new String[] {
              "eq",
              "neq",
              "in",
              "not_in",
              "contains",
              "not_contains",
              "starts_with",
              "ends_with",
              "regex",
              "empty",
              "not_empty"
            });
    JsonNode value =
        switch (op) {
          case "in", "not_in" -> JSON.createArrayNode().add(pick(values)).add(pick(values));
          case "regex" ->
              NODES.textNode(pick(new String[] {"^P", "[0-9]", "acme\\.com$", "(?i)^fr$"}));
          default -> NODES.textNode(pick(values));
        };
    return comparison(field, op, value);
  }

  /** Aggregates take no {@code empty}: {@code allowEmpty} is false for them. */
  ObjectNode number(String field, boolean allowEmpty) {
    String op =
        pick(
            allowEmpty
                ? new String[] {"eq", "neq", "lt", "lte", "gt", "gte", "between", "in", "empty"}
                : new String[] {"eq", "neq", "lt", "lte", "gt", "gte", "between", "in"});
    JsonNode value =
        switch (op) {
          case "between" -> JSON.createArrayNode().add(10).add(new java.math.BigDecimal("50.5"));
          case "in" -> JSON.createArrayNode().add(50).add(new java.math.BigDecimal("99.5"));
          default ->
              NODES.numberNode(
                  new java.math.BigDecimal(pick(new String[] {"50", "50.0", "10", "99.5", "0"})));
        };
    return comparison(field, op, value);
  }

  /** Absolute, relative and calendar operators around the differential tests' evaluation time. */
  ObjectNode time(String field, boolean date) {
    String op =
        pick(
            new String[] {
              "before",
              "after",
              "on",
              "between",
              "in_last",
              "more_than_ago",
              "in_next",
              "anniversary",
              "in_current",
              "empty"
            });
    ObjectNode node = comparison(field, op, null);
    switch (op) {
      case "before", "after" ->
          node.put(
              "value", pick(new String[] {"2026-11-11", "2026-11-18T10:00:00Z", "2026-01-01"}));
      case "on" -> node.put("value", pick(new String[] {"2026-11-18", "2026-11-17", "1990-11-18"}));
      case "between" ->
          node.set(
              "value",
              JSON.createArrayNode()
                  .add("2026-11-10")
                  .add(pick(new String[] {"2026-11-17", "2026-11-18T09:30:00Z"})));
      case "in_last", "more_than_ago", "in_next" -> {
        node.put("value", 1 + random.nextInt(8));
        node.put("unit", date ? pick(new String[] {"days", "weeks"}) : pick(UNITS));
      }
      case "anniversary" -> node.put("value", pick(new String[] {"day", "month"}));
      case "in_current" -> node.put("value", pick(new String[] {"day", "week", "month", "year"}));
      default -> {}
    }
    return node;
  }

  private JsonNode behavior() {
    ObjectNode node = JSON.createObjectNode();
    String type =
        pick(
            new String[] {"email_open", "email_click", "page_visit", "order", "order", "app_open"});
    node.put("event", type);
    if (random.nextInt(3) == 0) {
      ArrayNode where = JSON.createArrayNode();
      where.add(
          switch (type) {
            case "order" ->
                JSON.createObjectNode()
                    .put("property", "amount")
                    .put("op", pick(new String[] {"gt", "lte", "neq"}))
                    .put(
                        "value",
                        new java.math.BigDecimal(pick(new String[] {"100", "0.3", "19.99"})));
            case "page_visit" ->
                JSON.createObjectNode()
                    .put("property", "url")
                    .put("op", pick(new String[] {"contains", "not_contains"}))
                    .put("value", "/pricing");
            case "app_open" ->
                JSON.createObjectNode()
                    .put("property", "platform")
                    .put("op", "eq")
                    .put("value", "IOS");
            default ->
                JSON.createObjectNode()
                    .put("property", "campaign_id")
                    .put("op", pick(new String[] {"eq", "neq"}))
                    .put("value", "42");
          });
      node.set("where", where);
    }
    window(node);
    measure(node, type.equals("order"));
    return node;
  }

  /** Sets a random window on a behaviour condition, or none (ever). */
  void window(ObjectNode node) {
    switch (random.nextInt(5)) {
      case 0, 1 ->
          node.set(
              "window",
              JSON.createObjectNode().put("last", 1 + random.nextInt(8)).put("unit", pick(UNITS)));
      case 2 ->
          node.set(
              "window",
              JSON.createObjectNode()
                  .put("since", pick(new String[] {"2026-11-11", "2026-11-18T09:00:00Z"})));
      case 3 ->
          node.set(
              "window",
              JSON.createObjectNode()
                  .set(
                      "between",
                      JSON.createArrayNode()
                          .add("2026-11-01")
                          .add(pick(new String[] {"2026-11-17", "2026-11-18T09:59:59.999Z"}))));
      default -> {}
    }
  }

  /** Sets a random measure on a behaviour condition, or none (has done); aggregates read amount. */
  void measure(ObjectNode node, boolean withAmount) {
    int measure = random.nextInt(withAmount ? 6 : 4);
    switch (measure) {
      case 0 -> {}
      case 1 ->
          node.set(
              "count",
              JSON.createObjectNode()
                  .put("op", pick(new String[] {"at_least", "at_most", "exactly"}))
                  .put("value", random.nextInt(4)));
      case 2 -> node.set("last", withoutField(time("x", false)));
      case 3 -> node.set("first", withoutField(time("x", false)));
      default ->
          node.set(
              pick(new String[] {"sum", "avg", "min", "max"}),
              withoutField(number("x", false)).put("property", "amount"));
    }
  }

  /** A comparison's operator and operands alone, as measures take them. */
  static ObjectNode withoutField(ObjectNode comparison) {
    comparison.remove("field");
    return comparison;
  }

  private String pick(String[] values) {
    return values[random.nextInt(values.length)];
  }

  private String pick(List<String> values) {
    return values.get(random.nextInt(values.size()));
  }
}
