package io.segmentflow.streaming.cli;

import io.segmentflow.streaming.evaluate.SegmentEvaluator;
import picocli.CommandLine.Option;

/** The heap each parallel instance of the evaluator keeps of the contacts' stored state. */
final class StateCacheSize {

  @Option(
      names = "--state-cache-mb",
      defaultValue = "" + SegmentEvaluator.Settings.DEFAULT_STATE_CACHE_MB,
      description =
          "Megabytes of task heap per parallel instance for the stored state of the contacts seen"
              + " last, beside RocksDB: an input of a contact held there spares RocksDB's read"
              + " (about 1.6 KB a contact with the benchmark's 100 segments; 0 for none; default:"
              + " ${DEFAULT-VALUE}).")
  long megabytes;

  long bytes() {
    return megabytes << 20;
  }
}
