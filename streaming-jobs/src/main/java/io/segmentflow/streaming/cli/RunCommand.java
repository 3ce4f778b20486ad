package io.segmentflow.streaming.cli;

import io.segmentflow.segments.catalog.Catalog;
import io.segmentflow.segments.parse.DefinitionError;
import io.segmentflow.segments.parse.DefinitionSet;
import io.segmentflow.segments.parse.InvalidDefinitionException;
import io.segmentflow.streaming.JobEnvironment;
import io.segmentflow.streaming.StreamingConfig;
import io.segmentflow.streaming.StreamingJob;
import io.segmentflow.streaming.evaluate.SegmentEvaluator;
import io.segmentflow.streaming.kafka.DefinitionsTopic;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "run",
    description =
        "Runs the streaming job: Kafka inputs to membership changes and current memberships on"
            + " Kafka. Runs until cancelled; restore with `flink run -s CHECKPOINT_OR_SAVEPOINT`.")
final class RunCommand implements Callable<Integer> {

  @Mixin KafkaOptions kafka;

  @Mixin FlinkSettings flink;

  @Mixin StateCacheSize stateCache;

  @Option(
      names = "--definitions",
      description =
          "A definitions folder whose catalog.json (custom fields, event types) the job uses. The"
              + " definitions themselves come from the definitions topic (publish-definitions).")
  Path definitions;

  @Option(
      names = "--checkpoint-dir",
      defaultValue = "file:///tmp/segmentflow/checkpoints",
      description = "Durable checkpoint and savepoint storage (default: ${DEFAULT-VALUE}).")
  String checkpointDir;

  @Option(
      names = "--checkpoint-interval",
      defaultValue = "PT10S",
      description =
          "How often state is checkpointed and output transactions commit; read_committed"
              + " consumers see changes this late at most (default: ${DEFAULT-VALUE}).")
  Duration checkpointInterval;

  @Option(
      names = "--tick",
      defaultValue = "PT1M",
      description =
          "Time-driven entries and exits happen within this of their exact moment (default:"
              + " ${DEFAULT-VALUE}).")
  Duration tick;

  @Option(
      names = "--max-sleep",
      defaultValue = "PT1H",
      description =
          "Every contact is re-evaluated at least this often in event time, which is how time"
              + " conditions of definitions added at run time reach quiet contacts (default:"
              + " ${DEFAULT-VALUE}).")
  Duration maxSleep;

  @Option(
      names = "--deduplication",
      defaultValue = "P2D",
      description =
          "A redelivered event id counts once when its copies lie within this much event time;"
              + " each contact keeps the ids of this span (default: ${DEFAULT-VALUE}).")
  Duration deduplication;

  @Option(
      names = "--out-of-orderness",
      defaultValue = "PT5S",
      description =
          "How far behind the latest record a record may arrive (default: ${DEFAULT-VALUE}).")
  Duration outOfOrderness;

  @Option(
      names = "--idle-lag",
      defaultValue = "PT1M",
      description =
          "Event time follows the wall clock minus this when inputs are quiet (default:"
              + " ${DEFAULT-VALUE}).")
  Duration idleLag;

  @Option(
      names = "--replay",
      description =
          "Event time follows the records only (replaying old data); --idle-lag is ignored.")
  boolean replay;

  @Option(
      names = "--start-from",
      description =
          "On a fresh start, read the input topics from this time (a batch run's as-of, for a"
              + " hand-over); default: the committed offsets, else the beginning.")
  Instant startFrom;

  @Option(
      names = "--handover",
      description =
          "Start from a nightly batch run: the folder its `handover` command wrote (any Flink file"
              + " system). Its contacts' state is read first, then the Kafka inputs from the"
              + " run's as-of (--start-from must be that as-of).")
  String handover;

  @Option(
      names = "--job-name",
      defaultValue = "segmentflow-stream",
      description = "The Flink job name, also the consumer group and transactional id prefix.")
  String jobName;

  /** The folder's catalog.json, or the standard catalog. */
  private Catalog catalog() throws java.io.IOException {
    if (definitions == null) {
      return Catalog.standard();
    }
    List<DefinitionError> errors = new ArrayList<>();
    Catalog catalog = DefinitionSet.catalogOf(definitions, errors);
    if (!errors.isEmpty()) {
      throw new InvalidDefinitionException(errors);
    }
    return catalog;
  }

  @Override
  public Integer call() throws Exception {
    if (handover != null && startFrom == null) { // before connecting to Kafka
      throw new IllegalArgumentException("--handover needs --start-from: the batch run's as-of");
    }
    Map<String, String> initial = DefinitionsTopic.read(kafka.bootstrapServers, kafka.topics());
    StreamingConfig config = config(initial);
    StreamExecutionEnvironment env = JobEnvironment.create(flinkConfiguration());
    StreamingJob.build(env, config);
    System.out.println(
        "starting "
            + jobName
            + " with "
            + initial.size()
            + " definitions from "
            + kafka.topics().definitions());
    env.execute(jobName);
    return 0;
  }

  /** The job's configuration from the options, with the definitions it starts with. */
  StreamingConfig config(Map<String, String> initialDefinitions) throws java.io.IOException {
    return new StreamingConfig(
        kafka.bootstrapServers,
        kafka.topics(),
        catalog(),
        initialDefinitions,
        new SegmentEvaluator.Settings(tick, maxSleep, deduplication, stateCache.bytes()),
        outOfOrderness,
        replay ? null : idleLag,
        startFrom,
        handover,
        "stream:" + jobName);
  }

  /** Flink's settings from the options. */
  Configuration flinkConfiguration() {
    return JobEnvironment.configuration(checkpointDir, checkpointInterval, flink.values);
  }
}
