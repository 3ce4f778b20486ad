package io.segmentflow.streaming.evaluate;

/**
 * A record of the definitions topic: a segment's new or edited definition, or its deletion.
 *
 * @param segmentId the segment (the record's key)
 * @param document the definition document, null when the segment is deleted
 * @param payload the original bytes, for the dead-letter topic if the definition is refused
 * @param position {@code partition:offset}
 * @param reason why the record could not be read; null when it could
 */
public record DefinitionUpdate(
    String segmentId, String document, byte[] payload, String position, String reason) {

  public boolean deletes() {
    return document == null;
  }
}
