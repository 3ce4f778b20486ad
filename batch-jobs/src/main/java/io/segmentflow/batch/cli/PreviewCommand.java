package io.segmentflow.batch.cli;

import io.segmentflow.batch.SparkSessions;
import io.segmentflow.batch.recompute.Preview;
import io.segmentflow.segments.parse.DefinitionParser;
import io.segmentflow.segments.parse.DefinitionSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
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
          + " saving it: the draft is checked with the folder's catalog and may refer to the folder's"
          + " segments; a draft with the id of a saved segment replaces it for the preview."
    })
final class PreviewCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin LakehouseOption lakehouse;

  @Option(
      names = "--definitions",
      required = true,
      paramLabel = "DIR",
      description = "Folder of saved definitions.")
  Path definitions;

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
    String source = draft.getFileName().toString();
    String text = Files.readString(draft);
    DefinitionSet set = DefinitionSet.load(definitions).withDraft(source, text);
    String id = DefinitionParser.idOf(source, text).orElseThrow();
    Instant evaluationTime = asOf == null ? Instant.now().truncatedTo(ChronoUnit.MILLIS) : asOf;
    Preview.Counts counts =
        Preview.count(
            SparkSessions.create("segmentflow-preview"),
            lakehouse.lakehouse(),
            set,
            id,
            evaluationTime);
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
