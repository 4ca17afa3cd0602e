package io.communitypulse.session;

import io.communitypulse.identity.ActivityEvent;
import java.math.BigDecimal;
import java.util.Collections;

/**
 * The running summary of one session: its {@link Session} fields plus what is needed to add an
 * event in any order and still get the result of summarising the sorted events. It remembers the
 * position (time, then event id) of the event that supplied each first/last field, and sums
 * conversion values exactly, so the outcome does not depend on arrival order (a double sum would
 * differ in its last bits between orders).
 *
 * <p>It also carries the assembler's emission bookkeeping for this session id ({@link #dirty},
 * {@link #emitted}, {@link #emittedClosed}). A Flink POJO: it is kept in keyed state inside {@link
 * SessionBook}.
 */
public class SessionTally {

  /** Where, in event order, the event that supplied a field sits. */
  public static class Mark {
    public long at;
    public String eventId;

    public Mark() {}

    static Mark of(ActivityEvent e) {
      Mark m = new Mark();
      m.at = e.occurredAt;
      m.eventId = e.eventId;
      return m;
    }

    /** Position order of {@link SessionRules#EVENT_ORDER}. */
    int compareTo(ActivityEvent e) {
      int byTime = Long.compare(at, e.occurredAt);
      return byTime != 0 ? byTime : SessionRules.compareIds(eventId, e.eventId);
    }
  }

  /** The summary; {@code status} stays null and {@code version} 0 until it is emitted. */
  public Session session;

  public Mark memberMark;
  public Mark entryMark;
  public Mark exitMark;
  public Mark referrerMark;
  public Mark referredByMark;

  /** Exact sum of the finite conversion values; {@link Session#conversionValue} is its double. */
  public BigDecimal conversionTotal = BigDecimal.ZERO;

  /** The content changed since it was last emitted (or it never was). */
  public boolean dirty = true;

  /** An upsert of this session id was emitted and not deleted since. */
  public boolean emitted;

  /** The last emission said {@code closed}. */
  public boolean emittedClosed;

  public SessionTally() {}

  /** A session holding one event. */
  public static SessionTally of(ActivityEvent first) {
    SessionTally t = new SessionTally();
    Session s = new Session();
    s.communityId = first.communityId;
    s.actor = first.actor;
    s.start = first.occurredAt;
    s.end = first.occurredAt;
    s.sessionId = SessionRules.sessionId(first.communityId, first.actor, first.occurredAt);
    t.session = s;
    t.add(first);
    return t;
  }

  public long start() {
    return session.start;
  }

  public long end() {
    return session.end;
  }

  public String sessionId() {
    return session.sessionId;
  }

  /** Adds one event (in any order); the caller has decided that it belongs to this session. */
  public void add(ActivityEvent e) {
    Session s = session;
    if (e.occurredAt < s.start) {
      s.start = e.occurredAt;
      // The id is derived from the start, so an earlier event gives the session a new id.
      s.sessionId = SessionRules.sessionId(s.communityId, s.actor, s.start);
    }
    s.end = Math.max(s.end, e.occurredAt);
    s.durationS = (s.end - s.start) / 1000.0;
    s.events++;
    count(s, e);

    if (e.memberId != null && isBefore(e, memberMark)) {
      s.memberId = e.memberId;
      memberMark = Mark.of(e);
    }
    if (e.referredBy != null && isBefore(e, referredByMark)) {
      s.referredBy = e.referredBy;
      referredByMark = Mark.of(e);
    }
    if (e.type != null && e.type.isClick()) {
      addClick(s, e);
    }
  }

  private void addClick(Session s, ActivityEvent e) {
    if (e.anonymousId != null) {
      int at = Collections.binarySearch(s.anonymousIds, e.anonymousId);
      if (at < 0) {
        s.anonymousIds.add(-at - 1, e.anonymousId);
      }
    }
    if (e.url != null) {
      if (isBefore(e, entryMark)) {
        s.entryUrl = e.url;
        entryMark = Mark.of(e);
      }
      if (exitMark == null || exitMark.compareTo(e) < 0) {
        s.exitUrl = e.url;
        exitMark = Mark.of(e);
      }
    }
    if (e.referrer != null && isBefore(e, referrerMark)) {
      s.referrer = e.referrer;
      referrerMark = Mark.of(e);
    }
  }

  private void count(Session s, ActivityEvent e) {
    if (e.type == null) {
      return;
    }
    switch (e.type) {
      case PAGE_VIEW -> s.pageViews++;
      case CLICK -> s.clicks++;
      case SEARCH -> s.searches++;
      case SIGN_UP -> s.signups++;
      case CONVERSION -> {
        s.conversions++;
        // Non-finite values cannot be summed meaningfully (and BigDecimal refuses them).
        if (e.conversionValue != null && Double.isFinite(e.conversionValue)) {
          conversionTotal = conversionTotal.add(new BigDecimal(e.conversionValue));
          s.conversionValue = conversionTotal.doubleValue();
        }
      }
      case POST -> s.posts++;
      case REPLY -> s.replies++;
      case REACTION -> s.reactions++;
      case ACCEPTED_ANSWER -> s.acceptedAnswers++;
      case MENTION -> s.mentions++;
      case SHARE -> s.shares++;
      case SIGN_IN -> {
        // Counted in events only: the document has no sign-in figure.
      }
    }
  }

  private static boolean isBefore(ActivityEvent e, Mark current) {
    return current == null || current.compareTo(e) > 0;
  }

  /** The summary as an emission: a copy with the given status and version. */
  public Session emit(Session.Status status, long version) {
    Session out = session.copy();
    out.status = status;
    out.version = version;
    return out;
  }
}
