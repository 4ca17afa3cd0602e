package io.communitypulse.indicators;

import io.communitypulse.indicators.MemberSignal.Field;
import io.communitypulse.session.Session;
import java.util.function.Consumer;

/**
 * What one session adds to member indicators (docs/indicators.md, "Counting rules": a session
 * counts on the day it starts): to its member, one session and its minutes; to the member whose
 * share link brought it (when that is someone else), a referral visit and the sign-ups, conversions
 * and value inside it. Kept per session id so that a changed or deleted session withdraws exactly
 * what it had added.
 *
 * <p>Sign-ups and conversions count on the session's start day, not on each click's own day (the
 * documented rule); the two differ only for the few sessions that cross midnight UTC.
 */
public class SessionContribution {
  public String communityId;
  public String memberId;
  public String referrer;
  public long startDay;
  public double minutes;
  public long signups;
  public long conversions;
  public double conversionValue;

  public SessionContribution() {}

  static SessionContribution of(Session session) {
    SessionContribution c = new SessionContribution();
    c.communityId = session.communityId;
    c.memberId = session.memberId;
    boolean referredBySomeoneElse =
        session.referredBy != null && !session.referredBy.equals(session.actor);
    c.referrer = referredBySomeoneElse ? session.referredBy : null;
    c.startDay = MemberSignal.epochDay(session.start);
    c.minutes = session.durationS / 60.0;
    c.signups = session.signups;
    c.conversions = session.conversions;
    c.conversionValue = session.conversionValue;
    return c;
  }

  /** Emits this contribution, multiplied by {@code sign} (+1 to add, -1 to withdraw). */
  void emit(int sign, Consumer<MemberSignal> out) {
    if (memberId != null) {
      out.accept(signal(memberId, Field.SESSIONS, sign));
      out.accept(signal(memberId, Field.SESSION_MINUTES, sign * minutes));
    }
    if (referrer != null) {
      out.accept(signal(referrer, Field.REFERRAL_VISITS, sign));
      if (signups != 0) {
        out.accept(signal(referrer, Field.REFERRAL_SIGNUPS, sign * (double) signups));
      }
      if (conversions != 0) {
        out.accept(signal(referrer, Field.REFERRAL_CONVERSIONS, sign * (double) conversions));
        out.accept(signal(referrer, Field.REFERRAL_CONVERSION_VALUE, sign * conversionValue));
      }
    }
  }

  private MemberSignal signal(String member, Field field, double delta) {
    return MemberSignal.of(communityId, member, startDay, field, delta);
  }
}
