package io.segmentflow.streaming.cli;

import io.segmentflow.streaming.demo.StreamDemo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "demo",
    description =
        "The streaming half of ./demo.sh: starts a Kafka broker in this JVM (unless"
            + " --bootstrap-servers), publishes the definitions, starts the job on a local Flink"
            + " mini-cluster from a batch run's hand-over, sends live events of the lakehouse's"
            + " contacts for --duration, prints entries and exits as they are committed, then the"
            + " members per segment next to the batch run's, and stops.")
final class DemoCommand implements Callable<Integer> {

  @Option(
      names = "--lakehouse",
      required = true,
      description = "The lakehouse folder of the batch demo (its handover/ folder is read).")
  Path lakehouse;

  @Option(
      names = "--definitions",
      required = true,
      description = "The definitions folder the batch run used.")
  Path definitions;

  @Option(
      names = "--handover",
      description =
          "A hand-over folder, LAKEHOUSE/handover/RUN_ID (default: the latest one by the as-of"
              + " of its _manifest.json).")
  Path handover;

  @Option(
      names = "--duration",
      defaultValue = "PT2M",
      description = "How long to send events (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(
      names = "--events-per-second",
      defaultValue = "200",
      description = "Default: ${DEFAULT-VALUE}.")
  int eventsPerSecond;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description =
          "The seed the lakehouse's sample data was generated with: live events are those"
              + " contacts' own kinds of events (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--contacts",
      description = "Contacts the sample data was generated with (default: the hand-over's).")
  Integer contacts;

  @Option(
      names = "--events-per-contact",
      defaultValue = "20",
      description = "As given to `segments generate` (default: ${DEFAULT-VALUE}).")
  double eventsPerContact;

  @Option(
      names = "--bootstrap-servers",
      description = "A Kafka to use instead of one in this JVM; the topics then stay.")
  String bootstrapServers;

  @Option(
      names = "--topic-prefix",
      defaultValue = "segmentflow.",
      description =
          "Prefix of every topic name; must name fresh topics (default: ${DEFAULT-VALUE}).")
  String topicPrefix;

  @Option(
      names = "--checkpoint-interval",
      defaultValue = "PT2S",
      description =
          "Changes reach read_committed consumers within this (default: ${DEFAULT-VALUE}).")
  Duration checkpointInterval;

  @Option(
      names = "--print-first",
      defaultValue = "25",
      description =
          "Changes printed one per line before a summary every 10 s takes over (default:"
              + " ${DEFAULT-VALUE}).")
  int printFirst;

  @Override
  public Integer call() throws Exception {
    if (System.getenv("LOG_LEVEL") == null) {
      // Flink and Kafka warn of much that does not matter here; LOG_LEVEL=warn shows it.
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
    }
    new StreamDemo(
            new StreamDemo.Options(
                lakehouse,
                definitions,
                handover,
                duration,
                eventsPerSecond,
                seed,
                contacts,
                eventsPerContact,
                bootstrapServers,
                topicPrefix,
                checkpointInterval,
                printFirst,
                Duration.ofSeconds(10)),
            System.out)
        .run();
    return 0;
  }
}
