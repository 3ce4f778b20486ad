package io.segmentflow.batch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command's refusals, all before a Spark session is asked for. */
class IngestCommandTest {

  @TempDir Path directory;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private Path definitions;

  @BeforeEach
  void definitions() throws IOException {
    definitions = Files.createDirectories(directory.resolve("definitions"));
    Files.writeString(
        definitions.resolve("vip-list.json"),
        "{\"id\": \"vip-list\", \"name\": \"VIP\", \"kind\": \"static\"}");
    Files.writeString(
        definitions.resolve("fr.json"),
        "{\"id\": \"french\", \"name\": \"French\", \"kind\": \"dynamic\","
            + " \"filter\": {\"field\": \"country\", \"op\": \"eq\", \"value\": \"FR\"}}");
  }

  @Test
  void rejectsAnUnknownKind() {
    assertThat(run("--kind=orders", "--input=x.jsonl")).isEqualTo(2);
    assertThat(err.toString())
        .contains(
            "Invalid value for option '--kind': expected contacts, companies, events,"
                + " list_actions or list_import, got 'orders'");
  }

  @Test
  void rejectsAFormatTheKindDoesNotComeIn() {
    assertThat(run("--kind=events", "--input=events.csv")).isEqualTo(2);
    assertThat(err.toString()).contains("events cannot be read from csv: use jsonl or avro");
  }

  @Test
  void needsAFormatWhenTheNameDoesNotTellIt() {
    assertThat(run("--kind=events", "--input=part-0001")).isEqualTo(2);
    assertThat(err.toString())
        .contains(
            "cannot tell the format of 'part-0001' from its name: give --format jsonl, avro or"
                + " csv");
  }

  @Test
  void aListImportNeedsAListIdAndOnlyItTakesOne() {
    assertThat(run("--kind=list_import", "--input=vip.csv")).isEqualTo(2);
    assertThat(err.toString())
        .contains("--kind list_import needs --list-id: the static list to add the contacts to");
    assertThat(run("--kind=contacts", "--input=c.jsonl", "--list-id=vip-list")).isEqualTo(2);
    assertThat(err.toString()).contains("--list-id is only for --kind list_import");
    assertThat(run("--kind=events", "--input=e.jsonl", "--at=2026-11-22T10:00:00Z")).isEqualTo(2);
    assertThat(err.toString())
        .contains(
            "--at is only for list_import and CSV contacts: other records carry their own times");
  }

  @Test
  void aListImportGoesIntoAStaticListOfTheDefinitions() {
    assertThat(run("--kind=list_import", "--input=vip.csv", "--list-id=vip-lst")).isEqualTo(1);
    assertThat(err.toString())
        .contains(
            "ingest: 'vip-lst' is not defined in "
                + definitions
                + ": a list import goes into a static list, one of vip-list");
    assertThat(run("--kind=list_import", "--input=vip.csv", "--list-id=french")).isEqualTo(1);
    assertThat(err.toString())
        .contains("ingest: 'french' is not a static list but a dynamic segment in " + definitions);
  }

  @Test
  void aMissingInputIsUnusable() {
    String missing = directory.resolve("nothing.jsonl").toString();

    assertThat(run("--kind=events", "--input=" + missing)).isEqualTo(1);
    assertThat(err.toString()).contains("ingest: no such file or folder: " + missing);
  }

  @Test
  void aFaultyCatalogIsUnusable() throws IOException {
    Files.writeString(
        definitions.resolve("catalog.json"),
        "{\"custom_fields\": {\"contact\": {\"x\": \"int\"}}}");

    assertThat(run("--kind=events", "--input=e.jsonl")).isEqualTo(1);
    assertThat(err.toString()).contains("$.custom_fields.contact.x: unknown type 'int'.");
  }

  private int run(String... args) {
    IngestCommand command = new IngestCommand();
    command.sessions =
        () -> {
          throw new AssertionError("no Spark session is needed to refuse the options");
        };
    String[] all = new String[args.length + 2];
    all[0] = "--lakehouse=" + directory.resolve("lake");
    all[1] = "--definitions=" + definitions;
    System.arraycopy(args, 0, all, 2, args.length);
    return new CommandLine(command)
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(all);
  }
}
