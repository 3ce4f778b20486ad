package io.segmentflow.batch.definitions;

import io.segmentflow.segments.catalog.Catalog;
import io.segmentflow.segments.parse.DefinitionError;
import io.segmentflow.segments.parse.DefinitionSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The documents of a definitions folder ({@code catalog.json} and every definition, by path in the
 * folder), read from a folder or from the lakehouse's definitions table. The same documents give
 * the same {@link DefinitionSet} wherever they were read from: the core checks them as it checks a
 * folder ({@link DefinitionSet#validate(SortedMap)}).
 */
public record DefinitionDocuments(DefinitionSource source, SortedMap<String, String> documents) {

  public DefinitionDocuments {
    documents = Collections.unmodifiableSortedMap(new TreeMap<>(documents));
  }

  /**
   * The documents of a folder.
   *
   * @throws IllegalArgumentException when the folder does not exist
   */
  public static DefinitionDocuments of(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      throw new IllegalArgumentException("definitions folder " + folder + " does not exist");
    }
    return new DefinitionDocuments(
        DefinitionSource.folder(folder), DefinitionSet.documentsOf(folder));
  }

  public DefinitionSet.Validation validate() {
    return DefinitionSet.validate(documents);
  }

  /**
   * The definitions.
   *
   * @throws IllegalArgumentException when they have faults, listing every fault (document, JSON
   *     path, message)
   */
  public DefinitionSet load() {
    DefinitionSet.Validation validation = validate();
    return validation
        .set()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "the definitions in "
                        + source
                        + " have "
                        + validation.errors().size()
                        + " fault(s); fix them first:\n"
                        + validation.errors().stream()
                            .map(e -> "  " + e)
                            .collect(Collectors.joining("\n"))));
  }

  /** The catalog of {@code catalog.json}, or the standard one; its faults go to {@code errors}. */
  public Catalog catalog(List<DefinitionError> errors) {
    return DefinitionSet.catalogOf(documents, errors);
  }

  /** These documents with one more, or one replaced. */
  public DefinitionDocuments with(String name, String document) {
    SortedMap<String, String> more = new TreeMap<>(documents);
    more.put(name, document);
    return new DefinitionDocuments(source, more);
  }
}
