package io.communitypulse.session;

import io.communitypulse.sink.DocumentVersions;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link SessionAssembler} keeps for one actor besides the events themselves: the actor's
 * current sessions (not yet purged, sorted by start), the session ids that vanished and still need
 * a delete, the revision counter behind every emitted version, and the timers it has registered. A
 * Flink POJO kept in one {@code ValueState}; its size is bounded by the number of sessions within
 * max length + gap + lateness, a handful for a human, a few dozen at most for anyone.
 */
public class SessionBook {

  /** Marks an unset time or timer. */
  public static final long NONE = Long.MIN_VALUE;

  public String communityId;
  public String actor;

  /** Current sessions, sorted by start; their time ranges are disjoint. */
  public List<SessionTally> sessions = new ArrayList<>();

  /** Emitted session ids that no longer exist; each gets a delete at the next flush. */
  public List<String> pendingDeletes = new ArrayList<>();

  /** The last version handed out for this actor. */
  public long revision;

  /** Processing time of the last emission, or {@link #NONE}. */
  public long lastFlushAt = NONE;

  /** The registered processing-time timer of the next throttled emission, or {@link #NONE}. */
  public long liveTimer = NONE;

  /** The registered event-time timer (next close or purge), or {@link #NONE}. */
  public long eventTimer = NONE;

  /**
   * Until the watermark reaches this time, a deleted session id could come back (its events could
   * still arrive again), so the revision counter must outlive the sessions; or {@link #NONE}.
   */
  public long keepUntil = NONE;

  public SessionBook() {}

  SessionBook(String communityId, String actor) {
    this.communityId = communityId;
    this.actor = actor;
  }

  /** The next version of this actor's documents ({@link DocumentVersions}). */
  long nextRevision(long processingTimeNow) {
    revision = DocumentVersions.next(revision, processingTimeNow);
    return revision;
  }

  void markForDeletion(String sessionId) {
    if (!pendingDeletes.contains(sessionId)) {
      pendingDeletes.add(sessionId);
    }
  }
}
