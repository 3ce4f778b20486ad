package io.segmentflow.streaming;

import java.time.Duration;
import java.util.HashMap;
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

  /**
   * The job's settings, then {@code overrides} (any Flink setting an operator gives, e.g. {@code
   * execution.checkpointing.min-pause}) over them.
   */
  public static Configuration configuration(
      String checkpointDir, Duration interval, Map<String, String> overrides) {
    Map<String, String> settings = new HashMap<>();
    settings.put("state.backend.type", "rocksdb");
    settings.put("execution.checkpointing.incremental", "true");
    settings.put("execution.checkpointing.dir", checkpointDir);
    settings.put("execution.checkpointing.savepoint-dir", checkpointDir + "/savepoints");
    settings.put("execution.checkpointing.mode", "EXACTLY_ONCE");
    settings.put(
        "execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
    // A read_committed reader waits for the checkpoint after a change: the interval bounds the
    // wait, and half of it left between checkpoints keeps them from crowding out the work.
    settings.put("execution.checkpointing.interval", interval.toMillis() + " ms");
    settings.put(
        "execution.checkpointing.min-pause", Math.min(interval.toMillis() / 2, 1000) + " ms");
    // Each checkpoint flushes RocksDB's memtables: at short intervals, many small files, which
    // levelled compaction kept merging into the whole state (28 % of a core at 10,000 events/s in
    // the benchmark; 7 to 9 % with these settings). Universal compaction rewrites far less. The
    // state is a compact binary form already, so compression saved little space for CPU on every
    // read and compaction. Bloom filters spare a read the files that do not hold its contact.
    settings.put("state.backend.rocksdb.compaction.style", "UNIVERSAL");
    settings.put("state.backend.rocksdb.compression.per.level", "NO_COMPRESSION");
    settings.put("state.backend.rocksdb.use-bloom-filter", "true");
    // RocksDB's block cache and write buffers on a local mini-cluster (Flink's local default is
    // 128 MB); a cluster's TaskManagers keep their own setting.
    settings.put("taskmanager.memory.managed.size", "1g");
    settings.put("pipeline.auto-watermark-interval", "200 ms");
    // Records are immutable: chained operators may pass them on without a copy.
    settings.put("pipeline.object-reuse", "true");
    settings.putAll(overrides);
    return Configuration.fromMap(settings);
  }

  public static StreamExecutionEnvironment create(Configuration configuration) {
    return StreamExecutionEnvironment.getExecutionEnvironment(configuration);
  }
}
