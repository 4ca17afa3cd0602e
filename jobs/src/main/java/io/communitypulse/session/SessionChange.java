package io.communitypulse.session;

/**
 * One step of the session changelog for consumers that count sessions: the session as it was
 * ({@code before}, null when new) and as it is now ({@code after}, null when deleted), so a
 * consumer withdraws what {@code before} added and adds what {@code after} adds. A Flink POJO.
 */
public class SessionChange {
  public Session before;
  public Session after;

  public SessionChange() {}

  public static SessionChange of(Session before, Session after) {
    SessionChange change = new SessionChange();
    change.before = before;
    change.after = after;
    return change;
  }
}
