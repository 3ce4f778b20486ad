package io.segmentflow.batch.definitions;

import java.nio.file.Path;

/**
 * Where definitions were read from, as the run log records it: a folder, or the lakehouse's
 * definitions table at one version.
 *
 * @param location the folder, or the table's path
 * @param tableVersion the Delta version of the table read; null for a folder
 */
public record DefinitionSource(String location, Long tableVersion) {

  public static DefinitionSource folder(Path folder) {
    return new DefinitionSource(folder.toString(), null);
  }

  public static DefinitionSource table(String path, long version) {
    return new DefinitionSource(path, version);
  }

  public boolean isTable() {
    return tableVersion != null;
  }

  @Override
  public String toString() {
    return isTable() ? "table " + location + " (version " + tableVersion + ")" : location;
  }
}
