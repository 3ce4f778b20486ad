package io.segmentflow.streaming;

import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The Flink settings the job relies on: RocksDB state (incremental checkpoints), exactly-once
 * checkpoints kept on cancellation so the job can be restored, savepoints next to them, and records
 * passed between chained operators without copies. Under {@code flink run} the cluster's
 * environment is used; from {@code java} a local mini-cluster.
 */
public final class JobEnvironment {

  private JobEnvironment() {}

  public static Configuration configuration(String checkpointDir, Duration interval) {
    return Configuration.fromMap(
        Map.of(
            "state.backend.type", "rocksdb",
            "execution.checkpointing.incremental", "true",
            "execution.checkpointing.dir", checkpointDir,
            "execution.checkpointing.savepoint-dir", checkpointDir + "/savepoints",
            "execution.checkpointing.interval", interval.toMillis() + " ms",
            "execution.checkpointing.mode", "EXACTLY_ONCE",
            "execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION",
            "execution.checkpointing.min-pause", Math.min(interval.toMillis(), 1000) + " ms",
            "pipeline.auto-watermark-interval", "200 ms",
            // Records are immutable: chained operators may pass them on without a copy.
            "pipeline.object-reuse", "true"));
  }

  public static StreamExecutionEnvironment create(Configuration configuration) {
    return StreamExecutionEnvironment.getExecutionEnvironment(configuration);
  }
}
