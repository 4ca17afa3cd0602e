package io.communitypulse.wire;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.ErasureRequest;
import io.communitypulse.events.PostEvent;
import org.apache.avro.specific.SpecificRecord;

/**
 * The default Kafka topic names and the record key rule (docs/producing-events.md, "Topics and
 * keys"). Clicks are keyed by {@code community_id/anonymous_id}, posts and erasure requests by
 * {@code community_id/member_id}, so that one device's clicks, one member's posts and one member's
 * erasure requests each stay ordered in one partition. Producers (the simulator, the replay
 * command, {@code ./pulse forget}, sites' own code) and tests share these so the rule lives in one
 * place.
 */
public final class Topics {

  /** Default topic of {@code ClickEvent}s. */
  public static final String CLICKS = "pulse.clicks.v1";

  /** Default topic of {@code PostEvent}s. */
  public static final String POSTS = "pulse.posts.v1";

  /** Default topic of {@code DeadLetter}s. */
  public static final String DEAD_LETTERS = "pulse.deadletter.v1";

  /** Default topic of {@code ErasureRequest}s ({@code ./pulse forget}). */
  public static final String ERASURE = "pulse.erasure.v1";

  /** Separates the two parts of a key. */
  public static final String KEY_SEPARATOR = "/";

  private Topics() {}

  /** The key of a click: {@code community_id/anonymous_id}. */
  public static String clickKey(ClickEvent event) {
    return event.getCommunityId() + KEY_SEPARATOR + event.getAnonymousId();
  }

  /** The key of a post: {@code community_id/member_id}. */
  public static String postKey(PostEvent event) {
    return event.getCommunityId() + KEY_SEPARATOR + event.getMemberId();
  }

  /**
   * The key of an erasure request: {@code community_id/member_id}, the member id as the request
   * carries it (the pseudonym when pseudonymisation is on).
   */
  public static String erasureKey(ErasureRequest request) {
    return request.getCommunityId() + KEY_SEPARATOR + request.getMemberId();
  }

  /**
   * The key of a ClickEvent, PostEvent or ErasureRequest.
   *
   * @throws IllegalArgumentException for any other record
   */
  public static String key(SpecificRecord event) {
    if (event instanceof ClickEvent click) {
      return clickKey(click);
    }
    if (event instanceof PostEvent post) {
      return postKey(post);
    }
    if (event instanceof ErasureRequest request) {
      return erasureKey(request);
    }
    throw new IllegalArgumentException(
        "no key rule for " + (event == null ? "null" : event.getSchema().getFullName()));
  }

  /** The default topic of a ClickEvent, PostEvent or ErasureRequest. */
  public static String topicOf(SpecificRecord event) {
    if (event instanceof ClickEvent) {
      return CLICKS;
    }
    if (event instanceof PostEvent) {
      return POSTS;
    }
    if (event instanceof ErasureRequest) {
      return ERASURE;
    }
    throw new IllegalArgumentException(
        "no topic for " + (event == null ? "null" : event.getSchema().getFullName()));
  }
}
