package io.segmentflow.segments.data;

import io.segmentflow.schemas.ListActionSource;
import io.segmentflow.schemas.ListActionType;
import io.segmentflow.schemas.TypedValue;
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
