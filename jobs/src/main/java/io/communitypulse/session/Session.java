package io.communitypulse.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One session of one actor in one community (docs/semantics.md, "Sessions"): the fields of the
 * {@link SessionDocument} plus {@code signups}, {@code deleted} and {@code version}. It is what the
 * session stage emits and keeps in state, the sink writes (through {@link SessionDocuments}) and
 * the indicator stage reads.
 *
 * <p>Every emitted {@code Session} is the whole new state of the document {@link #sessionId}: the
 * stream is a changelog keyed by {@code sessionId}. A later emission with a higher {@link #version}
 * replaces an earlier one; {@code deleted == true} means the session no longer exists (it was
 * merged into another one, its start moved so its id changed, or its events were retracted) and
 * consumers must forget it. A Flink POJO (public fields, no-arg constructor, no generic types) so
 * it crosses operators without Kryo.
 */
public class Session {

  /** {@code live}: it may still grow on time; {@code closed}: the watermark has passed it. */
  public enum Status {
    LIVE,
    CLOSED
  }

  /** Deterministic document id, see {@link SessionRules#sessionId(String, String, long)}. */
  public String sessionId;

  public String communityId;

  /** The member id, or {@code anon:<anonymous_id>} for a visitor. */
  public String actor;

  /** Null for visitors. */
  public String memberId;

  /** The devices whose clicks the session holds, sorted, no duplicates; empty for posts only. */
  public List<String> anonymousIds = new ArrayList<>();

  /** Time of the first event, epoch milliseconds UTC. */
  public long start;

  /** Time of the last event, epoch milliseconds UTC. */
  public long end;

  /**
   * {@code (end - start) / 1000} as a double: millisecond events keep their precision, so a burst
   * shorter than a second is not rounded to zero and averages of session time are not biased down
   * by truncation.
   */
  public double durationS;

  public long events;
  public long pageViews;
  public long clicks;
  public long searches;
  public long signups;
  public long conversions;
  public double conversionValue;
  public long posts;
  public long replies;
  public long reactions;
  public long acceptedAnswers;
  public long mentions;
  public long shares;

  /** Url of the first click-stream event (any click type) that has one. */
  public String entryUrl;

  /** Url of the last click-stream event (any click type) that has one. */
  public String exitUrl;

  /** Referrer of the first click that has one. */
  public String referrer;

  /** The first non-null {@code referred_by}: the member whose share link brought the visit. */
  public String referredBy;

  /** Null only inside the assembler's state; every emitted upsert carries one. */
  public Status status;

  /** True: the session no longer exists; only the id, community, actor and version are set. */
  public boolean deleted;

  /** External version: grows with every newer state (or deletion) of the same session id. */
  public long version;

  public Session() {}

  /**
   * The marker the session stage emits when it forgets a member (docs/privacy.md): a deletion
   * without a session id, standing for every session of {@code actor}. The session documents turn
   * it into the erasure of their documents; nothing that counts sessions sees it.
   */
  public static Session erasure(String communityId, String actor) {
    return deletion(null, communityId, actor, 0);
  }

  /** Whether this is an {@link #erasure} marker rather than a session. */
  public boolean isErasure() {
    return deleted && sessionId == null;
  }

  /** A deletion marker for a session id that no longer exists. */
  public static Session deletion(String sessionId, String communityId, String actor, long version) {
    Session s = new Session();
    s.sessionId = sessionId;
    s.communityId = communityId;
    s.actor = actor;
    s.deleted = true;
    s.version = version;
    return s;
  }

  /**
   * A deep copy (the anonymous id list is not shared). Field by field, as the fields are what the
   * stage keeps in state, a superset of the document's, and every emission makes one.
   */
  public Session copy() {
    Session c = new Session();
    c.sessionId = sessionId;
    c.communityId = communityId;
    c.actor = actor;
    c.memberId = memberId;
    c.anonymousIds = anonymousIds == null ? null : new ArrayList<>(anonymousIds);
    c.start = start;
    c.end = end;
    c.durationS = durationS;
    c.events = events;
    c.pageViews = pageViews;
    c.clicks = clicks;
    c.searches = searches;
    c.signups = signups;
    c.conversions = conversions;
    c.conversionValue = conversionValue;
    c.posts = posts;
    c.replies = replies;
    c.reactions = reactions;
    c.acceptedAnswers = acceptedAnswers;
    c.mentions = mentions;
    c.shares = shares;
    c.entryUrl = entryUrl;
    c.exitUrl = exitUrl;
    c.referrer = referrer;
    c.referredBy = referredBy;
    c.status = status;
    c.deleted = deleted;
    c.version = version;
    return c;
  }

  /**
   * True when the session's content (everything but status, deleted and version) is the same: its
   * {@link SessionDocument} but for the status, and its signups.
   */
  public boolean sameContent(Session o) {
    return signups == o.signups && SessionDocument.content(this).equals(SessionDocument.content(o));
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Session s)) {
      return false;
    }
    return sameContent(s) && status == s.status && deleted == s.deleted && version == s.version;
  }

  @Override
  public int hashCode() {
    return Objects.hash(sessionId, start, end, events, status, deleted, version);
  }

  @Override
  public String toString() {
    if (deleted) {
      return "Session{"
          + sessionId
          + " DELETED v"
          + version
          + " "
          + communityId
          + "/"
          + actor
          + "}";
    }
    return "Session{"
        + sessionId
        + " "
        + status
        + " v"
        + version
        + " "
        + communityId
        + "/"
        + actor
        + " ["
        + start
        + ".."
        + end
        + "] events="
        + events
        + "}";
  }
}
