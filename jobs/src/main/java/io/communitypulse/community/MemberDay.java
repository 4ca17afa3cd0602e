package io.communitypulse.community;

/**
 * One member's net counts on one UTC day inside a {@link CommunityDay}: own events (active when
 * positive) and the counters behind levels and daily totals. Negative for a moment when a
 * withdrawal overtakes the signal it withdraws. A Flink POJO.
 */
public class MemberDay {
  public long ownEvents;
  public long posts;
  public long replies;
  public long reactions;
  public long shares;
  public long answersAccepted;

  public MemberDay() {}

  /** Adds {@code delta} to the counter of {@code kind} (a member kind). */
  void add(CommunitySignal.Kind kind, long delta) {
    switch (kind) {
      case ACTIVE -> ownEvents += delta;
      case POST -> posts += delta;
      case REPLY -> replies += delta;
      case REACTION -> reactions += delta;
      case SHARE -> shares += delta;
      case ANSWER_ACCEPTED -> answersAccepted += delta;
      default -> throw new IllegalArgumentException(kind + " is not a member counter");
    }
  }

  boolean isActive() {
    return ownEvents > 0;
  }

  boolean isEmpty() {
    return ownEvents == 0
        && posts == 0
        && replies == 0
        && reactions == 0
        && shares == 0
        && answersAccepted == 0;
  }
}
