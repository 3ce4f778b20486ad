package io.segmentflow.segments.parse;

import io.segmentflow.segments.model.SegmentDefinition;
import java.util.List;

/**
 * A definition that parsed without faults, with what set-level checks need: where it came from, its
 * canonical JSON (keys sorted, for hashing and run manifests) and the segments it refers to.
 */
public record ParsedDefinition(
    SegmentDefinition definition, String source, String canonicalJson, List<Reference> references) {

  /** An {@code in_segment}/{@code not_in_segment} reference and the JSON path where it stands. */
  public record Reference(String segmentId, String path) {}

  public String id() {
    return definition.id();
  }
}
