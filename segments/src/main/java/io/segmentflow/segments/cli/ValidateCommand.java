package io.segmentflow.segments.cli;

import io.segmentflow.segments.eval.FeaturePlan;
import io.segmentflow.segments.model.SegmentDefinition;
import io.segmentflow.segments.parse.DefinitionError;
import io.segmentflow.segments.parse.DefinitionSet;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Checks a folder of definitions, as a team's CI would: every fault with its file and JSON path,
 * exit code 1 when there is any.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Checks every .json, .yaml and .yml definition below a folder (with its catalog.json, if any).",
      "Prints each fault as 'file: $.json.path: message' and exits with 1 when there is any."
    })
final class ValidateCommand implements Callable<Integer> {

  static final int INVALID = 1;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FOLDER", description = "The folder of definitions.")
  Path folder;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (!Files.isDirectory(folder)) {
      spec.commandLine().getErr().println("not a folder: " + folder);
      return INVALID;
    }
    DefinitionSet.Validation validation = DefinitionSet.validate(folder);
    for (DefinitionError error : validation.errors()) {
      out.println(error);
    }
    if (validation.set().isEmpty()) {
      out.printf(
          "%d error(s) in %d definition file(s) under %s%n",
          validation.errors().size(), validation.documents(), folder);
      return INVALID;
    }
    DefinitionSet set = validation.set().get();
    long lists =
        set.inEvaluationOrder().stream()
            .filter(d -> d.kind() == SegmentDefinition.Kind.STATIC)
            .count();
    out.printf(
        "OK: %d definitions (%d dynamic segments, %d static lists) need %d shared behaviour"
            + " features%n",
        set.inEvaluationOrder().size(),
        set.inEvaluationOrder().size() - lists,
        lists,
        FeaturePlan.of(set).size());
    return 0;
  }
}
