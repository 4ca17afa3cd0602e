package io.communitypulse.community;

import io.communitypulse.sink.DocumentVersions;

/**
 * What {@link CommunityIndicators} keeps for one community besides its day totals: the first and
 * latest days with an event, the as-of day of the last refresh, the days whose documents exist, the
 * latest day written as final, the days changed since the last refresh and the revision behind
 * every emitted version. A Flink POJO kept in one {@code ValueState}.
 */
public class CommunityState {

  /** Marks an unset day. */
  public static final long NONE = Long.MIN_VALUE;

  public String communityId;

  /** The day of the community's first accepted event, or {@link #NONE}. */
  public long firstDay = NONE;

  /** The latest day with an accepted event, or {@link #NONE}. */
  public long latestDay = NONE;

  /** The as-of day of the last refresh, or {@link #NONE}; never moves back. */
  public long asOfDay = NONE;

  /** The first and last day whose document has been written, or {@link #NONE}. */
  public long writtenFrom = NONE;

  public long writtenTo = NONE;

  /** The earliest and latest day changed since the last refresh, or {@link #NONE}. */
  public long dirtyFrom = NONE;

  public long dirtyTo = NONE;

  /** The latest day written as final, or {@link #NONE}. */
  public long finalThrough = NONE;

  /** The last version handed out, for any of this community's documents. */
  public long revision;

  /** Processing time of the last refresh, or {@link #NONE}. */
  public long lastRefreshAt = NONE;

  public CommunityState() {}

  void touched(long day) {
    dirtyFrom = dirtyFrom == NONE ? day : Math.min(dirtyFrom, day);
    dirtyTo = dirtyTo == NONE ? day : Math.max(dirtyTo, day);
  }

  void hadEventOn(long day) {
    firstDay = firstDay == NONE ? day : Math.min(firstDay, day);
    latestDay = latestDay == NONE ? day : Math.max(latestDay, day);
  }

  /** The next version of this key's documents ({@link DocumentVersions}). */
  long nextRevision(long processingTimeNow) {
    revision = DocumentVersions.next(revision, processingTimeNow);
    return revision;
  }
}
