package io.segmentflow.streaming;

import io.segmentflow.segments.catalog.Catalog;
import io.segmentflow.streaming.evaluate.SegmentEvaluator;
import io.segmentflow.streaming.kafka.Topics;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What the streaming job needs to know: where Kafka is, its topics, the catalog, how it treats
 * time, and where in the input topics it starts.
 *
 * @param initialDefinitions the definitions topic's content when the job was submitted
 * @param outOfOrderness how late a record may arrive behind the latest one and still count on time
 * @param idleLag see {@link io.segmentflow.streaming.input.StreamClock}; null for replays
 * @param startFrom the time from which to read the input topics on a fresh start (e.g. a batch
 *     run's as-of, for a hand-over); null for the committed offsets, else the earliest. A restart
 *     from a checkpoint or savepoint resumes from its offsets whatever this says.
 * @param handover a batch hand-over folder (its ContactSnapshot files, read before the Kafka
 *     inputs, which then start from its as-of: {@code startFrom} must be that as-of); null for none
 * @param producer the producer name in change records, {@code stream:<job name>}
 */
public record StreamingConfig(
    String bootstrapServers,
    Topics topics,
    Catalog catalog,
    Map<String, String> initialDefinitions,
    SegmentEvaluator.Settings settings,
    Duration outOfOrderness,
    Duration idleLag,
    Instant startFrom,
    String handover,
    String producer)
    implements Serializable {

  public StreamingConfig {
    initialDefinitions = Map.copyOf(initialDefinitions);
  }
}
