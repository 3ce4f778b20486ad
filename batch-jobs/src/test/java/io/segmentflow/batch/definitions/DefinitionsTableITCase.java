package io.segmentflow.batch.definitions;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.delta.tables.DeltaTable;
import io.segmentflow.batch.BatchCommandLine;
import io.segmentflow.batch.BatchCommandLine.Result;
import io.segmentflow.batch.LakehouseStates;
import io.segmentflow.batch.SparkTestSession;
import io.segmentflow.batch.TestInputs;
import io.segmentflow.batch.TestLakehouse;
import io.segmentflow.batch.lakehouse.Lakehouse;
import io.segmentflow.batch.lakehouse.Lakehouse.Table;
import io.segmentflow.batch.lakehouse.TableSchemas;
import io.segmentflow.batch.publish.Handover;
import io.segmentflow.batch.recompute.RecomputeJob;
import io.segmentflow.schemas.HandoverManifest;
import io.segmentflow.segments.generate.GeneratorOptions;
import io.segmentflow.segments.generate.SampleDataGenerator;
import io.segmentflow.segments.parse.DefinitionSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The definitions table as a user drives it: landing a folder (once, again, changed, with faults),
 * and the commands reading it instead of the folder, to the same memberships and run log, the
 * hand-over as of the version a run read, and a run log from before runs recorded the source.
 */
class DefinitionsTableITCase {

  private static final Path EXAMPLES = Path.of("..", "examples", "definitions");
  private static final Instant AS_OF = Instant.parse("2026-11-22T00:00:00Z");

  /** A lakehouse with sample input tables only, copied by the tests that recompute. */
  @TempDir static Path inputs;

  @TempDir Path folder;

  private final SparkSession spark = SparkTestSession.get();

  @BeforeAll
  static void sampleInputs() {
    TestInputs.writeTo(
        new Lakehouse(inputs.toString()),
        SparkTestSession.get(),
        new SampleDataGenerator(new GeneratorOptions(11, 120, 15, 15, 60, AS_OF))
            .contacts()
            .toList());
  }

  @Test
  void aFolderLandsAsOneRowPerDocumentAndLandingItAgainChangesNothing() throws IOException {
    Path definitions = examplesIn(folder.resolve("definitions"));
    Lakehouse lakehouse = new Lakehouse(folder.resolve("lakehouse").toString());
    String table = lakehouse.path(Table.SEGMENT_DEFINITIONS);

    Result first = run("definitions", "--lakehouse=" + lakehouse.root(), "--from=" + definitions);
    Result again = run("definitions", "--lakehouse=" + lakehouse.root(), "--from=" + definitions);

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out())
        .startsWith(
            "Landed "
                + definitions
                + " into "
                + table
                + ": 24 added, 0 changed, 0 removed (version 0)\n")
        .contains("  added    catalog.json\n", "  added    lifecycle/birthday-today.yaml\n");
    Map<String, String> rows = new TreeMap<>();
    for (Row row : spark.read().format("delta").load(table).collectAsList()) {
      rows.put(row.getString(0), row.getString(1));
    }
    assertThat(rows).isEqualTo(DefinitionSet.documentsOf(definitions));
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.out())
        .isEqualTo(
            table
                + " already holds the 24 documents of "
                + definitions
                + ": nothing changed (version 0)\n");
    assertThat(latestVersion(table)).isZero();
    assertThat(changes(table, 0)).hasSize(24).allMatch(c -> c.startsWith("insert "));
  }

  @Test
  void anEditedAnAddedAndARemovedDocumentAreOneVersionOfTheChangeFeed() throws IOException {
    Path definitions = examplesIn(folder.resolve("definitions"));
    Lakehouse lakehouse = new Lakehouse(folder.resolve("lakehouse").toString());
    String table = lakehouse.path(Table.SEGMENT_DEFINITIONS);
    run("definitions", "--lakehouse=" + lakehouse.root(), "--from=" + definitions);
    Path edited = definitions.resolve("big-baskets.json");
    Files.writeString(edited, Files.readString(edited).replace("above 100", "above 150"));
    Files.delete(definitions.resolve("whatsapp-chatty.json"));
    Files.writeString(
        definitions.resolve("lists/frozen.json"),
        "{\"id\": \"frozen\", \"name\": \"Frozen\", \"kind\": \"static\"}");

    Result landed = run("definitions", "--lakehouse=" + lakehouse.root(), "--from=" + definitions);

    assertThat(landed.exitCode()).as(landed.err()).isZero();
    assertThat(landed.out())
        .isEqualTo(
            "Landed "
                + definitions
                + " into "
                + table
                + ": 1 added, 1 changed, 1 removed (version 1)\n"
                + "  added    lists/frozen.json\n"
                + "  changed  big-baskets.json\n"
                + "  removed  whatsapp-chatty.json\n");
    assertThat(latestVersion(table)).isEqualTo(1);
    assertThat(changes(table, 1))
        .containsExactlyInAnyOrder(
            "insert lists/frozen.json",
            "update_preimage big-baskets.json",
            "update_postimage big-baskets.json",
            "delete whatsapp-chatty.json");
  }

  @Test
  void aFolderWithFaultsIsRefusedWithEveryFaultAndNothingLands() throws IOException {
    Path definitions = examplesIn(folder.resolve("definitions"));
    Lakehouse lakehouse = new Lakehouse(folder.resolve("lakehouse").toString());
    String table = lakehouse.path(Table.SEGMENT_DEFINITIONS);
    Path broken = Files.createDirectories(folder.resolve("broken"));
    LakehouseStates.copyFolder(definitions, broken);
    Files.writeString(
        broken.resolve("lifecycle/clients.json"),
        "{\"id\": \"clients\", \"name\": \"Clients\", \"kind\": \"dynamic\","
            + " \"filter\": {\"field\": \"contry\", \"op\": \"eq\", \"value\": \"FR\"}}");
    Files.writeString(broken.resolve("big-baskets.json"), "{\"id\": \"big-baskets\"}");

    Result refusedFirst = run("definitions", "--lakehouse=" + lakehouse.root(), "--from=" + broken);
    assertThat(DeltaTable.isDeltaTable(spark, table)).as("no table created").isFalse();
    run("definitions", "--lakehouse=" + lakehouse.root(), "--from=" + definitions);
    Result refused = run("definitions", "--lakehouse=" + lakehouse.root(), "--from=" + broken);

    for (Result command : List.of(refusedFirst, refused)) {
      assertThat(command.exitCode()).isEqualTo(2);
      assertThat(command.out()).isEmpty();
      assertThat(command.err())
          .isEqualTo(
              "definitions: the definitions in "
                  + broken
                  + " have 3 fault(s); fix them first:\n"
                  + "  big-baskets.json: $: missing 'name'\n"
                  + "  big-baskets.json: $: missing 'kind'\n"
                  + "  lifecycle/clients.json: $.filter.field: unknown field 'contry'. Did you mean"
                  + " 'country'? Custom fields are 'custom.<name>' and must be declared in"
                  + " catalog.json\n");
    }
    assertThat(latestVersion(table)).as("nothing landed").isZero();
  }

  @Test
  void recomputeFromTheTableGivesTheFolderMembershipsAndRecordsTheTableVersion()
      throws IOException {
    Lakehouse lakehouse = inputsCopy();
    String table = lakehouse.path(Table.SEGMENT_DEFINITIONS);
    String runId = RecomputeJob.runId(AS_OF);
    run("definitions", "--lakehouse=" + lakehouse.root(), "--from=" + EXAMPLES);

    Result fromFolder = recompute(lakehouse, "--definitions=" + EXAMPLES);
    List<String> membersFromFolder = memberships(lakehouse);
    Row runFromFolder = run(lakehouse, runId);
    Result fromTable = recompute(lakehouse, "--definitions-table");
    Row runFromTable = run(lakehouse, runId);

    assertThat(fromFolder.exitCode()).as(fromFolder.err()).isZero();
    assertThat(fromTable.exitCode()).as(fromTable.err()).isZero();
    assertThat(membersFromFolder).hasSizeGreaterThan(100);
    assertThat(memberships(lakehouse)).isEqualTo(membersFromFolder);
    assertThat(fromTable.out())
        .endsWith(fromFolder.out().substring(fromFolder.out().indexOf("\n\n")));
    assertThat(runFromTable.<Long>getAs("attempt")).isEqualTo(2);
    assertThat(runFromTable.getList(runFromTable.fieldIndex("definitions")))
        .hasSize(23)
        .isEqualTo(runFromFolder.getList(runFromFolder.fieldIndex("definitions")));
    assertThat(source(runFromFolder)).isEqualTo(EXAMPLES + " null");
    assertThat(source(runFromTable)).isEqualTo(table + " 0");
  }

  @Test
  void theHandOverReadsTheTableAsOfTheVersionTheRunRead() throws IOException {
    Lakehouse lakehouse = inputsCopy();
    Path definitions = examplesIn(folder.resolve("definitions"));
    run("definitions", "--lakehouse=" + lakehouse.root(), "--from=" + definitions);
    assertThat(recompute(lakehouse, "--definitions-table").exitCode()).isZero();
    Path edited = definitions.resolve("big-baskets.json");
    Files.writeString(edited, Files.readString(edited).replace("above 100", "above 150"));
    run("definitions", "--lakehouse=" + lakehouse.root(), "--from=" + definitions);

    Result handover = run("handover", "--lakehouse=" + lakehouse.root(), "--definitions-table");
    Result withTheEditedFolder =
        run("handover", "--lakehouse=" + lakehouse.root(), "--definitions=" + definitions);

    assertThat(handover.exitCode()).as(handover.err()).isZero();
    HandoverManifest manifest =
        Handover.readManifest(new Configuration(), lakehouse.handover(RecomputeJob.runId(AS_OF)));
    Map<String, String> used = new TreeMap<>();
    for (Row definition : run(lakehouse, RecomputeJob.runId(AS_OF)).<Row>getList(7)) {
      used.put(definition.getString(0), definition.getString(1));
    }
    assertThat(new TreeMap<>(manifest.getDefinitions())).hasSize(23).isEqualTo(used);
    assertThat(withTheEditedFolder.exitCode()).isEqualTo(2);
    assertThat(withTheEditedFolder.err())
        .contains("segment 'big-baskets' is not the definition the run used");
  }

  @Test
  void aRunLogWrittenBeforeRunsRecordedTheirSourceTakesARun() throws IOException {
    Lakehouse lakehouse = inputsCopy();
    String[] oldColumns =
        Arrays.stream(TableSchemas.RUNS.fieldNames())
            .filter(c -> !c.startsWith("definitions_") || c.equals("definitions"))
            .toArray(String[]::new);
    StructType oldSchema =
        new StructType(
            Arrays.stream(oldColumns)
                .map(c -> TableSchemas.RUNS.apply(c))
                .toArray(org.apache.spark.sql.types.StructField[]::new));
    Timestamp dayBefore = Timestamp.from(AS_OF.minusSeconds(86_400));
    spark
        .createDataFrame(
            List.of(
                RowFactory.create(
                    RecomputeJob.runId(dayBefore.toInstant()),
                    dayBefore,
                    dayBefore,
                    dayBefore,
                    1L,
                    -1L,
                    -1L,
                    new Row[0],
                    new String[0],
                    0L,
                    0L,
                    0L,
                    0L)),
            oldSchema)
        .write()
        .format("delta")
        .save(lakehouse.path(Table.RUNS));

    Path definitions = TestLakehouse.writeDefinitions(folder.resolve("definitions"));

    Result recomputed = recompute(lakehouse, "--definitions=" + definitions);

    assertThat(recomputed.exitCode()).as(recomputed.err()).isZero();
    assertThat(
            spark
                .read()
                .format("delta")
                .load(lakehouse.path(Table.RUNS))
                .orderBy("as_of")
                .collectAsList())
        .extracting(DefinitionsTableITCase::source)
        .containsExactly("null null", definitions + " null");
  }

  @Test
  void freezeLandsTheNewListIntoTheTableItReadTheDefinitionsFrom() throws IOException {
    TestLakehouse data = TestLakehouse.get();
    String root = data.root().toString();
    String table = data.lakehouse().path(Table.SEGMENT_DEFINITIONS);
    run(
        "definitions",
        "--lakehouse=" + root,
        "--from=" + TestLakehouse.writeDefinitions(folder.resolve("definitions")));

    Result frozen =
        run(
            "freeze",
            "--lakehouse=" + root,
            "--definitions-table",
            "--segment=vip",
            "--list-id=vip-table-frozen",
            "--at=2026-11-22T09:30:00Z");

    assertThat(frozen.exitCode()).as(frozen.err()).isZero();
    assertThat(frozen.out())
        .endsWith("  definition: written to vip-table-frozen.json in table " + table + "\n");
    DefinitionDocuments landed = new DefinitionsTable(spark, data.lakehouse()).read();
    assertThat(landed.source()).isEqualTo(DefinitionSource.table(table, 1));
    assertThat(landed.load().get("vip-table-frozen")).isPresent();
  }

  @Test
  void addingOneDocumentKeepsWhatLandedSinceTheDefinitionsWereRead() throws IOException {
    Path definitions = examplesIn(folder.resolve("definitions"));
    Lakehouse lakehouse = new Lakehouse(folder.resolve("lakehouse").toString());
    String table = lakehouse.path(Table.SEGMENT_DEFINITIONS);
    DefinitionsTable definitionsTable = new DefinitionsTable(spark, lakehouse);
    run("definitions", "--lakehouse=" + lakehouse.root(), "--from=" + definitions);
    DefinitionDocuments read = definitionsTable.read();
    Files.writeString(
        definitions.resolve("lists/landed-meanwhile.json"),
        "{\"id\": \"landed-meanwhile\", \"name\": \"Meanwhile\", \"kind\": \"static\"}");
    run("definitions", "--lakehouse=" + lakehouse.root(), "--from=" + definitions);

    DefinitionsTable.Landed landed =
        definitionsTable.landOne(
            read.with(
                "lists/frozen.json", "{\"id\": \"frozen\", \"name\": \"F\", \"kind\": \"static\"}"),
            "lists/frozen.json");

    assertThat(landed)
        .isEqualTo(
            new DefinitionsTable.Landed(List.of("lists/frozen.json"), List.of(), List.of(), 2));
    assertThat(changes(table, 2)).containsExactly("insert lists/frozen.json");
    assertThat(definitionsTable.read().load().get("landed-meanwhile")).isPresent();
  }

  private static Result run(String... args) {
    return BatchCommandLine.run(args);
  }

  private Result recompute(Lakehouse lakehouse, String definitions) {
    return run("recompute", "--lakehouse=" + lakehouse.root(), definitions, "--as-of=" + AS_OF);
  }

  /** The example definitions in {@code target}, one of them in a subfolder. */
  private static Path examplesIn(Path target) throws IOException {
    LakehouseStates.copyFolder(EXAMPLES, target);
    Files.createDirectories(target.resolve("lifecycle"));
    Files.createDirectories(target.resolve("lists"));
    Files.move(
        target.resolve("birthday-today.yaml"), target.resolve("lifecycle/birthday-today.yaml"));
    return target;
  }

  private Lakehouse inputsCopy() {
    Path root = folder.resolve("lakehouse");
    LakehouseStates.copyFolder(inputs, root);
    return new Lakehouse(root.toString());
  }

  private long latestVersion(String table) {
    return DeltaTable.forPath(spark, table).history(1).head().getLong(0);
  }

  /** The change feed from a version on: change type and document name. */
  private List<String> changes(String table, long from) {
    return spark
        .read()
        .format("delta")
        .option("readChangeFeed", "true")
        .option("startingVersion", from)
        .load(table)
        .collectAsList()
        .stream()
        .map(r -> r.getAs("_change_type") + " " + r.getAs("name"))
        .toList();
  }

  private List<String> memberships(Lakehouse lakehouse) {
    return spark
        .read()
        .format("delta")
        .load(lakehouse.path(Table.MEMBERSHIPS))
        .orderBy("segment_id", "contact_id")
        .collectAsList()
        .stream()
        .map(Row::toString)
        .toList();
  }

  private Row run(Lakehouse lakehouse, String runId) {
    return spark
        .read()
        .format("delta")
        .load(lakehouse.path(Table.RUNS))
        .where(col("run_id").equalTo(runId))
        .head();
  }

  private static String source(Row run) {
    return run.getAs("definitions_source") + " " + run.getAs("definitions_version");
  }
}
