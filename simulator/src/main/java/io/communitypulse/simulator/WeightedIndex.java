package io.communitypulse.simulator;

/**
 * Draws indexes in proportion to fixed weights by binary search over cumulative sums, so picking
 * one of a million members costs about twenty comparisons.
 */
final class WeightedIndex {

  private final double[] cumulative;

  WeightedIndex(double[] weights) {
    cumulative = new double[weights.length];
    double sum = 0;
    for (int i = 0; i < weights.length; i++) {
      sum += weights[i];
      cumulative[i] = sum;
    }
  }

  /**
   * Zipf-Mandelbrot weights {@code 1 / (rank + offset)^exponent}: a few heavy users, a long tail.
   */
  static double[] zipf(int n, double exponent, double offset) {
    double[] weights = new double[n];
    for (int i = 0; i < n; i++) {
      weights[i] = 1.0 / StrictMath.pow(i + offset, exponent);
    }
    return weights;
  }

  int size() {
    return cumulative.length;
  }

  /** The share of the total weight held by index {@code i}. */
  double share(int i) {
    double previous = i == 0 ? 0 : cumulative[i - 1];
    return (cumulative[i] - previous) / cumulative[cumulative.length - 1];
  }

  int sample(SimRandom random) {
    double x = random.nextDouble() * cumulative[cumulative.length - 1];
    int low = 0;
    int high = cumulative.length - 1;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (cumulative[mid] > x) {
        high = mid;
      } else {
        low = mid + 1;
      }
    }
    return low;
  }
}
