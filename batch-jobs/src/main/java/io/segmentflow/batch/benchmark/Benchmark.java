package io.segmentflow.batch.benchmark;

import static org.apache.spark.sql.functions.col;

import io.segmentflow.batch.lakehouse.Lakehouse;
import io.segmentflow.batch.lakehouse.Lakehouse.Table;
import io.segmentflow.batch.recompute.RecomputeJob;
import io.segmentflow.segments.eval.FeaturePlan;
import io.segmentflow.segments.generate.BenchmarkSegments;
import io.segmentflow.segments.generate.GeneratorOptions;
import io.segmentflow.segments.parse.DefinitionSet;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The recompute benchmark: lands a generated data set of a given size in a lakehouse, then runs the
 * nightly {@link RecomputeJob} for each number of segments on the same data, each as a first run
 * and then as the next night's run (a day later, on the same inputs: the steady state, where only
 * what time moved changes), printing the seconds of every stage and rows per second, and runs the
 * same feature pass and segment predicates in DuckDB side by side ({@link DuckDbBaseline}). Not a
 * timed test: it reports, it does not judge.
 */
public final class Benchmark {

  /**
   * What to run.
   *
   * @param lakehouse root of the lakehouse; its output area is deleted before every run
   * @param generate false to reuse the input tables already in the lakehouse
   * @param partitions slices of contacts generated in parallel
   * @param duckDbThreads threads of the DuckDB baseline; 0 leaves it out
   */
  public record Options(
      Lakehouse lakehouse,
      int contacts,
      double eventsPerContact,
      List<Integer> segments,
      long seed,
      Instant asOf,
      boolean generate,
      int partitions,
      int duckDbThreads) {

    public Options {
      segments = List.copyOf(segments);
      if (segments.isEmpty() || segments.stream().anyMatch(n -> n < 1)) {
        throw new IllegalArgumentException(
            "segments must list one or more numbers of segments, each at least 1: " + segments);
      }
    }

    GeneratorOptions generatorOptions() {
      return new GeneratorOptions(
          seed,
          contacts,
          contacts / 20,
          eventsPerContact,
          90,
          asOf,
          BenchmarkSegments.overrideSegmentIds());
    }
  }

  /** The figures of one number of segments. */
  public record Run(
      int segments,
      int features,
      int featureUses,
      Map<String, Double> stageSeconds,
      double totalSeconds,
      double executorCpuSeconds,
      NextNight nextNight,
      double eventsPerSecond,
      double contactsPerSecond,
      DuckDbBaseline.Result duckDb,
      int countsAgreeing) {

    /** The Spark stages the DuckDB query does: the feature pass and the segment predicates. */
    public double featuresAndSegmentsSeconds() {
      return stageSeconds.getOrDefault("features", 0.0)
          + stageSeconds.getOrDefault("segments", 0.0);
    }

    public double sparkToDuckDb() {
      return duckDb == null ? Double.NaN : featuresAndSegmentsSeconds() / duckDb.seconds();
    }
  }

  /** The run a day after the first, on the same inputs. */
  public record NextNight(double totalSeconds, double executorCpuSeconds, long changes) {}

  /** Everything measured. */
  public record Report(BenchmarkData.Landed landed, long contacts, long events, List<Run> runs) {}

  private final SparkSession spark;
  private final Options options;
  private final Consumer<String> out;

  private final ExecutorCpu executorCpu = new ExecutorCpu();

  public Benchmark(SparkSession spark, Options options, Consumer<String> out) {
    this.spark = spark;
    this.options = options;
    this.out = out;
    spark.sparkContext().addSparkListener(executorCpu);
  }

  /** The CPU time of every task that ended, summed (Spark's own task metric). */
  private static final class ExecutorCpu extends SparkListener {
    private final AtomicLong nanos = new AtomicLong();

    @Override
    public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
      if (taskEnd.taskMetrics() != null) {
        nanos.addAndGet(taskEnd.taskMetrics().executorCpuTime());
      }
    }

    long nanos() {
      return nanos.get();
    }
  }

  public Report run() throws IOException, SQLException {
    Lakehouse lakehouse = options.lakehouse();
    BenchmarkData.Landed landed = null;
    if (options.generate()) {
      GeneratorOptions generator = options.generatorOptions();
      out.accept(
          String.format(
              "Generating %,d contacts (%s events each on average), %,d companies, seed %d, as of"
                  + " %s, into %s",
              generator.contacts(),
              generator.eventsPerContact(),
              generator.companies(),
              generator.seed(),
              generator.asOf(),
              lakehouse.root()));
      landed = BenchmarkData.land(spark, lakehouse, generator, options.partitions(), out);
      out.accept(
          String.format(
              "generation and landing: %.1f s, %,.0f rows/s (%,d contacts, %,d events, %,d list"
                  + " actions, %,d companies)",
              landed.seconds(),
              landed.rowsPerSecond(),
              landed.contacts(),
              landed.events(),
              landed.listActions(),
              landed.companies()));
    }
    long contacts = table(Table.CONTACTS).count();
    long events = table(Table.EVENTS).count();
    out.accept(String.format("Input: %,d contacts, %,d events", contacts, events));

    List<Run> runs = new ArrayList<>();
    for (int n : options.segments()) {
      runs.add(run(n, contacts, events));
    }
    summary(runs);
    return new Report(landed, contacts, events, runs);
  }

  private Run run(int n, long contacts, long events) throws IOException, SQLException {
    DefinitionSet set = BenchmarkSegments.of(n);
    FeaturePlan plan = FeaturePlan.of(set);
    int uses = BenchmarkSegments.featureUses(set);
    out.accept("");
    out.accept(
        String.format(
            "== %d segments: %d shared features (%d feature uses by the conditions)",
            n, plan.size(), uses));
    deleteOutputs();
    Recomputed recomputed = recompute(set, options.asOf(), "  ");
    RecomputeJob.Result result = recomputed.result();
    double total = recomputed.seconds();
    double cpu = recomputed.cpuSeconds();
    double featureSeconds = result.stageSeconds().getOrDefault("features", Double.NaN);
    double segmentSeconds = result.stageSeconds().getOrDefault("segments", Double.NaN);
    out.accept(
        String.format(
            "  total %.1f s (executors %.1f CPU s); feature pass %,.0f events/s; segment stage"
                + " %,.0f contacts/s; %,d memberships",
            total, cpu, events / featureSeconds, contacts / segmentSeconds, result.members()));

    DuckDbBaseline.Result duckDb = null;
    int agreeing = 0;
    if (options.duckDbThreads() > 0) {
      duckDb = DuckDbBaseline.run(set, options.asOf(), files(), options.duckDbThreads());
      Map<String, Long> sparkCounts = sparkCounts(result.runId());
      List<String> differing = new ArrayList<>();
      for (Map.Entry<String, Long> counted : duckDb.members().entrySet()) {
        long spark = sparkCounts.getOrDefault(counted.getKey(), 0L);
        if (spark == counted.getValue()) {
          agreeing++;
        } else {
          differing.add(
              counted.getKey() + " (Spark " + spark + ", DuckDB " + counted.getValue() + ")");
        }
      }
      Run partial =
          new Run(
              n,
              plan.size(),
              uses,
              result.stageSeconds(),
              total,
              cpu,
              null,
              0,
              0,
              duckDb,
              agreeing);
      out.accept(
          String.format(
              "  DuckDB (%d threads, Parquet files of the Delta tables): %.1f s for %d features"
                  + " and %d segment predicates over %,d contacts; Spark features + segments"
                  + " %.1f s = %.1f x DuckDB",
              options.duckDbThreads(),
              duckDb.seconds(),
              duckDb.features(),
              duckDb.members().size(),
              duckDb.contacts(),
              partial.featuresAndSegmentsSeconds(),
              partial.sparkToDuckDb()));
      out.accept(
          String.format(
              "  member counts: %d of %d segments equal in Spark and DuckDB%s",
              agreeing,
              duckDb.members().size(),
              differing.isEmpty() ? "" : "; differing: " + String.join(", ", differing)));
      duckDb.leftOut().forEach(line -> out.accept("  left out of the DuckDB query: " + line));
    }
    NextNight nextNight = nextNight(set);
    return new Run(
        n,
        plan.size(),
        uses,
        result.stageSeconds(),
        total,
        cpu,
        nextNight,
        events / featureSeconds,
        contacts / segmentSeconds,
        duckDb,
        agreeing);
  }

  private NextNight nextNight(DefinitionSet set) {
    Instant asOf = options.asOf().plus(Duration.ofDays(1));
    out.accept("  next night, as of " + asOf + ":");
    Recomputed night = recompute(set, asOf, "    ");
    long entered = night.result().entered();
    long exited = night.result().exited();
    out.accept(
        String.format(
            "    total %.1f s (executors %.1f CPU s); %,d entered, %,d exited",
            night.seconds(), night.cpuSeconds(), entered, exited));
    return new NextNight(night.seconds(), night.cpuSeconds(), entered + exited);
  }

  /** A recompute with its stages' wall seconds summed and the executors' CPU seconds. */
  private record Recomputed(RecomputeJob.Result result, double seconds, double cpuSeconds) {}

  private Recomputed recompute(DefinitionSet set, Instant asOf, String indent) {
    long cpuBefore = executorCpu.nanos();
    RecomputeJob.Result result =
        new RecomputeJob(spark, options.lakehouse(), withExecutorCpu(indent)).run(set, asOf);
    return new Recomputed(
        result,
        result.stageSeconds().values().stream().mapToDouble(Double::doubleValue).sum(),
        (executorCpu.nanos() - cpuBefore) / 1e9);
  }

  private void summary(List<Run> runs) {
    out.accept("");
    out.accept(
        "segments  features  total s  x first  CPU s  x first  features s  segments s  DuckDB s"
            + "  Spark/DuckDB  next night s  x first  CPU s  x first");
    double first = runs.get(0).totalSeconds();
    double firstCpu = runs.get(0).executorCpuSeconds();
    NextNight firstNext = runs.get(0).nextNight();
    for (Run run : runs) {
      out.accept(
          String.format(
              "%8d  %8d  %7.1f  %7.2f  %5.0f  %7.2f  %10.1f  %10.1f  %8s  %12s  %12.1f  %7.2f"
                  + "  %5.0f  %7.2f",
              run.segments(),
              run.features(),
              run.totalSeconds(),
              run.totalSeconds() / first,
              run.executorCpuSeconds(),
              run.executorCpuSeconds() / firstCpu,
              run.stageSeconds().getOrDefault("features", Double.NaN),
              run.stageSeconds().getOrDefault("segments", Double.NaN),
              run.duckDb() == null ? "-" : String.format("%.1f", run.duckDb().seconds()),
              run.duckDb() == null ? "-" : String.format("%.1f", run.sparkToDuckDb()),
              run.nextNight().totalSeconds(),
              run.nextNight().totalSeconds() / firstNext.totalSeconds(),
              run.nextNight().executorCpuSeconds(),
              run.nextNight().executorCpuSeconds() / firstNext.executorCpuSeconds()));
    }
  }

  /**
   * Prints each stage's line with the CPU seconds executors spent in it: a figure that, unlike the
   * wall clock, does not grow when other work shares the machine.
   */
  private Consumer<String> withExecutorCpu(String indent) {
    long[] before = {executorCpu.nanos()};
    return line -> {
      long now = executorCpu.nanos();
      out.accept(
          String.format("%s%s  [executors %.1f CPU s]", indent, line, (now - before[0]) / 1e9));
      before[0] = now;
    };
  }

  /** Every run is a first run: no memberships, changes, counts, features or run log before it. */
  private void deleteOutputs() throws IOException {
    Path output = new Path(options.lakehouse().root() + "/output");
    FileSystem fs = output.getFileSystem(spark.sparkContext().hadoopConfiguration());
    fs.delete(output, true);
  }

  private org.apache.spark.sql.Dataset<Row> table(Table table) {
    return spark.read().format("delta").load(options.lakehouse().path(table));
  }

  /** The live data files of each input table's latest snapshot. */
  private DuckDbBaseline.Files files() {
    return new DuckDbBaseline.Files(
        List.of(table(Table.CONTACTS).inputFiles()),
        List.of(table(Table.COMPANIES).inputFiles()),
        List.of(table(Table.EVENTS).inputFiles()),
        List.of(table(Table.LIST_ACTIONS).inputFiles()));
  }

  private Map<String, Long> sparkCounts(String runId) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Row row :
        spark
            .read()
            .format("delta")
            .load(options.lakehouse().path(Table.SEGMENT_COUNTS))
            .where(col("run_id").equalTo(runId))
            .select("segment_id", "total")
            .collectAsList()) {
      counts.put(row.getString(0), row.getLong(1));
    }
    return counts;
  }
}
