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

  /** Edits (insert, delete, substitute, swap two neighbours) from one word to the other. */
  private static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
