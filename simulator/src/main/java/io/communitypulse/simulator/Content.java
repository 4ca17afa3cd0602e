package io.communitypulse.simulator;

import java.util.ArrayList;
import java.util.List;

/**
 * A post or reply created in the simulation: its id, author and thread, and for posts whether
 * another member answered it and which replies could be accepted as the answer.
 */
final class Content {

  /** How many answers of one post are remembered for an accepted answer. */
  static final int ANSWERS = 10;

  final String id;
  final Member author;

  /** The thread's POST; the post itself for a post. */
  final Content thread;

  final long createdAt;

  /** For posts: a direct reply from another member exists. */
  boolean answered;

  /** For posts: an answer has been accepted. */
  boolean accepted;

  /** For posts: replies in the thread by other members (null for replies). */
  final List<Content> answers;

  private Content(String id, Member author, Content thread, long createdAt) {
    this.id = id;
    this.author = author;
    this.thread = thread == null ? this : thread;
    this.createdAt = createdAt;
    this.answers = thread == null ? new ArrayList<>(2) : null;
  }

  static Content post(String id, Member author, long createdAt) {
    return new Content(id, author, null, createdAt);
  }

  static Content reply(String id, Member author, Content parent, long createdAt) {
    return new Content(id, author, parent.thread, createdAt);
  }

  boolean isPost() {
    return thread == this;
  }
}
