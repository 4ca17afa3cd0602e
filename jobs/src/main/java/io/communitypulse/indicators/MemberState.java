package io.communitypulse.indicators;

import io.communitypulse.sink.DocumentVersions;
import java.util.Arrays;

/**
 * What {@link MemberIndicators} keeps for one member besides the daily tallies: identity, first and
 * last own-event times, the latest day seen and as-of day used, the latest day with a figure, the
 * revision behind every emitted version and the hash of the last emitted document (so an unchanged
 * document is not written twice in a row). A Flink POJO kept in one {@code ValueState}; it outlives
 * the tallies by {@code member.memory}, so first_seen survives a long silence.
 */
public class MemberState {

  /** Marks an unset day, time or timer. */
  public static final long NONE = Long.MIN_VALUE;

  public String communityId;
  public String memberId;

  /** Earliest own-event time seen (epoch ms), null until the first own event. */
  public Long firstSeen;

  /** Latest own-event time seen (epoch ms), null until the first own event. */
  public Long lastSeen;

  /** The latest signal day seen, or {@link #NONE}. */
  public long latestDay = NONE;

  /** The as-of day of the last evaluation, or {@link #NONE}; never moves back. */
  public long asOfDay = NONE;

  /**
   * The latest day with any figure of the member (own event, credit, session, referral), or {@link
   * #NONE}: 28 days after it every window reads zero and the document is frozen.
   */
  public long lastFigureDay = NONE;

  /** The last version handed out. */
  public long revision;

  /**
   * The 128-bit hash ({@link io.communitypulse.state.Hash128}) of the last emitted document, so an
   * unchanged one is not written again; {@code lastSourceKnown} is false before the first. A hash,
   * not the bytes: those were most of a member's state for 28 days.
   */
  public boolean lastSourceKnown;

  public long lastSourceHi;
  public long lastSourceLo;

  public MemberState() {}

  static MemberState of(String communityId, String memberId) {
    MemberState m = new MemberState();
    m.communityId = communityId;
    m.memberId = memberId;
    return m;
  }

  /** True once the member has had an own event: only such members get a document. */
  boolean hasOwnEvents() {
    return firstSeen != null;
  }

  /** The UTC day of first_seen, or {@link #NONE}. */
  long firstDay() {
    return firstSeen == null ? NONE : UtcDays.of(firstSeen);
  }

  /** first_seen / last_seen of own events in days already pruned (no longer withdrawable). */
  public Long prunedFirstSeen;

  public Long prunedLastSeen;

  /** The first own event of the stay that {@link #prunedLastSeen} belongs to. */
  public Long prunedStayStart;

  /**
   * The first own event of each stay the kept days reach, oldest first (see {@link
   * #recomputeStays}); the last is first_seen.
   */
  public long[] stayStarts = new long[0];

  /**
   * Folds a pruned day's own events into the pruned bounds. Days are pruned oldest first, so the
   * stays run on from the ones pruned before.
   */
  void pruned(DailyTally day, long memoryMillis) {
    for (long at : day.ownEventTimes()) {
      if (prunedLastSeen == null || at - prunedLastSeen > memoryMillis) {
        prunedStayStart = at;
      }
      prunedFirstSeen = prunedFirstSeen == null ? at : Math.min(prunedFirstSeen, at);
      prunedLastSeen = prunedLastSeen == null ? at : Math.max(prunedLastSeen, at);
    }
    if (prunedStayStart != null && stayStarts.length > 1 && stayStarts[0] < prunedStayStart) {
      // Stays before the pruned one can no longer matter to any open day.
      int keep = 0;
      while (keep < stayStarts.length && stayStarts[keep] < prunedStayStart) {
        keep++;
      }
      stayStarts = Arrays.copyOfRange(stayStarts, keep, stayStarts.length);
    }
  }

  /**
   * The first own event of every stay that the kept days and the last pruned stay hold, oldest
   * first: a stay ends when the next own event comes more than {@code member.memory} after the
   * previous one (docs/semantics.md, "Members"). Sets first_seen to the start of the latest stay
   * and last_seen to the latest own event. Depends only on the set of own events, not on the order
   * they arrived in, so a replay and a running job agree.
   */
  long[] recomputeStays(Iterable<DailyTally> keptOldestFirst, long memoryMillis) {
    long[] starts = new long[4];
    int n = 0;
    Long start = prunedStayStart;
    Long last = prunedLastSeen;
    if (start != null) {
      starts[n++] = start;
    }
    for (DailyTally day : keptOldestFirst) {
      for (long at : day.ownEventTimes()) {
        if (last == null || at - last > memoryMillis) {
          start = at;
          if (n == starts.length) {
            starts = Arrays.copyOf(starts, 2 * n);
          }
          starts[n++] = at;
        }
        last = last == null ? at : Math.max(last, at);
      }
    }
    // None left (every own event was withdrawn): the member has no own events and no document.
    firstSeen = start;
    lastSeen = last;
    return Arrays.copyOf(starts, n);
  }

  /**
   * Whether a batch's own events (times of added events) leave the stays as they are but for
   * last_seen: each lies inside the current stay or extends it by less than {@code member.memory}.
   */
  boolean extendsCurrentStay(long[] addedOwnEvents, long memoryMillis) {
    if (firstSeen == null) {
      return false;
    }
    long last = lastSeen;
    for (long at : addedOwnEvents) {
      if (at < firstSeen || at - last > memoryMillis) {
        return false;
      }
      last = Math.max(last, at);
    }
    return true;
  }

  /** Moves last_seen to the latest of {@code addedOwnEvents} (see {@link #extendsCurrentStay}). */
  void extendCurrentStay(long[] addedOwnEvents) {
    for (long at : addedOwnEvents) {
      lastSeen = Math.max(lastSeen, at);
    }
  }

  /** The next version of this key's documents ({@link DocumentVersions}). */
  long nextRevision(long processingTimeNow) {
    revision = DocumentVersions.next(revision, processingTimeNow);
    return revision;
  }
}
