package io.segmentflow.batch.lakehouse;

import io.segmentflow.segments.data.Company;
import io.segmentflow.segments.data.Contact;
import io.segmentflow.segments.data.Event;
import io.segmentflow.segments.data.ListAction;
import io.segmentflow.segments.data.Values;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** Core records as rows of the {@link TableSchemas}. */
public final class Rows {

  private Rows() {}

  public static Row contact(Contact c) {
    return RowFactory.create(
        c.contactId(),
        c.email(),
        c.phone(),
        c.firstName(),
        c.lastName(),
        c.country(),
        c.language(),
        c.city(),
        timestamp(c.createdAt()),
        timestamp(c.updatedAt()),
        c.tags().toArray(String[]::new),
        c.companyId(),
        c.unsubscribed(),
        c.marketingConsent(),
        typedMap(c.customFields()));
  }

  public static Row company(Company c) {
    return RowFactory.create(
        c.companyId(),
        c.name(),
        c.industry(),
        c.size(),
        c.country(),
        timestamp(c.updatedAt()),
        typedMap(c.customFields()));
  }

  public static Row event(Event e) {
    return RowFactory.create(
        e.eventId(),
        e.contactId(),
        e.eventType(),
        timestamp(e.occurredAt()),
        typedMap(e.properties()),
        Date.valueOf(LocalDate.ofInstant(e.occurredAt(), ZoneOffset.UTC)));
  }

  public static Row listAction(ListAction a) {
    return RowFactory.create(
        a.actionId(),
        a.contactId(),
        a.listId(),
        a.type().name(),
        a.source().name(),
        timestamp(a.occurredAt()));
  }

  private static Map<String, Row> typedMap(Map<String, Object> values) {
    Map<String, Row> typed = new HashMap<>();
    values.forEach((name, value) -> typed.put(name, typedValue(value)));
    return typed;
  }

  /** A {@link TableSchemas#TYPED_VALUE} with the one field of the value's type set. */
  static Row typedValue(Object value) {
    Object[] fields = new Object[6];
    switch (Values.typeOf(value)) {
      case TEXT -> fields[0] = value;
      case NUMBER -> fields[1] = (BigDecimal) value;
      case BOOLEAN -> fields[2] = value;
      case TIMESTAMP -> fields[3] = timestamp((Instant) value);
      case DATE -> fields[4] = Date.valueOf((LocalDate) value);
      case TEXT_LIST -> fields[5] = ((List<?>) value).toArray(String[]::new);
    }
    return RowFactory.create(fields);
  }

  private static Timestamp timestamp(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }

  // ---- and back: rows of the tables as core records, for the per-contact commands (explain)

  public static Contact toContact(Row r) {
    return new Contact(
        r.getAs("contact_id"),
        r.getAs("email"),
        r.getAs("phone"),
        r.getAs("first_name"),
        r.getAs("last_name"),
        r.getAs("country"),
        r.getAs("language"),
        r.getAs("city"),
        instant(r.getAs("created_at")),
        instant(r.getAs("updated_at")),
        r.isNullAt(r.fieldIndex("tags")) ? List.of() : r.getList(r.fieldIndex("tags")),
        r.getAs("company_id"),
        Boolean.TRUE.equals(r.getAs("unsubscribed")),
        r.getAs("marketing_consent"),
        values(r.getJavaMap(r.fieldIndex("custom_fields"))));
  }

  public static Company toCompany(Row r) {
    return new Company(
        r.getAs("company_id"),
        r.getAs("name"),
        r.getAs("industry"),
        r.getAs("size"),
        r.getAs("country"),
        instant(r.getAs("updated_at")),
        values(r.getJavaMap(r.fieldIndex("custom_fields"))));
  }

  public static Event toEvent(Row r) {
    return new Event(
        r.getAs("event_id"),
        r.getAs("contact_id"),
        r.getAs("event_type"),
        instant(r.getAs("occurred_at")),
        values(r.getJavaMap(r.fieldIndex("properties"))));
  }

  public static ListAction toListAction(Row r) {
    return new ListAction(
        r.getAs("action_id"),
        r.getAs("contact_id"),
        r.getAs("list_id"),
        ListAction.Type.valueOf(r.getAs("action")),
        ListAction.Source.valueOf(r.getAs("source")),
        instant(r.getAs("occurred_at")));
  }

  private static Map<String, Object> values(Map<String, Row> typed) {
    Map<String, Object> values = new HashMap<>();
    if (typed != null) {
      typed.forEach(
          (name, value) -> {
            Object plain = fromTypedValue(value);
            if (plain != null) {
              values.put(name, plain);
            }
          });
    }
    return values;
  }

  /** The one set field of a {@link TableSchemas#TYPED_VALUE}, as the core's Java type. */
  static Object fromTypedValue(Row typed) {
    if (!typed.isNullAt(0)) {
      return typed.getString(0);
    }
    if (!typed.isNullAt(1)) {
      return typed.getDecimal(1).stripTrailingZeros();
    }
    if (!typed.isNullAt(2)) {
      return typed.getBoolean(2);
    }
    if (!typed.isNullAt(3)) {
      return typed.getTimestamp(3).toInstant();
    }
    if (!typed.isNullAt(4)) {
      return typed.getDate(4).toLocalDate();
    }
    return typed.isNullAt(5) ? null : List.copyOf(typed.getList(5));
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
