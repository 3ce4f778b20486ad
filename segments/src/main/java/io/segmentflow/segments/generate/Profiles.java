package io.segmentflow.segments.generate;

import static io.segmentflow.segments.generate.Draw.any;
import static io.segmentflow.segments.generate.Draw.chance;

import io.segmentflow.segments.data.Company;
import io.segmentflow.segments.data.Contact;
import java.math.BigDecimal;
import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/** The profiles of sample contacts and companies, with the gaps and mess of real data. */
final class Profiles {

  private static final double ANONYMOUS_SHARE = 0.15;
  private static final double UNSUBSCRIBED_SHARE = 0.05;

  /** Tags, most used first, written in the case most teams use. */
  private static final List<String> TAGS =
      List.of("newsletter", "vip", "b2b", "Black-Friday", "churned", "partner", "beta");

  private static final List<String> INTERESTS =
      List.of("running", "travel", "cooking", "tech", "fashion", "music", "yoga", "gaming");

  /** Names from elsewhere, given to a few contacts wherever they live. */
  private static final List<List<String>> TRAVELLER_NAMES =
      List.of(
          List.of("伟", "王"),
          List.of("娜", "李"),
          List.of("محمد", "العلي"),
          List.of("فاطمة", "حداد"),
          List.of("Bjørn", "Søndergaard"),
          List.of("Øystein", "Ødegård"),
          List.of("Łukasz", "Wałęsa"),
          List.of("Małgorzata", "Łukaszewicz"));

  private static final List<String> COMPANY_NAMES =
      List.of(
          "Acme",
          "Nordwind",
          "Soleil",
          "Kirschblüte",
          "Åkerlund",
          "Sakura",
          "Estrela",
          "Brightside",
          "Bellavista",
          "Zephyr",
          "Ferrovia",
          "Rivière",
          "桜",
          "Łódź Digital",
          "Polaris",
          "Meridian");

  private static final List<String> INDUSTRIES =
      List.of(
          "software",
          "retail",
          "manufacturing",
          "finance",
          "healthcare",
          "education",
          "media",
          "hospitality",
          "logistics");

  private static final Weighted<String> PLANS =
      new Weighted<String>().add("free", 60).add("pro", 30).add("enterprise", 10);

  private static final Weighted<String> TIERS =
      new Weighted<String>().add("gold", 20).add("silver", 35).add("bronze", 45);

  private static final Duration MAX_CONTACT_AGE = Duration.ofDays(3 * 365);
  private static final Duration MAX_COMPANY_AGE = Duration.ofDays(365);
  private static final LocalDate OLDEST_BIRTHDAY = LocalDate.of(1950, 1, 1);
  private static final int BIRTHDAY_RANGE_DAYS = 57 * 365;
  private static final Pattern NOT_ASCII_LETTER = Pattern.compile("[^A-Za-z]");

  private Profiles() {}

  static Contact contact(
      SplittableRandom random, String contactId, Country home, String companyId, Instant asOf) {
    boolean anonymous = chance(random, ANONYMOUS_SHARE);
    boolean hasEmail = !anonymous && chance(random, 0.85);
    boolean hasPhone = !anonymous && (!hasEmail || chance(random, 0.5));
    // people known only by a cookie have rarely given their name
    boolean named = !anonymous || chance(random, 0.2);
    List<String> name =
        chance(random, 0.06)
            ? any(random, TRAVELLER_NAMES)
            : List.of(any(random, home.firstNames()), any(random, home.lastNames()));
    String firstName = named && !chance(random, 0.04) ? name.get(0) : null;
    String lastName = named && !chance(random, 0.06) ? name.get(1) : null;
    Instant createdAt = asOf.minusMillis(random.nextLong(MAX_CONTACT_AGE.toMillis()));
    return Contact.builder(contactId)
        .email(hasEmail ? email(random, name, home) : null)
        .phone(hasPhone ? Draw.digits(random, any(random, home.phoneFormats())) : null)
        .firstName(firstName)
        .lastName(lastName)
        .country(chance(random, 0.94) ? home.code() : null)
        .language(chance(random, 0.92) ? any(random, home.languages()) : null)
        .city(chance(random, 0.8) ? any(random, home.cities()) : null)
        .createdAt(createdAt)
        .updatedAt(Draw.between(random, createdAt, asOf))
        .tags(tags(random))
        .companyId(companyId)
        .unsubscribed(chance(random, UNSUBSCRIBED_SHARE))
        .marketingConsent(marketingConsent(random))
        .customFields(contactCustomFields(random))
        .build();
  }

  static Company company(SplittableRandom random, String companyId, Instant asOf) {
    Country home = Country.ALL.draw(random);
    return new Company(
        companyId,
        chance(random, 0.97)
            ? any(random, COMPANY_NAMES) + " " + any(random, home.companySuffixes())
            : null,
        chance(random, 0.9) ? any(random, INDUSTRIES) : null,
        // employees from 1 to about 30,000, small companies far more common
        chance(random, 0.92) ? Math.round(Math.pow(10, random.nextDouble() * 4.5)) : null,
        chance(random, 0.9) ? home.code() : null,
        asOf.minusMillis(random.nextLong(MAX_COMPANY_AGE.toMillis())),
        chance(random, 0.8) ? Map.of("tier", TIERS.draw(random)) : Map.of());
  }

  /** An address made from the name as people do, in mixed case; "contact123" for other scripts. */
  private static String email(SplittableRandom random, List<String> name, Country home) {
    String first = ascii(name.get(0));
    String last = ascii(name.get(1));
    String local =
        first.isEmpty() || last.isEmpty()
            ? "contact" + random.nextInt(100_000)
            : switch (random.nextInt(3)) {
              case 0 -> first + "." + last;
              case 1 -> first + last + random.nextInt(100);
              default -> first.charAt(0) + "." + last;
            };
    String address = local + "@" + any(random, home.emailDomains());
    double style = random.nextDouble();
    if (style < 0.65) {
      return address.toLowerCase(Locale.ROOT);
    }
    return style < 0.9 ? address : address.toUpperCase(Locale.ROOT);
  }

  /** The name in plain ASCII letters: accents dropped, other scripts gone. */
  private static String ascii(String name) {
    String spelled =
        name.replace("ß", "ss")
            .replace("ø", "o")
            .replace("Ø", "O")
            .replace("ł", "l")
            .replace("Ł", "L");
    return NOT_ASCII_LETTER
        .matcher(Normalizer.normalize(spelled, Normalizer.Form.NFD))
        .replaceAll("");
  }

  /** Up to three tags, each written as-is, lower-case, upper-case or capitalized. */
  private static List<String> tags(SplittableRandom random) {
    List<String> tags = new ArrayList<>();
    for (String tag :
        Draw.some(random, TAGS, (int) (random.nextDouble() * random.nextDouble() * 4))) {
      double style = random.nextDouble();
      if (style < 0.6) {
        tags.add(tag);
      } else if (style < 0.7) {
        tags.add(tag.toLowerCase(Locale.ROOT));
      } else if (style < 0.85) {
        tags.add(tag.toUpperCase(Locale.ROOT));
      } else {
        tags.add(Character.toUpperCase(tag.charAt(0)) + tag.substring(1));
      }
    }
    return tags;
  }

  /** Never asked (null) for many, given by most of the others. */
  private static Boolean marketingConsent(SplittableRandom random) {
    double answer = random.nextDouble();
    return answer < 0.4 ? null : answer < 0.85;
  }

  /** The custom fields of the examples catalog: birthday, plan, lifetime_value, vip, interests. */
  private static Map<String, Object> contactCustomFields(SplittableRandom random) {
    Map<String, Object> fields = new HashMap<>();
    if (chance(random, 0.7)) {
      fields.put("birthday", OLDEST_BIRTHDAY.plusDays(random.nextInt(BIRTHDAY_RANGE_DAYS)));
    }
    if (chance(random, 0.8)) {
      String plan = PLANS.draw(random);
      fields.put("plan", plan);
      fields.put("lifetime_value", lifetimeValue(random, plan));
    }
    if (chance(random, 0.3)) {
      fields.put("vip", chance(random, 0.25));
    }
    if (chance(random, 0.5)) {
      fields.put("interests", Draw.some(random, INTERESTS, 1 + random.nextInt(3)));
    }
    return fields;
  }

  private static BigDecimal lifetimeValue(SplittableRandom random, String plan) {
    return switch (plan) {
      case "free" -> Draw.amount(random, 0, 50);
      case "pro" -> Draw.amount(random, 100, 2_000);
      default -> Draw.amount(random, 2_000, 50_000);
    };
  }
}
