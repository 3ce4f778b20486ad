package io.segmentflow.segments.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Day buckets are the calendar days of the zone, whether it is an offset or a region. */
class WindowUnitTest {

  private static final List<ZoneId> ZONES =
      List.of(
          ZoneOffset.UTC,
          ZoneOffset.ofHoursMinutes(5, 30),
          ZoneOffset.ofHours(-3),
          ZoneId.of("Europe/Paris"),
          ZoneId.of("America/New_York"));

  @Test
  void aDayBucketIsTheCalendarDayOfTheZone() {
    Random random = new Random(7);
    for (int i = 0; i < 20_000; i++) {
      // Around the epoch (negative seconds too) and around today, whole and fractional seconds.
      long seconds =
          (i % 2 == 0 ? 0 : 1_795_000_000L) + random.nextLong(-400_000_000L, 400_000_000L);
      Instant time = Instant.ofEpochSecond(seconds, random.nextBoolean() ? 0 : 999_000_000);
      ZoneId zone = ZONES.get(random.nextInt(ZONES.size()));
      LocalDate day = LocalDate.ofInstant(time, zone);
      long bucket = WindowUnit.DAYS.bucketOf(time, zone);
      assertThat(bucket).as("%s in %s", time, zone).isEqualTo(day.toEpochDay());
      assertThat(WindowUnit.DAYS.bucketStart(bucket, zone))
          .as("start of %s in %s", day, zone)
          .isEqualTo(day.atStartOfDay(zone).toInstant());
    }
  }
}
