package io.segmentflow.segments.cli;

import io.segmentflow.segments.generate.GeneratorOptions;
import io.segmentflow.segments.generate.SampleDataGenerator;
import io.segmentflow.segments.generate.SampleDataWriter;
import io.segmentflow.segments.generate.SampleDataWriter.Format;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code generate}: writes a deterministic sample data set to a folder. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Writes a deterministic sample data set to a folder: contacts, companies, events and list"
          + " actions, as JSON Lines or Avro files.",
      "The same options give the same data; pass --as-of to repeat a run on another day."
    })
public final class GenerateCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = "--contacts",
      defaultValue = "10000",
      description = "Number of contacts (default: ${DEFAULT-VALUE}).")
  private int contacts;

  @Option(
      names = "--companies",
      description =
          "Number of companies; about 60%% of contacts belong to one (default: contacts/20).")
  private Integer companies;

  @Option(
      names = "--events-per-contact",
      defaultValue = "20",
      description =
          "Mean number of events per contact; a few contacts have 10 to 50 times more, most have"
              + " 0 to 3 (default: ${DEFAULT-VALUE}).")
  private double eventsPerContact;

  @Option(
      names = "--days",
      defaultValue = "90",
      description = "Days of history before --as-of (default: ${DEFAULT-VALUE}).")
  private int days;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Seed of every random draw (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Option(
      names = "--as-of",
      paramLabel = "INSTANT",
      description =
          "An instant such as 2026-11-22T00:00:00Z: the time the data leads up to (default:"
              + " today at midnight UTC, printed).")
  private Instant asOf;

  @Option(
      names = "--format",
      defaultValue = "jsonl",
      converter = FormatConverter.class,
      description = "jsonl or avro (default: ${DEFAULT-VALUE}).")
  private Format format;

  @Option(
      names = "--output",
      required = true,
      paramLabel = "DIR",
      description =
          "Folder to write contacts, companies, events and list_actions files to; created if"
              + " missing, files replaced.")
  private Path output;

  @Override
  public Integer call() throws Exception {
    GeneratorOptions options;
    try {
      options =
          new GeneratorOptions(
              seed,
              contacts,
              companies == null ? contacts / 20 : companies,
              eventsPerContact,
              days,
              asOf == null ? Instant.now().truncatedTo(ChronoUnit.DAYS) : asOf);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "Generating %d contacts and %d companies, seed %d, as of %s, into %s (%s)%n",
        options.contacts(),
        options.companies(),
        options.seed(),
        options.asOf(),
        output,
        format.extension());
    out.flush();

    SampleDataGenerator generator = new SampleDataGenerator(options);
    long start = System.nanoTime();
    SampleDataWriter.Counts counts;
    try (ProgressBar progress = Progress.bar("contacts", options.contacts())) {
      counts =
          SampleDataWriter.write(
              generator.contacts().peek(contact -> progress.step()),
              generator.companies(),
              output,
              format);
    }
    out.printf(
        "Wrote %d contacts, %d companies, %d events and %d list actions in %.1f s%n",
        counts.contacts(),
        counts.companies(),
        counts.events(),
        counts.listActions(),
        (System.nanoTime() - start) / 1e9);
    return 0;
  }

  /** Reads a format by its lower-case name, as the files are named. */
  static final class FormatConverter implements ITypeConverter<Format> {
    @Override
    public Format convert(String name) {
      return Arrays.stream(Format.values())
          .filter(format -> format.extension().equals(name))
          .findFirst()
          .orElseThrow(
              () -> new TypeConversionException("expected jsonl or avro, got '" + name + "'"));
    }
  }
}
