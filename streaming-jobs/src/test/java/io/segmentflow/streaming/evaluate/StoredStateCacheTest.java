package io.segmentflow.streaming.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StoredStateCacheTest {

  /** Each entry costs its arrays and 100 bytes: 1,000 bytes with these. */
  private static final byte[] PROFILE = new byte[400];

  private static byte[] activity(int marker) {
    byte[] bytes = new byte[500];
    bytes[0] = (byte) marker;
    return bytes;
  }

  @Test
  void holdsWhatWasWrittenLast() {
    StoredStateCache cache = new StoredStateCache(10_000);
    cache.put("a", PROFILE, activity(1));
    cache.put("a", null, activity(2));

    StoredStateCache.Stored stored = cache.get("a");
    assertThat(stored.profile()).isNull();
    assertThat(stored.activity()[0]).isEqualTo((byte) 2);
    assertThat(cache.bytes()).isEqualTo(600);
    assertThat(cache.get("b")).isNull();
  }

  @Test
  void evictsTheLeastRecentlyUsedBeyondItsBudget() {
    StoredStateCache cache = new StoredStateCache(3_000);
    cache.put("a", PROFILE, activity(1));
    cache.put("b", PROFILE, activity(2));
    cache.put("c", PROFILE, activity(3));
    cache.get("a"); // b is now the least recently used

    cache.put("d", PROFILE, activity(4));

    assertThat(cache.get("b")).isNull();
    assertThat(cache.get("a")).isNotNull();
    assertThat(cache.get("c")).isNotNull();
    assertThat(cache.get("d")).isNotNull();
    assertThat(cache.contacts()).isEqualTo(3);
    assertThat(cache.bytes()).isEqualTo(3_000);
  }

  @Test
  void aStateLargerThanTheBudgetIsNotHeldAndDropsItsOlderCopy() {
    StoredStateCache cache = new StoredStateCache(2_000);
    cache.put("a", PROFILE, activity(1));

    cache.put("a", PROFILE, new byte[5_000]);

    assertThat(cache.get("a")).isNull();
    assertThat(cache.bytes()).isZero();
  }

  @Test
  void aZeroBudgetHoldsNothing() {
    StoredStateCache cache = new StoredStateCache(0);
    cache.put("a", PROFILE, activity(1));

    assertThat(cache.get("a")).isNull();
    assertThat(cache.contacts()).isZero();
  }

  @Test
  void clearForgetsEverything() {
    StoredStateCache cache = new StoredStateCache(10_000);
    cache.put("a", PROFILE, activity(1));
    cache.put("b", PROFILE, activity(2));

    cache.clear();

    assertThat(cache.get("a")).isNull();
    assertThat(cache.bytes()).isZero();
  }
}
