package io.segmentflow.segments.parse;

import io.segmentflow.segments.catalog.Catalog;
import io.segmentflow.segments.model.SegmentDefinition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A complete, valid set of definitions: ids are unique, every {@code in_segment} reference names a
 * segment of the set, and the references form no cycle (a diamond, two segments referring to a
 * third, is fine). {@link #inEvaluationOrder()} puts every segment after those it refers to.
 */
public final class DefinitionSet {

  /** The file a folder of definitions may hold to extend the standard catalog. */
  public static final String CATALOG_FILE = "catalog.json";

  private final Catalog catalog;
  private final Map<String, ParsedDefinition> byId;
  private final List<SegmentDefinition> evaluationOrder;

  private DefinitionSet(
      Catalog catalog, Map<String, ParsedDefinition> byId, List<SegmentDefinition> order) {
    this.catalog = catalog;
    this.byId = byId;
    this.evaluationOrder = order;
  }

  /** The outcome of checking definitions: the set when there are no faults, else every fault. */
  public record Validation(
      Optional<DefinitionSet> set, List<DefinitionError> errors, int documents) {
    public DefinitionSet orThrow() {
      return set.orElseThrow(() -> new InvalidDefinitionException(errors));
    }
  }

  /** Loads and checks every {@code .json}, {@code .yaml} and {@code .yml} file below a folder. */
  public static Validation validate(Path folder) throws IOException {
    return validate(documentsOf(folder));
  }

  /**
   * The documents of a definitions folder: every regular {@code .json}, {@code .yaml} and {@code
   * .yml} file below it ({@value #CATALOG_FILE} included), by its path relative to the folder with
   * {@code /} between names, sorted by that path.
   */
  public static SortedMap<String, String> documentsOf(Path folder) throws IOException {
    SortedMap<String, String> documents = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path file :
          walk.filter(Files::isRegularFile).filter(DefinitionSet::isDefinitionFile).toList()) {
        String name =
            folder.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
        documents.put(name, Files.readString(file, StandardCharsets.UTF_8));
      }
    }
    return documents;
  }

  /**
   * Checks documents exactly as a folder holding them is checked ({@link #validate(Path)}): each is
   * named by its path in the folder ({@link #documentsOf}), {@value #CATALOG_FILE} is the catalog,
   * a catalog in a subfolder is a fault, and names that are not definition files are ignored.
   */
  public static Validation validate(SortedMap<String, String> documents) {
    List<DefinitionError> errors = new ArrayList<>();
    Catalog catalog = catalogOf(documents, errors);
    Map<String, String> definitions = new TreeMap<>();
    documents.forEach(
        (name, text) -> {
          if (name.equals(CATALOG_FILE)) {
            return;
          }
          if (name.endsWith("/" + CATALOG_FILE)) {
            errors.add(
                new DefinitionError(
                    name,
                    "$",
                    "the catalog is read only at the root of the definitions folder: move it to "
                        + CATALOG_FILE));
          } else if (isDefinitionFile(name)) {
            definitions.put(name, text);
          }
        });
    DefinitionParser parser = new DefinitionParser(catalog);
    List<ParsedDefinition> parsed = new ArrayList<>();
    Set<String> idsOfFaultyDocuments = new HashSet<>();
    definitions.forEach(
        (source, text) -> {
          var result = parser.parse(source, text);
          result.parsed().ifPresent(parsed::add);
          if (!result.errors().isEmpty()) {
            errors.addAll(result.errors());
            DefinitionParser.idOf(source, text).ifPresent(idsOfFaultyDocuments::add);
          }
        });
    Validation validation = check(catalog, parsed, idsOfFaultyDocuments);
    errors.addAll(validation.errors());
    return new Validation(
        errors.isEmpty() ? validation.set() : Optional.empty(), errors, definitions.size());
  }

  /**
   * The catalog of a definitions folder: the standard one extended by its {@code catalog.json}, or
   * the standard one when there is none. Faults of the file are added to {@code errors}.
   */
  public static Catalog catalogOf(Path folder, List<DefinitionError> errors) throws IOException {
    Path file = folder.resolve(CATALOG_FILE);
    return catalogOf(
        Files.exists(file)
            ? Map.of(CATALOG_FILE, Files.readString(file, StandardCharsets.UTF_8))
            : Map.of(),
        errors);
  }

  /** As {@link #catalogOf(Path, List)}, of a folder's documents ({@link #documentsOf}). */
  public static Catalog catalogOf(Map<String, String> documents, List<DefinitionError> errors) {
    String text = documents.get(CATALOG_FILE);
    return text != null ? CatalogParser.parse(CATALOG_FILE, text, errors) : Catalog.standard();
  }

  /** Loads a folder, or throws with every fault. */
  public static DefinitionSet load(Path folder) throws IOException {
    return validate(folder).orThrow();
  }

  /** Checks parsed definitions together: unique ids, existing references, no cycle. */
  public static Validation check(Catalog catalog, List<ParsedDefinition> definitions) {
    return check(catalog, definitions, Set.of());
  }

  /**
   * As {@link #check(Catalog, List)}, where {@code idsOfFaultyDocuments} are segments whose
   * documents have faults of their own: references to them are not reported a second time.
   */
  private static Validation check(
      Catalog catalog, List<ParsedDefinition> definitions, Set<String> idsOfFaultyDocuments) {
    List<DefinitionError> errors = new ArrayList<>();
    Map<String, ParsedDefinition> byId = new LinkedHashMap<>();
    for (ParsedDefinition definition : definitions) {
      ParsedDefinition earlier = byId.putIfAbsent(definition.id(), definition);
      if (earlier != null) {
        errors.add(
            new DefinitionError(
                definition.source(),
                "$.id",
                "segment id '"
                    + definition.id()
                    + "' is already defined in "
                    + earlier.source()
                    + ": ids must be unique"));
      }
    }
    for (ParsedDefinition definition : byId.values()) {
      for (ParsedDefinition.Reference reference : definition.references()) {
        if (!byId.containsKey(reference.segmentId())
            && !idsOfFaultyDocuments.contains(reference.segmentId())) {
          errors.add(
              new DefinitionError(
                  definition.source(),
                  reference.path(),
                  "refers to segment '"
                      + reference.segmentId()
                      + "', which is not defined."
                      + Suggestions.closest(reference.segmentId(), byId.keySet())
                          .map(c -> " Did you mean '" + c + "'?")
                          .orElse(" Define it, or fix the id.")));
        }
      }
    }
    if (errors.isEmpty()) {
      findCycle(byId).ifPresent(errors::add);
    }
    if (!errors.isEmpty() || !idsOfFaultyDocuments.isEmpty()) {
      return new Validation(Optional.empty(), errors, definitions.size());
    }
    return new Validation(
        Optional.of(new DefinitionSet(catalog, byId, order(byId))), List.of(), definitions.size());
  }

  private static Optional<DefinitionError> findCycle(Map<String, ParsedDefinition> byId) {
    Map<String, Integer> state = new TreeMap<>(); // 1: on the current path, 2: done
    for (String start : new TreeSet<>(byId.keySet())) {
      Deque<String> path = new ArrayDeque<>();
      Optional<DefinitionError> cycle = visit(start, byId, state, path);
      if (cycle.isPresent()) {
        return cycle;
      }
    }
    return Optional.empty();
  }

  private static Optional<DefinitionError> visit(
      String id,
      Map<String, ParsedDefinition> byId,
      Map<String, Integer> state,
      Deque<String> path) {
    Integer seen = state.get(id);
    if (seen != null && seen == 2) {
      return Optional.empty();
    }
    path.addLast(id);
    if (seen != null) {
      List<String> ids = new ArrayList<>(path);
      List<String> cycle = ids.subList(ids.indexOf(id), ids.size());
      ParsedDefinition first = byId.get(cycle.get(0));
      String reference =
          first.references().stream()
              .filter(r -> r.segmentId().equals(cycle.get(1)))
              .findFirst()
              .orElseThrow()
              .path();
      return Optional.of(
          new DefinitionError(
              first.source(),
              reference,
              "segments refer to each other in a cycle: "
                  + String.join(" -> ", cycle)
                  + ". A segment cannot depend on itself; remove one of these references"));
    }
    state.put(id, 1);
    for (ParsedDefinition.Reference reference : byId.get(id).references()) {
      if (!byId.containsKey(reference.segmentId())) {
        continue; // a faulty document, reported on its own
      }
      Optional<DefinitionError> cycle = visit(reference.segmentId(), byId, state, path);
      if (cycle.isPresent()) {
        return cycle;
      }
    }
    state.put(id, 2);
    path.removeLast();
    return Optional.empty();
  }

  /** Dependencies first; among segments whose dependencies are done, by id, so it is stable. */
  private static List<SegmentDefinition> order(Map<String, ParsedDefinition> byId) {
    Map<String, Integer> waitingOn = new TreeMap<>();
    Map<String, List<String>> dependents = new TreeMap<>();
    byId.forEach(
        (id, definition) -> {
          List<String> dependencies =
              definition.references().stream()
                  .map(ParsedDefinition.Reference::segmentId)
                  .distinct()
                  .toList();
          waitingOn.put(id, dependencies.size());
          dependencies.forEach(d -> dependents.computeIfAbsent(d, k -> new ArrayList<>()).add(id));
        });
    TreeSet<String> ready = new TreeSet<>();
    waitingOn.forEach(
        (id, count) -> {
          if (count == 0) {
            ready.add(id);
          }
        });
    List<SegmentDefinition> order = new ArrayList<>();
    while (!ready.isEmpty()) {
      String id = ready.pollFirst();
      order.add(byId.get(id).definition());
      for (String dependent : dependents.getOrDefault(id, List.of())) {
        if (waitingOn.merge(dependent, -1, Integer::sum) == 0) {
          ready.add(dependent);
        }
      }
    }
    return List.copyOf(order);
  }

  /** Whether a file holds a definition (or the catalog) by its name: JSON or YAML. */
  public static boolean isDefinitionFile(Path path) {
    return isDefinitionFile(path.getFileName().toString());
  }

  /** As {@link #isDefinitionFile(Path)}, by a file's name or path. */
  public static boolean isDefinitionFile(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.endsWith(".json") || lower.endsWith(".yaml") || lower.endsWith(".yml");
  }

  public Catalog catalog() {
    return catalog;
  }

  /** Every definition, each after the segments it refers to. */
  public List<SegmentDefinition> inEvaluationOrder() {
    return evaluationOrder;
  }

  /** The segments a definition refers to with {@code in_segment} or {@code not_in_segment}. */
  public Set<String> dependenciesOf(String id) {
    return byId.get(id).references().stream()
        .map(ParsedDefinition.Reference::segmentId)
        .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
  }

  public Optional<SegmentDefinition> get(String id) {
    return Optional.ofNullable(byId.get(id)).map(ParsedDefinition::definition);
  }

  /**
   * A definition as one JSON document, its keys sorted: what a definitions topic or table carries
   * for it, whether it was written in JSON or YAML.
   */
  public String canonicalJson(String id) {
    return byId.get(id).canonicalJson();
  }

  /** The SHA-256 of a definition's canonical JSON, recorded by runs that used it. */
  public String sha256(String id) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(canonicalJson(id).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /**
   * This set with a draft definition added, replacing the segment of the same id if any: what a
   * preview evaluates. Throws with every fault of the draft, or of the set it would make.
   */
  public DefinitionSet withDraft(String source, String draft) {
    ParsedDefinition parsed = new DefinitionParser(catalog).parse(source, draft).orThrow();
    List<ParsedDefinition> definitions = new ArrayList<>();
    byId.values().stream().filter(d -> !d.id().equals(parsed.id())).forEach(definitions::add);
    definitions.add(parsed);
    return check(catalog, definitions).orThrow();
  }

  /** The segment and every segment it depends on, directly or not: all that evaluating it needs. */
  public DefinitionSet restrictedTo(String id) {
    Map<String, ParsedDefinition> needed = new LinkedHashMap<>();
    Deque<String> pending = new ArrayDeque<>(List.of(id));
    while (!pending.isEmpty()) {
      String next = pending.pop();
      if (needed.putIfAbsent(next, byId.get(next)) == null) {
        pending.addAll(dependenciesOf(next));
      }
    }
    return new DefinitionSet(catalog, needed, order(needed));
  }

  /** Definitions given in code (tests, previews of a draft) rather than files. */
  public static DefinitionSet of(Catalog catalog, Map<String, String> documentsBySource) {
    DefinitionParser parser = new DefinitionParser(catalog);
    List<DefinitionError> errors = new ArrayList<>();
    List<ParsedDefinition> parsed = new ArrayList<>();
    documentsBySource.forEach(
        (source, text) -> {
          var result = parser.parse(source, text);
          result.parsed().ifPresent(parsed::add);
          errors.addAll(result.errors());
        });
    if (!errors.isEmpty()) {
      throw new InvalidDefinitionException(errors);
    }
    return check(catalog, parsed).orThrow();
  }
}
