package io.communitypulse.simulator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A registered member of one community: their role in the 90-9-1 participation pattern and where
 * they are in their life in the community (not come yet, active, fading, gone), both changed day by
 * day by {@link Population}; how often they visit; their devices (a second one for some, a device
 * shared with another member for a few); and the questions they asked that still wait for an
 * accepted answer.
 */
final class Member {

  /** Participation level: 1% create most content, 9% sometimes contribute, 90% only read. */
  enum Role {
    CREATOR,
    CONTRIBUTOR,
    READER
  }

  /** Where the member is in their life in the community. */
  enum Stage {
    /** Registered before the simulated period but not seen yet: they come on a later day. */
    WAITING,
    ACTIVE,
    /** Losing interest: visits now and then, contributes nothing; soon gone. */
    FADING,
    /** Silent: no visits at all, though a few come back. */
    GONE
  }

  /** How many of a member's own open posts are remembered for accepting an answer. */
  static final int OPEN_POSTS = 5;

  final String id;
  Role role;
  Stage stage = Stage.ACTIVE;

  /**
   * How often the member visits while active, relative to the average member at the start (visits
   * per day = {@link VisitPlanner#MEMBER_VISITS_PER_DAY} times this).
   */
  double propensity;

  /** The UTC day (epoch day) the member started being active, or became active again. */
  long activeSince;

  /** A newcomer's question, posted at their first signed-in step, even if they only read. */
  boolean hasQuestion;

  /** Another member answered one of this member's posts (help received, to be paid forward). */
  boolean helped;

  final List<Device> devices = new ArrayList<>(2);
  final ArrayDeque<Content> openPosts = new ArrayDeque<>(OPEN_POSTS);

  /** The member is in a visit until this time (epoch ms). */
  long busyUntil = Long.MIN_VALUE;

  Member(String id, Role role, double propensity) {
    this.id = id;
    this.role = role;
    this.propensity = propensity;
  }

  /** The weight of the member in the draw of who visits: none unless active or fading. */
  double visitWeight() {
    return switch (stage) {
      case ACTIVE -> propensity;
      case FADING -> propensity * Population.FADING_VISITS;
      case WAITING, GONE -> 0;
    };
  }

  /** Whether the member may post, reply, react, accept or share now. */
  boolean contributing() {
    return stage == Stage.ACTIVE && role != Role.READER;
  }

  void rememberOpenPost(Content post) {
    if (openPosts.size() == OPEN_POSTS) {
      openPosts.pollFirst();
    }
    openPosts.addLast(post);
  }

  @Override
  public String toString() {
    return id + "(" + role + ", " + stage + ")";
  }
}
