package io.segmentflow.segments.parse;

/**
 * One fault in a definition: where it is (the source file and the JSON path inside it, such as
 * {@code $.filter.all[1].op}), what is wrong, and how to fix it.
 */
public record DefinitionError(String source, String path, String message) {

  @Override
  public String toString() {
    return source + ": " + path + ": " + message;
  }
}
