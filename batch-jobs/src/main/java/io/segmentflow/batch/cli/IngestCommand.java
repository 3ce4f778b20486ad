package io.segmentflow.batch.cli;

import io.segmentflow.batch.SparkSessions;
import io.segmentflow.batch.definitions.DefinitionDocuments;
import io.segmentflow.batch.ingest.IngestFormat;
import io.segmentflow.batch.ingest.IngestKind;
import io.segmentflow.batch.ingest.IngestReport;
import io.segmentflow.batch.ingest.IngestRequest;
import io.segmentflow.batch.ingest.Ingestion;
import io.segmentflow.batch.lakehouse.Lakehouse;
import io.segmentflow.segments.catalog.Catalog;
import io.segmentflow.segments.model.SegmentDefinition;
import io.segmentflow.segments.parse.DefinitionError;
import io.segmentflow.segments.parse.DefinitionSet;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code ingest}: lands one input file or folder into the lakehouse's input tables and reports what
 * was read, landed and quarantined. Exits 0 when the input was read, however many records were
 * quarantined; 1 when the input cannot be used (no such file, an unusable CSV header, an Avro file
 * of another record, faulty definitions); 2 for wrong options.
 */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Lands a file, or a folder of files, of contacts, companies, events or list actions into the"
          + " lakehouse's Delta input tables, or imports a marketer's CSV into a static list.",
      "Records that cannot be read, or fail a check of the catalog, go to the quarantine table"
          + " with the reason, their position and their original text. Ingesting the same input"
          + " again changes nothing.",
      "",
      "CSV contacts: a header row of contact fields (contact_id required; email, phone, first_name,"
          + " last_name, country, language, city, created_at, updated_at, tags separated by |,"
          + " company_id, unsubscribed, marketing_consent) and custom.NAME for custom fields of"
          + " the catalog.",
      "List import: a header with an email or a contact_id column, and optionally an action"
          + " column (add or remove; default add). Emails are matched to the landed contacts"
          + " without regard to case; other columns are ignored."
    })
public final class IngestCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private LakehouseOption lakehouse;

  /** The definitions, whose catalog.json types custom fields and event properties. */
  @Mixin private DefinitionsOption definitions;

  @Option(
      names = "--kind",
      required = true,
      paramLabel = "KIND",
      converter = KindConverter.class,
      description = "contacts, companies, events, list_actions or list_import.")
  private IngestKind kind;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      converter = FormatConverter.class,
      description = "jsonl, avro or csv (default: from the input's file name).")
  private IngestFormat format;

  @Option(
      names = "--input",
      required = true,
      paramLabel = "PATH",
      description = "A file, or a folder of files of one kind and format.")
  private String input;

  @Option(
      names = "--list-id",
      paramLabel = "LIST",
      description = "With --kind list_import: the static list to add the contacts to.")
  private String listId;

  @Option(
      names = "--at",
      paramLabel = "INSTANT",
      description =
          "With list_import and CSV contacts: when the actions happened, and the created_at and"
              + " updated_at of contacts that give none, such as 2026-11-22T10:00:00Z (default:"
              + " now).")
  private Instant at;

  /** Where the session comes from; tests give their own. */
  Supplier<SparkSession> sessions = () -> SparkSessions.create("ingest");

  @Override
  public Integer call() throws IOException {
    IngestRequest request = request();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    DefinitionDocuments documents;
    try {
      documents = definitions.read(lakehouse.lakehouse(), sessions);
    } catch (IllegalArgumentException | IllegalStateException e) {
      err.println("ingest: " + e.getMessage());
      return 1;
    }
    Optional<Catalog> catalog = catalog(documents, err);
    if (catalog.isEmpty()) {
      return 1;
    }
    if (request.kind() == IngestKind.LIST_IMPORT
        && !isStaticList(documents, request.listId(), err)) {
      return 1;
    }
    if (isLocal(input) && !Files.exists(Path.of(input))) {
      err.println("ingest: no such file or folder: " + input);
      return 1;
    }

    long start = System.nanoTime();
    IngestReport report;
    try {
      Ingestion ingestion =
          new Ingestion(
              sessions.get(),
              lakehouse.lakehouse(),
              catalog.get(),
              stage -> {
                err.printf("[%s] %s%n", LocalTime.now().truncatedTo(ChronoUnit.SECONDS), stage);
                err.flush();
              });
      report = ingestion.ingest(request);
    } catch (IllegalArgumentException | UncheckedIOException e) {
      err.println("ingest: " + e.getMessage());
      return 1;
    }
    print(out, report, request.format(), (System.nanoTime() - start) / 1e9);
    return 0;
  }

  private IngestRequest request() {
    if (kind == IngestKind.LIST_IMPORT && listId == null) {
      throw new ParameterException(
          spec.commandLine(),
          "--kind list_import needs --list-id: the static list to add the contacts to");
    }
    if (kind != IngestKind.LIST_IMPORT && listId != null) {
      throw new ParameterException(spec.commandLine(), "--list-id is only for --kind list_import");
    }
    IngestFormat chosen =
        format != null
            ? format
            : IngestFormat.ofFileName(input)
                .orElseThrow(
                    () ->
                        new ParameterException(
                            spec.commandLine(),
                            "cannot tell the format of '"
                                + input
                                + "' from its name: give --format jsonl, avro or csv"));
    boolean takesAt =
        kind == IngestKind.LIST_IMPORT
            || (kind == IngestKind.CONTACTS && chosen == IngestFormat.CSV);
    if (at != null && !takesAt) {
      throw new ParameterException(
          spec.commandLine(),
          "--at is only for list_import and CSV contacts: other records carry their own times");
    }
    try {
      return new IngestRequest(kind, chosen, input, listId, at);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** The standard catalog extended by the definitions' catalog.json, or empty after its faults. */
  private static Optional<Catalog> catalog(DefinitionDocuments documents, PrintWriter err) {
    List<DefinitionError> errors = new ArrayList<>();
    Catalog catalog = documents.catalog(errors);
    if (!errors.isEmpty()) {
      errors.forEach(error -> err.println("ingest: " + error));
      return Optional.empty();
    }
    return Optional.of(catalog);
  }

  /** Whether the definitions are valid and define {@code id} as a static list; says why not. */
  private static boolean isStaticList(DefinitionDocuments documents, String id, PrintWriter err) {
    DefinitionSet.Validation validation = documents.validate();
    if (validation.set().isEmpty()) {
      validation.errors().forEach(error -> err.println("ingest: " + error));
      err.println(
          "ingest: the definitions in "
              + documents.source()
              + " have faults: fix them to import into one of their lists");
      return false;
    }
    DefinitionSet set = validation.set().get();
    if (set.get(id).map(d -> d.kind() == SegmentDefinition.Kind.STATIC).orElse(false)) {
      return true;
    }
    List<String> lists =
        set.inEvaluationOrder().stream()
            .filter(d -> d.kind() == SegmentDefinition.Kind.STATIC)
            .map(SegmentDefinition::id)
            .sorted()
            .toList();
    err.println(
        "ingest: '"
            + id
            + "' is not "
            + (set.get(id).isPresent() ? "a static list but a dynamic segment" : "defined")
            + " in "
            + documents.source()
            + ": a list import goes into a static list, one of "
            + (lists.isEmpty() ? "(none defined)" : String.join(", ", lists)));
    return false;
  }

  private void print(PrintWriter out, IngestReport report, IngestFormat format, double seconds) {
    out.printf(
        "Ingested %s from %s (%s) in %.1f s, ingest id %s%n",
        report.kind().cliName(), report.source(), format.cliName(), seconds, report.ingestId());
    out.printf("  read         %,12d%n", report.read());
    out.printf(
        "  landed       %,12d  (already present: %,d)%n", report.landed(), report.alreadyPresent());
    out.printf(
        "  quarantined  %,12d%s%n",
        report.quarantined(),
        report.quarantined() == 0
            ? ""
            : "  see " + lakehouse.lakehouse().path(Lakehouse.Table.QUARANTINE));
    out.flush();
  }

  /** A path on this machine (no scheme), which can be checked before Spark starts. */
  private static boolean isLocal(String path) {
    return !path.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*");
  }

  static final class KindConverter implements ITypeConverter<IngestKind> {
    @Override
    public IngestKind convert(String name) {
      return IngestKind.byName(name)
          .orElseThrow(
              () ->
                  new TypeConversionException(
                      "expected contacts, companies, events, list_actions or list_import, got '"
                          + name
                          + "'"));
    }
  }

  static final class FormatConverter implements ITypeConverter<IngestFormat> {
    @Override
    public IngestFormat convert(String name) {
      return IngestFormat.byName(name)
          .orElseThrow(
              () -> new TypeConversionException("expected jsonl, avro or csv, got '" + name + "'"));
    }
  }
}
