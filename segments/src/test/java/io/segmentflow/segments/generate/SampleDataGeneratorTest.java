package io.segmentflow.segments.generate;

import static java.util.stream.Collectors.toSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.segments.catalog.Catalog;
import io.segmentflow.segments.catalog.EventTypeSpec;
import io.segmentflow.segments.data.Company;
import io.segmentflow.segments.data.Contact;
import io.segmentflow.segments.data.ContactData;
import io.segmentflow.segments.data.Event;
import io.segmentflow.segments.data.ListAction;
import io.segmentflow.segments.data.Values;
import io.segmentflow.segments.model.ValueType;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SampleDataGeneratorTest {

  private static final Instant AS_OF = Instant.parse("2026-11-22T00:00:00Z");
  private static final GeneratorOptions OPTIONS =
      new GeneratorOptions(42, 5_000, 250, 20, 90, AS_OF);

  private static List<ContactData> data;
  private static List<Event> events;

  @BeforeAll
  static void generate() {
    data = new SampleDataGenerator(OPTIONS).contacts().toList();
    events = data.stream().flatMap(contact -> contact.events().stream()).toList();
  }

  @Test
  void sameOptionsGiveTheSameData() {
    GeneratorOptions options = new GeneratorOptions(7, 300, 15, 20, 90, AS_OF);

    assertThat(new SampleDataGenerator(options).contacts().toList())
        .isEqualTo(new SampleDataGenerator(options).contacts().toList());
    assertThat(new SampleDataGenerator(options).companies().toList())
        .isEqualTo(new SampleDataGenerator(options).companies().toList());
  }

  @Test
  void anotherSeedGivesOtherData() {
    GeneratorOptions options = new GeneratorOptions(7, 300, 15, 20, 90, AS_OF);
    GeneratorOptions otherSeed = new GeneratorOptions(8, 300, 15, 20, 90, AS_OF);

    List<ContactData> contacts = new SampleDataGenerator(options).contacts().toList();
    List<ContactData> others = new SampleDataGenerator(otherSeed).contacts().toList();

    for (int i = 0; i < contacts.size(); i += 50) {
      assertThat(others.get(i)).isNotEqualTo(contacts.get(i));
    }
    assertThat(new SampleDataGenerator(otherSeed).companies().toList())
        .isNotEqualTo(new SampleDataGenerator(options).companies().toList());
  }

  @Test
  void aContactIsTheSameAloneInTheStreamAndInParallel() {
    SampleDataGenerator generator = new SampleDataGenerator(OPTIONS);

    assertThat(generator.contact(1234)).isEqualTo(data.get(1234));
    assertThat(generator.contacts().parallel().toList()).isEqualTo(data);
  }

  @Test
  void generatesTheRequestedNumberOfContactsAndCompaniesWithSortableIds() {
    List<Company> companies = new SampleDataGenerator(OPTIONS).companies().toList();

    assertThat(data).hasSize(5_000);
    assertThat(data.get(123).contact().contactId()).isEqualTo("c-000000123");
    assertThat(data).extracting(c -> c.contact().contactId()).isSorted().doesNotHaveDuplicates();
    assertThat(companies).hasSize(250);
    assertThat(companies.get(42).companyId()).isEqualTo("co-00042");
    assertThat(companies).extracting(Company::companyId).isSorted();
  }

  @Test
  void aboutSixtyPercentOfContactsBelongToTheirCompany() {
    List<ContactData> withCompany = data.stream().filter(c -> c.company() != null).toList();

    assertThat(share(data, c -> c.company() != null)).isBetween(0.55, 0.65);
    assertThat(withCompany)
        .allSatisfy(c -> assertThat(c.contact().companyId()).isEqualTo(c.company().companyId()))
        .extracting(ContactData::company)
        .isSubsetOf(new SampleDataGenerator(OPTIONS).companies().toList());
  }

  @Test
  void theMeanNumberOfEventsIsTheRequestedOne() {
    long distinctEvents = events.stream().map(Event::eventId).distinct().count();

    assertThat(distinctEvents / 5_000.0).isBetween(18.0, 22.0);
  }

  @Test
  void activityIsHeavyTailed() {
    int[] counts = data.stream().mapToInt(c -> c.events().size()).sorted().toArray();
    int topFivePercent = Arrays.stream(counts, counts.length * 95 / 100, counts.length).sum();

    assertThat((double) topFivePercent / events.size()).isGreaterThan(0.5);
    assertThat(share(data, c -> c.events().size() <= 3)).isGreaterThan(0.6);
    assertThat(counts[counts.length - 1]).isGreaterThan(10 * 20);
  }

  @Test
  void profilesHaveTheGapsOfRealData() {
    assertThat(share(data, c -> c.contact().email() == null && c.contact().phone() == null))
        .isBetween(0.13, 0.17);
    assertThat(share(data, c -> c.contact().city() == null)).isBetween(0.17, 0.23);
    assertThat(share(data, c -> c.contact().country() == null)).isBetween(0.03, 0.09);
    assertThat(share(data, c -> c.contact().language() == null)).isBetween(0.05, 0.11);
    assertThat(share(data, c -> c.contact().unsubscribed())).isBetween(0.04, 0.06);
    assertThat(data.stream().map(c -> c.contact().marketingConsent()).collect(toSet()))
        .containsExactlyInAnyOrder(null, true, false);
  }

  @Test
  void namesPhonesEmailsAndTagsComeInManyWritings() {
    List<Contact> contacts = data.stream().map(ContactData::contact).toList();
    Set<String> firstNames =
        contacts.stream().map(Contact::firstName).filter(Objects::nonNull).collect(toSet());
    Set<String> lastNames =
        contacts.stream().map(Contact::lastName).filter(Objects::nonNull).collect(toSet());
    List<String> phones = contacts.stream().map(Contact::phone).filter(Objects::nonNull).toList();
    List<String> emails = contacts.stream().map(Contact::email).filter(Objects::nonNull).toList();
    Set<String> tags = contacts.stream().flatMap(c -> c.tags().stream()).collect(toSet());

    assertThat(firstNames).contains("Élodie", "Jürgen", "Łukasz", "Bjørn", "伟", "محمد");
    assertThat(lastNames).contains("Weiß", "Gonçalves");
    assertThat(contacts)
        .filteredOn(c -> c.phone() != null && c.country() != null)
        .extracting(Contact::country)
        .containsOnly("FR", "DE", "GB", "US", "CA", "BE", "ES", "IT", "NL", "BR", "JP");
    assertThat(phones)
        .anyMatch(p -> p.matches("\\+33 6 \\d\\d \\d\\d \\d\\d \\d\\d"))
        .anyMatch(p -> p.matches("00336\\d{8}"))
        .anyMatch(p -> p.matches("06 \\d\\d \\d\\d \\d\\d \\d\\d"))
        .anyMatch(p -> p.matches("\\+1 \\(415\\) 555-\\d{4}"))
        .anyMatch(p -> p.matches("\\+44 7911 \\d{6}"));
    assertThat(emails)
        .allMatch(e -> e.matches("[A-Za-z0-9.]+@[A-Za-z0-9.-]+"))
        .anyMatch(e -> e.equals(e.toLowerCase()))
        .anyMatch(e -> !e.equals(e.toLowerCase()));
    assertThat(tags).contains("vip", "VIP", "Vip", "Black-Friday", "black-friday", "newsletter");
  }

  @Test
  void customFieldsHaveTheTypesOfTheExamplesCatalog() {
    Catalog catalog = SampleDataGenerator.CATALOG;
    Set<String> names = new HashSet<>();

    for (ContactData contact : data) {
      contact
          .contact()
          .customFields()
          .forEach(
              (name, value) -> {
                names.add(name);
                assertTyped(value, catalog.contactCustomFields().get(name), name);
              });
      if (contact.company() != null) {
        contact
            .company()
            .customFields()
            .forEach(
                (name, value) -> assertTyped(value, catalog.companyCustomFields().get(name), name));
      }
    }

    assertThat(names).isEqualTo(catalog.contactCustomFields().keySet());
  }

  @Test
  void everyStandardEventTypeOccursWithTheCatalogsPropertyTypes() {
    Map<String, EventTypeSpec> types = Catalog.standard().eventTypes();

    assertThat(events.stream().map(Event::eventType).collect(toSet())).isEqualTo(types.keySet());
    assertThat(events)
        .allSatisfy(
            event ->
                event
                    .properties()
                    .forEach(
                        (name, value) ->
                            assertTyped(
                                value,
                                types.get(event.eventType()).properties().get(name),
                                event.eventType() + "." + name)));
  }

  @Test
  void eventsFallInTheHistoryExceptAFewFromAClockAhead() {
    Instant start = AS_OF.minus(Duration.ofDays(90));
    List<Event> future = events.stream().filter(e -> e.occurredAt().isAfter(AS_OF)).toList();

    assertThat(future).isNotEmpty().hasSizeLessThan(events.size() / 200);
    assertThat(future).allMatch(e -> e.occurredAt().isBefore(AS_OF.plus(Duration.ofHours(2))));
    assertThat(events).allMatch(e -> !e.occurredAt().isBefore(start));
    assertThat(events)
        .filteredOn(e -> e.occurredAt().isAfter(AS_OF.minus(Duration.ofDays(30))))
        .hasSizeGreaterThan(events.size() / 2);
  }

  @Test
  void aFewEventsAreRedeliveredWithTheSameIdAndContent() {
    Map<String, List<Event>> byId = events.stream().collect(Collectors.groupingBy(Event::eventId));
    List<List<Event>> redelivered = byId.values().stream().filter(e -> e.size() > 1).toList();

    assertThat(redelivered).isNotEmpty().hasSizeLessThan(events.size() / 100);
    assertThat(redelivered).allSatisfy(copies -> assertThat(new HashSet<>(copies)).hasSize(1));
  }

  @Test
  void listActionsAddToStaticListsAndOverrideSegments() {
    List<ListAction> actions = data.stream().flatMap(c -> c.listActions().stream()).toList();

    assertThat(actions).extracting(ListAction::actionId).doesNotHaveDuplicates();
    assertThat(actions)
        .extracting(ListAction::listId)
        .containsOnly(
            "customers",
            "newsletter-import",
            "vip-list",
            "engaged-subscribers",
            "clients-fr-3-orders");
    assertThat(actions).extracting(ListAction::type).containsOnly(ListAction.Type.values());
    assertThat(
            actions.stream()
                .collect(
                    Collectors.groupingBy(
                        a -> List.of(a.contactId(), a.listId(), a.occurredAt()),
                        Collectors.mapping(ListAction::type, toSet())))
                .values())
        .anyMatch(sameInstantTypes -> sameInstantTypes.size() > 1);
  }

  @Test
  void overridesGoToTheSegmentsOfTheOptions() {
    GeneratorOptions options =
        new GeneratorOptions(42, 500, 0, 2, 30, AS_OF, List.of("my-segment"));

    List<ContactData> contacts = new SampleDataGenerator(options).contacts().toList();

    assertThat(contacts).allMatch(c -> c.company() == null);
    assertThat(contacts.stream().flatMap(c -> c.listActions().stream()))
        .extracting(ListAction::listId)
        .containsOnly("customers", "newsletter-import", "vip-list", "my-segment");
  }

  @Test
  void rejectsOptionsThatCannotBeGenerated() {
    assertThatThrownBy(() -> new GeneratorOptions(42, -1, 0, 20, 90, AS_OF))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("contacts and companies cannot be negative, got -1 and 0");
    assertThatThrownBy(() -> new GeneratorOptions(42, 10, 0, Double.NaN, 90, AS_OF))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("events per contact must be a number >= 0, got NaN");
    assertThatThrownBy(() -> new GeneratorOptions(42, 10, 0, 20, 0, AS_OF))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("days of history must be >= 1, got 0");
  }

  private static void assertTyped(Object value, ValueType declared, String name) {
    assertThat(declared).as("declared type of %s", name).isNotNull();
    assertThat(Values.ofType(value, declared)).as("%s: %s", name, value).isNotNull();
  }

  private static <T> double share(Collection<T> items, Predicate<T> predicate) {
    return (double) items.stream().filter(predicate).count() / items.size();
  }
}
