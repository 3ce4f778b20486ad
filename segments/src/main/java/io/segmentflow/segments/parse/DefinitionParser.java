package io.segmentflow.segments.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.segmentflow.segments.catalog.Catalog;
import io.segmentflow.segments.catalog.EventTypeSpec;
import io.segmentflow.segments.data.Values;
import io.segmentflow.segments.model.Comparison;
import io.segmentflow.segments.model.Condition;
import io.segmentflow.segments.model.Condition.AllOf;
import io.segmentflow.segments.model.Condition.AnyOf;
import io.segmentflow.segments.model.Condition.BehaviorCondition;
import io.segmentflow.segments.model.Condition.FieldCondition;
import io.segmentflow.segments.model.Condition.MembershipCondition;
import io.segmentflow.segments.model.Condition.Not;
import io.segmentflow.segments.model.Condition.PropertyCondition;
import io.segmentflow.segments.model.Condition.TagCondition;
import io.segmentflow.segments.model.FieldRef;
import io.segmentflow.segments.model.Measure;
import io.segmentflow.segments.model.Operator;
import io.segmentflow.segments.model.RelativeSpan;
import io.segmentflow.segments.model.SegmentDefinition;
import io.segmentflow.segments.model.ValuePredicate;
import io.segmentflow.segments.model.ValuePredicate.Period;
import io.segmentflow.segments.model.ValueType;
import io.segmentflow.segments.model.Window;
import io.segmentflow.segments.model.WindowUnit;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads one definition document (JSON, or YAML for {@code .yaml}/{@code .yml} sources) into the
 * model, collecting the faults it finds with their JSON paths rather than stopping at the first (a
 * fault can hide others below it: with an unknown kind, the filter is not examined). It checks
 * everything one document can tell: keys, types, operators, operands, fields and event types
 * against the {@link Catalog}. References between segments are checked by {@link DefinitionSet}.
 *
 * <p>Values from a definition only ever become typed Java values in the model: no engine builds
 * query text from them, so a definition cannot inject code.
 */
public final class DefinitionParser {

  static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
  // Decimals stay exact: 0.1 is the decimal 0.1, never the double nearest to it.
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  private static final ObjectMapper CANONICAL =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private static final List<String> TOP_LEVEL_KEYS =
      List.of("id", "name", "description", "kind", "time_zone", "filter");
  private static final List<String> CONDITION_KEYS =
      List.of("all", "any", "not", "field", "tags", "event", "in_segment", "not_in_segment");
  private static final List<String> COMPARISON_KEYS = List.of("op", "value", "unit");
  private static final List<String> MEASURE_KEYS =
      List.of("count", "sum", "avg", "min", "max", "first", "last");
  private static final Map<String, WindowUnit> UNITS =
      Map.of(
          "minutes", WindowUnit.MINUTES,
          "hours", WindowUnit.HOURS,
          "days", WindowUnit.DAYS,
          "weeks", WindowUnit.DAYS);

  private final Catalog catalog;

  public DefinitionParser(Catalog catalog) {
    this.catalog = catalog;
  }

  /** Parses a document; {@code source} names it in errors and picks YAML by its extension. */
  public Result parse(String source, String text) {
    return new Run(source).document(text);
  }

  /** The id a document declares, if it can be read at all, even when the document has faults. */
  public static Optional<String> idOf(String source, String text) {
    try {
      JsonNode root = mapperFor(source).readTree(text);
      return Optional.ofNullable(root)
          .map(r -> r.get("id"))
          .filter(JsonNode::isTextual)
          .map(JsonNode::asText);
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  /** The parsed definition, or the faults that kept it from parsing. */
  public record Result(Optional<ParsedDefinition> parsed, List<DefinitionError> errors) {
    public ParsedDefinition orThrow() {
      return parsed.orElseThrow(() -> new InvalidDefinitionException(errors));
    }
  }

  /** A JSON node and its path from the document root. */
  private record At(JsonNode node, String path) {
    At key(String name) {
      return new At(node.get(name), path + "." + name);
    }

    At element(int index) {
      return new At(node.get(index), path + "[" + index + "]");
    }

    boolean has(String name) {
      return node.has(name);
    }
  }

  /** One parse: collects faults and references while it walks the document. */
  private final class Run {
    private final String source;
    private final List<DefinitionError> errors = new ArrayList<>();
    private final List<ParsedDefinition.Reference> references = new ArrayList<>();
    private ZoneId zone = ZoneOffset.UTC;

    Run(String source) {
      this.source = source;
    }

    Result document(String text) {
      JsonNode root;
      try {
        root = mapperFor(source).readTree(text);
      } catch (JsonProcessingException e) {
        fail("$", "is not well-formed: " + e.getOriginalMessage() + lineOf(e));
        return result(null, null);
      }
      At at = new At(root, "$");
      if (root == null || !root.isObject()) {
        fail(
            "$",
            "a definition is an object with id, name, kind and, for a dynamic segment, filter");
        return result(null, null);
      }
      checkKeys(at, TOP_LEVEL_KEYS);
      String id = requiredText(at, "id");
      if (id != null && !ID.matcher(id).matches()) {
        fail(
            at.path + ".id",
            "'"
                + id
                + "' is not a valid id: use 1 to 64 lower-case letters, digits, '-' or '_',"
                + " starting with a letter or digit");
      }
      String name = requiredText(at, "name");
      String description = at.has("description") ? text(at.key("description")) : "";
      SegmentDefinition.Kind kind = kind(at);
      if (at.has("time_zone")) {
        zone = zoneId(at.key("time_zone"));
      }
      Condition filter = null;
      if (kind == SegmentDefinition.Kind.STATIC && at.has("filter")) {
        fail(
            "$.filter",
            "a static list has no filter: its members come from list actions. Remove the filter"
                + " or make the kind 'dynamic'");
      } else if (kind == SegmentDefinition.Kind.DYNAMIC) {
        if (at.has("filter")) {
          filter = condition(at.key("filter"));
        } else {
          fail("$", "a dynamic segment needs a 'filter'");
        }
      }
      if (!errors.isEmpty()) {
        return result(null, null);
      }
      var definition =
          new SegmentDefinition(id, name, description, kind, zone, Optional.ofNullable(filter));
      return result(definition, root);
    }

    private Result result(SegmentDefinition definition, JsonNode root) {
      if (definition == null) {
        return new Result(Optional.empty(), List.copyOf(errors));
      }
      try {
        String canonical = CANONICAL.writeValueAsString(CANONICAL.treeToValue(root, Object.class));
        return new Result(
            Optional.of(new ParsedDefinition(definition, source, canonical, references)),
            List.of());
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("a parsed tree always serializes", e);
      }
    }

    private SegmentDefinition.Kind kind(At at) {
      String kind = requiredText(at, "kind");
      if (kind == null) {
        return null;
      }
      return switch (kind) {
        case "dynamic" -> SegmentDefinition.Kind.DYNAMIC;
        case "static" -> SegmentDefinition.Kind.STATIC;
        default -> {
          fail(at.path + ".kind", "unknown kind '" + kind + "': use 'dynamic' or 'static'");
          yield null;
        }
      };
    }

    private ZoneId zoneId(At at) {
      String name = text(at);
      if (name == null) {
        return ZoneOffset.UTC;
      }
      try {
        return ZoneId.of(name);
      } catch (DateTimeException e) {
        fail(at.path, "unknown time zone '" + name + "': use an IANA name such as Europe/Paris");
        return ZoneOffset.UTC;
      }
    }

    // ---- conditions

    private Condition condition(At at) {
      if (at.node == null || !at.node.isObject()) {
        fail(at.path, "a condition is an object with one of: " + String.join(", ", CONDITION_KEYS));
        return null;
      }
      List<String> kinds = CONDITION_KEYS.stream().filter(at::has).toList();
      if (kinds.isEmpty()) {
        String first = at.node.fieldNames().hasNext() ? at.node.fieldNames().next() : "";
        fail(
            at.path,
            "a condition needs one of: "
                + String.join(", ", CONDITION_KEYS)
                + "."
                + Suggestions.closest(first, CONDITION_KEYS)
                    .map(c -> " Did you mean '" + c + "' instead of '" + first + "'?")
                    .orElse(""));
        return null;
      }
      if (kinds.size() > 1) {
        fail(
            at.path,
            "a condition has exactly one of "
                + String.join(", ", CONDITION_KEYS)
                + ", this one has "
                + String.join(" and ", kinds)
                + ": wrap several conditions in 'all' or 'any'");
        return null;
      }
      return switch (kinds.get(0)) {
        case "all" -> group(at, "all");
        case "any" -> group(at, "any");
        case "not" -> {
          checkKeys(at, List.of("not"));
          Condition inner = condition(at.key("not"));
          yield inner == null ? null : new Not(inner);
        }
        case "field" -> field(at);
        case "tags" -> tags(at);
        case "event" -> behavior(at);
        default -> membership(at, kinds.get(0));
      };
    }

    private Condition group(At at, String key) {
      checkKeys(at, List.of(key));
      At list = at.key(key);
      if (list.node == null || !list.node.isArray() || list.node.isEmpty()) {
        fail(list.path, "'" + key + "' takes a non-empty list of conditions");
        return null;
      }
      List<Condition> children = new ArrayList<>();
      for (int i = 0; i < list.node.size(); i++) {
        children.add(condition(list.element(i)));
      }
      if (children.contains(null)) {
        return null;
      }
      return key.equals("all") ? new AllOf(children) : new AnyOf(children);
    }

    private Condition field(At at) {
      checkKeys(at, List.of("field", "op", "value", "unit"));
      String path = text(at.key("field"));
      if (path == null) {
        return null;
      }
      Optional<FieldRef> field = catalog.resolveField(path);
      if (field.isEmpty()) {
        fail(
            at.path + ".field",
            "unknown field '"
                + path
                + "'."
                + Suggestions.hint(path, catalog.fieldPaths())
                + " Custom fields are 'custom.<name>' and must be declared in catalog.json");
        return null;
      }
      Comparison comparison = comparison(at, field.get().type(), "field '" + path + "'");
      return comparison == null ? null : new FieldCondition(field.get(), comparison);
    }

    private Condition tags(At at) {
      checkKeys(at, List.of("tags"));
      At tags = at.key("tags");
      List<String> matches = List.of("has_any", "has_all", "has_none");
      if (tags.node == null || !tags.node.isObject() || tags.node.size() != 1) {
        fail(
            tags.path,
            "'tags' takes one of " + String.join(", ", matches) + " with a list of tags");
        return null;
      }
      String match = tags.node.fieldNames().next();
      if (!matches.contains(match)) {
        fail(
            tags.path + "." + match,
            "unknown tag match '" + match + "': use one of " + String.join(", ", matches));
        return null;
      }
      At list = tags.key(match);
      if (!list.node.isArray() || list.node.isEmpty()) {
        fail(list.path, "'" + match + "' takes a non-empty list of tags, such as [\"vip\"]");
        return null;
      }
      List<String> values = nonEmptyTextList(list);
      if (values == null) {
        return null;
      }
      Set<String> lowerCased = new LinkedHashSet<>();
      values.forEach(v -> lowerCased.add(v.toLowerCase(Locale.ROOT)));
      return new TagCondition(
          TagCondition.Match.valueOf(match.toUpperCase(Locale.ROOT)), lowerCased);
    }

    private Condition membership(At at, String key) {
      checkKeys(at, List.of(key));
      String id = text(at.key(key));
      if (id == null) {
        return null;
      }
      references.add(new ParsedDefinition.Reference(id, at.path + "." + key));
      return new MembershipCondition(id, key.equals("in_segment"));
    }

    // ---- behaviour

    private Condition behavior(At at) {
      List<String> keys = new ArrayList<>(List.of("event", "where", "window"));
      keys.addAll(MEASURE_KEYS);
      checkKeys(at, keys);
      String type = text(at.key("event"));
      if (type == null) {
        return null;
      }
      Optional<EventTypeSpec> spec = catalog.eventType(type);
      if (spec.isEmpty()) {
        fail(
            at.path + ".event",
            "unknown event type '"
                + type
                + "'."
                + Suggestions.hint(type, catalog.eventTypes().keySet())
                + " Custom event types must be declared in catalog.json");
        return null;
      }
      List<PropertyCondition> where =
          at.has("where") ? where(at.key("where"), spec.get()) : List.of();
      Window window = at.has("window") ? window(at.key("window")) : new Window.Ever();
      Measure measure = measure(at, spec.get());
      if (where == null || window == null || measure == null) {
        return null;
      }
      return new BehaviorCondition(type, where, window, measure);
    }

    private List<PropertyCondition> where(At at, EventTypeSpec spec) {
      if (at.node == null || !at.node.isArray()) {
        fail(at.path, "'where' takes a list of property conditions, all of which must hold");
        return null;
      }
      List<PropertyCondition> conditions = new ArrayList<>();
      for (int i = 0; i < at.node.size(); i++) {
        At element = at.element(i);
        if (element.node == null || !element.node.isObject()) {
          fail(element.path, "a property condition is an object with property, op and value");
          conditions.add(null);
          continue;
        }
        checkKeys(element, List.of("property", "op", "value", "unit"));
        String property = requiredText(element, "property");
        ValueType type =
            property == null ? null : property(element.key("property"), spec, property);
        Comparison comparison =
            type == null ? null : comparison(element, type, "property '" + property + "'");
        conditions.add(
            comparison == null ? null : new PropertyCondition(property, type, comparison));
      }
      return conditions.contains(null) ? null : conditions;
    }

    private ValueType property(At at, EventTypeSpec spec, String property) {
      ValueType type = spec.properties().get(property);
      if (type == null) {
        fail(
            at.path,
            "event type '"
                + spec.name()
                + "' has no property '"
                + property
                + "'."
                + Suggestions.hint(property, spec.properties().keySet()));
      }
      return type;
    }

    private Window window(At at) {
      if (at.node == null || !at.node.isObject()) {
        fail(
            at.path,
            "a window is {\"last\": N, \"unit\": \"days\"}, {\"since\": D} or {\"between\": [A, B]}");
        return null;
      }
      if (at.has("last")) {
        checkKeys(at, List.of("last", "unit"));
        RelativeSpan span = span(at.key("last"), at.key("unit"), false);
        return span == null ? null : new Window.Last(span);
      }
      if (at.has("since")) {
        checkKeys(at, List.of("since"));
        Instant from = timeBound(at.key("since"), false);
        return from == null ? null : new Window.Between(from, null);
      }
      if (at.has("between")) {
        checkKeys(at, List.of("between"));
        Instant[] range = timeRange(at.key("between"));
        return range == null ? null : new Window.Between(range[0], range[1]);
      }
      fail(at.path, "a window has one of 'last', 'since' or 'between'; leave it out for all time");
      return null;
    }

    private Measure measure(At at, EventTypeSpec spec) {
      List<String> present = MEASURE_KEYS.stream().filter(at::has).toList();
      if (present.size() > 1) {
        fail(
            at.path,
            "a behaviour condition has at most one measure, this one has "
                + String.join(" and ", present));
        return null;
      }
      if (present.isEmpty()) {
        return new Measure.Count(Measure.Count.CountOp.AT_LEAST, 1);
      }
      String key = present.get(0);
      At measure = at.key(key);
      if (measure.node == null || !measure.node.isObject()) {
        fail(measure.path, "'" + key + "' takes an object with op and value");
        return null;
      }
      return switch (key) {
        case "count" -> count(measure);
        case "first", "last" -> {
          checkKeys(measure, COMPARISON_KEYS);
          Comparison comparison =
              comparison(measure, ValueType.TIMESTAMP, "the " + key + " occurrence");
          yield comparison == null
              ? null
              : new Measure.Occurrence(
                  Measure.Occurrence.Which.valueOf(key.toUpperCase(Locale.ROOT)), comparison);
        }
        default -> aggregate(measure, key, spec);
      };
    }

    private Measure count(At at) {
      checkKeys(at, List.of("op", "value"));
      List<String> ops = List.of("at_least", "at_most", "exactly");
      String op = requiredText(at, "op");
      if (op != null && !ops.contains(op)) {
        fail(at.path + ".op", "unknown count operator '" + op + "'." + Suggestions.hint(op, ops));
        op = null;
      }
      At value = at.key("value");
      if (value.node == null
          || !value.node.canConvertToLong()
          || !value.node.isIntegralNumber()
          || value.node.asLong() < 0) {
        fail(value.path, "a count is a whole number of at least 0, got " + describe(value.node));
        return null;
      }
      return op == null
          ? null
          : new Measure.Count(
              Measure.Count.CountOp.valueOf(op.toUpperCase(Locale.ROOT)), value.node.asLong());
    }

    private Measure aggregate(At at, String function, EventTypeSpec spec) {
      List<String> keys = new ArrayList<>(List.of("property"));
      keys.addAll(COMPARISON_KEYS);
      checkKeys(at, keys);
      String property = requiredText(at, "property");
      ValueType type = property == null ? null : property(at.key("property"), spec, property);
      if (type != null && type != ValueType.NUMBER) {
        fail(
            at.path + ".property",
            "'" + function + "' needs a number property, '" + property + "' is " + type.jsonName());
        return null;
      }
      if (type == null) {
        return null;
      }
      At op = at.key("op");
      if (op.node != null
          && op.node.isTextual()
          && Set.of("empty", "not_empty").contains(op.node.asText())) {
        fail(
            op.path,
            "'"
                + op.node.asText()
                + "' does not apply to an aggregate: use a count of 0 for 'no events'");
        return null;
      }
      Comparison comparison =
          comparison(at, ValueType.NUMBER, "the " + function + " of '" + property + "'");
      return comparison == null
          ? null
          : new Measure.Aggregate(
              Measure.Aggregate.Function.valueOf(function.toUpperCase(Locale.ROOT)),
              property,
              comparison);
    }

    // ---- operators and operands

    /**
     * Parses {@code op}, {@code value} and {@code unit} of {@code at} for a value of {@code type}.
     */
    private Comparison comparison(At at, ValueType type, String subject) {
      String opName = requiredText(at, "op");
      if (opName == null) {
        return null;
      }
      Optional<Operator> found = Operator.fromJsonName(opName);
      if (found.isEmpty()) {
        fail(
            at.path + ".op",
            "unknown operator '"
                + opName
                + "' for "
                + subject
                + " ("
                + type.jsonName()
                + ")."
                + Suggestions.hint(opName, Operator.namesFor(type)));
        return null;
      }
      Operator op = found.get();
      if (!op.appliesTo(type)) {
        fail(
            at.path + ".op",
            "operator '"
                + opName
                + "' does not apply to "
                + subject
                + ", which is "
                + type.jsonName()
                + ": use one of "
                + String.join(", ", Operator.namesFor(type)));
        return null;
      }
      boolean relative =
          Set.of(Operator.IN_LAST, Operator.MORE_THAN_AGO, Operator.IN_NEXT).contains(op);
      if (at.has("unit") && !relative) {
        fail(at.path + ".unit", "'unit' goes only with in_last, more_than_ago and in_next");
        return null;
      }
      At value = at.key("value");
      if (op.positive() == Operator.EMPTY) {
        if (value.node != null) {
          fail(value.path, "'" + opName + "' takes no value: remove it");
          return null;
        }
        return new Comparison(op, new ValuePredicate.IsEmpty());
      }
      if (value.node == null || value.node.isNull()) {
        fail(at.path, "operator '" + opName + "' needs a 'value'");
        return null;
      }
      ValuePredicate predicate = predicate(op.positive(), type, value, at.key("unit"));
      return predicate == null ? null : new Comparison(op, predicate);
    }

    private ValuePredicate predicate(Operator op, ValueType type, At value, At unit) {
      return switch (op) {
        case EQ ->
            switch (type) {
              case TEXT, TEXT_LIST -> {
                String text = text(value);
                yield text == null ? null : new ValuePredicate.TextIn(Set.of(text));
              }
              case NUMBER -> {
                BigDecimal number = number(value);
                yield number == null ? null : new ValuePredicate.NumberIn(Set.of(number));
              }
              default -> {
                if (!value.node.isBoolean()) {
                  fail(value.path, "expected true or false, got " + describe(value.node));
                  yield null;
                }
                yield new ValuePredicate.BooleanIs(value.node.asBoolean());
              }
            };
        case IN -> inList(type, value);
        case CONTAINS -> textPart(value, ValuePredicate.TextContains::new);
        case STARTS_WITH -> textPart(value, ValuePredicate.TextStartsWith::new);
        case ENDS_WITH -> textPart(value, ValuePredicate.TextEndsWith::new);
        case REGEX -> regex(value);
        case LT, LTE, GT, GTE -> {
          BigDecimal number = number(value);
          yield number == null
              ? null
              : new ValuePredicate.NumberCompare(
                  ValuePredicate.NumberCompare.Bound.valueOf(op.name()), number);
        }
        case BETWEEN -> type == ValueType.NUMBER ? numberRange(value) : timeBetween(value);
        case BEFORE -> {
          Instant bound = timeBound(value, false);
          yield bound == null ? null : new ValuePredicate.TimeRange(null, bound, zone);
        }
        case AFTER -> {
          Instant bound = timeBound(value, true);
          yield bound == null ? null : new ValuePredicate.TimeRange(bound, null, zone);
        }
        case ON -> {
          LocalDate day = date(value);
          yield day == null
              ? null
              : new ValuePredicate.TimeRange(startOf(day), startOf(day.plusDays(1)), zone);
        }
        case IN_LAST, MORE_THAN_AGO, IN_NEXT -> {
          RelativeSpan span = span(value, unit, type == ValueType.DATE);
          if (span == null) {
            yield null;
          }
          yield switch (op) {
            case IN_LAST -> new ValuePredicate.InLast(span);
            case MORE_THAN_AGO -> new ValuePredicate.MoreThanAgo(span);
            default -> new ValuePredicate.InNext(span);
          };
        }
        case ANNIVERSARY -> {
          Period period = period(value, List.of("day", "month"));
          yield period == null ? null : new ValuePredicate.Anniversary(period, zone);
        }
        case IN_CURRENT -> {
          Period period = period(value, List.of("day", "week", "month", "year"));
          yield period == null ? null : new ValuePredicate.InCurrent(period, zone);
        }
        default -> throw new IllegalStateException("not a positive operator: " + op);
      };
    }

    private ValuePredicate inList(ValueType type, At value) {
      if (type == ValueType.NUMBER) {
        if (!value.node.isArray() || value.node.isEmpty()) {
          fail(value.path, "'in' takes a non-empty list of numbers, got " + describe(value.node));
          return null;
        }
        List<BigDecimal> numbers = new ArrayList<>();
        for (int i = 0; i < value.node.size(); i++) {
          numbers.add(number(value.element(i)));
        }
        return numbers.contains(null) ? null : new ValuePredicate.NumberIn(Set.copyOf(numbers));
      }
      List<String> texts = nonEmptyTextList(value);
      return texts == null ? null : new ValuePredicate.TextIn(Set.copyOf(texts));
    }

    private ValuePredicate textPart(
        At value, java.util.function.Function<String, ValuePredicate> make) {
      String text = text(value);
      if (text != null && text.isEmpty()) {
        fail(value.path, "an empty text matches everything: give at least one character");
        return null;
      }
      return text == null ? null : make.apply(text);
    }

    private ValuePredicate regex(At value) {
      String regex = text(value);
      if (regex == null) {
        return null;
      }
      try {
        Pattern.compile(regex);
        return new ValuePredicate.TextRegex(regex);
      } catch (PatternSyntaxException e) {
        fail(
            value.path,
            "invalid regular expression: "
                + e.getDescription()
                + " near index "
                + e.getIndex()
                + " of '"
                + regex
                + "'");
        return null;
      }
    }

    private ValuePredicate numberRange(At value) {
      if (!value.node.isArray() || value.node.size() != 2) {
        fail(value.path, "'between' takes [low, high], got " + describe(value.node));
        return null;
      }
      BigDecimal low = number(value.element(0));
      BigDecimal high = number(value.element(1));
      if (low == null || high == null) {
        return null;
      }
      if (low.compareTo(high) > 0) {
        fail(
            value.path,
            "the low bound " + low + " is above the high bound " + high + ": swap them");
        return null;
      }
      return new ValuePredicate.NumberBetween(low, high);
    }

    private ValuePredicate timeBetween(At value) {
      Instant[] range = timeRange(value);
      return range == null ? null : new ValuePredicate.TimeRange(range[0], range[1], zone);
    }

    /** [A, B] with both included: from A's first instant up to (excluded) just after B. */
    private Instant[] timeRange(At value) {
      if (value.node == null || !value.node.isArray() || value.node.size() != 2) {
        fail(
            value.path,
            "'between' takes [from, to], two dates or instants, got " + describe(value.node));
        return null;
      }
      Instant from = timeBound(value.element(0), false);
      Instant to = timeBound(value.element(1), true);
      if (from == null || to == null) {
        return null;
      }
      if (!from.isBefore(to)) {
        fail(
            value.path,
            "'between' runs from the first to the second bound: the first is after the second");
        return null;
      }
      return new Instant[] {from, to};
    }

    /**
     * A date or instant as a bound. {@code afterIt}: the first instant after the value (the next
     * day for a date, the next millisecond for an instant); else its first instant.
     */
    private Instant timeBound(At value, boolean afterIt) {
      String text = text(value);
      if (text == null) {
        return null;
      }
      try {
        LocalDate date = LocalDate.parse(text);
        return startOf(afterIt ? date.plusDays(1) : date);
      } catch (DateTimeException notADate) {
        try {
          Instant instant = OffsetDateTime.parse(text).toInstant();
          return afterIt ? instant.plusMillis(1) : instant;
        } catch (DateTimeException notAnInstant) {
          fail(
              value.path,
              "expected a date such as 2026-11-22 or an instant such as 2026-11-22T10:00:00Z, got '"
                  + text
                  + "'");
          return null;
        }
      }
    }

    private LocalDate date(At value) {
      String text = text(value);
      if (text == null) {
        return null;
      }
      try {
        return LocalDate.parse(text);
      } catch (DateTimeException e) {
        fail(value.path, "expected a date such as 2026-11-22, got '" + text + "'");
        return null;
      }
    }

    private Instant startOf(LocalDate day) {
      return day.atStartOfDay(zone).toInstant();
    }

    private RelativeSpan span(At amount, At unit, boolean daysOnly) {
      String unitName = unit.node == null ? null : text(unit);
      if (unit.node == null) {
        fail(
            unit.path,
            "a relative time needs a 'unit': one of "
                + String.join(", ", new TreeMap<>(UNITS).keySet()));
        return null;
      }
      if (unitName == null) {
        return null;
      }
      WindowUnit windowUnit = UNITS.get(unitName);
      if (windowUnit == null) {
        fail(
            unit.path,
            "unknown unit '"
                + unitName
                + "'."
                + Suggestions.hint(unitName, new TreeMap<>(UNITS).keySet()));
        return null;
      }
      if (daysOnly && windowUnit != WindowUnit.DAYS) {
        fail(unit.path, "a date field has no time of day: use days or weeks");
        return null;
      }
      long factor = unitName.equals("weeks") ? 7 : 1;
      long max = windowUnit.maxAmount() / factor;
      if (amount.node == null
          || !amount.node.isIntegralNumber()
          || amount.node.asLong() < 1
          || amount.node.asLong() > max) {
        fail(
            amount.path,
            "expected a whole number of "
                + unitName
                + " from 1 to "
                + max
                + ", got "
                + describe(amount.node)
                + (amount.node != null && amount.node.isNumber() && amount.node.asLong() < 1
                    ? ": a span of time counts whole units from the evaluation time, so it is never negative or zero"
                    : ""));
        return null;
      }
      return new RelativeSpan(amount.node.asLong() * factor, windowUnit, zone);
    }

    private Period period(At value, List<String> allowed) {
      String text = text(value);
      if (text == null) {
        return null;
      }
      if (!allowed.contains(text)) {
        fail(value.path, "unknown period '" + text + "'." + Suggestions.hint(text, allowed));
        return null;
      }
      return Period.valueOf(text.toUpperCase(Locale.ROOT));
    }

    // ---- scalars

    private BigDecimal number(At at) {
      if (at.node == null || !at.node.isNumber()) {
        fail(at.path, "expected a number, got " + describe(at.node));
        return null;
      }
      BigDecimal number = at.node.decimalValue();
      Optional<String> problem = Values.outOfBounds(number);
      problem.ifPresent(p -> fail(at.path, p));
      return problem.isPresent() ? null : number;
    }

    private List<String> nonEmptyTextList(At at) {
      if (at.node == null || !at.node.isArray() || at.node.isEmpty()) {
        fail(at.path, "expected a non-empty list of texts, got " + describe(at.node));
        return null;
      }
      List<String> texts = new ArrayList<>();
      for (int i = 0; i < at.node.size(); i++) {
        texts.add(text(at.element(i)));
      }
      return texts.contains(null) ? null : texts;
    }

    private String requiredText(At at, String key) {
      if (!at.has(key)) {
        fail(at.path, "missing '" + key + "'");
        return null;
      }
      return text(at.key(key));
    }

    private String text(At at) {
      if (at.node == null || !at.node.isTextual()) {
        fail(at.path, "expected a text, got " + describe(at.node));
        return null;
      }
      return at.node.asText();
    }

    private void checkKeys(At at, List<String> allowed) {
      at.node
          .fieldNames()
          .forEachRemaining(
              key -> {
                if (!allowed.contains(key)) {
                  fail(
                      at.path + "." + key,
                      "unknown key '" + key + "' here." + Suggestions.hint(key, allowed));
                }
              });
    }

    private void fail(String path, String message) {
      errors.add(new DefinitionError(source, path, message));
    }
  }

  private static ObjectMapper mapperFor(String source) {
    String lower = source.toLowerCase(Locale.ROOT);
    return lower.endsWith(".yaml") || lower.endsWith(".yml") ? YAML : JSON;
  }

  private static String describe(JsonNode node) {
    if (node == null || node.isNull()) {
      return "nothing";
    }
    if (node.isTextual()) {
      return "the text '" + node.asText() + "'";
    }
    if (node.isArray()) {
      return "a list";
    }
    if (node.isObject()) {
      return "an object";
    }
    return node.getNodeType().name().toLowerCase(Locale.ROOT) + " " + node;
  }

  private static String lineOf(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " (line "
            + e.getLocation().getLineNr()
            + ", column "
            + e.getLocation().getColumnNr()
            + ")";
  }
}
