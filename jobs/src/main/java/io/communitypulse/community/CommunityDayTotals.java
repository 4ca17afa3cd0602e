package io.communitypulse.community;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * What {@link CommunityIndicators} keeps for one community day: the sum of every {@link
 * CommunityDelta} for it ({@link CommunityCounter}s), the first response of each POST dated that
 * day, and the hash of the day's last written document. Counters only, no member ids: the distinct
 * facts were decided upstream. A Flink POJO (map state value).
 */
public class CommunityDayTotals {

  public long day;

  /** Counter sums by {@link CommunityCounter#ordinal()}. */
  public long[] counts = new long[CommunityCounter.COUNT];

  /** POST event id (of a POST dated this day) to its smallest first-response time in ms. */
  public Map<String, Long> firstResponses = new HashMap<>();

  /** Whether a document of this day was written, and its 128-bit hash. */
  public boolean written;

  public long lastSourceHi;
  public long lastSourceLo;

  public CommunityDayTotals() {}

  static CommunityDayTotals empty(long day) {
    CommunityDayTotals t = new CommunityDayTotals();
    t.day = day;
    return t;
  }

  /** Adds a delta: its counter changes and its first responses (the smallest per POST wins). */
  void add(CommunityDelta delta) {
    if (delta.hasFirstResponses()) {
      delta.firstResponses.forEach((post, ms) -> firstResponses.merge(post, ms, Math::min));
    }
    if (counts.length < CommunityCounter.COUNT) {
      counts = Arrays.copyOf(counts, CommunityCounter.COUNT);
    }
    for (int i = 0; i < delta.counts.length && i < counts.length; i++) {
      counts[i] += delta.counts[i];
    }
  }

  /** A counter's sum; a withdrawal that overtook what it withdraws reads as zero. */
  long get(CommunityCounter counter) {
    return counter.ordinal() < counts.length ? Math.max(0, counts[counter.ordinal()]) : 0;
  }

  @Override
  public String toString() {
    return "day " + day + " " + Arrays.toString(counts) + " responses " + firstResponses;
  }
}
