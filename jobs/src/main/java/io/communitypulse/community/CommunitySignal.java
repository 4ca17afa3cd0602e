package io.communitypulse.community;

import io.communitypulse.content.Credit;
import io.communitypulse.content.CreditType;
import io.communitypulse.content.FirstResponse;
import io.communitypulse.indicators.MemberSignal;
import io.communitypulse.session.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One upstream fact addressed to a community's daily document (SPEC §5), keyed by {@link
 * #communityId} and dated by the SPEC's counting rules on UTC epoch {@link #day}. Every fact is one
 * of a small closed set of {@link Kind}s; {@link #sign} is {@code +1}, or {@code -1} to withdraw an
 * earlier signal of the same kind (a click re-attributed to another actor, a session merged away).
 * {@link CommunityIndicators} only adds these up per day, so their order does not matter.
 *
 * <p>The factories say how to produce each kind: {@link #fromMemberSignal} maps the member stage's
 * own-event and counter signals, {@link #visit} a visitor's event, {@link #fromCredit} a resolved
 * REPLY, {@link #fromFirstResponse} the content join's first responses, and {@link #fromSession} a
 * referral session. A Flink POJO so it crosses operators without Kryo.
 */
public class CommunitySignal {

  /** The facts a community document is built from. */
  public enum Kind {
    /** An own event of {@link #member} (a post, or a click stitched to them). */
    ACTIVE,
    /** A POST by {@link #member}. */
    POST,
    /** A REPLY by {@link #member}. */
    REPLY,
    /** A REACTION given by {@link #member}. */
    REACTION,
    /** A SHARE by {@link #member}. */
    SHARE,
    /** An ACCEPTED_ANSWER whose target is {@link #member} (given by another member). */
    ANSWER_ACCEPTED,
    /** An event of the visitor actor {@link #member} ({@code anon:<anonymous_id>}). */
    VISIT,
    /** A REPLY by {@link #member} to {@link #other}, another member. */
    REPLY_PAIR,
    /**
     * The earliest reply known so far to the POST {@link #postId} dated {@link #day}; {@link
     * #value} is the response time in ms. Never withdrawn: the smallest per post wins.
     */
    FIRST_RESPONSE,
    /** {@link #count} sessions starting on {@link #day} with a referred_by other than the actor. */
    REFERRAL_VISIT,
    /** {@link #count} CONVERSION clicks inside referral sessions, worth {@link #value} in all. */
    REFERRAL_CONVERSION
  }

  public String communityId;

  public Kind kind;

  /** The UTC epoch day the fact counts on. */
  public long day;

  /** The member (or visitor actor for {@link Kind#VISIT}, replier for REPLY_PAIR); else null. */
  public String member;

  /** The replied-to member of {@link Kind#REPLY_PAIR}; null otherwise. */
  public String other;

  /** The POST's event id for {@link Kind#FIRST_RESPONSE}; null otherwise. */
  public String postId;

  /** How many facts (never negative; {@link #sign} withdraws). */
  public long count = 1;

  /** Response ms (FIRST_RESPONSE) or conversion value (REFERRAL_CONVERSION); 0 otherwise. */
  public double value;

  /** {@code +1} adds the fact, {@code -1} withdraws it. */
  public int sign = 1;

  public CommunitySignal() {}

  /** A signal of {@code kind} about {@code member} on {@code day}. */
  public static CommunitySignal of(
      String communityId, Kind kind, long day, String member, int sign) {
    if (sign != 1 && sign != -1) {
      throw new IllegalArgumentException("sign must be +1 or -1, not " + sign);
    }
    CommunitySignal s = new CommunitySignal();
    s.communityId = communityId;
    s.kind = kind;
    s.day = day;
    s.member = member;
    s.sign = sign;
    return s;
  }

  /**
   * The community view of a member-stage signal: own events ({@code ACTIVE}) and the counters that
   * decide levels and daily counts ({@code POSTS, REPLIES, REACTIONS_GIVEN, SHARES,
   * ANSWERS_ACCEPTED}); null for every other field, which the community document does not use.
   * Feeding the same signals as {@code MemberIndicators} keeps levels identical to member
   * documents.
   */
  public static CommunitySignal fromMemberSignal(MemberSignal m) {
    if (m.field == null || m.memberId == null || m.delta == 0) {
      return null;
    }
    Kind kind =
        switch (m.field) {
          case ACTIVE -> Kind.ACTIVE;
          case POSTS -> Kind.POST;
          case REPLIES -> Kind.REPLY;
          case REACTIONS_GIVEN -> Kind.REACTION;
          case SHARES -> Kind.SHARE;
          case ANSWERS_ACCEPTED -> Kind.ANSWER_ACCEPTED;
          default -> null;
        };
    if (kind == null) {
      return null;
    }
    CommunitySignal s = of(m.communityId, kind, m.day, m.memberId, m.delta > 0 ? 1 : -1);
    s.count = Math.round(Math.abs(m.delta));
    return s;
  }

  /** An event of a visitor actor ({@code anon:<anonymous_id>}) at {@code occurredAt}. */
  public static CommunitySignal visit(
      String communityId, String visitorActor, long occurredAt, int sign) {
    return of(communityId, Kind.VISIT, MemberSignal.epochDay(occurredAt), visitorActor, sign);
  }

  /**
   * The (replier, target) pair of a resolved REPLY credit, on the reply's day; null for other
   * credit types and for self replies, which reciprocity_28d excludes.
   */
  public static CommunitySignal fromCredit(Credit credit) {
    if (credit.type != CreditType.REPLY || credit.self || credit.receiver == null) {
      return null;
    }
    CommunitySignal s =
        of(
            credit.communityId,
            Kind.REPLY_PAIR,
            MemberSignal.epochDay(credit.occurredAt),
            credit.giver,
            1);
    s.other = credit.receiver;
    return s;
  }

  /** A (possibly improved) first response, counted on the POST's day. */
  public static CommunitySignal fromFirstResponse(FirstResponse r) {
    CommunitySignal s =
        of(r.communityId, Kind.FIRST_RESPONSE, MemberSignal.epochDay(r.postedAt), null, 1);
    s.postId = r.postEventId;
    s.value = r.responseMillis();
    return s;
  }

  /**
   * What one session (sign +1) or its withdrawal (sign -1, when the changelog replaces or deletes
   * it) adds: nothing unless its referred_by is set and differs from its actor; else one referral
   * visit and its conversions, both on the session's start day (the same known approximation as the
   * member stage: a conversion after midnight counts on the start day).
   */
  public static List<CommunitySignal> fromSession(Session session, int sign) {
    List<CommunitySignal> out = new ArrayList<>(2);
    if (session.deleted
        || session.referredBy == null
        || session.referredBy.equals(session.actor)
        || session.referredBy.equals(session.memberId)) {
      return out;
    }
    long day = MemberSignal.epochDay(session.start);
    out.add(of(session.communityId, Kind.REFERRAL_VISIT, day, null, sign));
    if (session.conversions > 0) {
      CommunitySignal c = of(session.communityId, Kind.REFERRAL_CONVERSION, day, null, sign);
      c.count = session.conversions;
      c.value = session.conversionValue;
      out.add(c);
    }
    return out;
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
    if (!(o instanceof CommunitySignal s)) {
      return false;
    }
    return day == s.day
        && count == s.count
        && Double.compare(value, s.value) == 0
        && sign == s.sign
        && kind == s.kind
        && Objects.equals(communityId, s.communityId)
        && Objects.equals(member, s.member)
        && Objects.equals(other, s.other)
        && Objects.equals(postId, s.postId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(communityId, kind, day, member, other, postId, count, value, sign);
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "%s %s %s%d on day %d%s%s%s",
        communityId,
        kind,
        sign > 0 ? "+" : "-",
        count,
        day,
        member == null ? "" : " " + member,
        other == null ? "" : " -> " + other,
        postId == null ? "" : " post " + postId);
  }
}
