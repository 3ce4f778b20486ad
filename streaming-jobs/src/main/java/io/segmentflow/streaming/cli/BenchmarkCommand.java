package io.segmentflow.streaming.cli;

import io.segmentflow.streaming.benchmark.StreamBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "benchmark",
    description =
        "Pushes generated contacts and events through Kafka (in-process unless"
            + " --bootstrap-servers) and the job on a local mini-cluster; prints sustained events"
            + " per second and the latency from event to change (p50, p99).")
final class BenchmarkCommand implements Callable<Integer> {

  @Option(names = "--bootstrap-servers", description = "An external Kafka; default: in-process.")
  String bootstrapServers;

  @Option(names = "--contacts", defaultValue = "100000", description = "Default: ${DEFAULT-VALUE}.")
  int contacts;

  @Option(names = "--segments", defaultValue = "100", description = "Default: ${DEFAULT-VALUE}.")
  int segments;

  @Option(
      names = "--events-per-contact",
      defaultValue = "20",
      description =
          "History per contact, the throughput phase's input (default: ${DEFAULT-VALUE}).")
  double eventsPerContact;

  @Option(
      names = "--latency-rate",
      defaultValue = "10000",
      description = "Events per second of the latency phase (default: ${DEFAULT-VALUE}).")
  int latencyRate;

  @Option(
      names = "--latency-duration",
      defaultValue = "PT30S",
      description = "Default: ${DEFAULT-VALUE}.")
  Duration latencyDuration;

  @Option(names = "--partitions", defaultValue = "2", description = "Default: ${DEFAULT-VALUE}.")
  int partitions;

  @Option(names = "--parallelism", defaultValue = "2", description = "Default: ${DEFAULT-VALUE}.")
  int parallelism;

  @Option(
      names = "--checkpoint-interval",
      defaultValue = "PT0.5S",
      description = "Default: ${DEFAULT-VALUE}.")
  Duration checkpointInterval;

  @Mixin FlinkSettings flink;

  @Mixin StateCacheSize stateCache;

  @Option(names = "--seed", defaultValue = "42", description = "Default: ${DEFAULT-VALUE}.")
  long seed;

  @Override
  public Integer call() throws Exception {
    Path checkpoints = Files.createTempDirectory("segmentflow-benchmark-checkpoints");
    new StreamBenchmark(
            new StreamBenchmark.Options(
                bootstrapServers,
                contacts,
                segments,
                eventsPerContact,
                latencyRate,
                latencyDuration,
                partitions,
                parallelism,
                checkpointInterval,
                flink.values,
                stateCache.bytes(),
                checkpoints,
                seed),
            System.out)
        .run();
    return 0;
  }
}
