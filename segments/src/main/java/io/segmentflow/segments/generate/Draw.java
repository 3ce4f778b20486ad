package io.segmentflow.segments.generate;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Random draws shared by the parts of the generator. */
final class Draw {

  private Draw() {}

  static boolean chance(SplittableRandom random, double probability) {
    return random.nextDouble() < probability;
  }

  static <T> T any(SplittableRandom random, List<T> items) {
    return items.get(random.nextInt(items.size()));
  }

  /** Earlier items are drawn more often: the first about {@code sqrt(size)} times the average. */
  static <T> T popular(SplittableRandom random, List<T> items) {
    return items.get(popularIndex(random, items.size()));
  }

  /** An index in {@code [0, size)}, low ones more often, as {@link #popular}. */
  static int popularIndex(SplittableRandom random, int size) {
    double u = random.nextDouble();
    return (int) (size * u * u);
  }

  /** {@code count} different items, popular ones more often, in the order drawn. */
  static <T> List<T> some(SplittableRandom random, List<T> items, int count) {
    List<T> drawn = new ArrayList<>(count);
    while (drawn.size() < Math.min(count, items.size())) {
      T item = popular(random, items);
      if (!drawn.contains(item)) {
        drawn.add(item);
      }
    }
    return drawn;
  }

  /** A millisecond instant in {@code [from, to]}. */
  static Instant between(SplittableRandom random, Instant from, Instant to) {
    long start = from.toEpochMilli();
    return Instant.ofEpochMilli(start + random.nextLong(to.toEpochMilli() - start + 1));
  }

  /** An amount with two decimals in {@code [min, max]}. */
  static BigDecimal amount(SplittableRandom random, long min, long max) {
    return BigDecimal.valueOf(random.nextLong(min * 100, max * 100 + 1), 2);
  }

  /** The template with each {@code #} replaced by a random digit. */
  static String digits(SplittableRandom random, String template) {
    StringBuilder text = new StringBuilder(template.length());
    for (int i = 0; i < template.length(); i++) {
      char c = template.charAt(i);
      text.append(c == '#' ? (char) ('0' + random.nextInt(10)) : c);
    }
    return text.toString();
  }

  /** The number, zero-padded to {@code width} digits so that ids sort in number order. */
  static String padded(long number, int width) {
    String digits = Long.toString(number);
    return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
  }
}
