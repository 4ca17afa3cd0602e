package io.communitypulse.community;

import io.communitypulse.sink.DocumentVersions;

/**
 * What {@link CommunityIndicators} keeps for one community besides its day buckets: the first and
 * latest signal days, the as-of day of the last refresh, the earliest day changed since then and
 * the revision behind every emitted version. A Flink POJO kept in one {@code ValueState}.
 */
public class CommunityState {

  /** Marks an unset day. */
  public static final long NONE = Long.MIN_VALUE;

  public String communityId;

  /** The day of the community's first accepted event (a positive signal), or {@link #NONE}. */
  public long firstDay = NONE;

  /** The latest signal day seen, or {@link #NONE}. */
  public long latestDay = NONE;

  /** The as-of day of the last refresh, or {@link #NONE}; never moves back. */
  public long asOfDay = NONE;

  /** The earliest day whose bucket changed since the last refresh, or {@link #NONE}. */
  public long dirtyFrom = NONE;

  /** The last version handed out, for any of this community's documents. */
  public long revision;

  /** Processing time of the last refresh, or {@link #NONE}. */
  public long lastRefreshAt = NONE;

  public CommunityState() {}

  void touched(long day) {
    dirtyFrom = dirtyFrom == NONE ? day : Math.min(dirtyFrom, day);
  }

  /** The next version of this key's documents ({@link DocumentVersions}). */
  long nextRevision(long processingTimeNow) {
    revision = DocumentVersions.next(revision, processingTimeNow);
    return revision;
  }
}
