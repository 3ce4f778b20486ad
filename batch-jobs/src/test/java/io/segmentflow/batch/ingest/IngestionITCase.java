package io.segmentflow.batch.ingest;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.map_entries;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.unix_millis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.delta.tables.DeltaTable;
import io.segmentflow.batch.SparkTestSession;
import io.segmentflow.batch.cli.IngestCommandRunner;
import io.segmentflow.batch.lakehouse.EventDeduplication;
import io.segmentflow.batch.lakehouse.Lakehouse;
import io.segmentflow.batch.lakehouse.Lakehouse.Table;
import io.segmentflow.batch.lakehouse.Rows;
import io.segmentflow.batch.lakehouse.TableSchemas;
import io.segmentflow.segments.data.AvroRecords;
import io.segmentflow.segments.data.Company;
import io.segmentflow.segments.data.ContactData;
import io.segmentflow.segments.data.Event;
import io.segmentflow.segments.generate.GeneratorOptions;
import io.segmentflow.segments.generate.SampleDataGenerator;
import io.segmentflow.segments.generate.SampleDataWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ingestion into Delta tables on a local Spark: what lands, what is quarantined, reruns. */
class IngestionITCase {

  private static final Instant AS_OF = Instant.parse("2026-11-22T00:00:00Z");

  private final SparkSession spark = SparkTestSession.get();

  @TempDir Path directory;

  private Lakehouse lakehouse;
  private Ingestion ingestion;

  @BeforeEach
  void lakehouse() {
    lakehouse = new Lakehouse(directory.resolve("lake").toString());
    ingestion = new Ingestion(spark, lakehouse, SampleDataGenerator.CATALOG);
  }

  @Test
  void generatedJsonLinesAndAvroFilesLandAsTheirRecords() throws IOException {
    SampleDataGenerator generator =
        new SampleDataGenerator(new GeneratorOptions(11, 12, 2, 4, 30, AS_OF));
    List<ContactData> contacts = generator.contacts().toList();
    List<Company> companies = generator.companies().toList();
    Path jsonl = directory.resolve("jsonl");
    Path avro = directory.resolve("avro");
    SampleDataWriter.write(
        contacts.stream(), companies.stream(), jsonl, SampleDataWriter.Format.JSONL);
    SampleDataWriter.Counts counts =
        SampleDataWriter.write(
            contacts.stream(), companies.stream(), avro, SampleDataWriter.Format.AVRO);

    for (IngestKind kind :
        List.of(IngestKind.CONTACTS, IngestKind.EVENTS, IngestKind.LIST_ACTIONS)) {
      IngestReport report =
          ingestion.ingest(
              kind, IngestFormat.JSONL, jsonl.resolve(kind.cliName() + ".jsonl").toString());
      assertThat(report.quarantined()).as(kind.cliName()).isZero();
      assertThat(report.landed()).isEqualTo(report.read());
    }
    Lakehouse fromAvro = new Lakehouse(directory.resolve("lake-avro").toString());
    Ingestion avroIngestion = new Ingestion(spark, fromAvro, SampleDataGenerator.CATALOG);
    IngestReport avroCompanies =
        avroIngestion.ingest(
            IngestKind.COMPANIES, IngestFormat.AVRO, avro.resolve("companies.avro").toString());
    IngestReport avroEvents =
        avroIngestion.ingest(
            IngestKind.EVENTS, IngestFormat.AVRO, avro.resolve("events.avro").toString());

    Dataset<Row> events =
        spark.createDataFrame(
            contacts.stream().flatMap(c -> c.events().stream()).map(Rows::event).toList(),
            TableSchemas.EVENTS);
    long distinctEvents = events.select("event_id").distinct().count();
    assertThat(canonical(table(lakehouse, Table.CONTACTS)))
        .isEqualTo(
            canonical(
                spark.createDataFrame(
                    contacts.stream().map(c -> Rows.contact(c.contact())).toList(),
                    TableSchemas.CONTACTS)));
    assertThat(canonical(table(lakehouse, Table.EVENTS)))
        .isEqualTo(canonical(EventDeduplication.earliestPerId(events)));
    assertThat(canonical(table(lakehouse, Table.LIST_ACTIONS)))
        .isEqualTo(
            canonical(
                spark.createDataFrame(
                    contacts.stream()
                        .flatMap(c -> c.listActions().stream())
                        .map(Rows::listAction)
                        .toList(),
                    TableSchemas.LIST_ACTIONS)));
    assertThat(List.of(avroEvents.read(), avroEvents.landed(), avroEvents.alreadyPresent()))
        .containsExactly(counts.events(), counts.events(), counts.events() - distinctEvents);
    assertThat(canonical(table(fromAvro, Table.EVENTS)))
        .isEqualTo(canonical(table(lakehouse, Table.EVENTS)));
    assertThat(avroCompanies.read()).isEqualTo(counts.companies());
    assertThat(canonical(table(fromAvro, Table.COMPANIES)))
        .isEqualTo(
            canonical(
                spark.createDataFrame(
                    companies.stream().map(Rows::company).toList(), TableSchemas.COMPANIES)));

    Row detail =
        DeltaTable.forPath(spark, lakehouse.path(Table.EVENTS))
            .detail()
            .select("partitionColumns", "properties")
            .first();
    assertThat(detail.<String>getList(detail.fieldIndex("partitionColumns")))
        .containsExactly("event_date");
    assertThat(detail.<String, String>getJavaMap(detail.fieldIndex("properties")))
        .containsEntry("delta.enableChangeDataFeed", "true");
  }

  @Test
  void everyIngestionIsLoggedWithItsCountsAndSource() throws IOException {
    Path file =
        write(
            "events.jsonl",
            event("e-1", "c-1", "page_visit", "2026-11-20T10:00:00Z", "{}"),
            "{\"event_id\":",
            event("e-2", "c-1", "order", "2026-11-20T10:00:00Z", "{\"amount\":\"abc\"}"),
            event("e-3", "c-2", "email_open", "2026-11-21T09:00:00Z", "{}"));

    IngestReport first = ingestion.ingest(IngestKind.EVENTS, IngestFormat.JSONL, file.toString());
    IngestReport rerun = ingestion.ingest(IngestKind.EVENTS, IngestFormat.JSONL, file.toString());

    assertThat(table(lakehouse, Table.INGESTIONS).orderBy("started_at").collectAsList())
        .extracting(
            r -> r.getAs("ingest_id"),
            r -> r.getAs("kind"),
            r -> r.getAs("format"),
            r -> r.getAs("source"),
            r -> r.getAs("read"),
            r -> r.getAs("landed"),
            r -> r.getAs("already_present"),
            r -> r.getAs("quarantined"))
        .containsExactly(
            tuple(first.ingestId(), "events", "jsonl", file.toString(), 4L, 2L, 0L, 2L),
            tuple(rerun.ingestId(), "events", "jsonl", file.toString(), 4L, 2L, 2L, 2L));
  }

  @Test
  void aLakehouseGivenAsARelativePathIsCreatedWhereItSays() throws IOException {
    Path file =
        write("events.jsonl", event("e-1", "c-1", "page_visit", "2026-11-20T10:00:00Z", "{}"));
    Path relative = Path.of("target", "relative-lakehouse-" + System.nanoTime());
    Lakehouse here = new Lakehouse(relative.toString());
    try {
      IngestReport report =
          new Ingestion(spark, here, SampleDataGenerator.CATALOG)
              .ingest(IngestKind.EVENTS, IngestFormat.JSONL, file.toString());

      assertThat(report.landed()).isEqualTo(1);
      assertThat(table(here, Table.EVENTS).count()).isEqualTo(1);
      assertThat(relative.resolve("input/events/_delta_log")).isDirectory();
    } finally {
      org.apache.commons.io.FileUtils.deleteDirectory(relative.toFile());
    }
  }

  @Test
  void quarantinesExactlyTheMalformedLinesAndARerunChangesNothing() throws IOException {
    Path file =
        write(
            "events.jsonl",
            event("e-1", "c-1", "page_visit", "2026-11-20T10:00:00Z", "{\"url\":\"/pricing\"}"),
            "{\"event_id\":\"e-2\",\"contact_id\":",
            "{\"event_id\":\"e-3\",\"event_type\":\"page_visit\","
                + "\"occurred_at\":\"2026-11-20T10:00:00Z\"}",
            "",
            event("e-4", "c-1", "page_visit", "yesterday", "{}"),
            event("e-5", "c-1", "order", "2026-11-20T10:00:00Z", "{\"amount\":\"abc\"}"),
            event(
                "e-6",
                "c-1",
                "order",
                "2026-11-20T10:00:00Z",
                "{\"amount\":1.1234567890123456789}"),
            event("e-7", "c-2", "order", "2026-11-21T09:30:00Z", "{\"amount\":\"150\"}"),
            event("e-8", "c-2", "email_open", "2026-11-21T09:00:00Z", "{\"campaign_id\":\"42\"}"));
    List<String> lines = Files.readAllLines(file);

    IngestReport first = ingestion.ingest(IngestKind.EVENTS, IngestFormat.JSONL, file.toString());
    List<String> eventsAfterFirst = canonical(table(lakehouse, Table.EVENTS));
    long version = latestVersion(Table.EVENTS);
    IngestReport rerun = ingestion.ingest(IngestKind.EVENTS, IngestFormat.JSONL, file.toString());

    assertThat(List.of(first.read(), first.landed(), first.alreadyPresent(), first.quarantined()))
        .containsExactly(8L, 3L, 0L, 5L);
    assertThat(table(lakehouse, Table.QUARANTINE).collectAsList())
        .extracting(
            r -> r.getAs("source"),
            r -> r.getAs("position"),
            r -> r.getAs("reason"),
            r -> r.getAs("payload"),
            r -> r.getAs("ingest_id"))
        .containsExactlyInAnyOrder(
            tuple(
                "file:" + file,
                "line 2",
                "not well-formed JSON: Unexpected end-of-input within/between Object entries",
                lines.get(1),
                first.ingestId()),
            tuple(
                "file:" + file,
                "line 3",
                "contact_id: required, expected a text, got nothing",
                lines.get(2),
                first.ingestId()),
            tuple(
                "file:" + file,
                "line 5",
                "occurred_at: expected an ISO-8601 UTC instant such as 2026-11-22T10:00:00Z, got"
                    + " String 'yesterday'",
                lines.get(4),
                first.ingestId()),
            tuple(
                "file:" + file,
                "line 6",
                "properties.amount: expected a number, got String 'abc'",
                lines.get(5),
                first.ingestId()),
            tuple(
                "file:" + file,
                "line 7",
                "properties.amount: numbers have at most 20 digits before the decimal point and 18"
                    + " after it, got 1.1234567890123456789",
                lines.get(6),
                first.ingestId()));
    assertThat(
            table(lakehouse, Table.EVENTS)
                .where(col("event_id").equalTo("e-7"))
                .select(col("properties").getItem("amount").getField("number"))
                .as(Encoders.DECIMAL())
                .first())
        .isEqualByComparingTo("150");

    assertThat(List.of(rerun.read(), rerun.landed(), rerun.alreadyPresent(), rerun.quarantined()))
        .containsExactly(8L, 3L, 3L, 5L);
    assertThat(canonical(table(lakehouse, Table.EVENTS))).isEqualTo(eventsAfterFirst);
    assertThat(changesSince(Table.EVENTS, version)).isZero();
    assertThat(
            table(lakehouse, Table.QUARANTINE)
                .select("ingest_id")
                .as(Encoders.STRING())
                .collectAsList())
        .hasSize(5)
        .containsOnly(first.ingestId());
  }

  @Test
  void anAvroRecordTheCoreRefusesIsQuarantinedByItsNumberWithItsJson() throws IOException {
    Instant at = Instant.parse("2026-11-20T10:00:00Z");
    Path file = directory.resolve("events.avro");
    try (DataFileWriter<io.segmentflow.schemas.Event> writer =
        new DataFileWriter<>(new SpecificDatumWriter<>(io.segmentflow.schemas.Event.class))) {
      writer.create(io.segmentflow.schemas.Event.getClassSchema(), file.toFile());
      writer.append(
          AvroRecords.toAvro(new Event("e-1", "c-1", "order", at, Map.of("amount", "19.90"))));
      writer.append(
          AvroRecords.toAvro(new Event("e-2", "c-1", "order", at, Map.of("amount", "lots"))));
      writer.append(AvroRecords.toAvro(new Event("e-3", "", "page_visit", at, Map.of())));
    }

    IngestReport report = ingestion.ingest(IngestKind.EVENTS, IngestFormat.AVRO, file.toString());

    assertThat(List.of(report.read(), report.landed(), report.quarantined()))
        .containsExactly(3L, 1L, 2L);
    assertThat(
            table(lakehouse, Table.EVENTS)
                .select(col("properties").getItem("amount").getField("number"))
                .as(Encoders.DECIMAL())
                .first())
        .isEqualByComparingTo("19.9");
    assertThat(table(lakehouse, Table.QUARANTINE).orderBy("position").collectAsList())
        .extracting(r -> r.getAs("position"), r -> r.getAs("reason"), r -> r.getAs("payload"))
        .containsExactly(
            tuple(
                "record 2",
                "properties.amount: expected a number, got String 'lots'",
                "{\"event_id\": \"e-2\", \"contact_id\": \"c-1\", \"event_type\": \"order\","
                    + " \"occurred_at\": \"2026-11-20T10:00:00Z\", \"properties\": {\"amount\":"
                    + " {\"text\": \"lots\", \"number\": null, \"flag\": null, \"timestamp\": null,"
                    + " \"date\": null, \"text_list\": null}}}"),
            tuple(
                "record 3",
                "contact_id: required, expected a non-blank text",
                "{\"event_id\": \"e-3\", \"contact_id\": \"\", \"event_type\": \"page_visit\","
                    + " \"occurred_at\": \"2026-11-20T10:00:00Z\", \"properties\": {}}"));
  }

  @Test
  void anInputThatCannotBeUsedIsRefusedBeforeAnythingIsWritten() throws IOException {
    Path csv = write("contacts.csv", "contact_id,emial", "c-1,ann@x.test");
    SampleDataWriter.write(
        new SampleDataGenerator(new GeneratorOptions(1, 2, 0, 1, 5, AS_OF)).contacts(),
        java.util.stream.Stream.empty(),
        directory.resolve("avro"),
        SampleDataWriter.Format.AVRO);
    String contacts = directory.resolve("avro/contacts.avro").toString();
    Files.createDirectories(directory.resolve("empty"));

    assertThatThrownBy(
            () ->
                ingestion.ingest(IngestKind.EVENTS, IngestFormat.JSONL, directory + "/none.jsonl"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no such file or folder: " + directory + "/none.jsonl");
    assertThatThrownBy(
            () ->
                ingestion.ingest(
                    IngestKind.EVENTS, IngestFormat.JSONL, directory.resolve("empty").toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the folder " + directory.resolve("empty") + " has no files to ingest");
    assertThatThrownBy(
            () -> ingestion.ingest(IngestKind.CONTACTS, IngestFormat.CSV, csv.toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("file:" + csv + ": unknown column 'emial': contact columns are");
    assertThatThrownBy(() -> ingestion.ingest(IngestKind.EVENTS, IngestFormat.AVRO, contacts))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "file:"
                + contacts
                + " holds Avro records of type io.segmentflow.schemas.Contact, which cannot be read"
                + " as events (io.segmentflow.schemas.Event)");
    assertThat(directory.resolve("lake")).doesNotExist();
  }

  @Test
  void anEventIdLandsOnceAtItsEarliestTime() throws IOException {
    Path first =
        write(
            "first.jsonl",
            event("e-1", "c-1", "page_visit", "2026-11-20T10:00:00Z", "{\"url\":\"/a\"}"),
            event("e-1", "c-1", "page_visit", "2026-11-20T09:00:00Z", "{\"url\":\"/b\"}"),
            event("e-2", "c-1", "page_visit", "2026-11-20T11:00:00Z", "{}"),
            event("e-2", "c-1", "page_visit", "2026-11-20T11:00:00Z", "{}"));
    Path second = Files.createDirectories(directory.resolve("second"));
    write(
        "second/part-1.jsonl",
        event("e-1", "c-1", "page_visit", "2026-11-19T23:00:00Z", "{\"url\":\"/c\"}"),
        event("e-2", "c-1", "page_visit", "2026-11-20T12:00:00Z", "{}"));
    write("second/part-2.jsonl", event("e-3", "c-2", "page_visit", "2026-11-20T12:00:00Z", "{}"));
    write("second/_SUCCESS");
    write("second/.part-2.jsonl.crc", "not a record");

    IngestReport one = ingestion.ingest(IngestKind.EVENTS, IngestFormat.JSONL, first.toString());
    List<Row> afterOne = eventTimes();
    IngestReport two = ingestion.ingest(IngestKind.EVENTS, IngestFormat.JSONL, second.toString());

    assertThat(List.of(one.read(), one.landed(), one.alreadyPresent())).containsExactly(4L, 4L, 2L);
    assertThat(afterOne)
        .extracting(
            r -> r.getString(0), r -> Instant.ofEpochMilli(r.getLong(1)), r -> r.getString(3))
        .containsExactly(
            tuple("e-1", Instant.parse("2026-11-20T09:00:00Z"), "/b"),
            tuple("e-2", Instant.parse("2026-11-20T11:00:00Z"), null));
    assertThat(List.of(two.read(), two.landed(), two.alreadyPresent())).containsExactly(3L, 3L, 2L);
    assertThat(eventTimes())
        .extracting(
            r -> r.getString(0),
            r -> Instant.ofEpochMilli(r.getLong(1)),
            r -> r.getString(2),
            r -> r.getString(3))
        .containsExactly(
            tuple("e-1", Instant.parse("2026-11-19T23:00:00Z"), "2026-11-19", "/c"),
            tuple("e-2", Instant.parse("2026-11-20T11:00:00Z"), "2026-11-20", null),
            tuple("e-3", Instant.parse("2026-11-20T12:00:00Z"), "2026-11-20", null));
  }

  @Test
  void aContactKeepsItsNewerProfile() throws IOException {
    Path first =
        write(
            "first.jsonl",
            contact("c-1", "Ann", "2026-11-10T00:00:00Z"),
            contact("c-2", "Bob", "2026-11-10T00:00:00Z"));
    Path second =
        write(
            "second.jsonl",
            contact("c-1", "Old Ann", "2026-11-01T00:00:00Z"),
            contact("c-2", "Robert", "2026-11-20T00:00:00Z"),
            contact("c-2", "Rob", "2026-11-15T00:00:00Z"));

    ingestion.ingest(IngestKind.CONTACTS, IngestFormat.JSONL, first.toString());
    IngestReport report =
        ingestion.ingest(IngestKind.CONTACTS, IngestFormat.JSONL, second.toString());

    assertThat(List.of(report.read(), report.landed(), report.alreadyPresent()))
        .containsExactly(3L, 3L, 3L);
    assertThat(
            table(lakehouse, Table.CONTACTS)
                .orderBy("contact_id")
                .select(col("contact_id"), col("first_name"), unix_millis(col("updated_at")))
                .collectAsList())
        .extracting(
            r -> r.getString(0), r -> r.getString(1), r -> Instant.ofEpochMilli(r.getLong(2)))
        .containsExactly(
            tuple("c-1", "Ann", Instant.parse("2026-11-10T00:00:00Z")),
            tuple("c-2", "Robert", Instant.parse("2026-11-20T00:00:00Z")));
  }

  @Test
  void csvContactsLandWithTheirCustomFieldsTypedByTheCatalog() throws IOException {
    Path file =
        write(
            "contacts.csv",
            "contact_id,Email,city,tags,custom.birthday,custom.lifetime_value,custom.interests",
            "c-1,ann@x.test,Paris,vip|newsletter,1990-05-03,1234.50,golf|wine",
            "c-2,bob@x.test,\"Saint-Denis",
            "(Réunion)\",,,,",
            "c-3,cy@x.test,Lyon,,May 3,,",
            "c-4,dee@x.test,Nice",
            ",eve@x.test,Lille,,,,");
    Instant at = Instant.parse("2026-11-22T10:00:00Z");

    IngestReport report =
        ingestion.ingest(
            new IngestRequest(IngestKind.CONTACTS, IngestFormat.CSV, file.toString(), null, at));

    assertThat(List.of(report.read(), report.landed(), report.quarantined()))
        .containsExactly(5L, 2L, 3L);
    Column custom = col("custom_fields");
    assertThat(
            table(lakehouse, Table.CONTACTS)
                .orderBy("contact_id")
                .select(
                    col("contact_id"),
                    col("city"),
                    concat_ws("|", col("tags")),
                    unix_millis(col("updated_at")),
                    custom.getItem("birthday").getField("date").cast("string"),
                    custom.getItem("lifetime_value").getField("number").cast("string"),
                    concat_ws("|", custom.getItem("interests").getField("text_list")))
                .collectAsList())
        .extracting(
            r -> r.getString(0),
            r -> r.getString(1),
            r -> r.getString(2),
            r -> Instant.ofEpochMilli(r.getLong(3)),
            r -> r.getString(4),
            r -> r.getString(5),
            r -> r.getString(6))
        .containsExactly(
            tuple(
                "c-1",
                "Paris",
                "vip|newsletter",
                at,
                "1990-05-03",
                "1234.500000000000000000",
                "golf|wine"),
            tuple("c-2", "Saint-Denis\n(Réunion)", "", at, null, null, ""));
    assertThat(table(lakehouse, Table.QUARANTINE).orderBy("position").collectAsList())
        .extracting(r -> r.getAs("position"), r -> r.getAs("reason"), r -> r.getAs("payload"))
        .containsExactly(
            tuple(
                "line 5",
                "custom.birthday: expected an ISO-8601 date such as 2026-11-22, got String 'May 3'",
                "c-3,cy@x.test,Lyon,,May 3,,"),
            tuple(
                "line 6",
                "expected 7 values, one per column of the header, got 3",
                "c-4,dee@x.test,Nice"),
            tuple(
                "line 7",
                "contact_id: required, expected a non-blank text",
                ",eve@x.test,Lille,,,,"));
  }

  @Test
  void aListImportFindsContactsByEmailAndQuarantinesTheOthers() throws IOException {
    ingestion.ingest(
        IngestKind.CONTACTS,
        IngestFormat.JSONL,
        write(
                "contacts.jsonl",
                contact("c-1", "Ann", "2026-11-10T00:00:00Z", "Ann@X.test"),
                contact("c-2", "Bob", "2026-11-10T00:00:00Z", "shared@x.test"),
                contact("c-3", "Cy", "2026-11-10T00:00:00Z", "shared@x.test"))
            .toString());
    Path file =
        write(
            "trade-show.csv",
            "First name;Email;Action",
            "Ann; ann@x.TEST ;",
            "Nobody;nobody@x.test;add",
            "Shared;shared@x.test;add",
            "Ann;ann@x.test;remove");
    Instant at = Instant.parse("2026-11-22T10:00:00Z");
    Path definitions = directory.resolve("definitions");
    Files.createDirectories(definitions);
    Files.writeString(
        definitions.resolve("newsletter-import.json"),
        "{\"id\": \"newsletter-import\", \"name\": \"Newsletter\", \"kind\": \"static\"}");

    IngestReport report =
        ingestion.ingest(IngestRequest.listImport(file.toString(), "newsletter-import", at));
    IngestCommandRunner.Result rerun =
        IngestCommandRunner.run(
            spark,
            "--lakehouse=" + lakehouse.root(),
            "--definitions=" + definitions,
            "--kind=list_import",
            "--input=" + file,
            "--list-id=newsletter-import",
            "--at=2026-11-23T10:00:00Z");

    assertThat(List.of(report.read(), report.landed(), report.quarantined()))
        .containsExactly(4L, 2L, 2L);
    assertThat(
            table(lakehouse, Table.LIST_ACTIONS)
                .orderBy("action")
                .select(
                    col("contact_id"),
                    col("list_id"),
                    col("action"),
                    col("source"),
                    unix_millis(col("occurred_at")))
                .collectAsList())
        .extracting(
            r -> r.getAs("contact_id"),
            r -> r.getAs("list_id"),
            r -> r.getAs("action"),
            r -> r.getAs("source"),
            r -> Instant.ofEpochMilli(r.getLong(4)))
        .containsExactly(
            tuple("c-1", "newsletter-import", "ADD", "CSV_IMPORT", at),
            tuple("c-1", "newsletter-import", "REMOVE", "CSV_IMPORT", at));
    assertThat(table(lakehouse, Table.QUARANTINE).orderBy("position").collectAsList())
        .extracting(r -> r.getAs("position"), r -> r.getAs("reason"), r -> r.getAs("payload"))
        .containsExactly(
            tuple("line 3", "no contact has the email 'nobody@x.test'", "Nobody;nobody@x.test;add"),
            tuple(
                "line 4",
                "2 contacts have the email 'shared@x.test' (c-2, c-3): import them by contact_id"
                    + " to say which",
                "Shared;shared@x.test;add"));
    assertThat(rerun.exitCode()).isZero();
    assertThat(rerun.out())
        .contains("Ingested list_import from " + file + " (csv)")
        .containsPattern("read +4\n")
        .containsPattern("landed +2  \\(already present: 2\\)\n")
        .containsPattern("quarantined +2  see " + lakehouse.path(Table.QUARANTINE));
    assertThat(table(lakehouse, Table.LIST_ACTIONS).count()).isEqualTo(2);
    assertThat(table(lakehouse, Table.QUARANTINE).count()).isEqualTo(2);
  }

  /**
   * Event id, occurred_at in epoch milliseconds, event_date as text, url. Times are not collected
   * as java.sql types: decoding them needs JVM flags that the test run does not set.
   */
  private List<Row> eventTimes() {
    return table(lakehouse, Table.EVENTS)
        .orderBy("event_id")
        .select(
            col("event_id"),
            unix_millis(col("occurred_at")),
            col("event_date").cast("string"),
            col("properties").getItem("url").getField("text"))
        .collectAsList();
  }

  private Dataset<Row> table(Lakehouse lake, Table table) {
    return spark.read().format("delta").load(lake.path(table));
  }

  private long latestVersion(Table table) {
    return DeltaTable.forPath(spark, lakehouse.path(table))
        .history(1)
        .select("version")
        .as(Encoders.LONG())
        .first();
  }

  /** The rows the change feed shows after {@code version}: none when nothing was rewritten. */
  private long changesSince(Table table, long version) {
    long latest = latestVersion(table);
    if (latest == version) {
      return 0;
    }
    return spark
        .read()
        .format("delta")
        .option("readChangeFeed", "true")
        .option("startingVersion", version + 1)
        .load(lakehouse.path(table))
        .count();
  }

  /** Rows as sorted JSON texts, maps as their entries in key order: comparable across tables. */
  private static List<String> canonical(Dataset<Row> rows) {
    StructType schema = rows.schema();
    Column[] columns =
        Arrays.stream(schema.fields())
            .map(
                f ->
                    f.dataType() instanceof MapType
                        ? array_sort(map_entries(col(f.name()))).as(f.name())
                        : col(f.name()))
            .toArray(Column[]::new);
    return rows.select(to_json(struct(columns))).as(Encoders.STRING()).collectAsList().stream()
        .sorted()
        .collect(Collectors.toList());
  }

  private Path write(String name, String... lines) throws IOException {
    return Files.writeString(directory.resolve(name), String.join("\n", lines) + "\n");
  }

  private static String event(
      String id, String contactId, String type, String occurredAt, String properties) {
    return String.format(
        "{\"event_id\":\"%s\",\"contact_id\":\"%s\",\"event_type\":\"%s\","
            + "\"occurred_at\":\"%s\",\"properties\":%s}",
        id, contactId, type, occurredAt, properties);
  }

  private static String contact(String id, String firstName, String updatedAt) {
    return contact(id, firstName, updatedAt, null);
  }

  private static String contact(String id, String firstName, String updatedAt, String email) {
    return String.format(
        "{\"contact_id\":\"%s\",\"first_name\":\"%s\",%s\"created_at\":\"2026-01-01T00:00:00Z\","
            + "\"updated_at\":\"%s\"}",
        id, firstName, email == null ? "" : "\"email\":\"" + email + "\",", updatedAt);
  }
}
