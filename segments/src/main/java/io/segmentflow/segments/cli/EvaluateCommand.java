package io.segmentflow.segments.cli;

import io.segmentflow.segments.data.Company;
import io.segmentflow.segments.data.Contact;
import io.segmentflow.segments.data.ContactData;
import io.segmentflow.segments.data.Event;
import io.segmentflow.segments.data.JsonRecords;
import io.segmentflow.segments.data.ListAction;
import io.segmentflow.segments.eval.DerivedFields;
import io.segmentflow.segments.eval.Membership;
import io.segmentflow.segments.eval.ReferenceEvaluator;
import io.segmentflow.segments.model.SegmentDefinition;
import io.segmentflow.segments.parse.DefinitionSet;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code evaluate}: every segment over a JSON Lines data folder with the reference evaluator, one
 * contact at a time in memory. Meant for checking definitions on sample or small data; the nightly
 * job does the same at scale on Spark.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluates every segment of a definitions folder over a JSON Lines data folder (as written by"
          + " 'generate') with the reference evaluator, and prints each segment's counts.",
      "Holds the events in memory: meant for sample and small data sets."
    })
final class EvaluateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--definitions",
      required = true,
      paramLabel = "DIR",
      description = "Folder of segment definitions.")
  Path definitions;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "DIR",
      description =
          "Folder with contacts.jsonl, companies.jsonl, events.jsonl and list_actions.jsonl.")
  Path data;

  @Option(
      names = "--as-of",
      paramLabel = "INSTANT",
      description = "Evaluation time (default: now).")
  Instant asOf;

  /** Per segment: members, identified members. */
  private record Counts(long[] totals, long[] identified) {}

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    Instant evaluationTime = asOf == null ? Instant.now().truncatedTo(ChronoUnit.MILLIS) : asOf;
    DefinitionSet set = DefinitionSet.load(definitions);
    JsonRecords records = new JsonRecords(set.catalog());
    long start = System.nanoTime();

    Map<String, Company> companies = new HashMap<>();
    read("companies.jsonl", records::readCompany, c -> companies.put(c.companyId(), c));
    Map<String, List<Event>> events = new HashMap<>();
    read(
        "events.jsonl",
        records::readEvent,
        e -> events.computeIfAbsent(e.contactId(), k -> new ArrayList<>()).add(e));
    Map<String, List<ListAction>> actions = new HashMap<>();
    read(
        "list_actions.jsonl",
        records::readListAction,
        a -> actions.computeIfAbsent(a.contactId(), k -> new ArrayList<>()).add(a));

    List<SegmentDefinition> segments = set.inEvaluationOrder();
    Counts counts = new Counts(new long[segments.size()], new long[segments.size()]);
    ReferenceEvaluator evaluator = new ReferenceEvaluator(set);
    long contacts;
    long lines;
    try (var all = Files.lines(data.resolve("contacts.jsonl"))) {
      lines = all.count();
    }
    try (ProgressBar progress = Progress.bar("contacts", lines)) {
      contacts =
          read(
              "contacts.jsonl",
              records::readContact,
              contact -> {
                ContactData contactData =
                    new ContactData(
                        contact,
                        contact.companyId() == null ? null : companies.get(contact.companyId()),
                        events.getOrDefault(contact.contactId(), List.of()),
                        actions.getOrDefault(contact.contactId(), List.of()));
                tally(evaluator.evaluate(contactData, evaluationTime), contact, counts);
                progress.step();
              });
    }

    out.printf(
        "%d contacts evaluated as of %s in %.1f s%n%n",
        contacts, evaluationTime, (System.nanoTime() - start) / 1e9);
    out.printf(
        "%-34s %-8s %9s %11s %10s%n", "segment", "kind", "members", "identified", "anonymous");
    for (int i = 0; i < segments.size(); i++) {
      out.printf(
          "%-34s %-8s %9d %11d %10d%n",
          segments.get(i).id(),
          segments.get(i).kind().name().toLowerCase(),
          counts.totals()[i],
          counts.identified()[i],
          counts.totals()[i] - counts.identified()[i]);
    }
    return 0;
  }

  private static void tally(Map<String, Membership> memberships, Contact contact, Counts counts) {
    boolean identified = DerivedFields.identified(contact);
    int i = 0;
    for (Membership membership : memberships.values()) {
      if (membership.member()) {
        counts.totals()[i]++;
        if (identified) {
          counts.identified()[i]++;
        }
      }
      i++;
    }
  }

  /** Reads every line of a data file; a bad line stops the command with its file and line. */
  private <T> long read(String file, Function<String, T> parse, Consumer<T> each)
      throws IOException {
    Path path = data.resolve(file);
    long lineNumber = 0;
    try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        try {
          each.accept(parse.apply(line));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(path + ":" + lineNumber + ": " + e.getMessage(), e);
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return lineNumber;
  }
}
