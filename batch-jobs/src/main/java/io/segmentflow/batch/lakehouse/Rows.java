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
}
