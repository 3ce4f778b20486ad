package io.segmentflow.batch.cli;

import io.segmentflow.batch.SparkSessions;
import io.segmentflow.batch.lakehouse.Lakehouse;
import io.segmentflow.batch.recompute.Preview;
import io.segmentflow.segments.parse.DefinitionParser;
import io.segmentflow.segments.parse.DefinitionSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code preview}: the count a draft definition would have right now, nothing saved. */
@Command(
    name = "preview",
    mixinStandardHelpOptions = true,
    description = {
      "Counts the members a draft definition would have (total, identified, anonymous), without"
          + " saving it: the draft is checked with the definitions' catalog and may refer to their"
          + " segments; a draft with the id of a saved segment replaces it for the preview."
    })
final class PreviewCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin LakehouseOption lakehouse;

  @Mixin DefinitionsOption definitions;

  @Option(
      names = "--draft",
      required = true,
      paramLabel = "FILE",
      description = "The draft definition (JSON or YAML).")
  Path draft;

  @Option(
      names = "--as-of",
      paramLabel = "INSTANT",
      description = "Evaluation time (default: now).")
  Instant asOf;

  @Override
  public Integer call() throws Exception {
    return Failures.run(spec, this::preview);
  }

  private int preview() throws Exception {
    String source = draft.getFileName().toString();
    String text = Files.readString(draft);
    SparkSession spark = SparkSessions.create("segmentflow-preview");
    Lakehouse house = lakehouse.lakehouse();
    DefinitionSet set = definitions.read(house, () -> spark).load().withDraft(source, text);
    String id = DefinitionParser.idOf(source, text).orElseThrow();
    Instant evaluationTime = asOf == null ? Instant.now().truncatedTo(ChronoUnit.MILLIS) : asOf;
    Preview.Counts counts = Preview.count(spark, house, set, id, evaluationTime);
    spec.commandLine()
        .getOut()
        .printf(
            "%s as of %s: %d members (%d identified, %d anonymous)%n",
            counts.segmentId(),
            counts.asOf(),
            counts.total(),
            counts.identified(),
            counts.anonymous());
    return 0;
  }
}
