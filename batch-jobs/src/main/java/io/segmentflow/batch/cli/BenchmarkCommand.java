package io.segmentflow.batch.cli;

import io.segmentflow.batch.SparkSessions;
import io.segmentflow.batch.benchmark.Benchmark;
import io.segmentflow.batch.lakehouse.Lakehouse;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code benchmark}: the recompute at a given size, stage by stage, with a DuckDB baseline. */
@Command(
    name = "benchmark",
    mixinStandardHelpOptions = true,
    description = {
      "Generates sample data of a given size into a lakehouse's input tables (in Spark, in"
          + " parallel), then runs the nightly recompute for each number of segments on the same"
          + " data, each as a first run, and prints seconds per stage and rows per second; the same"
          + " feature pass and segment predicates run in DuckDB side by side.",
      "A benchmark, not a test: run it on an otherwise idle machine."
    })
final class BenchmarkCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--lakehouse",
      paramLabel = "URI",
      description =
          "Root of the lakehouse; its input tables are replaced (unless --skip-generate) and its"
              + " output area deleted before every run (default: a new temporary folder).")
  String lakehouse;

  @Option(
      names = "--contacts",
      defaultValue = "1000000",
      description = "Contacts to generate (default: ${DEFAULT-VALUE}).")
  int contacts;

  @Option(
      names = "--events-per-contact",
      defaultValue = "20",
      description = "Mean events per contact (default: ${DEFAULT-VALUE}).")
  double eventsPerContact;

  @Option(
      names = "--segments",
      split = ",",
      defaultValue = "10,50,200",
      paramLabel = "N",
      description = "Numbers of segments to run, comma-separated (default: ${DEFAULT-VALUE}).")
  List<Integer> segments;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Seed of the sample data (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--as-of",
      paramLabel = "INSTANT",
      description =
          "Evaluation time, which the generated data leads up to (default: today at midnight UTC;"
              + " required with --skip-generate).")
  Instant asOf;

  @Option(names = "--skip-generate", description = "Reuse the input tables already in --lakehouse.")
  boolean skipGenerate;

  @Option(
      names = "--duckdb",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Run the DuckDB baseline side by side (default: on; --no-duckdb to skip).")
  boolean duckDb;

  @Override
  public Integer call() throws Exception {
    if (skipGenerate && (lakehouse == null || asOf == null)) {
      throw new ParameterException(
          spec.commandLine(),
          "--skip-generate reuses a lakehouse: give its --lakehouse and the --as-of its data was"
              + " generated for");
    }
    if (contacts < 1) {
      throw new ParameterException(spec.commandLine(), "--contacts must be at least 1");
    }
    String root =
        lakehouse != null
            ? lakehouse
            : Files.createTempDirectory("segmentflow-benchmark").toUri().toString();
    Instant evaluationTime = asOf != null ? asOf : Instant.now().truncatedTo(ChronoUnit.DAYS);
    Benchmark.Options options;
    try {
      options =
          new Benchmark.Options(
              new Lakehouse(root),
              contacts,
              eventsPerContact,
              segments,
              seed,
              evaluationTime,
              !skipGenerate,
              Math.max(2, Math.min(400, contacts / 5_000)),
              duckDb ? 2 : 0);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    new Benchmark(
            SparkSessions.create("segmentflow-benchmark"),
            options,
            line -> {
              out.println(line);
              out.flush();
            })
        .run();
    out.printf(
        "%nThe lakehouse stays in %s: run again on the same data with --lakehouse %s"
            + " --skip-generate --as-of %s%n",
        root, root, evaluationTime);
    out.flush();
    return 0;
  }
}
