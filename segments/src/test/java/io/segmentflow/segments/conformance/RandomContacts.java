package io.segmentflow.segments.conformance;

import io.segmentflow.segments.data.Company;
import io.segmentflow.segments.data.Contact;
import io.segmentflow.segments.data.ContactData;
import io.segmentflow.segments.data.Event;
import io.segmentflow.segments.data.ListAction;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random contacts for differential tests, drawn from small pools so that the conditions of {@link
 * RandomSegments} often hold, with times clustered on the boundaries that matter: midnights of the
 * test zones, hour and minute edges, one millisecond either side, the evaluation time itself.
 */
public final class RandomContacts {

  public static final Instant AS_OF = ConformanceCase.DEFAULT_AS_OF;

  private static final Object[] LIFETIME_VALUES = {
    new BigDecimal("50"),
    new BigDecimal("50.00"),
    new BigDecimal("10"),
    new BigDecimal("99.5"),
    BigDecimal.ZERO,
    "50",
    null
  };
  private static final Object[] AMOUNTS = {
    new BigDecimal("100"),
    new BigDecimal("0.1"),
    new BigDecimal("0.2"),
    new BigDecimal("19.99"),
    new BigDecimal("100.01"),
    new BigDecimal("1"),
    new BigDecimal("2"),
    null,
    "150"
  };
  private static final String[] EVENT_TYPES = {
    "email_open", "email_click", "page_visit", "order", "app_open", "form_submit"
  };
  private static final List<Company> COMPANIES =
      List.of(
          new Company("co1", "Acme", "retail", 50L, "FR", Instant.EPOCH, Map.of("tier", "gold")),
          new Company(
              "co2", "Globex", "Retail", 51L, "DE", Instant.EPOCH, Map.of("tier", "silver")),
          new Company("co3", "Initech", null, null, null, Instant.EPOCH, Map.of()));

  private final Random random;

  private RandomContacts(long seed) {
    this.random = new Random(seed);
  }

  public static List<ContactData> generate(long seed, int count, int dynamicSegments) {
    RandomContacts contacts = new RandomContacts(seed);
    List<ContactData> data = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      data.add(contacts.contact("r" + i, dynamicSegments));
    }
    return data;
  }

  private ContactData contact(String id, int dynamicSegments) {
    Company company = random.nextInt(4) == 0 ? null : pick(COMPANIES);
    Map<String, Object> custom = new HashMap<>();
    putMaybe(custom, "lifetime_value", pick(LIFETIME_VALUES));
    putMaybe(custom, "vip", pick(new Object[] {true, false, null}));
    putMaybe(custom, "birthday", random.nextBoolean() ? date() : null);
    putMaybe(custom, "renewal_date", random.nextBoolean() ? date() : null);
    putMaybe(custom, "renewal_at", random.nextBoolean() ? time() : null);
    putMaybe(
        custom,
        "interests",
        pick(new Object[] {List.of("Golf", "tennis"), List.of("sailing"), List.of(" "), null}));
    Contact contact =
        Contact.builder(id)
            .email(pick(new String[] {"jo@acme.com", "X@ACME.COM", "ann@other.org", "  ", null}))
            .phone(
                pick(
                    new String[] {
                      "+33 6 12 34 56 78",
                      "0033612345678",
                      "06 12 34 56 78",
                      "+1 212 736 5000",
                      "+1 416 967 1111",
                      null
                    }))
            .firstName(pick(new String[] {"Anna", "anna", "r2d2", "Zoë", null}))
            .country(pick(new String[] {"FR", "fr", "DE", "US", null}))
            .city(pick(new String[] {"Paris", "PARIS", "Lyon", " ", null}))
            .createdAt(time())
            .updatedAt(time())
            .tags(tags())
            .companyId(company == null ? null : company.companyId())
            .unsubscribed(random.nextInt(5) == 0)
            .customFields(custom)
            .build();
    List<Event> events = new ArrayList<>();
    int eventCount = random.nextInt(13);
    for (int e = 0; e < eventCount; e++) {
      Event event = event(id, id + "-e" + e);
      events.add(event);
      if (random.nextInt(10) == 0) {
        Instant other =
            random.nextBoolean() ? event.occurredAt().plus(1, ChronoUnit.DAYS) : event.occurredAt();
        events.add(new Event(event.eventId(), id, event.eventType(), other, event.properties()));
      }
    }
    List<ListAction> actions = new ArrayList<>();
    int actionCount = random.nextInt(5);
    Instant tie = time();
    for (int a = 0; a < actionCount; a++) {
      String list =
          random.nextBoolean()
              ? pick(RandomSegments.STATIC_LISTS)
              : "g" + random.nextInt(Math.max(1, dynamicSegments));
      actions.add(
          new ListAction(
              id + "-a" + a,
              id,
              list,
              pick(ListAction.Type.values()),
              ListAction.Source.MANUAL,
              random.nextInt(4) == 0 ? tie : time()));
    }
    return new ContactData(contact, company, events, actions);
  }

  private Event event(String contactId, String eventId) {
    String type = pick(EVENT_TYPES);
    Map<String, Object> properties = new HashMap<>();
    switch (type) {
      case "order" -> putMaybe(properties, "amount", pick(AMOUNTS));
      case "page_visit" ->
          properties.put(
              "url",
              pick(
                  new String[] {
                    "https://x.io/pricing", "https://x.io/blog", "https://x.io/PRICING?a=1"
                  }));
      case "app_open" -> properties.put("platform", pick(new String[] {"ios", "android"}));
      case "email_open", "email_click" ->
          putMaybe(properties, "campaign_id", pick(new String[] {"42", "43", null}));
      default -> {}
    }
    return new Event(eventId, contactId, type, time(), properties);
  }

  /**
   * A time near the evaluation time, often exactly on a boundary of some window or calendar day.
   */
  Instant time() {
    ZoneId zone = ZoneId.of(pick(RandomSegments.ZONES));
    Instant base =
        switch (random.nextInt(4)) {
          case 0 -> AS_OF;
          case 1 -> LocalDate.ofInstant(AS_OF, zone).atStartOfDay(zone).toInstant();
          case 2 -> AS_OF.truncatedTo(ChronoUnit.HOURS);
          default -> AS_OF.truncatedTo(ChronoUnit.MINUTES);
        };
    ChronoUnit unit =
        pick(
            new ChronoUnit[] {
              ChronoUnit.DAYS, ChronoUnit.HOURS, ChronoUnit.MINUTES, ChronoUnit.WEEKS
            });
    Instant shifted =
        unit == ChronoUnit.WEEKS
            ? base.minus(7L * random.nextInt(3), ChronoUnit.DAYS)
            : base.minus(random.nextInt(19) - 9, unit);
    return shifted.plusMillis(pick(new Long[] {-1L, 0L, 0L, 1L, (long) random.nextInt(3_600_000)}));
  }

  private LocalDate date() {
    LocalDate today = LocalDate.ofInstant(AS_OF, java.time.ZoneOffset.UTC);
    return pick(
        new LocalDate[] {
          today.minusYears(30),
          today.minusYears(30).minusDays(1),
          today.minusYears(30).plusDays(1),
          LocalDate.of(2000, 2, 29),
          LocalDate.of(2001, 2, 28),
          today.plusDays(random.nextInt(12)),
          today.minusDays(random.nextInt(12))
        });
  }

  private List<String> tags() {
    List<String> tags = new ArrayList<>();
    int count = random.nextInt(3);
    for (int i = 0; i < count; i++) {
      tags.add(pick(RandomSegments.TAGS));
    }
    return tags;
  }

  private static void putMaybe(Map<String, Object> map, String key, Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }

  private <T> T pick(T[] values) {
    return values[random.nextInt(values.length)];
  }

  private <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }
}
