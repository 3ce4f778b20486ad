package io.segmentflow.batch.publish;

import io.segmentflow.batch.definitions.DefinitionDocuments;
import io.segmentflow.segments.catalog.Catalog;
import io.segmentflow.segments.eval.FeaturePlan;
import io.segmentflow.segments.model.SegmentDefinition;
import io.segmentflow.segments.parse.DefinitionSet;
import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Segment definitions that Spark can send to its tasks: the catalog and the documents as written,
 * from which each task parses the same {@link DefinitionSet} and builds the same {@link
 * FeaturePlan} (the core's parsed definitions and plans are not serializable).
 */
public final class ShippedDefinitions implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String origin;
  private final Catalog catalog;
  private final TreeMap<String, String> documents;
  private transient DefinitionSet set;
  private transient FeaturePlan plan;

  /**
   * @param origin where the definitions come from, for messages: a folder or the table
   * @param documents every definition document by its source (a file name), as {@link
   *     DefinitionSet#of} takes them
   * @throws io.segmentflow.segments.parse.InvalidDefinitionException when they are not a valid set
   */
  public ShippedDefinitions(String origin, Catalog catalog, Map<String, String> documents) {
    this.origin = origin;
    this.catalog = catalog;
    this.documents = new TreeMap<>(documents);
    this.set = DefinitionSet.of(catalog, documents);
  }

  /**
   * The definitions of a folder's documents, read from the folder or the definitions table.
   *
   * @param loaded the definitions of the documents, loaded and checked ({@link
   *     DefinitionDocuments#load})
   */
  public static ShippedDefinitions of(DefinitionDocuments folder, DefinitionSet loaded) {
    Map<String, String> documents = new TreeMap<>();
    folder
        .documents()
        .forEach(
            (name, text) -> {
              if (DefinitionSet.isDefinitionFile(name)
                  && !name.equals(DefinitionSet.CATALOG_FILE)) {
                documents.put(name, text);
              }
            });
    ShippedDefinitions shipped =
        new ShippedDefinitions(folder.source().toString(), loaded.catalog(), documents);
    if (!shipped.sha256s().equals(sha256s(loaded))) {
      throw new IllegalStateException(
          "bug: the definitions of "
              + folder.source()
              + " read as documents differ from the folder's: "
              + shipped.sha256s()
              + " against "
              + sha256s(loaded));
    }
    return shipped;
  }

  /** Where the definitions come from. */
  public String origin() {
    return origin;
  }

  /** The definition documents by source. */
  Map<String, String> documents() {
    return Collections.unmodifiableMap(documents);
  }

  public DefinitionSet set() {
    if (set == null) {
      set = DefinitionSet.of(catalog, documents);
    }
    return set;
  }

  public FeaturePlan plan() {
    if (plan == null) {
      plan = FeaturePlan.of(set());
    }
    return plan;
  }

  /** The SHA-256 of every definition by segment id, as a recompute's run log records them. */
  public Map<String, String> sha256s() {
    return sha256s(set());
  }

  private static Map<String, String> sha256s(DefinitionSet set) {
    Map<String, String> hashes = new TreeMap<>();
    for (SegmentDefinition definition : set.inEvaluationOrder()) {
      hashes.put(definition.id(), set.sha256(definition.id()));
    }
    return hashes;
  }
}
