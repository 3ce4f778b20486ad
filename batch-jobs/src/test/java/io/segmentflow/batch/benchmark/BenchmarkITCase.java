package io.segmentflow.batch.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmentflow.batch.SparkTestSession;
import io.segmentflow.batch.lakehouse.Lakehouse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole benchmark at a tiny size: it completes and its numbers are sane (no timing). */
class BenchmarkITCase {

  @Test
  void runsEveryStageAndAgreesWithDuckDb(@TempDir Path folder) throws Exception {
    List<String> lines = new ArrayList<>();
    Benchmark.Options options =
        new Benchmark.Options(
            new Lakehouse(folder.toUri().toString()),
            2_000,
            20,
            List.of(10, 20),
            7,
            Instant.parse("2026-11-22T00:00:00Z"),
            true,
            4,
            2);

    Benchmark.Report report =
        new Benchmark(
                SparkTestSession.get(),
                options,
                line -> {
                  System.out.println(line);
                  lines.add(line);
                })
            .run();

    assertThat(report.landed().contacts()).isEqualTo(2_000);
    assertThat(report.contacts()).isEqualTo(2_000);
    assertThat(report.events()).isEqualTo(report.landed().events()).isGreaterThan(20_000);
    assertThat(report.landed().listActions()).isPositive();
    assertThat(report.landed().companies()).isEqualTo(100);
    assertThat(report.runs()).extracting(Benchmark.Run::segments).containsExactly(10, 20);
    for (Benchmark.Run run : report.runs()) {
      assertThat(run.features()).isPositive().isLessThanOrEqualTo(run.featureUses());
      assertThat(run.stageSeconds()).containsKeys("features", "segments");
      assertThat(run.totalSeconds()).isPositive();
      assertThat(run.executorCpuSeconds()).isPositive();
      assertThat(run.nextNight().totalSeconds()).isPositive();
      assertThat(run.nextNight().executorCpuSeconds()).isPositive();
      assertThat(run.eventsPerSecond()).isPositive();
      assertThat(run.contactsPerSecond()).isPositive();
      assertThat(run.duckDb().seconds()).isPositive();
      assertThat(run.duckDb().leftOut()).isEmpty();
      assertThat(run.duckDb().contacts()).isEqualTo(2_000);
      assertThat(run.duckDb().members()).hasSize(run.segments());
      assertThat(run.countsAgreeing()).isEqualTo(run.segments());
    }
    assertThat(report.runs().get(1).features()).isGreaterThan(report.runs().get(0).features());
    assertThat(lines).anyMatch(line -> line.startsWith("generation and landing:"));
    assertThat(lines).anyMatch(line -> line.contains("x DuckDB"));
  }
}
