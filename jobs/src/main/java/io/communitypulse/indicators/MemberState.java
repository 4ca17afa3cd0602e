package io.communitypulse.indicators;

import io.communitypulse.sink.DocumentVersions;

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

  /** An own event was withdrawn since the last refresh: first/last seen must be recomputed. */
  public boolean seenNeedsRecompute;

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

  /** Folds a pruned day's own events into the pruned bounds. */
  void pruned(DailyTally day) {
    Long first = day.firstOwnEvent();
    Long last = day.lastOwnEvent();
    if (first != null) {
      prunedFirstSeen = prunedFirstSeen == null ? first : Math.min(prunedFirstSeen, first);
      prunedLastSeen = prunedLastSeen == null ? last : Math.max(prunedLastSeen, last);
    }
  }

  /** Recomputes first_seen / last_seen from the pruned bounds and the kept days. */
  void recomputeSeen(Iterable<DailyTally> kept) {
    Long first = prunedFirstSeen;
    Long last = prunedLastSeen;
    for (DailyTally day : kept) {
      Long f = day.firstOwnEvent();
      Long l = day.lastOwnEvent();
      if (f != null) {
        first = first == null ? f : Math.min(first, f);
        last = last == null ? l : Math.max(last, l);
      }
    }
    // None left (every own event was withdrawn): the member has no own events and no document.
    firstSeen = first;
    lastSeen = last;
  }

  void seen(long eventAt) {
    firstSeen = firstSeen == null ? eventAt : Math.min(firstSeen, eventAt);
    lastSeen = lastSeen == null ? eventAt : Math.max(lastSeen, eventAt);
  }

  /** The next version of this key's documents ({@link DocumentVersions}). */
  long nextRevision(long processingTimeNow) {
    revision = DocumentVersions.next(revision, processingTimeNow);
    return revision;
  }
}
