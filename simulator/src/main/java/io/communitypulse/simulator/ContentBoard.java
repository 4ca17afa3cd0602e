package io.communitypulse.simulator;

import java.util.ArrayList;
import java.util.List;

/**
 * The content of one community that members can read, answer, react to and share: an archive of
 * older threads (read only: they were created before the simulated period, so nothing may refer to
 * them as a parent), plus the posts and replies created during the run. Memory stays bounded: only
 * the latest {@link #RECENT} items and the open questions of the last {@link #OPEN_FOR_MS} are
 * kept.
 */
final class ContentBoard {

  /**
   * A reply, reaction or accepted answer refers only to content at least this old, far more than
   * the emission jitter, so the content always precedes every reference to it in the stream.
   */
  static final long MIN_REFERENCE_AGE_MS = 60_000;

  /** How long an unanswered post is still a candidate for a first reply. */
  static final long OPEN_FOR_MS = 48 * DailyRhythm.HOUR_MS;

  static final int RECENT = 2000;

  private static final int TRIES = 8;
  private static final int SWEEP_ABOVE = 4096;

  private final int archiveThreads;
  private final Content[] recent = new Content[RECENT];
  private long added;
  private final List<Content> unanswered = new ArrayList<>();
  private int lastPost;
  private int lastReply;

  ContentBoard(int archiveThreads) {
    this.archiveThreads = archiveThreads;
    this.lastPost = archiveThreads;
  }

  Content newPost(Member author, long at) {
    Content post = Content.post("p" + ++lastPost, author, at);
    add(post);
    if (unanswered.size() > SWEEP_ABOVE) {
      unanswered.removeIf(c -> c.answered || c.createdAt < at - OPEN_FOR_MS);
    }
    unanswered.add(post);
    return post;
  }

  Content newReply(Member author, Content parent, long at) {
    Content reply = Content.reply("r" + ++lastReply, author, parent, at);
    add(reply);
    return reply;
  }

  private void add(Content content) {
    recent[(int) (added % RECENT)] = content;
    added++;
  }

  /** An unanswered post by someone else, old enough to refer to; null when there is none. */
  Content unansweredPost(long now, Member replier, SimRandom random) {
    for (int i = 0; i < TRIES && !unanswered.isEmpty(); i++) {
      int index = random.nextInt(unanswered.size());
      Content post = unanswered.get(index);
      if (post.answered || post.createdAt < now - OPEN_FOR_MS) {
        // Swap-remove: order does not matter, only the draw sequence must be deterministic.
        Content last = unanswered.remove(unanswered.size() - 1);
        if (index < unanswered.size()) {
          unanswered.set(index, last);
        }
        continue;
      }
      if (post.author != replier && post.createdAt <= now - MIN_REFERENCE_AGE_MS) {
        return post;
      }
    }
    return null;
  }

  /**
   * Recent content, biased to the newest, old enough to refer to and not by {@code notBy} (null:
   * anyone); only posts when {@code postsOnly}. Null when there is none.
   */
  Content recent(long now, Member notBy, boolean postsOnly, SimRandom random) {
    int size = (int) Math.min(added, RECENT);
    if (size == 0) {
      return null;
    }
    for (int i = 0; i < TRIES; i++) {
      double u = random.nextDouble();
      int back = (int) (u * u * size);
      Content c = recent[(int) ((added - 1 - back) % RECENT)];
      if (c.createdAt <= now - MIN_REFERENCE_AGE_MS
          && (notBy == null || c.author != notBy)
          && (!postsOnly || c.isPost())) {
        return c;
      }
    }
    return null;
  }

  /** A thread to read: often a recent one, otherwise one from the archive (popular ones first). */
  String threadToRead(long now, SimRandom random) {
    if (random.chance(0.5)) {
      Content c = recent(now, null, false, random);
      if (c != null) {
        return c.thread.id;
      }
    }
    double u = random.nextDouble();
    return "p" + (1 + (int) (u * u * archiveThreads));
  }
}
