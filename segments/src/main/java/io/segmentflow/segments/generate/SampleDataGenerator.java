package io.segmentflow.segments.generate;

import io.segmentflow.segments.catalog.Catalog;
import io.segmentflow.segments.catalog.EngagementThresholds;
import io.segmentflow.segments.data.Company;
import io.segmentflow.segments.data.Contact;
import io.segmentflow.segments.data.ContactData;
import io.segmentflow.segments.model.ValueType;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Deterministic sample data for tests, the demo and benchmarks: contacts with their company, events
 * and list actions, and companies, as messy and skewed as real marketing data (see {@link
 * Profiles}, {@link EventHistory}, {@link ListActionHistory}).
 *
 * <p>Contact {@code i} depends only on the seed and {@code i}, and company {@code j} only on the
 * seed and {@code j}: the data is the same on every run and can be produced lazily, in parallel or
 * in slices ({@link #contact(int)}). Ids are zero-padded so they sort: {@code c-000000123}, {@code
 * co-00042}, events {@code e-000000123-00001}, list actions {@code a-000000123-01}.
 */
public final class SampleDataGenerator {

  /** The standard catalog plus the custom fields generated, those of the examples' catalog. */
  public static final Catalog CATALOG =
      new Catalog(
          Map.of(
              "birthday", ValueType.DATE,
              "plan", ValueType.TEXT,
              "lifetime_value", ValueType.NUMBER,
              "vip", ValueType.BOOLEAN,
              "interests", ValueType.TEXT_LIST),
          Map.of("tier", ValueType.TEXT),
          Catalog.STANDARD_EVENT_TYPES,
          EngagementThresholds.DEFAULT);

  /** The share of contacts that belong to a company, when there are companies. */
  private static final double COMPANY_SHARE = 0.6;

  private static final long CONTACTS = 1;
  private static final long COMPANIES = 2;

  private final GeneratorOptions options;
  private final EventHistory events;
  private final ListActionHistory listActions;
  private final Instant historyStart;

  public SampleDataGenerator(GeneratorOptions options) {
    this.options = options;
    this.events = new EventHistory(options.eventsPerContact(), options.asOf());
    this.listActions = new ListActionHistory(options.overrideSegmentIds(), options.asOf());
    this.historyStart = options.asOf().minus(Duration.ofDays(options.daysOfHistory()));
  }

  public GeneratorOptions options() {
    return options;
  }

  /** All contacts in id order, generated one by one as the stream is consumed. */
  public Stream<ContactData> contacts() {
    return IntStream.range(0, options.contacts()).mapToObj(this::contact);
  }

  /** All companies in id order, generated one by one as the stream is consumed. */
  public Stream<Company> companies() {
    return IntStream.range(0, options.companies()).mapToObj(this::company);
  }

  /** Contact {@code index} (from 0) with its company, events and list actions. */
  public ContactData contact(int index) {
    SplittableRandom random = random(CONTACTS, index);
    String number = Draw.padded(index, 9);
    String contactId = "c-" + number;
    Country home = Country.ALL.draw(random);
    Company company =
        options.companies() > 0 && Draw.chance(random, COMPANY_SHARE)
            ? company(Draw.popularIndex(random, options.companies()))
            : null;
    Contact contact =
        Profiles.contact(
            random, contactId, home, company == null ? null : company.companyId(), options.asOf());
    Instant from = contact.createdAt().isAfter(historyStart) ? contact.createdAt() : historyStart;
    return new ContactData(
        contact,
        company,
        events.of(random, contactId, number, from, home.currency()),
        listActions.of(random, contactId, number, from));
  }

  /** Company {@code index} (from 0). */
  public Company company(int index) {
    return Profiles.company(
        random(COMPANIES, index), "co-" + Draw.padded(index, 5), options.asOf());
  }

  /** Randomness that depends only on the seed, the kind of record and its index. */
  private SplittableRandom random(long kind, int index) {
    return new SplittableRandom(mix(mix(options.seed() * 0x9E3779B97F4A7C15L + kind) + index));
  }

  /** Stafford's 64-bit mix: nearby inputs give unrelated outputs. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
