package io.communitypulse.simulator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A registered member of one community, with their role in the 90-9-1 participation pattern, their
 * devices (a second one for some, a device shared with another member for a few) and the questions
 * they asked that still wait for an accepted answer.
 */
final class Member {

  /** Participation level: 1% create most content, 9% sometimes contribute, 90% only read. */
  enum Role {
    CREATOR,
    CONTRIBUTOR,
    READER
  }

  /** How many of a member's own open posts are remembered for accepting an answer. */
  static final int OPEN_POSTS = 5;

  final String id;
  final Role role;
  final List<Device> devices = new ArrayList<>(2);
  final ArrayDeque<Content> openPosts = new ArrayDeque<>(OPEN_POSTS);

  /** The member is in a visit until this time (epoch ms). */
  long busyUntil = Long.MIN_VALUE;

  Member(String id, Role role) {
    this.id = id;
    this.role = role;
  }

  void rememberOpenPost(Content post) {
    if (openPosts.size() == OPEN_POSTS) {
      openPosts.pollFirst();
    }
    openPosts.addLast(post);
  }

  @Override
  public String toString() {
    return id + "(" + role + ")";
  }
}
