package io.segmentflow.segments.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Items drawn with fixed relative weights. */
final class Weighted<T> {

  private final List<T> items = new ArrayList<>();
  private final List<Double> cumulative = new ArrayList<>();
  private double total;

  Weighted<T> add(T item, double weight) {
    total += weight;
    items.add(item);
    cumulative.add(total);
    return this;
  }

  T draw(SplittableRandom random) {
    double point = random.nextDouble() * total;
    for (int i = 0; i < items.size() - 1; i++) {
      if (point < cumulative.get(i)) {
        return items.get(i);
      }
    }
    return items.get(items.size() - 1);
  }
}
