package io.segmentflow.segments.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.segments.eval.DerivedFields;
import io.segmentflow.segments.eval.Membership;
import io.segmentflow.segments.eval.ReferenceEvaluator;
import io.segmentflow.segments.generate.GeneratorOptions;
import io.segmentflow.segments.generate.SampleDataGenerator;
import io.segmentflow.segments.parse.DefinitionSet;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EvaluateCommandTest {

  private static final String AS_OF = "2026-11-22T00:00:00Z";

  private static String run(String... args) {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new SegmentsCli());
    cli.setOut(new PrintWriter(out));
    assertThat(cli.execute(args)).as("exit code of %s", String.join(" ", args)).isZero();
    return out.toString();
  }

  @Test
  void countsEqualTheReferenceEvaluatorOnTheSameGeneratedData(@TempDir Path folder)
      throws Exception {
    run(
        "generate",
        "--contacts",
        "400",
        "--seed",
        "7",
        "--as-of",
        AS_OF,
        "--output",
        folder.toString());
    String output =
        run(
            "evaluate",
            "--definitions",
            ValidateCommandTest.EXAMPLES.toString(),
            "--data",
            folder.toString(),
            "--as-of",
            AS_OF);

    DefinitionSet set = DefinitionSet.load(ValidateCommandTest.EXAMPLES);
    ReferenceEvaluator evaluator = new ReferenceEvaluator(set);
    Map<String, long[]> expected = new HashMap<>();
    new SampleDataGenerator(new GeneratorOptions(7, 400, 20, 20, 90, Instant.parse(AS_OF)))
        .contacts()
        .forEach(
            contact -> {
              for (Membership m : evaluator.evaluate(contact, Instant.parse(AS_OF)).values()) {
                long[] counts = expected.computeIfAbsent(m.segmentId(), k -> new long[2]);
                if (m.member()) {
                  counts[0]++;
                  counts[1] += DerivedFields.identified(contact.contact()) ? 1 : 0;
                }
              }
            });

    assertThat(output).startsWith("400 contacts evaluated as of " + AS_OF);
    expected.forEach(
        (segment, counts) ->
            assertThat(output)
                .containsPattern(
                    "(?m)^"
                        + segment
                        + " +\\w+ +"
                        + counts[0]
                        + " +"
                        + counts[1]
                        + " +"
                        + (counts[0] - counts[1])
                        + "$"));
    assertThat(expected.get("customers")[0])
        .as("the sample data fills the customers list")
        .isPositive();
  }
}
