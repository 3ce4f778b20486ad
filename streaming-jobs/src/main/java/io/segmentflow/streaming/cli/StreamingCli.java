package io.segmentflow.streaming.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The streaming commands: the job itself ({@code run}), what surrounds it (topics, definitions, an
 * example consumer for senders) and its benchmark. Submitted with {@code flink run -c
 * io.segmentflow.streaming.cli.StreamingCli JOB_JAR run ...} on a cluster, or run locally on a
 * Flink mini-cluster ({@code bin/segmentflow-stream ...}).
 */
@Command(
    name = "segmentflow-stream",
    mixinStandardHelpOptions = true,
    description = "Streaming segment memberships on Flink, with Kafka feeds for senders.",
    subcommands = {
      RunCommand.class,
      TopicsCommand.class,
      PublishDefinitionsCommand.class,
      ConsumeCommand.class,
      BenchmarkCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class
    })
public final class StreamingCli {

  public static void main(String[] args) {
    System.exit(new CommandLine(new StreamingCli()).execute(args));
  }
}
