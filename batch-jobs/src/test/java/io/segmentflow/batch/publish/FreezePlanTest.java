package io.segmentflow.batch.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmentflow.batch.TestLakehouse;
import io.segmentflow.batch.definitions.DefinitionDocuments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a freeze checks before it writes anything: no Spark needed. */
class FreezePlanTest {

  private static final Instant AT = Instant.parse("2026-11-22T09:30:00Z");

  @TempDir Path directory;
  private Path definitions;

  @BeforeEach
  void writeDefinitions() throws IOException {
    definitions = TestLakehouse.writeDefinitions(directory.resolve("definitions"));
  }

  @Test
  void aNewListGetsAStaticDefinitionNamedAfterTheSegment() throws IOException {
    Freeze.Plan plan =
        Freeze.plan(DefinitionDocuments.of(definitions), "vip", "vip-frozen", null, AT);

    assertThat(plan.definitionName()).isEqualTo("vip-frozen.json");
    assertThat(plan.document())
        .contains(
            """
            {
              "id" : "vip-frozen",
              "name" : "VIP (frozen 2026-11-22)",
              "kind" : "static",
              "description" : "Frozen from segment vip on 2026-11-22"
            }
            """);
  }

  @Test
  void anExistingStaticListIsKeptAsItIs() throws IOException {
    Freeze.Plan plan =
        Freeze.plan(DefinitionDocuments.of(definitions), "vip", "imported", "Ignored", AT);

    assertThat(plan.document()).isEmpty();
    assertThat(plan.definitionName()).isEqualTo("imported.json");
  }

  @Test
  void refusesAListIdThatIsADynamicSegment() {
    assertThatThrownBy(
            () -> Freeze.plan(DefinitionDocuments.of(definitions), "vip", "dormant", null, AT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "'dormant' is already defined in "
                + definitions
                + " as a dynamic segment, and a frozen list is static: choose another --list-id");
  }

  @Test
  void refusesAnInvalidListIdWithTheRuleForIds() {
    assertThatThrownBy(
            () ->
                Freeze.plan(DefinitionDocuments.of(definitions), "vip", "../VIP Frozen", null, AT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "cannot create list '../VIP Frozen': '../VIP Frozen' is not a valid id: use 1 to 64"
                + " lower-case letters, digits, '-' or '_', starting with a letter or digit");
  }

  @Test
  void refusesAFileThatWouldBeOverwritten() throws IOException {
    Files.writeString(
        definitions.resolve("vip-frozen.json"),
        "{\"id\": \"other\", \"name\": \"Other\", \"kind\": \"static\"}");

    assertThatThrownBy(
            () -> Freeze.plan(DefinitionDocuments.of(definitions), "vip", "vip-frozen", null, AT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            definitions.resolve("vip-frozen.json")
                + " exists but does not define 'vip-frozen': choose another --list-id, or rename"
                + " that file");
  }

  @Test
  void refusesAnUnknownSegment() {
    assertThatThrownBy(
            () -> Freeze.plan(DefinitionDocuments.of(definitions), "vipp", "vip-frozen", null, AT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "segment 'vipp' is not defined in "
                + definitions
                + ": freeze one of dormant, imported, newsletter, vip");
  }

  @Test
  void refusesAFolderWithFaults() throws IOException {
    Files.writeString(definitions.resolve("broken.json"), "{\"id\": \"broken\"}");

    assertThatThrownBy(
            () -> Freeze.plan(DefinitionDocuments.of(definitions), "vip", "vip-frozen", null, AT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "the definitions in "
                + definitions
                + " have 2 fault(s); fix them first:\n  broken.json: $: ");
  }
}
