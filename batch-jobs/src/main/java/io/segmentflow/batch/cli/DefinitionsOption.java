package io.segmentflow.batch.cli;

import io.segmentflow.batch.definitions.DefinitionDocuments;
import io.segmentflow.batch.definitions.DefinitionsTable;
import io.segmentflow.batch.lakehouse.Lakehouse;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * Where a command reads its segment definitions: {@code --definitions DIR}, a folder on the machine
 * that runs the command (the driver), or {@code --definitions-table}, the lakehouse's definitions
 * table (landed by the {@code definitions} command), which any driver reads.
 */
final class DefinitionsOption {

  @ArgGroup(multiplicity = "1")
  Choice choice;

  static final class Choice {
    @Option(
        names = "--definitions",
        paramLabel = "DIR",
        description = "Folder of segment definitions, with its catalog.json.")
    Path folder;

    @Option(
        names = "--definitions-table",
        description =
            "Read the definitions from the lakehouse's table input/segment_definitions (landed"
                + " with the definitions command) instead of a folder.")
    boolean table;
  }

  /** The documents: the folder's, or the table's at its latest version. */
  DefinitionDocuments read(Lakehouse lakehouse, Supplier<SparkSession> spark) throws IOException {
    return read(lakehouse, spark, null);
  }

  /**
   * The documents: the folder's, or the table's at {@code tableVersion} (Delta time travel), at its
   * latest version when null.
   */
  DefinitionDocuments read(Lakehouse lakehouse, Supplier<SparkSession> spark, Long tableVersion)
      throws IOException {
    if (!choice.table) {
      return DefinitionDocuments.of(choice.folder);
    }
    DefinitionsTable table = new DefinitionsTable(spark.get(), lakehouse);
    return tableVersion == null ? table.read() : table.read(tableVersion);
  }
}
