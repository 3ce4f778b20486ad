package io.segmentflow.streaming.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

class StreamClockTest {

  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
  private final List<Long> emitted = new ArrayList<>();
  private final WatermarkOutput output =
      new WatermarkOutput() {
        @Override
        public void emitWatermark(Watermark watermark) {
          emitted.add(watermark.getTimestamp());
        }

        @Override
        public void markIdle() {}

        @Override
        public void markActive() {}
      };

  @Test
  void eventTimeIsTheLatestRecordLessTheOutOfOrderness() {
    StreamClock<String> clock =
        new StreamClock<>(Duration.ofSeconds(5), null, Clock.fixed(NOW, ZoneOffset.UTC));
    clock.onEvent("a", 100_000, output);
    clock.onEvent("b", 90_000, output);
    clock.onPeriodicEmit(output);

    assertThat(emitted).containsExactly(100_000L - 5_000 - 1);
  }

  @Test
  void withNoRecordsAtAllTimeStillFollowsTheWallClockLessTheLag() {
    StreamClock<String> clock =
        new StreamClock<>(
            Duration.ofSeconds(5), Duration.ofMinutes(1), Clock.fixed(NOW, ZoneOffset.UTC));
    clock.onPeriodicEmit(output);

    assertThat(emitted).containsExactly(NOW.minus(Duration.ofMinutes(1)).toEpochMilli());
  }

  @Test
  void aReplayFollowsTheRecordsOnlyAndNeverGoesBack() {
    StreamClock<String> clock =
        new StreamClock<>(Duration.ZERO, null, Clock.fixed(NOW, ZoneOffset.UTC));
    clock.onPeriodicEmit(output);
    clock.onEvent("a", 1_000, output);
    clock.onPeriodicEmit(output);
    clock.onEvent("late", 500, output);
    clock.onPeriodicEmit(output);

    assertThat(emitted).containsExactly(999L);
  }
}
