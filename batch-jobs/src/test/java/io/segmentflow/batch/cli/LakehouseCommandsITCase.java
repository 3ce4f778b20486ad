package io.segmentflow.batch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.batch.SparkTestSession;
import io.segmentflow.batch.TestLakehouse;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The export, freeze and publish commands as a user runs them: what they print, and how they end on
 * bad input (exit code 2) or a lakehouse without tables (1). They share the test session, which
 * {@code SparkSessions.create} returns when one is running (applying its shuffle partitions, put
 * back after these tests).
 */
class LakehouseCommandsITCase {

  private static final String SHUFFLE_PARTITIONS = "spark.sql.shuffle.partitions";
  private static String shufflePartitions;

  @TempDir Path directory;

  private final TestLakehouse data = TestLakehouse.get();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private Path definitions;

  @BeforeAll
  static void rememberTheSessionsSettings() {
    shufflePartitions = SparkTestSession.get().conf().get(SHUFFLE_PARTITIONS);
  }

  @AfterAll
  static void restoreTheSessionsSettings() {
    SparkTestSession.get().conf().set(SHUFFLE_PARTITIONS, shufflePartitions);
  }

  @BeforeEach
  void writeDefinitions() throws IOException {
    definitions = TestLakehouse.writeDefinitions(directory.resolve("definitions"));
  }

  @Test
  void exportWritesTheFileAndSaysWhatItWrote() {
    Path file = directory.resolve("vip.csv");

    int exitCode =
        run(
            new ExportCommand(),
            "--lakehouse=" + data.root(),
            "--segment=vip",
            "--columns=email,first_name",
            "--output=" + file);

    assertThat(exitCode).isZero();
    assertThat(out.toString())
        .startsWith(
            "Exported "
                + data.members("vip").size()
                + " members of segment 'vip' to "
                + file
                + " (csv, columns contact_id,email,first_name) in ");
    assertThat(file).content().startsWith("contact_id,email,first_name\r\n");
  }

  @Test
  void exportRejectsAnUnknownColumnWithTheValidOnes() {
    int exitCode =
        run(
            new ExportCommand(),
            "--lakehouse=" + data.root(),
            "--segment=vip",
            "--columns=email,emial",
            "--output=" + directory.resolve("vip.csv"));

    assertThat(exitCode).isEqualTo(2);
    assertThat(err.toString())
        .startsWith("export: unknown column 'emial': choose among contact_id, email, phone,")
        .contains("entered_at, reason, contactable, identified");
  }

  @Test
  void exportNeedsAFormatItCanTell() {
    int exitCode =
        run(
            new ExportCommand(),
            "--lakehouse=" + data.root(),
            "--segment=vip",
            "--output=" + directory.resolve("vip.txt"));

    assertThat(exitCode).isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo(
            "export: cannot tell the format from the name vip.txt: pass --format csv or --format"
                + " xlsx"
                + System.lineSeparator());
  }

  @Test
  void exportFailsClearlyOnALakehouseWithoutTables() {
    Path empty = directory.resolve("empty-lakehouse");

    int exitCode =
        run(
            new ExportCommand(),
            "--lakehouse=" + empty,
            "--segment=vip",
            "--output=" + directory.resolve("vip.xlsx"));

    assertThat(exitCode).isEqualTo(1);
    assertThat(err.toString())
        .startsWith(
            "export: no Delta table at "
                + empty
                + "/output/memberships: the memberships table is missing. Check --lakehouse, or"
                + " run the job that writes it first");
  }

  @Test
  void freezeSaysWhatItAddedAndWhere() {
    int exitCode =
        run(
            new FreezeCommand(),
            "--lakehouse=" + data.root(),
            "--definitions=" + definitions,
            "--segment=newsletter",
            "--list-id=newsletter-frozen",
            "--at=2026-11-22T10:00:00Z");

    int members = data.members("newsletter").size();
    assertThat(exitCode).isZero();
    assertThat(out.toString())
        .isEqualTo(
            String.join(
                System.lineSeparator(),
                "Froze "
                    + members
                    + " members of segment 'newsletter' into static list 'newsletter-frozen' at"
                    + " 2026-11-22T10:00:00Z",
                "  list actions: "
                    + members
                    + " added to "
                    + data.root()
                    + "/input/list_actions (0 were already there)",
                "  definition: written to " + definitions.resolve("newsletter-frozen.json"),
                ""));
  }

  @Test
  void freezeRejectsAnInvalidListId() {
    int exitCode =
        run(
            new FreezeCommand(),
            "--lakehouse=" + data.root(),
            "--definitions=" + definitions,
            "--segment=vip",
            "--list-id=VIP Frozen");

    assertThat(exitCode).isEqualTo(2);
    assertThat(err.toString())
        .startsWith(
            "freeze: cannot create list 'VIP Frozen': 'VIP Frozen' is not a valid id: use 1 to 64"
                + " lower-case letters, digits, '-' or '_', starting with a letter or digit");
  }

  @Test
  void publishReportsEverySegmentAndTheManifest() {
    int exitCode =
        run(
            new PublishCommand(),
            "--lakehouse=" + data.root(),
            "--definitions=" + definitions,
            "--run-id=cli-run",
            "--as-of=2026-11-22T00:00:00Z");

    String snapshot = data.root() + "/snapshots/cli-run";
    assertThat(exitCode).isZero();
    assertThat(out.toString())
        .startsWith("Published snapshot cli-run (as of 2026-11-22T00:00:00Z) to " + snapshot)
        .containsPattern(
            "in [0-9.]+ s: 4 segments, " + data.members().size() + " members in \\d+ parquet files")
        .contains("  dormant: 0 members (0 identified, 0 anonymous) in 0 files")
        .contains("  vip: " + data.members("vip").size() + " members (")
        .endsWith("Manifest: " + snapshot + "/manifest.json" + System.lineSeparator());
    assertThat(Path.of(snapshot, "manifest.json")).isRegularFile();
  }

  @Test
  void publishRejectsARunIdThatCannotNameAFolder() {
    int exitCode =
        run(
            new PublishCommand(),
            "--lakehouse=" + data.root(),
            "--definitions=" + definitions,
            "--run-id=../etc",
            "--as-of=2026-11-22T00:00:00Z");

    assertThat(exitCode).isEqualTo(2);
    assertThat(err.toString()).startsWith("publish: run id '../etc' cannot name a snapshot folder");
  }

  @Test
  void publishRejectsDefinitionsWithFaults() throws IOException {
    Files.writeString(definitions.resolve("broken.json"), "{\"id\": \"broken\"}");

    int exitCode =
        run(
            new PublishCommand(),
            "--lakehouse=" + data.root(),
            "--definitions=" + definitions,
            "--run-id=broken-run",
            "--as-of=2026-11-22T00:00:00Z",
            "--format=avro");

    assertThat(exitCode).isEqualTo(2);
    assertThat(err.toString())
        .startsWith(
            "publish: the definitions in " + definitions + " have 2 fault(s); fix them first:\n")
        .contains("  broken.json: $: ");
  }

  @Test
  void commandsGivenOneAfterAnotherRunInOrderUntilOneFails() {
    Path vip = directory.resolve("vip.csv");
    Path newsletter = directory.resolve("newsletter.xlsx");
    Path never = directory.resolve("never.csv");

    int exitCode =
        BatchCli.commandLine()
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err))
            .execute(
                "export",
                "--lakehouse=" + data.root(),
                "--segment=vip",
                "--output=" + vip,
                "export",
                "--lakehouse=" + data.root(),
                "--segment=newsletter",
                "--output=" + newsletter,
                "export",
                "--lakehouse=" + data.root(),
                "--segment=vip",
                "--columns=emial",
                "--output=" + directory.resolve("bad.csv"),
                "export",
                "--lakehouse=" + data.root(),
                "--segment=vip",
                "--output=" + never);

    assertThat(exitCode).isEqualTo(2);
    assertThat(out.toString())
        .startsWith("== [1/4] export --lakehouse=" + data.root() + " --segment=vip --output=" + vip)
        .contains("Exported " + data.members("vip").size() + " members of segment 'vip' to " + vip)
        .contains("== [2/4] export --lakehouse=" + data.root() + " --segment=newsletter")
        .contains(
            "Exported "
                + data.members("newsletter").size()
                + " members of segment 'newsletter' to "
                + newsletter)
        .contains("== [3/4] export ")
        .doesNotContain("[4/4]");
    assertThat(err.toString())
        .contains("export: unknown column 'emial'")
        .contains("segmentflow-batch: export ended with exit code 2, so these did not run: export");
    assertThat(vip).isRegularFile();
    assertThat(newsletter).isRegularFile();
    assertThat(never).doesNotExist();
  }

  private int run(Callable<Integer> command, String... args) {
    return new CommandLine(command)
        .setOut(new PrintWriter(out))
        .setErr(new PrintWriter(err))
        .execute(args);
  }
}
