package io.communitypulse.indicators;

import java.util.Locale;
import java.util.Objects;

/**
 * One upstream fact addressed to one member, as a change to one of the member's daily counters:
 * "add {@code delta} to {@code field} on UTC epoch day {@code day}". Every stage that feeds the
 * member indicators (own events, sessions, credits received, referrals) turns its facts into these,
 * dated by the counting rules of docs/indicators.md (an event on the day of its {@code
 * occurred_at}, a session on the day it starts), so {@link MemberIndicators} only adds numbers up.
 *
 * <p>{@code delta} may be negative: upstream facts can be withdrawn (a click re-attributed to
 * another member, two sessions merged into one), and the withdrawal is the same signal with the
 * opposite sign. A Flink POJO so it crosses operators without Kryo.
 */
public class MemberSignal {

  /**
   * The daily counters behind the {@code d7}/{@code d28} objects of the member document, in the
   * order of docs/indicators.md. New counters must be appended: {@link DailyTally} stores sums by
   * ordinal.
   */
  public enum Field {
    /** One own event (a post, or a click stitched to the member): counts toward active_days. */
    ACTIVE("active_days", true),
    SESSIONS("sessions", true),
    SESSION_MINUTES("session_minutes", false),
    PAGE_VIEWS("page_views", true),
    POSTS("posts", true),
    REPLIES("replies", true),
    REACTIONS_GIVEN("reactions_given", true),
    SHARES("shares", true),
    REPLIES_RECEIVED("replies_received", true),
    REACTIONS_RECEIVED("reactions_received", true),
    ANSWERS_ACCEPTED("answers_accepted", true),
    MENTIONS_RECEIVED("mentions_received", true),
    REFERRAL_VISITS("referral_visits", true),
    REFERRAL_SIGNUPS("referral_signups", true),
    REFERRAL_CONVERSIONS("referral_conversions", true),
    REFERRAL_CONVERSION_VALUE("referral_conversion_value", false),
    /** A member this member's REPLY targeted; distinct over a window. {@code other} names them. */
    MEMBER_HELPED("members_helped", true);

    private final String jsonName;
    private final boolean count;

    Field(String jsonName, boolean count) {
      this.jsonName = jsonName;
      this.count = count;
    }

    /** The field name in the member document's {@code d7}/{@code d28} objects. */
    public String jsonName() {
      return jsonName;
    }

    /** True for whole counts (written as integers), false for sums of minutes or money. */
    public boolean isCount() {
      return count;
    }
  }

  public String communityId;
  public String memberId;

  /** The UTC epoch day the fact counts on (docs/indicators.md, "Counting rules"). */
  public long day;

  public Field field;

  /** How much to add; negative withdraws an earlier signal. */
  public double delta;

  /** The helped member's id for {@link Field#MEMBER_HELPED}; null otherwise. */
  public String other;

  /**
   * The time of the member's own event (epoch ms), for first_seen / last_seen; null for anything
   * that is not an own event (credits received, referrals, sessions).
   */
  public Long eventAt;

  public MemberSignal() {}

  /** A counter change on a day. */
  public static MemberSignal of(
      String communityId, String memberId, long day, Field field, double delta) {
    MemberSignal s = new MemberSignal();
    s.communityId = communityId;
    s.memberId = memberId;
    s.day = day;
    s.field = field;
    s.delta = delta;
    return s;
  }

  /**
   * One own event at {@code eventAt} (or its withdrawal with {@code delta = -1}): counts toward
   * active_days on the event's UTC day and moves first_seen / last_seen.
   */
  public static MemberSignal ownEvent(
      String communityId, String memberId, long eventAt, double delta) {
    MemberSignal s = of(communityId, memberId, epochDay(eventAt), Field.ACTIVE, delta);
    s.eventAt = eventAt;
    return s;
  }

  /** This member's REPLY on {@code day} targeted {@code helpedMemberId} (delta +1 or -1). */
  public static MemberSignal helped(
      String communityId, String memberId, long day, String helpedMemberId, double delta) {
    MemberSignal s = of(communityId, memberId, day, Field.MEMBER_HELPED, delta);
    s.other = helpedMemberId;
    return s;
  }

  /** The UTC epoch day of an epoch-millisecond instant (floor, so pre-1970 times work too). */
  public static long epochDay(long epochMillis) {
    return UtcDays.of(epochMillis);
  }

  /** The keying of {@link MemberIndicators}: {@code community_id/member_id}, the document id. */
  public String key() {
    return communityId + "/" + memberId;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof MemberSignal s)) {
      return false;
    }
    return day == s.day
        && Double.compare(delta, s.delta) == 0
        && Objects.equals(communityId, s.communityId)
        && Objects.equals(memberId, s.memberId)
        && field == s.field
        && Objects.equals(other, s.other)
        && Objects.equals(eventAt, s.eventAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(communityId, memberId, day, field, delta, other, eventAt);
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "%s %s %+g on day %d%s",
        key(),
        field,
        delta,
        day,
        other == null ? "" : " (" + other + ")");
  }
}
