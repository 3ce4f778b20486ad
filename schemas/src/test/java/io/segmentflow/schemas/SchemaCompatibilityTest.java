package io.segmentflow.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaParseException;
import org.junit.jupiter.api.Test;

/**
 * Senders decode our feeds with the schema they were built with, and our jobs read data written
 * with older schemas. So every schema must stay fully compatible (old readers read new data, new
 * readers read old data) with every version of it committed to git before, as Avro's own checker
 * decides.
 */
class SchemaCompatibilityTest {

  private static final Path SCHEMAS_DIR =
      Path.of(System.getProperty("schemas.dir", "src/main/avro")).toAbsolutePath();

  @Test
  void everySchemaIsFullyCompatibleWithEveryCommittedVersion() throws Exception {
    Path repoRoot = gitRoot();
    assumeTrue(repoRoot != null, "no git history: no committed versions to compare with");
    Map<String, Schema> current = parseAll(currentSources());
    String relativeDir = repoRoot.relativize(SCHEMAS_DIR).toString();

    List<String> problems = new ArrayList<>();
    int comparisons = 0;
    for (String commit : git(repoRoot, "log", "--format=%H", "--", relativeDir).split("\n")) {
      if (commit.isBlank()) {
        continue;
      }
      Map<String, Schema> old = parseAll(sourcesAt(repoRoot, commit, relativeDir));
      for (Map.Entry<String, Schema> entry : old.entrySet()) {
        Schema now = current.get(entry.getKey());
        if (now == null) {
          problems.add(entry.getKey() + " existed at " + commit + " and was removed");
          continue;
        }
        comparisons++;
        problems.addAll(incompatibilities(entry.getValue(), now, "commit " + commit));
      }
    }
    assertThat(problems)
        .as("schema changes that would break readers (%d comparisons)", comparisons)
        .isEmpty();
  }

  @Test
  void checkerRejectsARequiredFieldAddedWithoutDefault() {
    Schema old =
        new Schema.Parser()
            .parse(
                "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}");
    Schema changed =
        new Schema.Parser()
            .parse(
                "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"},"
                    + "{\"name\":\"b\",\"type\":\"string\"}]}");
    assertThat(incompatibilities(old, changed, "test"))
        .singleElement()
        .asString()
        .contains("new readers cannot read data written with test")
        .contains("b");
  }

  @Test
  void checkerAcceptsAnOptionalFieldAddedWithDefault() {
    Schema old =
        new Schema.Parser()
            .parse(
                "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}");
    Schema changed =
        new Schema.Parser()
            .parse(
                "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"},"
                    + "{\"name\":\"b\",\"type\":[\"null\",\"string\"],\"default\":null}]}");
    assertThat(incompatibilities(old, changed, "test")).isEmpty();
  }

  private static List<String> incompatibilities(Schema old, Schema now, String where) {
    List<String> problems = new ArrayList<>();
    var backward = SchemaCompatibility.checkReaderWriterCompatibility(now, old);
    if (backward.getType() != SchemaCompatibilityType.COMPATIBLE) {
      problems.add(
          old.getFullName()
              + ": new readers cannot read data written with "
              + where
              + ": "
              + backward.getResult().getIncompatibilities());
    }
    var forward = SchemaCompatibility.checkReaderWriterCompatibility(old, now);
    if (forward.getType() != SchemaCompatibilityType.COMPATIBLE) {
      problems.add(
          old.getFullName()
              + ": readers built with "
              + where
              + " cannot read new data: "
              + forward.getResult().getIncompatibilities());
    }
    return problems;
  }

  /**
   * Parses schema files that refer to each other's named types, whatever their order. A failed
   * parse leaves a parser half-updated, so each attempt starts from a fresh one.
   */
  private static Map<String, Schema> parseAll(List<String> sources) {
    List<String> ordered = new ArrayList<>();
    List<String> pending = new ArrayList<>(sources);
    while (!pending.isEmpty()) {
      String next = null;
      SchemaParseException lastFailure = null;
      for (String candidate : pending) {
        try {
          Schema.Parser parser = new Schema.Parser();
          ordered.forEach(parser::parse);
          parser.parse(candidate);
          next = candidate;
          break;
        } catch (SchemaParseException e) {
          lastFailure = e;
        }
      }
      if (next == null) {
        throw lastFailure;
      }
      ordered.add(next);
      pending.remove(next);
    }
    Schema.Parser parser = new Schema.Parser();
    Map<String, Schema> parsed = new LinkedHashMap<>();
    for (String source : ordered) {
      Schema schema = parser.parse(source);
      parsed.put(schema.getFullName(), schema);
    }
    return parsed;
  }

  private static List<String> currentSources() throws IOException {
    try (Stream<Path> files = Files.list(SCHEMAS_DIR)) {
      return files
          .filter(p -> p.toString().endsWith(".avsc"))
          .sorted()
          .map(
              p -> {
                try {
                  return Files.readString(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .toList();
    }
  }

  private static List<String> sourcesAt(Path repoRoot, String commit, String dir) throws Exception {
    List<String> sources = new ArrayList<>();
    for (String file : git(repoRoot, "ls-tree", "--name-only", commit, dir + "/").split("\n")) {
      if (file.endsWith(".avsc")) {
        sources.add(git(repoRoot, "show", commit + ":" + file));
      }
    }
    return sources;
  }

  private static Path gitRoot() {
    try {
      git(SCHEMAS_DIR, "rev-parse", "--verify", "HEAD");
      return Path.of(git(SCHEMAS_DIR, "rev-parse", "--show-toplevel").trim());
    } catch (Exception e) {
      return null;
    }
  }

  private static String git(Path dir, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
    }
    return output;
  }
}
