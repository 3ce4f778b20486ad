package io.segmentflow.batch.cli;

import io.segmentflow.batch.SparkSessions;
import io.segmentflow.batch.definitions.DefinitionDocuments;
import io.segmentflow.batch.definitions.DefinitionsTable;
import io.segmentflow.batch.lakehouse.Lakehouse;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code definitions}: lands a definitions folder into the lakehouse's definitions table. */
@Command(
    name = "definitions",
    mixinStandardHelpOptions = true,
    description = {
      "Lands a folder of segment definitions (its catalog.json and every .json, .yaml and .yml"
          + " file below it) into the lakehouse's table input/segment_definitions, one row per"
          + " document, from which the other commands read them with --definitions-table.",
      "The folder is checked first: one with faults is refused with every fault, and nothing is"
          + " landed. It lands in one Delta transaction that adds the new documents, updates the"
          + " changed ones and deletes those no longer in the folder, so the table's history and"
          + " change feed show which definitions changed; landing the same folder again changes"
          + " nothing."
    })
final class DefinitionsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin LakehouseOption lakehouse;

  @Option(
      names = "--from",
      required = true,
      paramLabel = "DIR",
      description = "Folder of segment definitions, with its catalog.json.")
  Path from;

  @Override
  public Integer call() throws Exception {
    return Failures.run(spec, this::land);
  }

  private int land() throws Exception {
    DefinitionDocuments documents = DefinitionDocuments.of(from);
    documents.load(); // refuses a folder with faults before Spark starts
    Lakehouse house = lakehouse.lakehouse();
    DefinitionsTable.Landed landed =
        new DefinitionsTable(SparkSessions.create("segmentflow definitions"), house)
            .land(documents);
    PrintWriter out = spec.commandLine().getOut();
    String table = house.path(Lakehouse.Table.SEGMENT_DEFINITIONS);
    if (landed.changedNothing()) {
      out.printf(
          "%s already holds the %d documents of %s: nothing changed (version %d)%n",
          table, documents.documents().size(), from, landed.version());
    } else {
      out.printf(
          "Landed %s into %s: %d added, %d changed, %d removed (version %d)%n",
          from,
          table,
          landed.added().size(),
          landed.changed().size(),
          landed.removed().size(),
          landed.version());
      print(out, "added", landed.added());
      print(out, "changed", landed.changed());
      print(out, "removed", landed.removed());
    }
    out.flush();
    return 0;
  }

  private static void print(PrintWriter out, String what, List<String> names) {
    names.forEach(name -> out.printf("  %-8s %s%n", what, name));
  }
}
