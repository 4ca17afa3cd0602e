package io.communitypulse.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** Medians of run figures, and the order in which J and B take turns. */
final class Medians {

  private Medians() {}

  /** The median (the mean of the two middle values for an even count). */
  static double of(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no values");
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  static <T> double of(List<T> runs, ToDoubleFunction<T> figure) {
    List<Double> values = new ArrayList<>();
    for (T run : runs) {
      values.add(figure.applyAsDouble(run));
    }
    return of(values);
  }

  /**
   * Which job runs first in round {@code round} (0-based): J, B in even rounds and B, J in odd
   * ones, so neither always runs on a warmer (or noisier) JVM.
   */
  static List<String> order(int round) {
    return round % 2 == 0 ? List.of("J", "B") : List.of("B", "J");
  }
}
