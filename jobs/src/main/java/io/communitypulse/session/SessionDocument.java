package io.communitypulse.session;

import io.communitypulse.sink.DocumentJson;
import io.communitypulse.sink.MappedAsDate;
import java.util.List;
import java.util.Locale;

/**
 * The session document (docs/semantics.md, "Sessions"): one component per field, in the order
 * {@link DocumentJson} writes them, snake_case, null fields left out. Times are epoch milliseconds,
 * {@code status} is {@code live} or {@code closed}. A {@link Session} also holds {@code signups},
 * {@code deleted} and {@code version}, which are not document fields.
 */
public record SessionDocument(
    String sessionId,
    String communityId,
    String actor,
    String memberId,
    List<String> anonymousIds,
    @MappedAsDate long start,
    @MappedAsDate long end,
    double durationS,
    long events,
    long pageViews,
    long clicks,
    long searches,
    long posts,
    long replies,
    long reactions,
    long acceptedAnswers,
    long mentions,
    long shares,
    long conversions,
    double conversionValue,
    String entryUrl,
    String exitUrl,
    String referrer,
    String referredBy,
    String status) {

  /** The document of a session (not of a deletion). */
  public static SessionDocument of(Session s) {
    return of(s, s.status == null ? null : s.status.name().toLowerCase(Locale.ROOT));
  }

  /**
   * The document without its status: what {@link Session#sameContent} compares, as a status is a
   * phase of the session rather than content.
   */
  static SessionDocument content(Session s) {
    return of(s, null);
  }

  private static SessionDocument of(Session s, String status) {
    return new SessionDocument(
        s.sessionId,
        s.communityId,
        s.actor,
        s.memberId,
        s.anonymousIds,
        s.start,
        s.end,
        s.durationS,
        s.events,
        s.pageViews,
        s.clicks,
        s.searches,
        s.posts,
        s.replies,
        s.reactions,
        s.acceptedAnswers,
        s.mentions,
        s.shares,
        s.conversions,
        s.conversionValue,
        s.entryUrl,
        s.exitUrl,
        s.referrer,
        s.referredBy,
        status);
  }

  /** The document as UTF-8 JSON. */
  public byte[] toJson() {
    return DocumentJson.bytes(this);
  }
}
