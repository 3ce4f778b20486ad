package io.segmentflow.streaming.input;

import java.time.Clock;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Event time for the contact inputs: the latest record time minus the allowed out-of-orderness,
 * and, when {@code idleLag} is set, never less than the wall clock minus that lag. The second rule
 * is what keeps time moving through a quiet night: with no records at all, contacts still leave
 * "opened in the last 7 days" when the seventh day ends. Replays of old data (tests, backfills)
 * turn it off so that only the data's own time counts.
 */
public final class StreamClock<T> implements WatermarkGenerator<T> {

  private final long outOfOrderness;
  private final Long idleLag;
  private final Clock wallClock;
  private long latest = Long.MIN_VALUE;
  private long emitted = Long.MIN_VALUE;

  /**
   * @param idleLag how far behind the wall clock event time may fall when input is quiet; null to
   *     follow the records only
   */
  public StreamClock(Duration outOfOrderness, Duration idleLag, Clock wallClock) {
    this.outOfOrderness = outOfOrderness.toMillis();
    this.idleLag = idleLag == null ? null : idleLag.toMillis();
    this.wallClock = wallClock;
  }

  @Override
  public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
    latest = Math.max(latest, eventTimestamp);
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    long fromRecords = latest == Long.MIN_VALUE ? Long.MIN_VALUE : latest - outOfOrderness - 1;
    long fromWallClock = idleLag == null ? Long.MIN_VALUE : wallClock.millis() - idleLag;
    long watermark = Math.max(fromRecords, fromWallClock);
    if (watermark > emitted) {
      emitted = watermark;
      output.emitWatermark(new Watermark(watermark));
    }
  }
}
