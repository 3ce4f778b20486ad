package io.segmentflow.segments.eval;

import java.util.HexFormat;

/**
 * A {@link FeatureSpec#key()} as its 128 bits, for keying a contact's state in memory: read and
 * written as two numbers, hashed and compared without text.
 */
record FeatureKey(long high, long low) {

  /** The bytes of a key in a stored state. */
  static final int LENGTH = 16;

  static FeatureKey ofHex(String key) {
    byte[] bytes = HexFormat.of().parseHex(key);
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("not a feature key: " + key);
    }
    return new FeatureKey(
        HexFormat.fromHexDigitsToLong(key, 0, 16), HexFormat.fromHexDigitsToLong(key, 16, 32));
  }

  @Override
  public int hashCode() {
    return (int) high; // the first bits of a SHA-256: spread enough
  }
}
