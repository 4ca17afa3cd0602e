package io.communitypulse.simulator;

import java.util.List;

/**
 * The simulator's source of randomness: SplitMix64 with {@link StrictMath} for every derived
 * distribution. Both are fully specified, so a seed gives the same numbers on every JVM and
 * platform, which {@code java.util.Random} plus {@code Math} would not promise for the floating
 * point parts. Not thread-safe; each community owns one.
 */
final class SimRandom {

  private static final double DOUBLE_UNIT = 0x1.0p-53;
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private long state;

  SimRandom(long seed) {
    this.state = seed;
  }

  /** A seed for an independent stream, mixed from a base seed and a name. */
  static long derive(long seed, String name) {
    long h = seed ^ 0x6A09E667F3BCC909L;
    for (int i = 0; i < name.length(); i++) {
      h = mix(h + name.charAt(i) * 0x9E3779B97F4A7C15L);
    }
    return h;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  long nextLong() {
    state += 0x9E3779B97F4A7C15L;
    return mix(state);
  }

  /** Uniform in [0, 1). */
  double nextDouble() {
    return (nextLong() >>> 11) * DOUBLE_UNIT;
  }

  /** Uniform in [0, bound). */
  int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive, was " + bound);
    }
    return (int) (((nextLong() >>> 32) * bound) >>> 32);
  }

  /** Uniform in [low, high] (both inclusive). */
  int between(int low, int high) {
    return low + nextInt(high - low + 1);
  }

  /** Uniform in [low, high) milliseconds. */
  long betweenMillis(long low, long high) {
    if (high <= low) {
      return low;
    }
    return low + (long) (nextDouble() * (high - low));
  }

  boolean chance(double probability) {
    return nextDouble() < probability;
  }

  double exponential(double mean) {
    return -mean * StrictMath.log(1.0 - nextDouble());
  }

  /** A standard normal value (Box-Muller, one of the pair). */
  double gaussian() {
    double u1 = 1.0 - nextDouble();
    double u2 = nextDouble();
    return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
  }

  /** A Poisson count; exact for small means, the normal approximation above 30. */
  int poisson(double mean) {
    if (mean <= 0) {
      return 0;
    }
    if (mean > 30) {
      return (int) Math.max(0, StrictMath.round(mean + StrictMath.sqrt(mean) * gaussian()));
    }
    double limit = StrictMath.exp(-mean);
    double product = nextDouble();
    int count = 0;
    while (product > limit) {
      product *= nextDouble();
      count++;
    }
    return count;
  }

  /** A geometric count of extra trials with the given mean (0, 1, 2, ...). */
  int geometric(double mean, int max) {
    if (mean <= 0) {
      return 0;
    }
    double p = 1.0 / (1.0 + mean);
    int n = (int) StrictMath.floor(StrictMath.log(1.0 - nextDouble()) / StrictMath.log(1.0 - p));
    return Math.min(Math.max(n, 0), max);
  }

  <T> T pick(List<T> items) {
    return items.get(nextInt(items.size()));
  }

  <T> T pick(T[] items) {
    return items[nextInt(items.length)];
  }

  /** The index drawn from cumulative-free relative weights (small arrays only). */
  int pickWeighted(double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double x = nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      x -= weights[i];
      if (x < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  String hex(int chars) {
    StringBuilder out = new StringBuilder(chars);
    long bits = 0;
    for (int i = 0; i < chars; i++) {
      if (i % 16 == 0) {
        bits = nextLong();
      }
      out.append(HEX[(int) (bits & 0xF)]);
      bits >>>= 4;
    }
    return out.toString();
  }

  /** A random (version 4 shaped) UUID string. */
  String uuid() {
    String h = hex(32);
    return h.substring(0, 8)
        + '-'
        + h.substring(8, 12)
        + "-4"
        + h.substring(13, 16)
        + '-'
        + HEX[8 + (Character.digit(h.charAt(16), 16) & 0x3)]
        + h.substring(17, 20)
        + '-'
        + h.substring(20, 32);
  }
}
