package io.segmentflow.segments.parse;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when definitions have faults; its message lists every fault found, not only the first. */
public class InvalidDefinitionException extends RuntimeException {

  private final List<DefinitionError> errors;

  public InvalidDefinitionException(List<DefinitionError> errors) {
    super(
        errors.size()
            + " error(s) in segment definitions:\n"
            + errors.stream().map(e -> "  " + e).collect(Collectors.joining("\n")));
    this.errors = List.copyOf(errors);
  }

  public List<DefinitionError> errors() {
    return errors;
  }
}
