package io.communitypulse.bench.e2e;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * The produce-to-searchable times of the freshness probes, and their percentiles. A probe that was
 * never seen in Elasticsearch counts as slower than every probe that was, so a lost probe can only
 * make a percentile worse (or unknown), never better.
 *
 * <p>Percentiles are nearest-rank: the p-th percentile of n probes is the ⌈p·n⌉-th smallest time,
 * always one of the measured values (with 150 probes, p99 is the second slowest).
 */
public final class Freshness {

  private final int probes;
  private final long[] seenMillis;
  private final long unseenAtLeastMillis;

  private Freshness(int probes, long[] seenMillis, long unseenAtLeastMillis) {
    this.probes = probes;
    this.seenMillis = seenMillis;
    this.unseenAtLeastMillis = unseenAtLeastMillis;
  }

  /** Every probe seen; see {@link #of(int, Collection, long)}. */
  public static Freshness of(int probes, Collection<Long> seenMillis) {
    return of(probes, seenMillis, 0);
  }

  /**
   * @param probes how many probes were sent
   * @param seenMillis the freshness of each probe that became searchable, in milliseconds
   * @param unseenAtLeastMillis how long the probe sent last among those never seen had waited when
   *     the search for them stopped: a lower bound of every unseen probe's freshness
   */
  public static Freshness of(int probes, Collection<Long> seenMillis, long unseenAtLeastMillis) {
    if (seenMillis.size() > probes) {
      throw new IllegalArgumentException(
          seenMillis.size() + " probes seen but only " + probes + " sent");
    }
    long[] sorted = seenMillis.stream().mapToLong(Long::longValue).sorted().toArray();
    return new Freshness(probes, sorted, unseenAtLeastMillis);
  }

  public int probes() {
    return probes;
  }

  public int seen() {
    return seenMillis.length;
  }

  /**
   * The nearest-rank {@code p}-th percentile (0 < p ≤ 1) in milliseconds; empty when it falls on a
   * probe that was never seen, or there were no probes.
   */
  public OptionalLong percentile(double p) {
    if (!(p > 0 && p <= 1)) {
      throw new IllegalArgumentException("percentile must be in (0, 1], was " + p);
    }
    if (probes == 0) {
      return OptionalLong.empty();
    }
    int rank = (int) Math.ceil(p * probes);
    return rank <= seenMillis.length ? OptionalLong.of(seenMillis[rank - 1]) : OptionalLong.empty();
  }

  /** The slowest probe, empty if one was never seen. */
  public OptionalLong max() {
    return percentile(1.0);
  }

  /**
   * A percentile for people: {@code "2.35 s"}, or {@code "> 15.0 s"} when it falls on a probe never
   * seen (which had waited at least that long).
   */
  public String describe(double p) {
    OptionalLong millis = percentile(p);
    if (millis.isPresent()) {
      return String.format(Locale.ROOT, "%.2f s", millis.getAsLong() / 1000.0);
    }
    return probes == 0
        ? "no probes"
        : String.format(Locale.ROOT, "> %.1f s", unseenAtLeastMillis / 1000.0);
  }

  @Override
  public String toString() {
    return "Freshness" + Arrays.toString(seenMillis) + " of " + probes;
  }
}
