package io.communitypulse.forget;

/**
 * What Elasticsearch holds that names one member of one community: their member document, the
 * sessions they are the actor of, and other sessions whose {@code referred_by} is them (a visit
 * through their share link).
 *
 * @param memberDocuments 0 or 1
 * @param sessions sessions whose actor is the member
 * @param referringSessions other actors' sessions that name the member in {@code referred_by}
 */
public record MemberTraces(long memberDocuments, long sessions, long referringSessions) {

  /** Nothing names the member. */
  public static final MemberTraces NONE = new MemberTraces(0, 0, 0);

  /** Whether no document names the member. */
  public boolean none() {
    return memberDocuments == 0 && sessions == 0 && referringSessions == 0;
  }
}
