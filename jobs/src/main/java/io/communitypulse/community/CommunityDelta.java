package io.communitypulse.community;

import io.communitypulse.content.FirstResponse;
import io.communitypulse.indicators.UtcDays;
import io.communitypulse.indicators.Windows;
import io.communitypulse.session.Session;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A change to one community day's counters ({@link CommunityCounter}), and first responses to POSTs
 * dated that day. The stages that own the distinct facts (members, visitors, reply pairs) emit
 * these as +1/−1 changes of what they contribute to a day; {@link CommunityDeltaCombiner} sums them
 * per (community, day) before the shuffle and {@link CommunityIndicators} adds them to its day
 * totals. Deltas add, so their order does not matter. A Flink POJO.
 */
public class CommunityDelta {

  public String communityId;

  /** The UTC epoch day of the document the change is for. */
  public long day;

  /** The change of each counter, by {@link CommunityCounter#ordinal()}. */
  public long[] counts;

  /**
   * First responses to POSTs dated this day: POST event id to reply time minus post time in ms (the
   * smallest wins); null when there are none.
   */
  public Map<String, Long> firstResponses;

  public CommunityDelta() {}

  /** All-zero counter changes for a community day. */
  public static CommunityDelta of(String communityId, long day) {
    CommunityDelta d = new CommunityDelta();
    d.communityId = communityId;
    d.day = day;
    d.counts = new long[CommunityCounter.COUNT];
    return d;
  }

  /** The (possibly improved) first response to a POST, counted on the POST's day. */
  public static CommunityDelta firstResponse(FirstResponse r) {
    CommunityDelta d = of(r.communityId, UtcDays.of(r.postedAt));
    d.firstResponses = new HashMap<>(2);
    d.firstResponses.put(r.postEventId, r.responseMillis());
    return d;
  }

  /**
   * What one session adds (sign +1) or, when the session changelog replaces or deletes it, takes
   * back (sign −1): nothing unless its referred_by is set and is not its own actor; else one
   * referral visit and its conversions, on the session's start day (docs/semantics.md: a conversion
   * after midnight counts on the start day, as in the member documents), and its conversions in the
   * 28-day sums of that day and the 27 after it.
   */
  public static List<CommunityDelta> referral(Session session, int sign) {
    if (session.deleted
        || session.referredBy == null
        || session.referredBy.equals(session.actor)
        || session.referredBy.equals(session.memberId)) {
      return List.of();
    }
    long start = UtcDays.of(session.start);
    long conversions = sign * (long) session.conversions;
    long micros = sign * Math.round(session.conversionValue * 1_000_000);
    boolean converted = conversions != 0 || micros != 0;
    List<CommunityDelta> out = new ArrayList<>(converted ? Windows.LONG_DAYS : 1);
    CommunityDelta d = of(session.communityId, start);
    d.add(CommunityCounter.REFERRAL_VISITS, sign);
    d.add(CommunityCounter.REFERRAL_CONVERSIONS, conversions);
    d.add(CommunityCounter.REFERRAL_CONVERSION_MICROS, micros);
    out.add(d);
    if (converted) {
      for (int k = 0; k < Windows.LONG_DAYS; k++) {
        CommunityDelta day = k == 0 ? d : of(session.communityId, start + k);
        day.add(CommunityCounter.REFERRAL_CONVERSIONS_28D, conversions);
        day.add(CommunityCounter.REFERRAL_CONVERSION_MICROS_28D, micros);
        if (k > 0) {
          out.add(day);
        }
      }
    }
    return out;
  }

  /** True when it carries first responses. */
  public boolean hasFirstResponses() {
    return firstResponses != null && !firstResponses.isEmpty();
  }

  /** Adds {@code delta} to one counter. */
  public CommunityDelta add(CommunityCounter counter, long delta) {
    counts[counter.ordinal()] += delta;
    return this;
  }

  /** The change of one counter. */
  public long get(CommunityCounter counter) {
    return counts[counter.ordinal()];
  }

  /** Adds another delta of the same day: its counter changes and first responses. */
  void addAll(CommunityDelta other) {
    for (int i = 0; i < other.counts.length && i < counts.length; i++) {
      counts[i] += other.counts[i];
    }
    if (other.hasFirstResponses()) {
      if (firstResponses == null) {
        firstResponses = new HashMap<>();
      }
      other.firstResponses.forEach((post, ms) -> firstResponses.merge(post, ms, Math::min));
    }
  }

  /** True when no counter changes and no first response is carried. */
  public boolean isZero() {
    for (long c : counts) {
      if (c != 0) {
        return false;
      }
    }
    return !hasFirstResponses();
  }

  /** The keying of {@link CommunityIndicators}. */
  public String key() {
    return communityId;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof CommunityDelta d)) {
      return false;
    }
    return day == d.day
        && Objects.equals(communityId, d.communityId)
        && Arrays.equals(counts, d.counts)
        && Objects.equals(
            hasFirstResponses() ? firstResponses : null,
            d.hasFirstResponses() ? d.firstResponses : null);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        communityId, day, Arrays.hashCode(counts), hasFirstResponses() ? firstResponses : null);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(communityId + " day " + day + " {");
    for (CommunityCounter c : CommunityCounter.ALL) {
      if (get(c) != 0) {
        b.append(b.charAt(b.length() - 1) == '{' ? "" : ", ").append(c).append(' ').append(get(c));
      }
    }
    if (hasFirstResponses()) {
      b.append(b.charAt(b.length() - 1) == '{' ? "" : ", ")
          .append("first responses ms ")
          .append(firstResponses);
    }
    return b.append('}').toString();
  }
}
