package io.segmentflow.batch.cli;

import io.segmentflow.segments.parse.DefinitionSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** The definitions folder a command is given, with every fault in one user-facing message. */
final class DefinitionFolders {

  private DefinitionFolders() {}

  /**
   * The definitions of a folder.
   *
   * @throws IllegalArgumentException when the folder does not exist or its definitions have faults,
   *     listing every fault
   */
  static DefinitionSet load(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      throw new IllegalArgumentException("definitions folder " + folder + " does not exist");
    }
    DefinitionSet.Validation validation = DefinitionSet.validate(folder);
    return validation
        .set()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "the definitions in "
                        + folder
                        + " have "
                        + validation.errors().size()
                        + " fault(s); fix them first:\n"
                        + validation.errors().stream()
                            .map(e -> "  " + e)
                            .collect(Collectors.joining("\n"))));
  }
}
