package io.segmentflow.segments.conformance;

import static io.segmentflow.segments.data.ListAction.Type.ADD;
import static io.segmentflow.segments.data.ListAction.Type.CLEAR_OVERRIDE;
import static io.segmentflow.segments.data.ListAction.Type.EXCLUDE;
import static io.segmentflow.segments.data.ListAction.Type.INCLUDE;
import static io.segmentflow.segments.data.ListAction.Type.REMOVE;

import io.segmentflow.segments.catalog.Catalog;
import io.segmentflow.segments.catalog.EngagementThresholds;
import io.segmentflow.segments.catalog.EventTypeSpec;
import io.segmentflow.segments.data.Company;
import io.segmentflow.segments.data.Contact;
import io.segmentflow.segments.data.Event;
import io.segmentflow.segments.data.ListAction;
import io.segmentflow.segments.model.ValueType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hand-written cases of the conformance suite, each with its expectation worked out by hand.
 */
public final class ConformanceCases {

  /** The standard catalog plus the custom fields and event type the cases use. */
  public static final Catalog CATALOG = catalog();

  private ConformanceCases() {}

  private static Catalog catalog() {
    Map<String, EventTypeSpec> eventTypes = new LinkedHashMap<>(Catalog.STANDARD_EVENT_TYPES);
    eventTypes.put(
        "subscription_renewed",
        new EventTypeSpec(
            "subscription_renewed", Map.of("plan", ValueType.TEXT, "amount", ValueType.NUMBER)));
    return new Catalog(
        Map.of(
            "birthday",
            ValueType.DATE,
            "renewal_date",
            ValueType.DATE,
            "renewal_at",
            ValueType.TIMESTAMP,
            "lifetime_value",
            ValueType.NUMBER,
            "vip",
            ValueType.BOOLEAN,
            "interests",
            ValueType.TEXT_LIST,
            "plan",
            ValueType.TEXT),
        Map.of("tier", ValueType.TEXT),
        eventTypes,
        EngagementThresholds.DEFAULT);
  }

  // ---- fixtures

  static Contact.Builder c(String id) {
    return Contact.builder(id);
  }

  static Map<String, Object> custom(Object... namesAndValues) {
    Map<String, Object> values = new HashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      values.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return values;
  }

  /** An event of the contact it is given to; properties as name, value pairs. */
  static Event ev(String id, String type, String at, Object... properties) {
    return new Event(id, "", type, Instant.parse(at), custom(properties));
  }

  static ListAction act(String id, String list, ListAction.Type type, String at) {
    return new ListAction(id, "", list, type, ListAction.Source.MANUAL, Instant.parse(at));
  }

  static BigDecimal n(String decimal) {
    return new BigDecimal(decimal);
  }

  static Instant t(String instant) {
    return Instant.parse(instant);
  }

  static Company company(String id, Long size, String industry, String tier) {
    return new Company(
        id,
        id,
        industry,
        size,
        "FR",
        Instant.EPOCH,
        tier == null ? Map.of() : Map.of("tier", tier));
  }

  /** A dynamic segment's definition document with the given filter (JSON). */
  public static String dynamic(String id, String filter) {
    return "{\"id\":\""
        + id
        + "\",\"name\":\""
        + id
        + "\",\"kind\":\"dynamic\",\"filter\":"
        + filter
        + "}";
  }

  static String staticList(String id) {
    return "{\"id\":\"" + id + "\",\"name\":\"" + id + "\",\"kind\":\"static\"}";
  }

  public static List<ConformanceCase> all() {
    List<ConformanceCase> cases = new ArrayList<>();
    text(cases);
    numbers(cases);
    booleans(cases);
    times(cases);
    tags(cases);
    behaviour(cases);
    aggregates(cases);
    memberships(cases);
    overrides(cases);
    derived(cases);
    groups(cases);
    return cases;
  }

  private static void text(List<ConformanceCase> cases) {
    cases.add(
        ConformanceCase.named("text eq ignores case")
            .filter("{\"field\":\"city\",\"op\":\"eq\",\"value\":\"paris\"}")
            .contact(c("a").city("PARIS"))
            .contact(c("b").city("Lyon"))
            .contact(c("c"))
            .expect("a"));
    cases.add(
        ConformanceCase.named("text neq holds for a missing value")
            .filter("{\"field\":\"city\",\"op\":\"neq\",\"value\":\"paris\"}")
            .contact(c("a").city("Paris"))
            .contact(c("b").city("Lyon"))
            .contact(c("c"))
            .expect("b", "c"));
    cases.add(
        ConformanceCase.named("text in and not_in")
            .segment(
                dynamic("in", "{\"field\":\"country\",\"op\":\"in\",\"value\":[\"fr\",\"BE\"]}"))
            .segment(
                dynamic(
                    "out", "{\"field\":\"country\",\"op\":\"not_in\",\"value\":[\"fr\",\"BE\"]}"))
            .contact(c("a").country("FR"))
            .contact(c("b").country("be"))
            .contact(c("c").country("DE"))
            .contact(c("d"))
            .expectMembers("in", "a", "b")
            .expectMembers("out", "c", "d"));
    cases.add(
        ConformanceCase.named("contains and not_contains")
            .segment(
                dynamic("has", "{\"field\":\"email\",\"op\":\"contains\",\"value\":\"@ACME.\"}"))
            .segment(
                dynamic(
                    "hasnt", "{\"field\":\"email\",\"op\":\"not_contains\",\"value\":\"@acme.\"}"))
            .contact(c("a").email("jo@acme.com"))
            .contact(c("b").email("x@other.org"))
            .contact(c("c"))
            .expectMembers("has", "a")
            .expectMembers("hasnt", "b", "c"));
    cases.add(
        ConformanceCase.named("starts_with and ends_with ignore case")
            .segment(
                dynamic("mc", "{\"field\":\"last_name\",\"op\":\"starts_with\",\"value\":\"mc\"}"))
            .segment(
                dynamic("son", "{\"field\":\"last_name\",\"op\":\"ends_with\",\"value\":\"SON\"}"))
            .contact(c("a").lastName("McDonald"))
            .contact(c("b").lastName("Johnson"))
            .contact(c("c").lastName("Sonny"))
            .contact(c("d"))
            .expectMembers("mc", "a")
            .expectMembers("son", "b"));
    cases.add(
        ConformanceCase.named("regex is case-sensitive and matches anywhere")
            .segment(
                dynamic(
                    "upper", "{\"field\":\"first_name\",\"op\":\"regex\",\"value\":\"^[A-Z]\"}"))
            .segment(
                dynamic("digit", "{\"field\":\"first_name\",\"op\":\"regex\",\"value\":\"[0-9]\"}"))
            .contact(c("a").firstName("Anna"))
            .contact(c("b").firstName("anna"))
            .contact(c("c"))
            .contact(c("d").firstName("r2d2"))
            .expectMembers("upper", "a")
            .expectMembers("digit", "d"));
    cases.add(
        ConformanceCase.named("empty holds for missing and blank, not_empty is its complement")
            .segment(dynamic("empty", "{\"field\":\"city\",\"op\":\"empty\"}"))
            .segment(dynamic("filled", "{\"field\":\"city\",\"op\":\"not_empty\"}"))
            .contact(c("a"))
            .contact(c("b").city(" \t "))
            .contact(c("c").city("Paris"))
            .expectMembers("empty", "a", "b")
            .expectMembers("filled", "c"));
    cases.add(
        ConformanceCase.named("text operators on a text list hold when one element does")
            .segment(
                dynamic(
                    "golf", "{\"field\":\"custom.interests\",\"op\":\"eq\",\"value\":\"golf\"}"))
            .segment(
                dynamic(
                    "noten",
                    "{\"field\":\"custom.interests\",\"op\":\"not_contains\",\"value\":\"ten\"}"))
            .contact(c("a").customFields(custom("interests", List.of("Golf", "tennis"))))
            .contact(c("b").customFields(custom("interests", List.of("sailing"))))
            .contact(c("c"))
            .expectMembers("golf", "a")
            .expectMembers("noten", "b", "c"));
    cases.add(
        ConformanceCase.named("case-insensitive comparison covers non-ASCII letters")
            .filter("{\"field\":\"first_name\",\"op\":\"contains\",\"value\":\"zoë\"}")
            .contact(c("a").firstName("ZOË"))
            .contact(c("b").firstName("Zoe"))
            .expect("a"));
  }

  private static void numbers(List<ConformanceCase> cases) {
    Company big = company("big", 51L, "retail", "gold");
    Company fifty = company("fifty", 50L, "Retail", "silver");
    Company unknownSize = company("unknown", null, null, null);
    cases.add(
        ConformanceCase.named("number comparisons on a company field")
            .segment(dynamic("gt", "{\"field\":\"company.size\",\"op\":\"gt\",\"value\":50}"))
            .segment(dynamic("lte", "{\"field\":\"company.size\",\"op\":\"lte\",\"value\":50}"))
            .segment(dynamic("gte", "{\"field\":\"company.size\",\"op\":\"gte\",\"value\":50.0}"))
            .segment(dynamic("lt", "{\"field\":\"company.size\",\"op\":\"lt\",\"value\":51}"))
            .contact(c("a").companyId("big"), big)
            .contact(c("b").companyId("fifty"), fifty)
            .contact(c("c").companyId("unknown"), unknownSize)
            .contact(c("d"))
            .expectMembers("gt", "a")
            .expectMembers("lte", "b")
            .expectMembers("gte", "a", "b")
            .expectMembers("lt", "b"));
    cases.add(
        ConformanceCase.named("number eq ignores scale and neq holds for missing")
            .segment(
                dynamic("eq", "{\"field\":\"custom.lifetime_value\",\"op\":\"eq\",\"value\":100}"))
            .segment(
                dynamic(
                    "neq", "{\"field\":\"custom.lifetime_value\",\"op\":\"neq\",\"value\":100}"))
            .contact(c("a").customFields(custom("lifetime_value", n("100.00"))))
            .contact(c("b").customFields(custom("lifetime_value", n("99.5"))))
            .contact(c("c"))
            .expectMembers("eq", "a")
            .expectMembers("neq", "b", "c"));
    cases.add(
        ConformanceCase.named("number between includes both bounds")
            .filter("{\"field\":\"custom.lifetime_value\",\"op\":\"between\",\"value\":[10,20]}")
            .contact(c("a").customFields(custom("lifetime_value", n("10"))))
            .contact(c("b").customFields(custom("lifetime_value", n("20"))))
            .contact(c("c").customFields(custom("lifetime_value", n("20.01"))))
            .contact(c("d").customFields(custom("lifetime_value", n("9.99"))))
            .expect("a", "b"));
    cases.add(
        ConformanceCase.named("number in matches numerically")
            .filter("{\"field\":\"custom.lifetime_value\",\"op\":\"in\",\"value\":[1, 2.5]}")
            .contact(c("a").customFields(custom("lifetime_value", n("2.50"))))
            .contact(c("b").customFields(custom("lifetime_value", n("1.0"))))
            .contact(c("c").customFields(custom("lifetime_value", n("3"))))
            .expect("a", "b"));
    cases.add(
        ConformanceCase.named("a custom value of the wrong type counts as missing")
            .segment(
                dynamic("gt", "{\"field\":\"custom.lifetime_value\",\"op\":\"gt\",\"value\":50}"))
            .segment(
                dynamic(
                    "neq", "{\"field\":\"custom.lifetime_value\",\"op\":\"neq\",\"value\":100}"))
            .contact(c("a").customFields(custom("lifetime_value", "100")))
            .expectMembers("gt")
            .expectMembers("neq", "a"));
  }

  private static void booleans(List<ConformanceCase> cases) {
    cases.add(
        ConformanceCase.named("boolean eq and neq")
            .segment(dynamic("sub", "{\"field\":\"unsubscribed\",\"op\":\"eq\",\"value\":false}"))
            .segment(dynamic("vip", "{\"field\":\"custom.vip\",\"op\":\"eq\",\"value\":true}"))
            .segment(dynamic("notvip", "{\"field\":\"custom.vip\",\"op\":\"neq\",\"value\":true}"))
            .segment(dynamic("noconsent", "{\"field\":\"marketing_consent\",\"op\":\"empty\"}"))
            .contact(c("a").customFields(custom("vip", true)).marketingConsent(true))
            .contact(c("b").unsubscribed(true).customFields(custom("vip", false)))
            .contact(c("c"))
            .expectMembers("sub", "a", "c")
            .expectMembers("vip", "a")
            .expectMembers("notvip", "b", "c")
            .expectMembers("noconsent", "b", "c"));
  }

  private static void times(List<ConformanceCase> cases) {
    cases.add(
        ConformanceCase.named("before is exclusive; a date bound is the start of the day")
            .filter("{\"field\":\"created_at\",\"op\":\"before\",\"value\":\"2026-01-01\"}")
            .contact(c("a").createdAt(t("2025-12-31T23:59:59.999Z")))
            .contact(c("b").createdAt(t("2026-01-01T00:00:00Z")))
            .expect("a"));
    cases.add(
        ConformanceCase.named("after an instant is exclusive; after a date is after the whole day")
            .segment(
                dynamic(
                    "instant",
                    "{\"field\":\"created_at\",\"op\":\"after\",\"value\":\"2026-06-01T12:00:00Z\"}"))
            .segment(
                dynamic(
                    "day", "{\"field\":\"created_at\",\"op\":\"after\",\"value\":\"2026-06-01\"}"))
            .contact(c("a").createdAt(t("2026-06-01T12:00:00Z")))
            .contact(c("b").createdAt(t("2026-06-01T12:00:00.001Z")))
            .contact(c("d").createdAt(t("2026-06-02T00:00:00Z")))
            .expectMembers("instant", "b", "d")
            .expectMembers("day", "d"));
    cases.add(
        ConformanceCase.named("on takes the day in the definition's time zone")
            .filterIn(
                "Europe/Paris", "{\"field\":\"created_at\",\"op\":\"on\",\"value\":\"2026-03-10\"}")
            .contact(c("a").createdAt(t("2026-03-09T23:30:00Z")))
            .contact(c("b").createdAt(t("2026-03-10T23:30:00Z")))
            .expect("a"));
    cases.add(
        ConformanceCase.named("between two dates includes both whole days")
            .filter(
                "{\"field\":\"created_at\",\"op\":\"between\",\"value\":[\"2026-03-01\",\"2026-03-31\"]}")
            .contact(c("a").createdAt(t("2026-03-31T23:59:59.999Z")))
            .contact(c("b").createdAt(t("2026-04-01T00:00:00Z")))
            .contact(c("c").createdAt(t("2026-03-01T00:00:00Z")))
            .contact(c("d").createdAt(t("2026-02-28T23:59:59.999Z")))
            .expect("a", "c"));
    cases.add(
        ConformanceCase.named("in_last N days starts at midnight N days before today")
            .segment(
                dynamic(
                    "last",
                    "{\"field\":\"updated_at\",\"op\":\"in_last\",\"value\":7,\"unit\":\"days\"}"))
            .segment(
                dynamic(
                    "ago",
                    "{\"field\":\"updated_at\",\"op\":\"more_than_ago\",\"value\":1,\"unit\":\"weeks\"}"))
            .contact(c("a").updatedAt(t("2026-11-11T00:00:00Z")))
            .contact(c("b").updatedAt(t("2026-11-10T23:59:59.999Z")))
            .contact(c("c").updatedAt(t("2026-11-18T10:00:00Z")))
            .contact(c("d").updatedAt(t("2026-11-18T10:00:00.001Z")))
            .expectMembers("last", "a", "c")
            .expectMembers("ago", "b"));
    cases.add(
        ConformanceCase.named("in_next N days ends at midnight N+1 days after today")
            .filter(
                "{\"field\":\"custom.renewal_at\",\"op\":\"in_next\",\"value\":2,\"unit\":\"days\"}")
            .contact(c("a").customFields(custom("renewal_at", t("2026-11-20T23:59:59.999Z"))))
            .contact(c("b").customFields(custom("renewal_at", t("2026-11-21T00:00:00Z"))))
            .contact(c("c").customFields(custom("renewal_at", t("2026-11-18T10:00:00Z"))))
            .contact(c("d").customFields(custom("renewal_at", t("2026-11-18T10:00:00.001Z"))))
            .expect("a", "d"));
    cases.add(
        ConformanceCase.named("hour and minute windows are whole UTC buckets")
            .segment(
                dynamic(
                    "hours",
                    "{\"field\":\"updated_at\",\"op\":\"in_last\",\"value\":2,\"unit\":\"hours\"}"))
            .segment(
                dynamic(
                    "minutes",
                    "{\"field\":\"updated_at\",\"op\":\"in_last\",\"value\":30,\"unit\":\"minutes\"}"))
            .contact(c("a").updatedAt(t("2026-11-18T08:00:00Z")))
            .contact(c("b").updatedAt(t("2026-11-18T07:59:59.999Z")))
            .contact(c("c").updatedAt(t("2026-11-18T09:30:00Z")))
            .contact(c("d").updatedAt(t("2026-11-18T09:29:59.999Z")))
            .expectMembers("hours", "a", "c", "d")
            .expectMembers("minutes", "c"));
    cases.add(
        ConformanceCase.named("day windows follow the definition's time zone")
            .filterIn(
                "America/New_York",
                "{\"field\":\"updated_at\",\"op\":\"in_last\",\"value\":1,\"unit\":\"days\"}")
            .contact(c("a").updatedAt(t("2026-11-17T05:00:00Z")))
            .contact(c("b").updatedAt(t("2026-11-17T04:59:59.999Z")))
            .expect("a"));
    cases.add(
        ConformanceCase.named("anniversary day: a birthday today")
            .filter("{\"field\":\"custom.birthday\",\"op\":\"anniversary\",\"value\":\"day\"}")
            .contact(c("a").customFields(custom("birthday", LocalDate.parse("1990-11-18"))))
            .contact(c("b").customFields(custom("birthday", LocalDate.parse("1990-11-17"))))
            .contact(c("c"))
            .expect("a"));
    cases.add(
        ConformanceCase.named("a 29 February birthday is celebrated on 28 February in common years")
            .asOf("2027-02-28T12:00:00Z")
            .filter("{\"field\":\"custom.birthday\",\"op\":\"anniversary\",\"value\":\"day\"}")
            .contact(c("a").customFields(custom("birthday", LocalDate.parse("2000-02-29"))))
            .contact(c("b").customFields(custom("birthday", LocalDate.parse("2001-02-28"))))
            .contact(c("c").customFields(custom("birthday", LocalDate.parse("2001-03-01"))))
            .expect("a", "b"));
    cases.add(
        ConformanceCase.named("a 29 February birthday waits for 29 February in leap years")
            .asOf("2028-02-28T12:00:00Z")
            .filter("{\"field\":\"custom.birthday\",\"op\":\"anniversary\",\"value\":\"day\"}")
            .contact(c("a").customFields(custom("birthday", LocalDate.parse("2000-02-29"))))
            .contact(c("b").customFields(custom("birthday", LocalDate.parse("2001-02-28"))))
            .expect("b"));
    cases.add(
        ConformanceCase.named(
                "anniversary month in a time zone: signed up in this month of any year")
            .filterIn(
                "Europe/Paris",
                "{\"field\":\"created_at\",\"op\":\"anniversary\",\"value\":\"month\"}")
            .contact(c("a").createdAt(t("2020-11-30T12:00:00Z")))
            .contact(c("b").createdAt(t("2020-10-31T23:30:00Z")))
            .contact(c("c").createdAt(t("2020-10-31T22:30:00Z")))
            .expect("a", "b"));
    cases.add(
        ConformanceCase.named("in_current month and week (weeks start on Monday)")
            .segment(
                dynamic(
                    "month",
                    "{\"field\":\"created_at\",\"op\":\"in_current\",\"value\":\"month\"}"))
            .segment(
                dynamic(
                    "week", "{\"field\":\"created_at\",\"op\":\"in_current\",\"value\":\"week\"}"))
            .contact(c("a").createdAt(t("2026-11-01T00:00:00Z")))
            .contact(c("b").createdAt(t("2026-10-31T23:59:59.999Z")))
            .contact(c("c").createdAt(t("2026-11-30T23:59:00Z")))
            .contact(c("d").createdAt(t("2026-11-16T00:00:00Z")))
            .contact(c("e").createdAt(t("2026-11-15T23:59:59.999Z")))
            .expectMembers("month", "a", "c", "d", "e")
            .expectMembers("week", "d"));
    cases.add(
        ConformanceCase.named("a date field is its day's first instant: in_next excludes today")
            .filter(
                "{\"field\":\"custom.renewal_date\",\"op\":\"in_next\",\"value\":10,\"unit\":\"days\"}")
            .contact(c("a").customFields(custom("renewal_date", LocalDate.parse("2026-11-28"))))
            .contact(c("b").customFields(custom("renewal_date", LocalDate.parse("2026-11-18"))))
            .contact(c("c").customFields(custom("renewal_date", LocalDate.parse("2026-11-29"))))
            .expect("a"));
    cases.add(
        ConformanceCase.named("empty on a time field")
            .filter("{\"field\":\"custom.renewal_at\",\"op\":\"empty\"}")
            .contact(c("a"))
            .contact(c("b").customFields(custom("renewal_at", t("2026-01-01T00:00:00Z"))))
            .expect("a"));
  }

  private static void tags(List<ConformanceCase> cases) {
    cases.add(
        ConformanceCase.named("tags has_any, has_all and has_none ignore case")
            .segment(dynamic("any", "{\"tags\":{\"has_any\":[\"VIP\",\"partner\"]}}"))
            .segment(dynamic("all", "{\"tags\":{\"has_all\":[\"a\",\"b\"]}}"))
            .segment(dynamic("none", "{\"tags\":{\"has_none\":[\"churned\"]}}"))
            .contact(c("a").tags("vip", "A", "b"))
            .contact(c("b").tags("Churned", "a"))
            .contact(c("c"))
            .expectMembers("any", "a")
            .expectMembers("all", "a")
            .expectMembers("none", "a", "c"));
  }

  private static void behaviour(List<ConformanceCase> cases) {
    cases.add(
        ConformanceCase.named("has done ignores events after the evaluation time")
            .filter("{\"event\":\"email_open\"}")
            .contactWith("a", ev("e1", "email_open", "2020-01-01T00:00:00Z"))
            .contactWith("b")
            .contactWith("c", ev("e2", "email_open", "2026-11-18T10:00:00.001Z"))
            .contactWith("d", ev("e3", "email_open", "2026-11-18T10:00:00Z"))
            .expect("a", "d"));
    cases.add(
        ConformanceCase.named("has not done is a count of exactly 0")
            .filter("{\"event\":\"email_click\",\"count\":{\"op\":\"exactly\",\"value\":0}}")
            .contactWith("a", ev("e1", "email_click", "2026-11-01T00:00:00Z"))
            .contactWith("b")
            .contactWith("c", ev("e2", "email_click", "2026-11-19T00:00:00Z"))
            .expect("b", "c"));
    cases.add(
        ConformanceCase.named(
                "visited pricing twice in the last 7 days, window boundaries included")
            .filter(
                "{\"event\":\"page_visit\",\"where\":[{\"property\":\"url\",\"op\":\"contains\",\"value\":\"/pricing\"}],"
                    + "\"window\":{\"last\":7,\"unit\":\"days\"},\"count\":{\"op\":\"at_least\",\"value\":2}}")
            .contactWith(
                "a",
                ev("e1", "page_visit", "2026-11-17T09:00:00Z", "url", "https://x.io/pricing"),
                ev(
                    "e2",
                    "page_visit",
                    "2026-11-18T09:00:00Z",
                    "url",
                    "https://x.io/Pricing?plan=pro"))
            .contactWith(
                "b",
                ev("e3", "page_visit", "2026-11-17T09:00:00Z", "url", "https://x.io/pricing"),
                ev("e4", "page_visit", "2026-11-17T09:10:00Z", "url", "https://x.io/blog"))
            .contactWith(
                "c",
                ev("e5", "page_visit", "2026-11-10T23:59:59.999Z", "url", "https://x.io/pricing"),
                ev("e6", "page_visit", "2026-11-18T09:00:00Z", "url", "https://x.io/pricing"))
            .contactWith(
                "d",
                ev("e7", "page_visit", "2026-11-11T00:00:00Z", "url", "https://x.io/pricing"),
                ev("e8", "page_visit", "2026-11-18T10:00:00Z", "url", "https://x.io/pricing"))
            .expect("a", "d"));
    cases.add(
        ConformanceCase.named("opened campaign 42 but did not click it")
            .filter(
                "{\"all\":[{\"event\":\"email_open\",\"where\":[{\"property\":\"campaign_id\",\"op\":\"eq\",\"value\":\"42\"}]},"
                    + "{\"event\":\"email_click\",\"where\":[{\"property\":\"campaign_id\",\"op\":\"eq\",\"value\":\"42\"}],"
                    + "\"count\":{\"op\":\"exactly\",\"value\":0}}]}")
            .contactWith("a", ev("e1", "email_open", "2026-11-01T00:00:00Z", "campaign_id", "42"))
            .contactWith(
                "b",
                ev("e2", "email_open", "2026-11-01T00:00:00Z", "campaign_id", "42"),
                ev("e3", "email_click", "2026-11-01T00:01:00Z", "campaign_id", "42"))
            .contactWith("c", ev("e4", "email_open", "2026-11-01T00:00:00Z", "campaign_id", "43"))
            .contactWith(
                "d",
                ev("e5", "email_open", "2026-11-01T00:00:00Z", "campaign_id", "42"),
                ev("e6", "email_click", "2026-11-01T00:01:00Z", "campaign_id", "43"))
            .expect("a", "d"));
    cases.add(
        ConformanceCase.named("records repeating an event id count once")
            .filter("{\"event\":\"page_visit\",\"count\":{\"op\":\"at_least\",\"value\":2}}")
            .contactWith(
                "a",
                ev("e1", "page_visit", "2026-11-17T09:00:00Z"),
                ev("e1", "page_visit", "2026-11-17T09:00:00Z"))
            .contactWith(
                "b",
                ev("e2", "page_visit", "2026-11-17T09:00:00Z"),
                ev("e3", "page_visit", "2026-11-17T09:00:00Z"))
            .expect("b"));
    cases.add(
        ConformanceCase.named("a redelivered event counts at its earliest time")
            .filter("{\"event\":\"page_visit\",\"window\":{\"last\":1,\"unit\":\"days\"}}")
            .contactWith(
                "a",
                ev("e1", "page_visit", "2026-11-01T09:00:00Z"),
                ev("e1", "page_visit", "2026-11-18T09:00:00Z"))
            .expect());
    cases.add(
        ConformanceCase.named("at most N")
            .filter(
                "{\"event\":\"app_open\",\"window\":{\"last\":1,\"unit\":\"days\"},\"count\":{\"op\":\"at_most\",\"value\":1}}")
            .contactWith("a")
            .contactWith("b", ev("e1", "app_open", "2026-11-18T01:00:00Z"))
            .contactWith(
                "c",
                ev("e2", "app_open", "2026-11-18T01:00:00Z"),
                ev("e3", "app_open", "2026-11-17T01:00:00Z"))
            .expect("a", "b"));
    cases.add(
        ConformanceCase.named("inbound message frequency in an hour window")
            .filter(
                "{\"event\":\"message_inbound\",\"window\":{\"last\":2,\"unit\":\"hours\"},\"count\":{\"op\":\"at_least\",\"value\":3}}")
            .contactWith(
                "a",
                ev("e1", "message_inbound", "2026-11-18T08:00:00Z"),
                ev("e2", "message_inbound", "2026-11-18T09:00:00Z"),
                ev("e3", "message_inbound", "2026-11-18T10:00:00Z"))
            .contactWith(
                "b",
                ev("e4", "message_inbound", "2026-11-18T07:59:59.999Z"),
                ev("e5", "message_inbound", "2026-11-18T09:00:00Z"),
                ev("e6", "message_inbound", "2026-11-18T10:00:00Z"))
            .expect("a"));
    cases.add(
        ConformanceCase.named("window since a date and between two dates")
            .segment(
                dynamic(
                    "since", "{\"event\":\"form_submit\",\"window\":{\"since\":\"2026-11-01\"}}"))
            .segment(
                dynamic(
                    "between",
                    "{\"event\":\"webinar_attended\",\"window\":{\"between\":[\"2026-10-01\",\"2026-10-31\"]}}"))
            .contactWith(
                "a",
                ev("e1", "form_submit", "2026-11-01T00:00:00Z"),
                ev("e2", "webinar_attended", "2026-10-31T20:00:00Z"))
            .contactWith(
                "b",
                ev("e3", "form_submit", "2026-10-31T23:59:59.999Z"),
                ev("e4", "webinar_attended", "2026-11-01T00:00:00Z"))
            .expectMembers("since", "a")
            .expectMembers("between", "a"));
    cases.add(
        ConformanceCase.named("last and first occurrence compared with date operators")
            .segment(
                dynamic(
                    "lapsed",
                    "{\"event\":\"email_open\",\"last\":{\"op\":\"more_than_ago\",\"value\":7,\"unit\":\"days\"}}"))
            .segment(
                dynamic(
                    "early",
                    "{\"event\":\"order\",\"first\":{\"op\":\"before\",\"value\":\"2026-01-01\"}}"))
            .segment(
                dynamic(
                    "app",
                    "{\"event\":\"app_open\",\"last\":{\"op\":\"in_last\",\"value\":3,\"unit\":\"days\"}}"))
            .contactWith(
                "a",
                ev("e1", "email_open", "2026-11-01T00:00:00Z"),
                ev("e2", "order", "2025-06-01T00:00:00Z"),
                ev("e3", "order", "2026-06-01T00:00:00Z"),
                ev("e4", "app_open", "2026-11-15T00:00:00Z"))
            .contactWith(
                "b",
                ev("e5", "email_open", "2026-11-01T00:00:00Z"),
                ev("e6", "email_open", "2026-11-15T00:00:00Z"),
                ev("e7", "order", "2026-02-01T00:00:00Z"),
                ev("e8", "app_open", "2026-11-14T23:59:59.999Z"))
            .contactWith("c")
            .expectMembers("lapsed", "a")
            .expectMembers("early", "a")
            .expectMembers("app", "a"));
    cases.add(
        ConformanceCase.named("order filters on amount, currency and products")
            .segment(
                dynamic(
                    "big",
                    "{\"event\":\"order\",\"where\":[{\"property\":\"amount\",\"op\":\"gt\",\"value\":100},"
                        + "{\"property\":\"currency\",\"op\":\"eq\",\"value\":\"eur\"}]}"))
            .segment(
                dynamic(
                    "shoes",
                    "{\"event\":\"order\",\"where\":[{\"property\":\"products\",\"op\":\"contains\",\"value\":\"shoe\"}]}"))
            .contactWith(
                "a",
                ev(
                    "e1",
                    "order",
                    "2026-11-01T00:00:00Z",
                    "amount",
                    n("150"),
                    "currency",
                    "EUR",
                    "products",
                    List.of("Running SHOES", "socks")))
            .contactWith(
                "b",
                ev(
                    "e2",
                    "order",
                    "2026-11-01T00:00:00Z",
                    "amount",
                    n("150"),
                    "currency",
                    "USD",
                    "products",
                    List.of("hat")))
            .contactWith(
                "c",
                ev("e3", "order", "2026-11-01T00:00:00Z", "amount", n("50"), "currency", "EUR"))
            .expectMembers("big", "a")
            .expectMembers("shoes", "a"));
    cases.add(
        ConformanceCase.named("a mistyped event property counts as missing")
            .segment(
                dynamic(
                    "gt",
                    "{\"event\":\"order\",\"where\":[{\"property\":\"amount\",\"op\":\"gt\",\"value\":100}]}"))
            .segment(
                dynamic(
                    "neq",
                    "{\"event\":\"order\",\"where\":[{\"property\":\"amount\",\"op\":\"neq\",\"value\":100}]}"))
            .contactWith("a", ev("e1", "order", "2026-11-01T00:00:00Z", "amount", "150"))
            .expectMembers("gt")
            .expectMembers("neq", "a"));
    cases.add(
        ConformanceCase.named("custom event types and course progress")
            .segment(
                dynamic(
                    "pro",
                    "{\"event\":\"subscription_renewed\",\"where\":[{\"property\":\"plan\",\"op\":\"eq\",\"value\":\"pro\"}]}"))
            .segment(
                dynamic(
                    "done",
                    "{\"event\":\"course_progress\",\"where\":[{\"property\":\"percent\",\"op\":\"gte\",\"value\":100}]}"))
            .contactWith(
                "a",
                ev("e1", "subscription_renewed", "2026-11-01T00:00:00Z", "plan", "PRO"),
                ev(
                    "e2",
                    "course_progress",
                    "2026-11-01T00:00:00Z",
                    "course_id",
                    "c1",
                    "percent",
                    n("100")))
            .contactWith(
                "b",
                ev("e3", "subscription_renewed", "2026-11-01T00:00:00Z", "plan", "basic"),
                ev(
                    "e4",
                    "course_progress",
                    "2026-11-01T00:00:00Z",
                    "course_id",
                    "c1",
                    "percent",
                    n("99.9")))
            .expectMembers("pro", "a")
            .expectMembers("done", "a"));
  }

  private static void aggregates(List<ConformanceCase> cases) {
    cases.add(
        ConformanceCase.named("sums are exact decimals and 0 over no events")
            .segment(
                dynamic(
                    "exact",
                    "{\"event\":\"order\",\"sum\":{\"property\":\"amount\",\"op\":\"eq\",\"value\":0.3}}"))
            .segment(
                dynamic(
                    "small",
                    "{\"event\":\"order\",\"sum\":{\"property\":\"amount\",\"op\":\"lt\",\"value\":10}}"))
            .contactWith(
                "a",
                ev("e1", "order", "2026-11-01T00:00:00Z", "amount", n("0.1")),
                ev("e2", "order", "2026-11-02T00:00:00Z", "amount", n("0.2")))
            .contactWith("b", ev("e3", "order", "2026-11-01T00:00:00Z", "amount", n("0.30")))
            .contactWith("c")
            .contactWith("d", ev("e4", "order", "2026-11-01T00:00:00Z", "amount", n("12")))
            .expectMembers("exact", "a", "b")
            .expectMembers("small", "a", "b", "c"));
    cases.add(
        ConformanceCase.named("averages compare exactly and are missing over no events")
            .segment(
                dynamic(
                    "gt",
                    "{\"event\":\"order\",\"avg\":{\"property\":\"amount\",\"op\":\"gt\",\"value\":1.3333}}"))
            .segment(
                dynamic(
                    "neq",
                    "{\"event\":\"order\",\"avg\":{\"property\":\"amount\",\"op\":\"neq\",\"value\":5}}"))
            .segment(
                dynamic(
                    "between",
                    "{\"event\":\"order\",\"avg\":{\"property\":\"amount\",\"op\":\"between\",\"value\":[1,1.3333]}}"))
            .contactWith(
                "a",
                ev("e1", "order", "2026-11-01T00:00:00Z", "amount", n("1")),
                ev("e2", "order", "2026-11-02T00:00:00Z", "amount", n("1")),
                ev("e3", "order", "2026-11-03T00:00:00Z", "amount", n("2")))
            .contactWith(
                "b",
                ev("e4", "order", "2026-11-01T00:00:00Z", "amount", n("1")),
                ev("e5", "order", "2026-11-02T00:00:00Z", "amount", n("1")),
                ev("e6", "order", "2026-11-03T00:00:00Z", "amount", n("1.9999")))
            .contactWith("c")
            .contactWith(
                "d",
                ev("e7", "order", "2026-11-01T00:00:00Z", "amount", n("4")),
                ev("e8", "order", "2026-11-01T00:00:00Z", "amount", n("6")))
            .expectMembers("gt", "a", "d")
            .expectMembers("neq", "a", "b", "c")
            .expectMembers("between", "b"));
    cases.add(
        ConformanceCase.named("min and max, missing over no events")
            .segment(
                dynamic(
                    "max",
                    "{\"event\":\"order\",\"max\":{\"property\":\"amount\",\"op\":\"gte\",\"value\":100}}"))
            .segment(
                dynamic(
                    "min",
                    "{\"event\":\"order\",\"min\":{\"property\":\"amount\",\"op\":\"lt\",\"value\":10}}"))
            .contactWith(
                "a",
                ev("e1", "order", "2026-11-01T00:00:00Z", "amount", n("5")),
                ev("e2", "order", "2026-11-02T00:00:00Z", "amount", n("100")))
            .contactWith("b", ev("e3", "order", "2026-11-01T00:00:00Z", "amount", n("99.99")))
            .contactWith("c")
            .expectMembers("max", "a")
            .expectMembers("min", "a"));
    cases.add(
        ConformanceCase.named("aggregates skip events without the property")
            .filter(
                "{\"event\":\"order\",\"avg\":{\"property\":\"amount\",\"op\":\"eq\",\"value\":10}}")
            .contactWith(
                "a",
                ev("e1", "order", "2026-11-01T00:00:00Z", "amount", n("10")),
                ev("e2", "order", "2026-11-02T00:00:00Z"))
            .expect("a"));
    cases.add(
        ConformanceCase.named(
                "clients with more than 3 orders over 100 in total in the last 30 days")
            .filter(
                "{\"all\":[{\"event\":\"order\",\"window\":{\"last\":30,\"unit\":\"days\"},\"count\":{\"op\":\"at_least\",\"value\":4}},"
                    + "{\"event\":\"order\",\"window\":{\"last\":30,\"unit\":\"days\"},\"sum\":{\"property\":\"amount\",\"op\":\"gt\",\"value\":100}}]}")
            .contactWith(
                "a",
                ev("o1", "order", "2026-11-01T00:00:00Z", "amount", n("30")),
                ev("o2", "order", "2026-11-02T00:00:00Z", "amount", n("30")),
                ev("o3", "order", "2026-11-03T00:00:00Z", "amount", n("30")),
                ev("o4", "order", "2026-11-04T00:00:00Z", "amount", n("10.01")))
            .contactWith(
                "b",
                ev("o5", "order", "2026-10-18T23:59:59.999Z", "amount", n("300")),
                ev("o6", "order", "2026-11-02T00:00:00Z", "amount", n("30")),
                ev("o7", "order", "2026-11-03T00:00:00Z", "amount", n("30")),
                ev("o8", "order", "2026-11-04T00:00:00Z", "amount", n("30")))
            .expect("a"));
  }

  private static void memberships(List<ConformanceCase> cases) {
    cases.add(
        ConformanceCase.named("segment of segment chains follow their dependencies")
            .segment(dynamic("c3", "{\"not_in_segment\":\"b2\"}"))
            .segment(
                dynamic(
                    "b2", "{\"all\":[{\"in_segment\":\"a1\"},{\"tags\":{\"has_any\":[\"vip\"]}}]}"))
            .segment(dynamic("a1", "{\"field\":\"country\",\"op\":\"eq\",\"value\":\"FR\"}"))
            .contact(c("x").country("FR").tags("vip"))
            .contact(c("y").country("FR"))
            .contact(c("z").country("DE").tags("vip"))
            .expectMembers("a1", "x", "y")
            .expectMembers("b2", "x")
            .expectMembers("c3", "y", "z"));
    cases.add(
        ConformanceCase.named("a diamond of references is evaluated once per node")
            .segment(dynamic("base", "{\"field\":\"country\",\"op\":\"eq\",\"value\":\"FR\"}"))
            .segment(
                dynamic(
                    "left",
                    "{\"all\":[{\"in_segment\":\"base\"},{\"tags\":{\"has_any\":[\"vip\"]}}]}"))
            .segment(
                dynamic(
                    "right",
                    "{\"all\":[{\"in_segment\":\"base\"},{\"tags\":{\"has_none\":[\"vip\"]}}]}"))
            .segment(
                dynamic("top", "{\"any\":[{\"in_segment\":\"left\"},{\"in_segment\":\"right\"}]}"))
            .contact(c("x").country("FR").tags("vip"))
            .contact(c("y").country("FR"))
            .contact(c("z").country("DE"))
            .expectMembers("top", "x", "y")
            .expectMembers("left", "x")
            .expectMembers("right", "y"));
    cases.add(
        ConformanceCase.named("a static list is its latest add or remove per contact")
            .segment(staticList("list"))
            .contactWith(
                "a",
                act("1", "list", ADD, "2026-11-01T00:00:00Z"),
                act("2", "list", REMOVE, "2026-11-02T00:00:00Z"))
            .contactWith(
                "b",
                act("3", "list", REMOVE, "2026-11-01T00:00:00Z"),
                act("4", "list", ADD, "2026-11-02T00:00:00Z"))
            .contactWith("c", act("5", "list", ADD, "2026-11-19T00:00:00Z"))
            .contactWith("d", act("6", "list", INCLUDE, "2026-11-01T00:00:00Z"))
            .contactWith(
                "e",
                act("7", "list", ADD, "2026-11-01T00:00:00Z"),
                act("8", "list", CLEAR_OVERRIDE, "2026-11-02T00:00:00Z"))
            .contactWith("f", act("9", "other", ADD, "2026-11-01T00:00:00Z"))
            .expectMembers("list", "b", "d"));
    cases.add(
        ConformanceCase.named("webinar attendees not in the customers list")
            .segment(staticList("customers"))
            .segment(
                dynamic(
                    "prospects",
                    "{\"all\":[{\"event\":\"webinar_attended\"},{\"not_in_segment\":\"customers\"}]}"))
            .contactWith(
                "a",
                ev("e1", "webinar_attended", "2026-11-01T00:00:00Z"),
                act("1", "customers", ADD, "2026-01-01T00:00:00Z"))
            .contactWith("b", ev("e2", "webinar_attended", "2026-11-01T00:00:00Z"))
            .contactWith("c", act("2", "customers", ADD, "2026-01-01T00:00:00Z"))
            .expectMembers("prospects", "b")
            .expectMembers("customers", "a", "c"));
  }

  private static void overrides(List<ConformanceCase> cases) {
    cases.add(
        ConformanceCase.named("manual include and exclude override the filter until cleared")
            .filter("{\"field\":\"country\",\"op\":\"eq\",\"value\":\"FR\"}")
            .contact(c("a").country("DE"), null, act("1", "s", INCLUDE, "2026-11-01T00:00:00Z"))
            .contact(c("b").country("FR"), null, act("2", "s", EXCLUDE, "2026-11-01T00:00:00Z"))
            .contact(
                c("c").country("FR"),
                null,
                act("3", "s", EXCLUDE, "2026-11-01T00:00:00Z"),
                act("4", "s", CLEAR_OVERRIDE, "2026-11-02T00:00:00Z"))
            .contact(
                c("d").country("DE"),
                null,
                act("5", "s", INCLUDE, "2026-11-01T00:00:00Z"),
                act("6", "s", CLEAR_OVERRIDE, "2026-11-02T00:00:00Z"))
            .contact(c("e").country("DE"), null, act("7", "s", INCLUDE, "2026-11-19T00:00:00Z"))
            .contact(
                c("f").country("FR"),
                null,
                act("8", "s", EXCLUDE, "2026-11-01T00:00:00Z"),
                act("9", "s", INCLUDE, "2026-11-03T00:00:00Z"))
            .expect("a", "c", "f"));
    cases.add(
        ConformanceCase.named("at the same millisecond an exclude beats an include")
            .filter("{\"field\":\"country\",\"op\":\"eq\",\"value\":\"FR\"}")
            .contact(
                c("a").country("DE"),
                null,
                act("2", "s", EXCLUDE, "2026-11-01T00:00:00Z"),
                act("1", "s", INCLUDE, "2026-11-01T00:00:00Z"))
            .contact(
                c("b").country("DE"),
                null,
                act("3", "s", INCLUDE, "2026-11-01T00:00:00Z"),
                act("4", "s", CLEAR_OVERRIDE, "2026-11-01T00:00:00Z"))
            .expect("b"));
    cases.add(
        ConformanceCase.named("add and remove on a dynamic segment act as include and exclude")
            .filter("{\"field\":\"country\",\"op\":\"eq\",\"value\":\"FR\"}")
            .contact(c("a").country("DE"), null, act("1", "s", ADD, "2026-11-01T00:00:00Z"))
            .contact(c("b").country("FR"), null, act("2", "s", REMOVE, "2026-11-01T00:00:00Z"))
            .expect("a"));
    cases.add(
        ConformanceCase.named("dependent segments see the overridden membership")
            .segment(dynamic("fr", "{\"field\":\"country\",\"op\":\"eq\",\"value\":\"FR\"}"))
            .segment(
                dynamic(
                    "frvip",
                    "{\"all\":[{\"in_segment\":\"fr\"},{\"tags\":{\"has_any\":[\"vip\"]}}]}"))
            .contact(
                c("a").country("FR").tags("vip"),
                null,
                act("1", "fr", EXCLUDE, "2026-11-01T00:00:00Z"))
            .contact(
                c("b").country("DE").tags("vip"),
                null,
                act("2", "fr", INCLUDE, "2026-11-01T00:00:00Z"))
            .expectMembers("fr", "b")
            .expectMembers("frvip", "b"));
  }

  private static void derived(List<ConformanceCase> cases) {
    cases.add(
        ConformanceCase.named("phone country comes from the international prefix")
            .segment(dynamic("fr", "{\"field\":\"phone_country\",\"op\":\"eq\",\"value\":\"fr\"}"))
            .segment(dynamic("ca", "{\"field\":\"phone_country\",\"op\":\"eq\",\"value\":\"CA\"}"))
            .segment(dynamic("unknown", "{\"field\":\"phone_country\",\"op\":\"empty\"}"))
            .contact(c("a").phone("+33 6 12 34 56 78"))
            .contact(c("b").phone("0033612345678"))
            .contact(c("c").phone("06 12 34 56 78"))
            .contact(c("d"))
            .contact(c("e").phone("+1 416-967-1111"))
            .contact(c("f").phone("+33 1"))
            .expectMembers("fr", "a", "b")
            .expectMembers("ca", "e")
            .expectMembers("unknown", "c", "d", "f"));
    cases.add(
        ConformanceCase.named("identified contacts have a non-blank email or phone")
            .segment(dynamic("known", "{\"field\":\"identified\",\"op\":\"eq\",\"value\":true}"))
            .segment(dynamic("anon", "{\"field\":\"identified\",\"op\":\"eq\",\"value\":false}"))
            .contact(c("a").email("a@x.io"))
            .contact(c("b").phone("+33612345678"))
            .contact(c("c").email("  "))
            .contact(c("d"))
            .expectMembers("known", "a", "b")
            .expectMembers("anon", "c", "d"));
    cases.add(
        ConformanceCase.named("engagement levels by the latest open, click or visit")
            .segment(
                dynamic(
                    "engaged",
                    "{\"field\":\"engagement_level\",\"op\":\"eq\",\"value\":\"engaged\"}"))
            .segment(
                dynamic(
                    "recent",
                    "{\"field\":\"engagement_level\",\"op\":\"eq\",\"value\":\"recent_activity\"}"))
            .segment(
                dynamic(
                    "disengaged",
                    "{\"field\":\"engagement_level\",\"op\":\"eq\",\"value\":\"disengaged\"}"))
            .segment(
                dynamic(
                    "inactive",
                    "{\"field\":\"engagement_level\",\"op\":\"eq\",\"value\":\"inactive\"}"))
            .contactWith("a", ev("e1", "email_open", "2026-11-11T00:00:00Z"))
            .contactWith("b", ev("e2", "email_click", "2026-11-10T23:59:59.999Z"))
            .contactWith("c", ev("e3", "page_visit", "2026-10-19T00:00:00Z"))
            .contactWith("d", ev("e4", "email_open", "2026-10-18T23:59:59.999Z"))
            .contactWith("e", ev("e5", "page_visit", "2026-08-20T00:00:00Z"))
            .contactWith("f", ev("e6", "email_open", "2026-08-19T23:59:59.999Z"))
            .contactWith("g")
            .contactWith(
                "h",
                ev("e7", "email_open", "2026-11-19T00:00:00Z"),
                ev("e8", "order", "2026-11-17T00:00:00Z"))
            .contactWith(
                "i",
                ev("e9", "email_open", "2026-01-01T00:00:00Z"),
                ev("e10", "email_click", "2026-11-17T00:00:00Z"))
            .expectMembers("engaged", "a", "i")
            .expectMembers("recent", "b", "c")
            .expectMembers("disengaged", "d", "e")
            .expectMembers("inactive", "f", "g", "h"));
  }

  private static void groups(List<ConformanceCase> cases) {
    cases.add(
        ConformanceCase.named("nested all, any and not")
            .filter(
                "{\"all\":[{\"field\":\"country\",\"op\":\"in\",\"value\":[\"FR\",\"BE\"]},"
                    + "{\"any\":[{\"tags\":{\"has_any\":[\"vip\"]}},{\"field\":\"company.size\",\"op\":\"gt\",\"value\":100}]},"
                    + "{\"not\":{\"field\":\"unsubscribed\",\"op\":\"eq\",\"value\":true}}]}")
            .contact(c("a").country("FR").tags("vip"))
            .contact(c("b").country("BE").companyId("big"), company("big", 500L, "retail", null))
            .contact(c("c").country("FR").tags("vip").unsubscribed(true))
            .contact(c("d").country("DE").tags("vip"))
            .contact(c("e").country("FR"))
            .expect("a", "b"));
    cases.add(
        ConformanceCase.named("not of a comparison on a missing value holds")
            .filter("{\"not\":{\"field\":\"city\",\"op\":\"eq\",\"value\":\"paris\"}}")
            .contact(c("a"))
            .contact(c("b").city("Paris"))
            .expect("a"));
    cases.add(
        ConformanceCase.named("company fields and custom fields through the contact's company")
            .segment(
                dynamic(
                    "gold",
                    "{\"all\":[{\"field\":\"company.industry\",\"op\":\"eq\",\"value\":\"RETAIL\"},"
                        + "{\"field\":\"company.custom.tier\",\"op\":\"eq\",\"value\":\"gold\"}]}"))
            .segment(dynamic("nocompany", "{\"field\":\"company.name\",\"op\":\"empty\"}"))
            .contact(c("a").companyId("g"), company("g", 10L, "retail", "gold"))
            .contact(c("b").companyId("s"), company("s", 10L, "retail", "silver"))
            .contact(c("c"))
            .expectMembers("gold", "a")
            .expectMembers("nocompany", "c"));
  }
}
