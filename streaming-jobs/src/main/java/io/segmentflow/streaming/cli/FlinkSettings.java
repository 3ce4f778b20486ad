package io.segmentflow.streaming.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Flink settings an operator adds to the job's own, as {@code flink run -D} would. */
final class FlinkSettings {

  @Option(
      names = "--flink-setting",
      paramLabel = "KEY=VALUE",
      description =
          "A Flink configuration setting over the job's own, repeatable (e.g."
              + " execution.checkpointing.min-pause=100ms).")
  Map<String, String> values = new LinkedHashMap<>();
}
