package io.segmentflow.segments.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GenerateCommandTest {

  @TempDir Path directory;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void writesTheDataSetAndReportsWhatItWrote() {
    int exitCode =
        run(
            "--contacts=60",
            "--events-per-contact=4",
            "--as-of=2026-11-22T00:00:00Z",
            "--format=avro",
            "--output=" + directory);

    assertThat(exitCode).isZero();
    assertThat(out.toString())
        .startsWith(
            "Generating 60 contacts and 3 companies, seed 42, as of 2026-11-22T00:00:00Z, into "
                + directory
                + " (avro)")
        .containsPattern("Wrote 60 contacts, 3 companies, \\d+ events and \\d+ list actions in");
    assertThat(directory.resolve("contacts.avro")).isNotEmptyFile();
    assertThat(directory.resolve("companies.avro")).isNotEmptyFile();
    assertThat(directory.resolve("events.avro")).isNotEmptyFile();
    assertThat(directory.resolve("list_actions.avro")).exists();
  }

  @Test
  void defaultsToJsonLinesAsOfTodayAtMidnight() {
    int exitCode = run("--contacts=10", "--companies=2", "--output=" + directory);

    assertThat(exitCode).isZero();
    assertThat(out.toString()).containsPattern("as of \\d{4}-\\d\\d-\\d\\dT00:00:00Z");
    assertThat(directory.resolve("contacts.jsonl")).isNotEmptyFile();
  }

  @Test
  void rejectsAnUnknownFormat() {
    int exitCode = run("--format=xml", "--output=" + directory);

    assertThat(exitCode).isEqualTo(2);
    assertThat(err.toString())
        .contains("Invalid value for option '--format': expected jsonl or avro, got 'xml'");
  }

  @Test
  void rejectsOptionsThatCannotBeGenerated() {
    int exitCode = run("--contacts=10", "--days=0", "--output=" + directory);

    assertThat(exitCode).isEqualTo(2);
    assertThat(err.toString()).contains("days of history must be >= 1, got 0");
  }

  @Test
  void requiresAnOutputFolder() {
    assertThat(run("--contacts=10")).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required option: '--output=DIR'");
  }

  private int run(String... args) {
    return new CommandLine(new GenerateCommand())
        .setOut(new PrintWriter(out))
        .setErr(new PrintWriter(err))
        .execute(args);
  }
}
