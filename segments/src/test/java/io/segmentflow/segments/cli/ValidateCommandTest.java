package io.segmentflow.segments.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.segments.generate.SampleDataGenerator;
import io.segmentflow.segments.parse.DefinitionSet;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ValidateCommandTest {

  /** The shipped examples, relative to the module (Surefire runs in the module folder). */
  static final Path EXAMPLES = Path.of("..", "examples", "definitions");

  private record Run(int exitCode, String output) {}

  private static Run validate(Path folder) {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new SegmentsCli());
    cli.setOut(new PrintWriter(out));
    int exitCode = cli.execute("validate", folder.toString());
    return new Run(exitCode, out.toString());
  }

  @Test
  void theShippedExamplesAreValid() {
    Run run = validate(EXAMPLES);
    assertThat(run.output()).startsWith("OK: 23 definitions (20 dynamic segments, 3 static lists)");
    assertThat(run.exitCode()).isZero();
  }

  @Test
  void printsEveryFaultWithItsFileAndPathAndFails(@TempDir Path folder) throws Exception {
    Files.writeString(
        folder.resolve("a.json"),
        "{\"id\":\"a\",\"name\":\"A\",\"kind\":\"dynamic\",\"filter\":{\"in_segment\":\"b\"}}");
    Files.writeString(
        folder.resolve("b.json"),
        "{\"id\":\"b\",\"name\":\"B\",\"kind\":\"dynamic\",\"filter\":{\"in_segment\":\"a\"}}");
    Files.writeString(
        folder.resolve("c.json"),
        "{\"id\":\"c\",\"name\":\"C\",\"kind\":\"dynamic\",\"filter\":{\"field\":\"contry\",\"op\":\"eq\",\"value\":\"FR\"}}");

    Run run = validate(folder);

    assertThat(run.exitCode()).isEqualTo(ValidateCommand.INVALID);
    assertThat(run.output().lines())
        .containsExactly(
            "c.json: $.filter.field: unknown field 'contry'. Did you mean 'country'? Custom fields are"
                + " 'custom.<name>' and must be declared in catalog.json",
            "a.json: $.filter.in_segment: segments refer to each other in a cycle: a -> b -> a. A segment"
                + " cannot depend on itself; remove one of these references",
            "2 error(s) in 3 definition file(s) under " + folder);
  }

  @Test
  void doesNotReportAReferenceToADocumentThatHasFaultsOfItsOwn(@TempDir Path folder)
      throws Exception {
    Files.writeString(
        folder.resolve("a.json"),
        "{\"id\":\"a\",\"name\":\"A\",\"kind\":\"dynamic\",\"filter\":{\"in_segment\":\"b\"}}");
    Files.writeString(
        folder.resolve("b.json"),
        "{\"id\":\"b\",\"name\":\"B\",\"kind\":\"dynamic\",\"filter\":{\"event\":\"ordr\"}}");

    Run run = validate(folder);

    assertThat(run.exitCode()).isEqualTo(ValidateCommand.INVALID);
    assertThat(run.output().lines())
        .containsExactly(
            "b.json: $.filter.event: unknown event type 'ordr'. Did you mean 'order'? Custom event types"
                + " must be declared in catalog.json",
            "1 error(s) in 2 definition file(s) under " + folder);
  }

  @Test
  void theExamplesCatalogIsTheOneTheSampleGeneratorWritesDataFor() throws Exception {
    assertThat(DefinitionSet.load(EXAMPLES).catalog()).isEqualTo(SampleDataGenerator.CATALOG);
  }
}
