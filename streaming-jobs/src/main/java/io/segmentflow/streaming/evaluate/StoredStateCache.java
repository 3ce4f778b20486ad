package io.segmentflow.streaming.evaluate;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The stored state of the contacts an evaluator instance saw last, as the bytes it wrote to its
 * state backend, within a budget of bytes: a read that hits spares RocksDB's get, which on live
 * traffic (each input for another contact) was the largest cost of an input. Every write goes to
 * the state backend as well (write-through), so the backend stays the only truth: checkpoints,
 * restores and rescaling never see the cache, and a new instance starts with it empty.
 */
final class StoredStateCache {

  /** A contact's two state values as stored; the profile is null when never written. */
  record Stored(byte[] profile, byte[] activity) {
    long bytes() {
      // the arrays and about 100 bytes of map entry, key and record
      return (profile == null ? 0 : profile.length) + activity.length + 100L;
    }
  }

  private final long budget;
  private final LinkedHashMap<String, Stored> byContact = new LinkedHashMap<>(1024, 0.75f, true);
  private long bytes;

  /**
   * @param budget the bytes it may hold (0 keeps nothing)
   */
  StoredStateCache(long budget) {
    this.budget = budget;
  }

  /** The contact's stored state, or null when not held. */
  Stored get(String contactId) {
    return byContact.get(contactId);
  }

  /**
   * Holds what was just written for the contact, evicting the least recently used beyond budget.
   */
  void put(String contactId, byte[] profile, byte[] activity) {
    Stored stored = new Stored(profile, activity);
    if (stored.bytes() > budget) {
      remove(contactId);
      return;
    }
    Stored replaced = byContact.put(contactId, stored);
    bytes += stored.bytes() - (replaced == null ? 0 : replaced.bytes());
    for (Iterator<Map.Entry<String, Stored>> eldest = byContact.entrySet().iterator();
        bytes > budget; ) {
      bytes -= eldest.next().getValue().bytes();
      eldest.remove();
    }
  }

  private void remove(String contactId) {
    Stored removed = byContact.remove(contactId);
    if (removed != null) {
      bytes -= removed.bytes();
    }
  }

  /** Forgets everything: for writes that bypass it. */
  void clear() {
    byContact.clear();
    bytes = 0;
  }

  long bytes() {
    return bytes;
  }

  int contacts() {
    return byContact.size();
  }
}
