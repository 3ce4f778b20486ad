package io.segmentflow.segments.generate;

import static io.segmentflow.segments.generate.Draw.any;
import static io.segmentflow.segments.generate.Draw.chance;
import static io.segmentflow.segments.generate.Draw.popular;

import io.segmentflow.segments.data.Event;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The events of one contact: how many is heavy-tailed (a few very active contacts, most nearly
 * idle), times lean towards the evaluation time, and every standard event type comes with its
 * properties. A few events are delivered twice and a few carry a clock ahead of the evaluation.
 */
final class EventHistory {

  /** Contacts with 10 to 50 times the mean number of events. */
  private static final double VERY_ACTIVE_SHARE = 0.02;

  /** Contacts with an exponentially distributed number of events; the others have 0 to 3. */
  private static final double REGULAR_SHARE = 0.25;

  private static final double REDELIVERY_RATE = 0.005;
  private static final double FUTURE_RATE = 0.001;
  private static final Duration MAX_CLOCK_SKEW = Duration.ofHours(2);

  private static final Weighted<String> TYPES =
      new Weighted<String>()
          .add("page_visit", 38)
          .add("email_open", 22)
          .add("email_click", 8)
          .add("app_open", 8)
          .add("order", 5)
          .add("message_read", 5)
          .add("form_submit", 3)
          .add("course_progress", 3)
          .add("asset_download", 2)
          .add("message_inbound", 2)
          .add("webinar_attended", 2);

  private static final String SITE = "https://www.example-shop.com";

  private record Page(String path, String title) {}

  /** The site's pages, most visited first. */
  private static final List<Page> PAGES =
      List.of(
          new Page("/", "Home"),
          new Page("/pricing", "Pricing"),
          new Page("/products/shoes", "Shoes"),
          new Page("/blog/segmentation-101", "Segmentation 101"),
          new Page("/docs/getting-started", "Getting started"),
          new Page("/blog/black-friday-checklist", "Black Friday checklist"),
          new Page("/contact", "Contact us"),
          new Page("/products/jackets", "Jackets"),
          new Page("/docs/segments", "Segments"),
          new Page("/blog/consent-under-gdpr", "Consent under GDPR"),
          new Page("/docs/api", "API reference"));

  private static final List<String> CAMPAIGN_TRAFFIC =
      List.of(
          "?utm_source=newsletter&utm_medium=email",
          "?utm_source=google&utm_medium=cpc",
          "?utm_source=facebook&utm_medium=social",
          "?utm_source=linkedin&utm_medium=social");
  private static final List<String> REFERRERS =
      List.of(
          "https://www.google.com/",
          "https://www.linkedin.com/",
          "https://t.co/",
          "https://www.facebook.com/",
          "https://duckduckgo.com/");
  private static final List<String> CAMPAIGNS = List.of("40", "41", "42", "43", "44", "45");
  private static final List<String> FORMS =
      List.of("newsletter-signup", "contact-us", "demo-request", "webinar-registration");
  private static final List<String> ASSETS =
      List.of("ebook-segmentation", "pricing-sheet", "case-study-acme", "whitepaper-consent");
  private static final List<String> PRODUCTS =
      List.of(
          "sku-shoes-42",
          "sku-tshirt-m",
          "sku-shoes-39",
          "sku-socks-39",
          "sku-jacket-l",
          "sku-cap",
          "sku-tshirt-l",
          "sku-bag");
  private static final List<String> CURRENCIES = List.of("EUR", "USD", "GBP");
  private static final List<String> CHANNELS = List.of("email", "whatsapp", "sms");
  private static final List<String> APPS = List.of("app-shop", "app-academy");
  private static final List<String> PLATFORMS = List.of("ios", "android");
  private static final List<String> COURSES =
      List.of("course-101", "course-102", "course-201", "course-301");
  private static final List<String> WEBINARS =
      List.of("webinar-segmentation-basics", "webinar-black-friday", "webinar-consent");

  private final double mean;
  private final Instant asOf;
  private final int idleMax;
  private final double regularMean;

  EventHistory(double meanPerContact, Instant asOf) {
    this.mean = meanPerContact;
    this.asOf = asOf;
    // idle contacts have 0 to 3 events, fewer when the mean itself is small
    this.idleMax = (int) Math.min(3, Math.floor(meanPerContact / 2));
    double veryActiveMean = 30 * meanPerContact;
    double idleShare = 1 - VERY_ACTIVE_SHARE - REGULAR_SHARE;
    // what regular contacts must average for the overall mean to be meanPerContact
    this.regularMean =
        (meanPerContact - VERY_ACTIVE_SHARE * veryActiveMean - idleShare * idleMax / 2.0)
            / REGULAR_SHARE;
  }

  /**
   * The contact's events in time order, from {@code from} to the evaluation time; orders are mostly
   * paid in the {@code currency} of the contact's country.
   */
  List<Event> of(
      SplittableRandom random, String contactId, String number, Instant from, String currency) {
    long[] times = new long[count(random)];
    long end = asOf.toEpochMilli();
    long window = end - from.toEpochMilli();
    for (int i = 0; i < times.length; i++) {
      if (chance(random, FUTURE_RATE)) {
        times[i] = end + 1 + random.nextLong(MAX_CLOCK_SKEW.toMillis());
      } else {
        double u = random.nextDouble();
        times[i] = end - (long) (window * u * u);
      }
    }
    Arrays.sort(times);
    List<Event> events = new ArrayList<>(times.length + 1);
    for (int i = 0; i < times.length; i++) {
      String eventNumber = number + "-" + Draw.padded(i + 1, 5);
      String type = TYPES.draw(random);
      Event event =
          new Event(
              "e-" + eventNumber,
              contactId,
              type,
              Instant.ofEpochMilli(times[i]),
              properties(random, type, eventNumber, currency));
      events.add(event);
      if (chance(random, REDELIVERY_RATE)) {
        events.add(event);
      }
    }
    return events;
  }

  /** Heavy-tailed, with {@link #mean} as its mean; rounded up or down at random, unbiased. */
  private int count(SplittableRandom random) {
    double tier = random.nextDouble();
    double expected;
    if (tier < VERY_ACTIVE_SHARE) {
      expected = mean * (10 + 40 * random.nextDouble());
    } else if (tier < VERY_ACTIVE_SHARE + REGULAR_SHARE) {
      expected = -regularMean * Math.log(1 - random.nextDouble());
    } else {
      return random.nextInt(idleMax + 1);
    }
    return (int) (expected + random.nextDouble());
  }

  private static Map<String, Object> properties(
      SplittableRandom random, String type, String eventNumber, String currency) {
    Map<String, Object> properties = new HashMap<>();
    switch (type) {
      case "page_visit" -> {
        Page page = popular(random, PAGES);
        String traffic = chance(random, 0.15) ? any(random, CAMPAIGN_TRAFFIC) : "";
        properties.put("url", SITE + page.path() + traffic);
        properties.put("title", page.title());
        if (chance(random, 0.4)) {
          properties.put("referrer", any(random, REFERRERS));
        }
      }
      case "email_open" -> email(random, properties);
      case "email_click" -> {
        String campaign = email(random, properties);
        properties.put(
            "url",
            SITE
                + popular(random, PAGES).path()
                + "?utm_source=newsletter&utm_medium=email&utm_campaign="
                + campaign);
      }
      case "form_submit" -> properties.put("form_id", popular(random, FORMS));
      case "asset_download" -> properties.put("asset_id", popular(random, ASSETS));
      case "order" -> {
        properties.put("order_id", "o-" + eventNumber);
        properties.put("amount", Draw.amount(random, 5, 500));
        properties.put("currency", chance(random, 0.9) ? currency : any(random, CURRENCIES));
        properties.put("products", Draw.some(random, PRODUCTS, 1 + random.nextInt(3)));
      }
      case "message_read", "message_inbound" -> {
        properties.put("message_id", "m-" + eventNumber);
        properties.put("channel", popular(random, CHANNELS));
      }
      case "app_open" -> {
        properties.put("app_id", popular(random, APPS));
        properties.put("platform", any(random, PLATFORMS));
      }
      case "course_progress" -> {
        properties.put("course_id", popular(random, COURSES));
        properties.put("percent", BigDecimal.valueOf(random.nextInt(101)));
      }
      case "webinar_attended" -> {
        properties.put("webinar_id", popular(random, WEBINARS));
        properties.put("duration_minutes", BigDecimal.valueOf(5 + random.nextInt(86)));
      }
      default -> throw new IllegalStateException("no properties for event type " + type);
    }
    return properties;
  }

  /** Puts the email and campaign ids of an email event, and returns the campaign. */
  private static String email(SplittableRandom random, Map<String, Object> properties) {
    String campaign = any(random, CAMPAIGNS);
    properties.put("campaign_id", campaign);
    properties.put("email_id", "em-" + campaign + "-" + (random.nextBoolean() ? "a" : "b"));
    return campaign;
  }
}
