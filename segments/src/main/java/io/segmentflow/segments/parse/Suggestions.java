package io.segmentflow.segments.parse;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** Finds the known name closest to a misspelt one, for "did you mean" hints. */
final class Suggestions {

  private Suggestions() {}

  /** The closest candidate within a third of the word's length in edits, if any. */
  static Optional<String> closest(String word, Collection<String> candidates) {
    int allowed = Math.max(1, word.length() / 3);
    return candidates.stream()
        .filter(c -> distance(word, c) <= allowed)
        .min(Comparator.comparingInt((String c) -> distance(word, c)).thenComparing(c -> c));
  }

  /** " Did you mean 'x'?" or, with no close candidate, " Use one of: a, b, c." */
  static String hint(String word, Collection<String> candidates) {
    return closest(word, candidates)
        .map(c -> " Did you mean '" + c + "'?")
        .orElse(" Use one of: " + String.join(", ", candidates) + ".");
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
