package io.segmentflow.segments.generate;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.segments.data.AvroRecords;
import io.segmentflow.segments.data.Company;
import io.segmentflow.segments.data.Contact;
import io.segmentflow.segments.data.ContactData;
import io.segmentflow.segments.data.Event;
import io.segmentflow.segments.data.JsonRecords;
import io.segmentflow.segments.data.ListAction;
import io.segmentflow.segments.generate.SampleDataWriter.Counts;
import io.segmentflow.segments.generate.SampleDataWriter.Format;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleDataWriterTest {

  private static final SampleDataGenerator GENERATOR =
      new SampleDataGenerator(
          new GeneratorOptions(11, 200, 10, 5, 30, Instant.parse("2026-11-22T00:00:00Z")));

  private final List<ContactData> data = GENERATOR.contacts().toList();
  private final List<Contact> contacts = data.stream().map(ContactData::contact).toList();
  private final List<Company> companies = GENERATOR.companies().toList();
  private final List<Event> events = data.stream().flatMap(d -> d.events().stream()).toList();
  private final List<ListAction> actions =
      data.stream().flatMap(d -> d.listActions().stream()).toList();

  @TempDir Path directory;

  @Test
  void writesJsonLinesThatReadBackAsTheGeneratedData() throws IOException {
    Counts counts = write(Format.JSONL);
    JsonRecords json = new JsonRecords(SampleDataGenerator.CATALOG);

    assertThat(counts).isEqualTo(new Counts(200, 10, events.size(), actions.size()));
    assertThat(readLines("contacts.jsonl", json::readContact)).isEqualTo(contacts);
    assertThat(readLines("companies.jsonl", json::readCompany)).isEqualTo(companies);
    assertThat(readLines("events.jsonl", json::readEvent)).isEqualTo(events);
    assertThat(readLines("list_actions.jsonl", json::readListAction)).isEqualTo(actions);
  }

  @Test
  void writesAvroFilesThatReadBackAsTheGeneratedData() throws IOException {
    Counts counts = write(Format.AVRO);

    assertThat(counts).isEqualTo(new Counts(200, 10, events.size(), actions.size()));
    assertSameValues(
        readAvro("contacts.avro", io.segmentflow.schemas.Contact.class, AvroRecords::fromAvro),
        contacts);
    assertSameValues(
        readAvro("companies.avro", io.segmentflow.schemas.Company.class, AvroRecords::fromAvro),
        companies);
    assertSameValues(
        readAvro("events.avro", io.segmentflow.schemas.Event.class, AvroRecords::fromAvro), events);
    assertThat(
            readAvro(
                "list_actions.avro",
                io.segmentflow.schemas.ListAction.class,
                AvroRecords::fromAvro))
        .isEqualTo(actions);
  }

  @Test
  void theSameOptionsWriteTheSameBytes(@TempDir Path otherDirectory) throws IOException {
    write(Format.JSONL);
    SampleDataWriter.write(
        GENERATOR.contacts(), GENERATOR.companies(), otherDirectory, Format.JSONL);

    for (String file : List.of("contacts", "companies", "events", "list_actions")) {
      assertThat(
              Files.mismatch(
                  directory.resolve(file + ".jsonl"), otherDirectory.resolve(file + ".jsonl")))
          .as(file)
          .isEqualTo(-1);
    }
  }

  private Counts write(Format format) throws IOException {
    return SampleDataWriter.write(data.stream(), companies.stream(), directory, format);
  }

  private <T> List<T> readLines(String file, Function<String, T> read) throws IOException {
    try (var lines = Files.lines(directory.resolve(file))) {
      return lines.map(read).toList();
    }
  }

  private <A, T> List<T> readAvro(String file, Class<A> type, Function<A, T> convert)
      throws IOException {
    List<T> records = new ArrayList<>();
    try (DataFileReader<A> reader =
        new DataFileReader<>(directory.resolve(file).toFile(), new SpecificDatumReader<>(type))) {
      reader.forEach(record -> records.add(convert.apply(record)));
    }
    return records;
  }

  /** Equal, but for numbers, which Avro carries as doubles: 19.90 comes back as 19.9. */
  private static void assertSameValues(List<?> actual, List<?> expected) {
    assertThat(actual)
        .usingRecursiveComparison()
        .withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
        .isEqualTo(expected);
  }
}
