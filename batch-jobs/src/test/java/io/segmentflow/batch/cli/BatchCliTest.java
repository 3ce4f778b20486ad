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

/** The command line as main runs it, with commands that end before a Spark session is needed. */
class BatchCliTest {

  @TempDir Path directory;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private String lakehouse;
  private String definitions;

  @BeforeEach
  void definitions() throws IOException {
    lakehouse = "--lakehouse=" + directory.resolve("lake");
    Path folder = Files.createDirectories(directory.resolve("definitions"));
    Files.writeString(
        folder.resolve("vip-list.json"),
        "{\"id\": \"vip-list\", \"name\": \"VIP\", \"kind\": \"static\"}");
    definitions = "--definitions=" + folder;
  }

  @Test
  void commandsRunInTheOrderGivenAndTheFirstFailureStopsTheRest() {
    String first = directory.resolve("first.jsonl").toString();
    String second = directory.resolve("second.jsonl").toString();

    int exitCode =
        run(
            "ingest",
            lakehouse,
            definitions,
            "--kind=events",
            "--input=" + first,
            "ingest",
            lakehouse,
            definitions,
            "--kind=contacts",
            "--input=" + second,
            "recompute",
            lakehouse,
            definitions,
            "--as-of=2026-11-22T00:00:00Z");

    assertThat(exitCode).isEqualTo(1);
    assertThat(out.toString())
        .isEqualTo(
            "== [1/3] ingest "
                + lakehouse
                + " "
                + definitions
                + " --kind=events --input="
                + first
                + System.lineSeparator());
    assertThat(err.toString())
        .contains("ingest: no such file or folder: " + first)
        .contains(
            "segmentflow-batch: ingest ended with exit code 1, so these did not run: ingest,"
                + " recompute")
        .doesNotContain(second);
  }

  @Test
  void anOptionsValueMayBeTheNameOfACommand() {
    int exitCode = run("ingest", lakehouse, definitions, "--kind", "export", "--input=x.jsonl");

    assertThat(exitCode).isEqualTo(2);
    assertThat(err.toString())
        .contains(
            "Invalid value for option '--kind': expected contacts, companies, events,"
                + " list_actions or list_import, got 'export'");
  }

  @Test
  void helpShowsTheUsageOfTheCommandNamed() {
    assertThat(run("help", "ingest")).isZero();
    assertThat(out.toString()).startsWith("Usage: segmentflow-batch ingest ");
  }

  @Test
  void aCommandIsRequired() {
    assertThat(run()).isEqualTo(2);
    assertThat(err.toString()).startsWith("Missing required subcommand");
  }

  private int run(String... args) {
    return BatchCli.commandLine()
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(args);
  }
}
