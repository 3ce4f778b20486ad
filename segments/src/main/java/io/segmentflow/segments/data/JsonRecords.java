package io.segmentflow.segments.data;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.segmentflow.segments.catalog.Catalog;
import io.segmentflow.segments.catalog.EventTypeSpec;
import io.segmentflow.segments.model.ValueType;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON Lines form of the four input records, as data teams export them: one object per line,
 * keys are the Avro field names ({@code contact_id}, {@code occurred_at}, ...), timestamps are
 * ISO-8601 UTC strings, dates {@code YYYY-MM-DD}, numbers exact JSON numbers, text lists arrays,
 * list actions and sources lower-case ({@code clear_override}, {@code csv_import}). Missing values
 * are omitted on writing; on reading, null and absent are the same.
 *
 * <p>A key is required exactly when the Avro schema gives its field no default. Unknown keys are
 * ignored, as Avro's schema resolution ignores unknown fields, so older readers accept newer files.
 * Custom fields and event properties are typed by the {@link Catalog}; names it does not declare
 * keep the type of their JSON value (string: text, number, boolean, array of strings: text list).
 */
public final class JsonRecords {

  private static final JsonFactory FACTORY = new JsonFactory();
  private static final ObjectMapper READER =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private final Catalog catalog;

  /** A reader that types custom fields and event properties with {@code catalog}. */
  public JsonRecords(Catalog catalog) {
    this.catalog = catalog;
  }

  // ---- reading

  /**
   * A contact from one line.
   *
   * @throws IllegalArgumentException naming the field at fault and what was expected
   */
  public Contact readContact(String line) {
    Fields fields = Fields.of(line);
    return Contact.builder(fields.requiredId("contact_id"))
        .email(fields.text("email"))
        .phone(fields.text("phone"))
        .firstName(fields.text("first_name"))
        .lastName(fields.text("last_name"))
        .country(fields.text("country"))
        .language(fields.text("language"))
        .city(fields.text("city"))
        .createdAt(fields.required("created_at", ValueType.TIMESTAMP))
        .updatedAt(fields.required("updated_at", ValueType.TIMESTAMP))
        .tags(fields.optional("tags", ValueType.TEXT_LIST, List.of()))
        .companyId(fields.text("company_id"))
        .unsubscribed(fields.optional("unsubscribed", ValueType.BOOLEAN, false))
        .marketingConsent(fields.value("marketing_consent", ValueType.BOOLEAN))
        .customFields(fields.typedValues("custom_fields", catalog.contactCustomFields()))
        .build();
  }

  /**
   * A company from one line.
   *
   * @throws IllegalArgumentException naming the field at fault and what was expected
   */
  public Company readCompany(String line) {
    Fields fields = Fields.of(line);
    return new Company(
        fields.requiredId("company_id"),
        fields.text("name"),
        fields.text("industry"),
        fields.wholeNumber("size"),
        fields.text("country"),
        fields.required("updated_at", ValueType.TIMESTAMP),
        fields.typedValues("custom_fields", catalog.companyCustomFields()));
  }

  /**
   * An event from one line.
   *
   * @throws IllegalArgumentException naming the field at fault and what was expected
   */
  public Event readEvent(String line) {
    Fields fields = Fields.of(line);
    String eventId = fields.requiredId("event_id");
    String contactId = fields.requiredId("contact_id");
    String eventType = fields.requiredId("event_type");
    Map<String, ValueType> declared =
        catalog.eventType(eventType).map(EventTypeSpec::properties).orElse(Map.of());
    return new Event(
        eventId,
        contactId,
        eventType,
        fields.required("occurred_at", ValueType.TIMESTAMP),
        fields.typedValues("properties", declared));
  }

  /**
   * A list action from one line.
   *
   * @throws IllegalArgumentException naming the field at fault and what was expected
   */
  public ListAction readListAction(String line) {
    Fields fields = Fields.of(line);
    return new ListAction(
        fields.requiredId("action_id"),
        fields.requiredId("contact_id"),
        fields.requiredId("list_id"),
        fields.choice("action", ListAction.Type.values(), null),
        fields.choice("source", ListAction.Source.values(), ListAction.Source.OTHER),
        fields.required("occurred_at", ValueType.TIMESTAMP));
  }

  /** The fields of one line, read with messages that name the field at fault. */
  private record Fields(JsonNode object) {

    static Fields of(String line) {
      JsonNode object;
      try {
        object = READER.readTree(line);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("not well-formed JSON: " + e.getOriginalMessage());
      }
      if (object == null || !object.isObject()) {
        throw new IllegalArgumentException("expected a JSON object, got: " + line);
      }
      return new Fields(object);
    }

    /** The value as {@code type}'s Java type, or null when absent or null. */
    @SuppressWarnings("unchecked")
    <T> T value(String name, ValueType type) {
      return (T) Values.coerce(name, raw(object.get(name)), type);
    }

    <T> T optional(String name, ValueType type, T whenMissing) {
      T value = value(name, type);
      return value == null ? whenMissing : value;
    }

    <T> T required(String name, ValueType type) {
      T value = value(name, type);
      if (value == null) {
        throw new IllegalArgumentException(
            name + ": required, expected " + Values.describe(type) + ", got nothing");
      }
      return value;
    }

    String requiredId(String name) {
      return Values.nonBlankId(name, required(name, ValueType.TEXT));
    }

    String text(String name) {
      return value(name, ValueType.TEXT);
    }

    Long wholeNumber(String name) {
      BigDecimal number = value(name, ValueType.NUMBER);
      if (number == null) {
        return null;
      }
      try {
        return number.longValueExact();
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException(name + ": expected a whole number, got " + number);
      }
    }

    /** One of the constants by its lower-case name; required when {@code whenMissing} is null. */
    <E extends Enum<E>> E choice(String name, E[] constants, E whenMissing) {
      String value = text(name);
      if (value == null && whenMissing != null) {
        return whenMissing;
      }
      List<String> names =
          Arrays.stream(constants).map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
      if (value == null) {
        throw new IllegalArgumentException(
            name + ": required, expected one of " + String.join(", ", names) + ", got nothing");
      }
      int index = names.indexOf(value.toLowerCase(Locale.ROOT));
      if (index < 0) {
        throw new IllegalArgumentException(
            name + ": expected one of " + String.join(", ", names) + ", got '" + value + "'");
      }
      return constants[index];
    }

    /** Named values typed by {@code declared}, or by their JSON type when undeclared. */
    Map<String, Object> typedValues(String name, Map<String, ValueType> declared) {
      JsonNode values = object.get(name);
      if (values == null || values.isNull()) {
        return Map.of();
      }
      if (!values.isObject()) {
        throw new IllegalArgumentException(
            name + ": expected an object of name: value, got " + values);
      }
      Map<String, Object> raw = new HashMap<>();
      values.fields().forEachRemaining(entry -> raw.put(entry.getKey(), raw(entry.getValue())));
      return Values.typed(name, raw, declared);
    }

    /** The plain Java form of a JSON value, for {@link Values#coerce}; null for JSON null. */
    private static Object raw(JsonNode node) {
      if (node == null || node.isNull()) {
        return null;
      }
      if (node.isNumber()) {
        return node.decimalValue();
      }
      if (node.isBoolean()) {
        return node.booleanValue();
      }
      if (node.isArray()) {
        List<Object> elements = new ArrayList<>();
        node.forEach(element -> elements.add(raw(element)));
        return elements;
      }
      // an object stays a node: no value type accepts it, so it is reported as it is
      return node.isTextual() ? node.textValue() : node;
    }
  }

  // ---- writing

  public static String toLine(Contact contact) {
    return line(json -> write(json, contact));
  }

  public static String toLine(Company company) {
    return line(json -> write(json, company));
  }

  public static String toLine(Event event) {
    return line(json -> write(json, event));
  }

  public static String toLine(ListAction action) {
    return line(json -> write(json, action));
  }

  /** Writes records to {@code out} as UTF-8 JSON Lines; closing it closes {@code out}. */
  public static LineWriter lineWriter(OutputStream out) throws IOException {
    return new LineWriter(FACTORY.createGenerator(out, JsonEncoding.UTF8));
  }

  /** Appends one record per line to a stream. */
  public static final class LineWriter implements Closeable {
    private final JsonGenerator json;

    private LineWriter(JsonGenerator json) {
      this.json = json;
      json.setRootValueSeparator(null);
    }

    public void write(Contact contact) throws IOException {
      JsonRecords.write(json, contact);
      json.writeRaw('\n');
    }

    public void write(Company company) throws IOException {
      JsonRecords.write(json, company);
      json.writeRaw('\n');
    }

    public void write(Event event) throws IOException {
      JsonRecords.write(json, event);
      json.writeRaw('\n');
    }

    public void write(ListAction action) throws IOException {
      JsonRecords.write(json, action);
      json.writeRaw('\n');
    }

    @Override
    public void close() throws IOException {
      json.close();
    }
  }

  private interface RecordWriting {
    void writeTo(JsonGenerator json) throws IOException;
  }

  private static String line(RecordWriting record) {
    StringWriter line = new StringWriter();
    try (JsonGenerator json = FACTORY.createGenerator(line)) {
      record.writeTo(json);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot happen: writing to a string", e);
    }
    return line.toString();
  }

  private static void write(JsonGenerator json, Contact contact) throws IOException {
    json.writeStartObject();
    field(json, "contact_id", contact.contactId());
    field(json, "email", contact.email());
    field(json, "phone", contact.phone());
    field(json, "first_name", contact.firstName());
    field(json, "last_name", contact.lastName());
    field(json, "country", contact.country());
    field(json, "language", contact.language());
    field(json, "city", contact.city());
    field(json, "created_at", contact.createdAt());
    field(json, "updated_at", contact.updatedAt());
    if (!contact.tags().isEmpty()) {
      field(json, "tags", contact.tags());
    }
    field(json, "company_id", contact.companyId());
    field(json, "unsubscribed", contact.unsubscribed());
    field(json, "marketing_consent", contact.marketingConsent());
    fields(json, "custom_fields", contact.customFields());
    json.writeEndObject();
  }

  private static void write(JsonGenerator json, Company company) throws IOException {
    json.writeStartObject();
    field(json, "company_id", company.companyId());
    field(json, "name", company.name());
    field(json, "industry", company.industry());
    field(json, "size", company.size() == null ? null : BigDecimal.valueOf(company.size()));
    field(json, "country", company.country());
    field(json, "updated_at", company.updatedAt());
    fields(json, "custom_fields", company.customFields());
    json.writeEndObject();
  }

  private static void write(JsonGenerator json, Event event) throws IOException {
    json.writeStartObject();
    field(json, "event_id", event.eventId());
    field(json, "contact_id", event.contactId());
    field(json, "event_type", event.eventType());
    field(json, "occurred_at", event.occurredAt());
    fields(json, "properties", event.properties());
    json.writeEndObject();
  }

  private static void write(JsonGenerator json, ListAction action) throws IOException {
    json.writeStartObject();
    field(json, "action_id", action.actionId());
    field(json, "contact_id", action.contactId());
    field(json, "list_id", action.listId());
    field(json, "action", action.type().name().toLowerCase(Locale.ROOT));
    field(json, "source", action.source().name().toLowerCase(Locale.ROOT));
    field(json, "occurred_at", action.occurredAt());
    json.writeEndObject();
  }

  /** Named values in name order, so a record always gives the same line. */
  private static void fields(JsonGenerator json, String name, Map<String, Object> values)
      throws IOException {
    if (values.isEmpty()) {
      return;
    }
    json.writeObjectFieldStart(name);
    for (Map.Entry<String, Object> entry : new TreeMap<>(values).entrySet()) {
      field(json, entry.getKey(), entry.getValue());
    }
    json.writeEndObject();
  }

  /** A field holding one of the {@link ValueType} Java types; a null value is omitted. */
  private static void field(JsonGenerator json, String name, Object value) throws IOException {
    if (value == null) {
      return;
    }
    json.writeFieldName(name);
    if (value instanceof BigDecimal number) {
      json.writeNumber(number);
    } else if (value instanceof Boolean flag) {
      json.writeBoolean(flag);
    } else if (value instanceof List<?> texts) {
      json.writeStartArray();
      for (Object text : texts) {
        json.writeString((String) text);
      }
      json.writeEndArray();
    } else {
      // text, timestamp (Instant.toString() is ISO-8601 UTC) and date (YYYY-MM-DD)
      json.writeString(value.toString());
    }
  }
}
