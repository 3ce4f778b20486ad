package io.segmentflow.segments.data;

import io.segmentflow.schemas.ListActionSource;
import io.segmentflow.schemas.ListActionType;
import io.segmentflow.schemas.TypedValue;
import io.segmentflow.segments.catalog.Catalog;
import io.segmentflow.segments.catalog.EventTypeSpec;
import io.segmentflow.segments.model.ValueType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Converts the core records to and from the Avro records generated from {@code schemas/}. Numbers
 * travel as doubles: a decimal is sent as its nearest double and read back as the double's shortest
 * decimal ({@link BigDecimal#valueOf(double)}), so 19.99 comes back as 19.99 but 19.90 as 19.9,
 * equal by {@link BigDecimal#compareTo}.
 *
 * <p>Records read from outside (files, topics) go through the overloads that take a {@link
 * Catalog}: they check and type a record exactly as {@link JsonRecords} reads a JSON line, so a
 * record means the same in every format and every engine.
 */
public final class AvroRecords {

  private AvroRecords() {}

  public static io.segmentflow.schemas.Contact toAvro(Contact contact) {
    return io.segmentflow.schemas.Contact.newBuilder()
        .setContactId(contact.contactId())
        .setEmail(contact.email())
        .setPhone(contact.phone())
        .setFirstName(contact.firstName())
        .setLastName(contact.lastName())
        .setCountry(contact.country())
        .setLanguage(contact.language())
        .setCity(contact.city())
        .setCreatedAt(contact.createdAt())
        .setUpdatedAt(contact.updatedAt())
        .setTags(contact.tags())
        .setCompanyId(contact.companyId())
        .setUnsubscribed(contact.unsubscribed())
        .setMarketingConsent(contact.marketingConsent())
        .setCustomFields(toTypedValues(contact.customFields()))
        .build();
  }

  public static Contact fromAvro(io.segmentflow.schemas.Contact contact) {
    return Contact.builder(contact.getContactId())
        .email(contact.getEmail())
        .phone(contact.getPhone())
        .firstName(contact.getFirstName())
        .lastName(contact.getLastName())
        .country(contact.getCountry())
        .language(contact.getLanguage())
        .city(contact.getCity())
        .createdAt(contact.getCreatedAt())
        .updatedAt(contact.getUpdatedAt())
        .tags(contact.getTags())
        .companyId(contact.getCompanyId())
        .unsubscribed(contact.getUnsubscribed())
        .marketingConsent(contact.getMarketingConsent())
        .customFields(fromTypedValues("custom_fields", contact.getCustomFields()))
        .build();
  }

  public static io.segmentflow.schemas.Company toAvro(Company company) {
    return io.segmentflow.schemas.Company.newBuilder()
        .setCompanyId(company.companyId())
        .setName(company.name())
        .setIndustry(company.industry())
        .setSize(company.size())
        .setCountry(company.country())
        .setUpdatedAt(company.updatedAt())
        .setCustomFields(toTypedValues(company.customFields()))
        .build();
  }

  public static Company fromAvro(io.segmentflow.schemas.Company company) {
    return new Company(
        company.getCompanyId(),
        company.getName(),
        company.getIndustry(),
        company.getSize(),
        company.getCountry(),
        company.getUpdatedAt(),
        fromTypedValues("custom_fields", company.getCustomFields()));
  }

  public static io.segmentflow.schemas.Event toAvro(Event event) {
    return io.segmentflow.schemas.Event.newBuilder()
        .setEventId(event.eventId())
        .setContactId(event.contactId())
        .setEventType(event.eventType())
        .setOccurredAt(event.occurredAt())
        .setProperties(toTypedValues(event.properties()))
        .build();
  }

  public static Event fromAvro(io.segmentflow.schemas.Event event) {
    return new Event(
        event.getEventId(),
        event.getContactId(),
        event.getEventType(),
        event.getOccurredAt(),
        fromTypedValues("properties", event.getProperties()));
  }

  public static io.segmentflow.schemas.ListAction toAvro(ListAction action) {
    return io.segmentflow.schemas.ListAction.newBuilder()
        .setActionId(action.actionId())
        .setContactId(action.contactId())
        .setListId(action.listId())
        .setAction(ListActionType.valueOf(action.type().name()))
        .setSource(ListActionSource.valueOf(action.source().name()))
        .setOccurredAt(action.occurredAt())
        .build();
  }

  public static ListAction fromAvro(io.segmentflow.schemas.ListAction action) {
    return new ListAction(
        action.getActionId(),
        action.getContactId(),
        action.getListId(),
        ListAction.Type.valueOf(action.getAction().name()),
        ListAction.Source.valueOf(action.getSource().name()),
        action.getOccurredAt());
  }

  /**
   * A contact read from outside: the id must be non-blank and custom fields are typed by the
   * catalog, as {@link JsonRecords#readContact} does.
   *
   * @throws IllegalArgumentException naming the field at fault and what was expected
   */
  public static Contact fromAvro(io.segmentflow.schemas.Contact contact, Catalog catalog) {
    Contact read = fromAvro(contact);
    Values.nonBlankId("contact_id", read.contactId());
    return Contact.builder(read.contactId())
        .email(read.email())
        .phone(read.phone())
        .firstName(read.firstName())
        .lastName(read.lastName())
        .country(read.country())
        .language(read.language())
        .city(read.city())
        .createdAt(read.createdAt())
        .updatedAt(read.updatedAt())
        .tags(read.tags())
        .companyId(read.companyId())
        .unsubscribed(read.unsubscribed())
        .marketingConsent(read.marketingConsent())
        .customFields(
            Values.typed("custom_fields", read.customFields(), catalog.contactCustomFields()))
        .build();
  }

  /**
   * A company read from outside: the id must be non-blank and custom fields are typed by the
   * catalog, as {@link JsonRecords#readCompany} does.
   *
   * @throws IllegalArgumentException naming the field at fault and what was expected
   */
  public static Company fromAvro(io.segmentflow.schemas.Company company, Catalog catalog) {
    Company read = fromAvro(company);
    return new Company(
        Values.nonBlankId("company_id", read.companyId()),
        read.name(),
        read.industry(),
        read.size(),
        read.country(),
        read.updatedAt(),
        Values.typed("custom_fields", read.customFields(), catalog.companyCustomFields()));
  }

  /**
   * An event read from outside: ids must be non-blank and properties are typed by the catalog's
   * declaration of the event type, as {@link JsonRecords#readEvent} does (a text '12.5' for a
   * number property is read as 12.5; a text 'lots' is refused).
   *
   * @throws IllegalArgumentException naming the field at fault and what was expected
   */
  public static Event fromAvro(io.segmentflow.schemas.Event event, Catalog catalog) {
    Event read = fromAvro(event);
    Map<String, ValueType> declared =
        catalog.eventType(read.eventType()).map(EventTypeSpec::properties).orElse(Map.of());
    return new Event(
        Values.nonBlankId("event_id", read.eventId()),
        Values.nonBlankId("contact_id", read.contactId()),
        Values.nonBlankId("event_type", read.eventType()),
        read.occurredAt(),
        Values.typed("properties", read.properties(), declared));
  }

  /**
   * A list action read from outside: ids must be non-blank, as {@link JsonRecords#readListAction}
   * requires. The catalog declares nothing about list actions; it is taken so that every kind of
   * record reads the same way.
   *
   * @throws IllegalArgumentException naming the field at fault and what was expected
   */
  public static ListAction fromAvro(io.segmentflow.schemas.ListAction action, Catalog catalog) {
    ListAction read = fromAvro(action);
    Values.nonBlankId("action_id", read.actionId());
    Values.nonBlankId("contact_id", read.contactId());
    Values.nonBlankId("list_id", read.listId());
    return read;
  }

  /** One of the {@link ValueType} Java types as the TypedValue field of its type. */
  @SuppressWarnings("unchecked")
  public static TypedValue toTypedValue(Object value) {
    TypedValue.Builder typed = TypedValue.newBuilder();
    switch (Values.typeOf(value)) {
      case TEXT -> typed.setText((String) value);
      case NUMBER -> typed.setNumber(((BigDecimal) value).doubleValue());
      case BOOLEAN -> typed.setFlag((Boolean) value);
      case TIMESTAMP -> typed.setTimestamp((Instant) value);
      case DATE -> typed.setDate((LocalDate) value);
      case TEXT_LIST -> typed.setTextList((List<String>) value);
    }
    return typed.build();
  }

  /**
   * The value of the one field that is set.
   *
   * @throws IllegalArgumentException when none or several are set
   */
  public static Object fromTypedValue(TypedValue typed) {
    List<Object> set =
        Stream.of(
                typed.getText(),
                typed.getNumber() == null
                    ? null
                    : Values.coerce(typed.getNumber(), ValueType.NUMBER),
                typed.getFlag(),
                typed.getTimestamp(),
                typed.getDate(),
                typed.getTextList() == null ? null : List.copyOf(typed.getTextList()))
            .filter(Objects::nonNull)
            .toList();
    if (set.size() != 1) {
      throw new IllegalArgumentException(
          "a TypedValue has exactly one field set, found " + set.size() + ": " + typed);
    }
    return set.get(0);
  }

  /** In name order, so a record is always written with the same bytes. */
  private static Map<String, TypedValue> toTypedValues(Map<String, Object> values) {
    Map<String, TypedValue> typed = new TreeMap<>();
    values.forEach((name, value) -> typed.put(name, toTypedValue(value)));
    return typed;
  }

  private static Map<String, Object> fromTypedValues(String field, Map<String, TypedValue> typed) {
    Map<String, Object> values = new HashMap<>();
    typed.forEach(
        (name, value) -> {
          try {
            values.put(name, fromTypedValue(value));
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + "." + name + ": " + e.getMessage());
          }
        });
    return values;
  }
}
