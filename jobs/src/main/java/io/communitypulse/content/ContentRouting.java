package io.communitypulse.content;

import io.communitypulse.events.PostEvent;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Routes each accepted post event to the content it concerns (docs/producing-events.md, "The
 * content join"): a POST or REPLY authors its {@code content_id}; a REPLY also refers to its {@code
 * parent_content_id}; a REACTION or ACCEPTED_ANSWER refers to its {@code content_id}; a MENTION
 * with a target refers to its {@code content_id} with the target already resolved, and one without
 * a target credits nobody, so it is not routed. A SHARE concerns no content author.
 *
 * <p>The switch is exhaustive, so a new Avro enum symbol fails the build here.
 */
public class ContentRouting implements FlatMapFunction<PostEvent, ContentRef> {

  private static final long serialVersionUID = 1L;

  @Override
  public void flatMap(PostEvent event, Collector<ContentRef> out) {
    switch (event.getType()) {
      case POST -> out.collect(authored(event, true));
      case REPLY -> {
        out.collect(authored(event, false));
        // A reply without a parent names nothing to credit or answer.
        if (event.getParentContentId() != null) {
          out.collect(reference(event, ContentRole.REPLY_TO, event.getParentContentId()));
        }
      }
      case REACTION -> out.collect(reference(event, ContentRole.REACTION, event.getContentId()));
      case ACCEPTED_ANSWER ->
          out.collect(reference(event, ContentRole.ACCEPTED_ANSWER, event.getContentId()));
      case MENTION -> {
        if (event.getTargetMemberId() != null) {
          out.collect(reference(event, ContentRole.MENTION, event.getContentId()));
        }
      }
      case SHARE -> {
        // Shares credit their own member through referrals, not through content.
      }
    }
  }

  private static ContentRef authored(PostEvent event, boolean post) {
    ContentRef ref = base(event, ContentRole.AUTHORED, event.getContentId());
    ref.post = post;
    return ref;
  }

  private static ContentRef reference(PostEvent event, ContentRole role, String contentId) {
    ContentRef ref = base(event, role, contentId);
    ref.targetMemberId = event.getTargetMemberId();
    return ref;
  }

  private static ContentRef base(PostEvent event, ContentRole role, String contentId) {
    ContentRef ref = new ContentRef();
    ref.communityId = event.getCommunityId();
    ref.contentId = contentId;
    ref.role = role;
    ref.memberId = event.getMemberId();
    ref.eventId = event.getEventId();
    ref.occurredAt = event.getOccurredAt().toEpochMilli();
    return ref;
  }
}
