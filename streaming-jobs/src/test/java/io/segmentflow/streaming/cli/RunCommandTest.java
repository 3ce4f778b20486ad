package io.segmentflow.streaming.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.segmentflow.streaming.StreamingConfig;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The run command's options reach the job's configuration and Flink's settings. */
class RunCommandTest {

  private static RunCommand parsed(String... args) {
    RunCommand command = new RunCommand();
    new CommandLine(command).parseArgs(args);
    return command;
  }

  @Test
  void theJobsOptionsReachItsConfiguration() throws Exception {
    StreamingConfig config =
        parsed(
                "--bootstrap-servers",
                "kafka:9092",
                "--deduplication",
                "P30D",
                "--tick",
                "PT10S",
                "--max-sleep",
                "PT2H",
                "--replay",
                "--job-name",
                "nightly-follow")
            .config(Map.of());
    assertEquals(Duration.ofDays(30), config.settings().deduplication());
    assertEquals(Duration.ofSeconds(10), config.settings().tick());
    assertEquals(Duration.ofHours(2), config.settings().maxSleep());
    assertNull(config.idleLag(), "replaying, event time follows the records only");
    assertEquals("stream:nightly-follow", config.producer());
  }

  @Test
  void theDefaultsAreTheDocumentedOnes() throws Exception {
    RunCommand command = parsed("--bootstrap-servers", "kafka:9092");
    StreamingConfig config = command.config(Map.of());
    assertEquals(Duration.ofDays(2), config.settings().deduplication());
    assertEquals(Duration.ofMinutes(1), config.settings().tick());
    assertEquals(Duration.ofMinutes(1), config.idleLag());
    Configuration flink = command.flinkConfiguration();
    assertEquals("10000 ms", flink.toMap().get("execution.checkpointing.interval"));
    assertEquals("1000 ms", flink.toMap().get("execution.checkpointing.min-pause"));
    assertEquals("rocksdb", flink.toMap().get("state.backend.type"));
  }

  @Test
  void flinkSettingsGoOverTheJobsOwn() {
    Map<String, String> flink =
        parsed(
                "--bootstrap-servers",
                "kafka:9092",
                "--checkpoint-interval",
                "PT0.5S",
                "--flink-setting",
                "state.backend.rocksdb.compression.per.level=LZ4_COMPRESSION",
                "--flink-setting",
                "execution.checkpointing.unaligned.enabled=true")
            .flinkConfiguration()
            .toMap();
    assertEquals("500 ms", flink.get("execution.checkpointing.interval"));
    assertEquals("250 ms", flink.get("execution.checkpointing.min-pause"));
    assertEquals("LZ4_COMPRESSION", flink.get("state.backend.rocksdb.compression.per.level"));
    assertEquals("true", flink.get("execution.checkpointing.unaligned.enabled"));
    assertEquals("UNIVERSAL", flink.get("state.backend.rocksdb.compaction.style"));
  }

  @Test
  void aHandoverWithoutTheRunsAsOfIsRefusedBeforeConnectingToKafka() {
    // the broker does not exist: the refusal must come before any connection is tried
    RunCommand command =
        parsed("--bootstrap-servers", "nowhere.invalid:9092", "--handover", "/lake/run-1");
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class, command::call);
    assertEquals("--handover needs --start-from: the batch run's as-of", error.getMessage());
  }
}
