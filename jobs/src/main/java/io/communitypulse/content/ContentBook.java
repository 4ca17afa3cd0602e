package io.communitypulse.content;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@link ContentJoin} keeps for one content key: the content's author once known (with what a
 * POST needs for its first response), and the references still waiting for that author.
 *
 * <p>A Flink POJO kept in one value state, so a key's whole state is one entry that is cleared at
 * once when nothing is left.
 */
public class ContentBook {

  /** Marks an unset time. */
  public static final long NONE = Long.MIN_VALUE;

  public String communityId;
  public String contentId;

  /** The member whose POST or REPLY created the content; null while unknown. */
  public String authorId;

  /** The event that created the content. */
  public String authoredEventId;

  public long authoredAt = NONE;

  /** Created by a POST: only posts track a first response. */
  public boolean post;

  /** The watermark at which the author is forgotten. */
  public long authorExpiresAt = NONE;

  /** The earliest reply by another member to the POST so far; {@link #NONE} while unanswered. */
  public long firstReplyAt = NONE;

  /**
   * References waiting for the author. One without a target still owes its credit; one with a
   * target (a REPLY whose credit already went out) waits only as a first-response candidate.
   */
  public List<ContentRef> pending = new ArrayList<>();

  /** The event-time timer registered for this key; {@link #NONE} if none. */
  public long timer = NONE;

  public ContentBook() {}

  /** Whether the author is known. */
  public boolean hasAuthor() {
    return authorId != null;
  }

  /** Forgets the author and the first response that depended on it. */
  public void forgetAuthor() {
    authorId = null;
    authoredEventId = null;
    authoredAt = NONE;
    post = false;
    authorExpiresAt = NONE;
    firstReplyAt = NONE;
  }
}
