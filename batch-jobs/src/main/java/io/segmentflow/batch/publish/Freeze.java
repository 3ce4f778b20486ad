package io.segmentflow.batch.publish;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.delta.tables.DeltaTable;
import io.segmentflow.batch.definitions.DefinitionDocuments;
import io.segmentflow.batch.definitions.DefinitionsTable;
import io.segmentflow.batch.lakehouse.Lakehouse;
import io.segmentflow.batch.lakehouse.TableSchemas;
import io.segmentflow.segments.data.ListAction;
import io.segmentflow.segments.model.SegmentDefinition;
import io.segmentflow.segments.parse.DefinitionError;
import io.segmentflow.segments.parse.DefinitionParser;
import io.segmentflow.segments.parse.DefinitionSet;
import io.segmentflow.segments.parse.ParsedDefinition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Freezes a segment: a new static list whose members are the segment's current members.
 *
 * <p>It appends one {@code ADD} list action per member to the list actions table, with the
 * deterministic id {@link #actionId} and an insert-only Delta MERGE on that id, so running the same
 * freeze again adds nothing; and it writes the list's definition document into the definitions
 * folder, or lands it into the definitions table when the definitions were read from it. The
 * nightly recompute then gives the list exactly those members (a static list's members are the
 * contacts whose latest action on it puts them in).
 *
 * <p>Everything is checked before anything is written: the definitions must be valid, the segment
 * defined in it, the list id valid and free (or already a static list: freezing into it again adds
 * the segment's current members that it lacks and removes nobody). Actions land before the
 * definition, so the nightly job never sees the list without its members; a failure in between is
 * repaired by running the freeze again.
 *
 * <p>The actions' source is {@link ListAction.Source#MANUAL}: a person chose to freeze, as when
 * adding contacts by hand in a marketing tool; the {@code freeze:} prefix of their ids tells them
 * from other manual actions.
 */
public final class Freeze {

  /** The source of the actions a freeze appends. */
  public static final ListAction.Source SOURCE = ListAction.Source.MANUAL;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * What a freeze did.
   *
   * @param members the segment's members frozen into the list
   * @param actionsAdded the list actions appended: {@code members} the first time, then only those
   *     missing
   * @param definition where the list is defined: its file, or its document in the table
   * @param definitionWritten whether this freeze wrote it (false when the list was already defined)
   */
  public record Result(
      String segmentId,
      String listId,
      long members,
      long actionsAdded,
      String definition,
      boolean definitionWritten) {}

  /**
   * The checked plan of a freeze: the name of the list's document among the definitions, and the
   * document when it is to be written.
   */
  record Plan(String listId, String definitionName, Optional<String> document) {}

  private Freeze() {}

  /** The id of the action that adds a contact to a list by freezing. */
  public static String actionId(String listId, String contactId) {
    return "freeze:" + listId + ":" + contactId;
  }

  /**
   * Freezes a segment's current members into a static list.
   *
   * @param name the list's name; when null, the segment's name with the freeze date
   * @param at the time of the list actions
   * @throws IllegalArgumentException when the definitions, the segment or the list id do not allow
   *     it, with what to do
   * @throws IllegalStateException when the memberships table is missing
   */
  public static Result freeze(
      SparkSession spark,
      Lakehouse lakehouse,
      DefinitionDocuments definitions,
      String segmentId,
      String listId,
      String name,
      Instant at)
      throws IOException {
    Plan plan = plan(definitions, segmentId, listId, name, at);
    Dataset<Row> members =
        Tables.latest(spark, lakehouse, Lakehouse.Table.MEMBERSHIPS)
            .where(col("segment_id").equalTo(lit(segmentId)))
            .select(col("contact_id"))
            .distinct();
    Dataset<Row> actions =
        members.select(
            concat(lit(actionId(listId, "")), col("contact_id")).as("action_id"),
            col("contact_id"),
            lit(listId).as("list_id"),
            lit(ListAction.Type.ADD.name()).as("action"),
            lit(SOURCE.name()).as("source"),
            lit(Timestamp.from(at)).as("occurred_at"));
    long count = members.count();
    long added = mergeNew(spark, lakehouse.path(Lakehouse.Table.LIST_ACTIONS), actions);
    if (plan.document().isPresent()) {
      if (definitions.source().isTable()) {
        new DefinitionsTable(spark, lakehouse)
            .landOne(
                definitions.with(plan.definitionName(), plan.document().get()),
                plan.definitionName());
      } else {
        write(folder(definitions).resolve(plan.definitionName()), plan.document().get());
      }
    }
    return new Result(
        segmentId,
        listId,
        count,
        added,
        where(definitions, plan.definitionName()),
        plan.document().isPresent());
  }

  /**
   * Checks a freeze against the definitions, without writing anything, and makes the list's
   * definition document when the list is new.
   */
  static Plan plan(
      DefinitionDocuments definitions, String segmentId, String listId, String name, Instant at) {
    DefinitionSet set = definitions.load();
    SegmentDefinition segment =
        set.get(segmentId)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "segment '"
                            + segmentId
                            + "' is not defined in "
                            + definitions.source()
                            + ": freeze one of "
                            + set.inEvaluationOrder().stream()
                                .map(SegmentDefinition::id)
                                .sorted()
                                .collect(Collectors.joining(", "))));
    LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("id", listId);
    fields.put("name", name != null ? name : segment.name() + " (frozen " + day + ")");
    fields.put("kind", "static");
    fields.put("description", "Frozen from segment " + segmentId + " on " + day);
    String fileName = listId + ".json";
    String document = json(fields);
    List<DefinitionError> errors =
        new DefinitionParser(set.catalog()).parse(fileName, document).errors();
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(
          "cannot create list '"
              + listId
              + "': "
              + errors.stream().map(DefinitionError::message).collect(Collectors.joining("; ")));
    }
    Optional<SegmentDefinition> existing = set.get(listId);
    if (existing.isPresent()) {
      if (existing.get().kind() != SegmentDefinition.Kind.STATIC) {
        throw new IllegalArgumentException(
            "'"
                + listId
                + "' is already defined in "
                + definitions.source()
                + " as a "
                + existing.get().kind().name().toLowerCase(java.util.Locale.ROOT)
                + " segment, and a frozen list is static: choose another --list-id");
      }
      return new Plan(listId, nameOf(definitions, set, listId), Optional.empty());
    }
    if (definitions.documents().containsKey(fileName)) {
      throw new IllegalArgumentException(
          where(definitions, fileName)
              + " exists but does not define '"
              + listId
              + "': choose another --list-id, or rename that file");
    }
    return new Plan(listId, fileName, Optional.of(document));
  }

  /**
   * Appends the actions whose ids the table lacks, with an insert-only MERGE; when the table is
   * missing, creates it (schema {@link TableSchemas#LIST_ACTIONS}) with the actions.
   *
   * @return the number of actions appended
   */
  static long mergeNew(SparkSession spark, String path, Dataset<Row> actions) {
    if (!Tables.exists(spark, path)) {
      // The table's own schema, with its nullable columns, not the actions' (all non-null).
      Dataset<Row> typed =
          spark.createDataFrame(actions.javaRDD(), TableSchemas.LIST_ACTIONS).cache();
      try {
        typed.write().format("delta").mode("append").save(path);
        return typed.count();
      } finally {
        typed.unpersist();
      }
    }
    Row metrics =
        DeltaTable.forPath(spark, path)
            .as("t")
            .merge(actions.as("s"), "t.list_id = s.list_id AND t.action_id = s.action_id")
            .whenNotMatched()
            .insertAll()
            .execute()
            .head();
    return metrics.<Long>getAs("num_inserted_rows");
  }

  /** The name of the document that defines {@code id}, one of the set's. */
  private static String nameOf(DefinitionDocuments definitions, DefinitionSet set, String id) {
    DefinitionParser parser = new DefinitionParser(set.catalog());
    return definitions.documents().entrySet().stream()
        .filter(d -> !d.getKey().equals(DefinitionSet.CATALOG_FILE))
        .filter(
            d ->
                parser
                    .parse(d.getKey(), d.getValue())
                    .parsed()
                    .map(ParsedDefinition::id)
                    .equals(Optional.of(id)))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElseThrow();
  }

  /** Where a document is, for messages: its file in the folder, or its name in the table. */
  private static String where(DefinitionDocuments definitions, String name) {
    return definitions.source().isTable()
        ? name + " in table " + definitions.source().location()
        : folder(definitions).resolve(name).toString();
  }

  private static Path folder(DefinitionDocuments definitions) {
    return Path.of(definitions.source().location());
  }

  private static String json(Map<String, String> fields) {
    try {
      return JSON.writeValueAsString(fields) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings always serializes", e);
    }
  }

  /** Writes through a temporary file (not a definition file name) moved into place. */
  private static void write(Path file, String document) throws IOException {
    Path partial = file.resolveSibling("." + file.getFileName() + ".partial");
    try {
      Files.writeString(partial, document, StandardCharsets.UTF_8);
      Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(partial);
    }
  }
}
