package io.communitypulse.community;

import io.communitypulse.content.FirstResponse;
import io.communitypulse.indicators.UtcDays;
import io.communitypulse.session.Session;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A change to one community day's counters ({@link CommunityCounter}), or one POST's first response
 * on the POST's day. The stages that own the distinct facts (members, visitors, reply pairs) emit
 * these as +1/−1 changes of what they contribute to a day; {@link CommunityDeltaCombiner} sums them
 * per (community, day) before the shuffle and {@link CommunityIndicators} adds them to its day
 * totals. Deltas add, so their order does not matter. A Flink POJO.
 */
public class CommunityDelta {

  public String communityId;

  /** The UTC epoch day of the document the change is for. */
  public long day;

  /**
   * The change of each counter, by {@link CommunityCounter#ordinal()}; null for a first response.
   */
  public long[] counts;

  /** For a first response: the POST's event id; null otherwise. */
  public String postId;

  /** For a first response: reply time minus post time, in milliseconds. */
  public long responseMillis;

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
    CommunityDelta d = new CommunityDelta();
    d.communityId = r.communityId;
    d.day = UtcDays.of(r.postedAt);
    d.postId = r.postEventId;
    d.responseMillis = r.responseMillis();
    return d;
  }

  /**
   * What one session adds (sign +1) or, when the session changelog replaces or deletes it, takes
   * back (sign −1): nothing unless its referred_by is set and is not its own actor; else one
   * referral visit and its conversions, on the session's start day (docs/semantics.md: a conversion
   * after midnight counts on the start day, as in the member documents).
   */
  public static List<CommunityDelta> referral(Session session, int sign) {
    List<CommunityDelta> out = new ArrayList<>(1);
    if (session.deleted
        || session.referredBy == null
        || session.referredBy.equals(session.actor)
        || session.referredBy.equals(session.memberId)) {
      return out;
    }
    CommunityDelta d = of(session.communityId, UtcDays.of(session.start));
    d.add(CommunityCounter.REFERRAL_VISITS, sign);
    d.add(CommunityCounter.REFERRAL_CONVERSIONS, sign * session.conversions);
    d.add(
        CommunityCounter.REFERRAL_CONVERSION_MICROS,
        sign * Math.round(session.conversionValue * 1_000_000));
    out.add(d);
    return out;
  }

  /** True for a first response, false for counter changes. */
  public boolean isFirstResponse() {
    return counts == null;
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

  /** Adds another delta's counter changes to this one's. */
  void addAll(long[] other) {
    for (int i = 0; i < other.length && i < counts.length; i++) {
      counts[i] += other[i];
    }
  }

  /** True when no counter changes. */
  public boolean isZero() {
    for (long c : counts) {
      if (c != 0) {
        return false;
      }
    }
    return true;
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
        && responseMillis == d.responseMillis
        && Objects.equals(communityId, d.communityId)
        && Arrays.equals(counts, d.counts)
        && Objects.equals(postId, d.postId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(communityId, day, Arrays.hashCode(counts), postId, responseMillis);
  }

  @Override
  public String toString() {
    if (isFirstResponse()) {
      return String.format(
          Locale.ROOT,
          "%s day %d post %s answered after %d ms",
          communityId,
          day,
          postId,
          responseMillis);
    }
    StringBuilder b = new StringBuilder(communityId + " day " + day + " {");
    for (CommunityCounter c : CommunityCounter.ALL) {
      if (get(c) != 0) {
        b.append(b.charAt(b.length() - 1) == '{' ? "" : ", ").append(c).append(' ').append(get(c));
      }
    }
    return b.append('}').toString();
  }
}
