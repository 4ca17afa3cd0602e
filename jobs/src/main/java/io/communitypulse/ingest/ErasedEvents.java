package io.communitypulse.ingest;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.PostEvent;
import io.communitypulse.privacy.ErasedMembers;
import io.communitypulse.privacy.Erasure;
import io.communitypulse.privacy.ForgetsMembers;
import io.communitypulse.privacy.MemberReferences;
import io.communitypulse.privacy.StageState;
import java.util.Objects;

/**
 * Suppression at ingest (docs/privacy.md): while a member is suppressed, their own events are
 * dropped (and counted), and the events of others lose their references to them (a referral, a
 * target, their id in a URL), so nothing that enters the pipeline names them. The stage it guards
 * keeps only hashes of event ids: there is nothing of the member to purge.
 */
public final class ErasedEvents implements ForgetsMembers<Integer, DecodedInput, DecodedInput> {

  private static final long serialVersionUID = 1L;

  private final MemberReferences references;

  public ErasedEvents(MemberReferences references) {
    this.references = references;
  }

  @Override
  public DecodedInput screen(DecodedInput input, ErasedMembers erased, long now) {
    if (input.click != null) {
      ClickEvent click = input.click;
      String community = click.getCommunityId();
      if (erased.contains(community, click.getMemberId(), now)) {
        return null;
      }
      String referredBy = MemberReferences.member(click.getReferredBy(), community, erased, now);
      String url = references.url(click.getUrl(), community, erased, now);
      String referrer = references.url(click.getReferrer(), community, erased, now);
      if (Objects.equals(referredBy, click.getReferredBy())
          && Objects.equals(url, click.getUrl())
          && Objects.equals(referrer, click.getReferrer())) {
        return input;
      }
      ClickEvent cleaned =
          ClickEvent.newBuilder(click)
              .setReferredBy(referredBy)
              .setUrl(url)
              .setReferrer(referrer)
              .build();
      return DecodedInput.ofClick(
          cleaned, input.sourceTopic, input.sourcePartition, input.sourceOffset);
    }
    if (input.post != null) {
      PostEvent post = input.post;
      String community = post.getCommunityId();
      if (erased.contains(community, post.getMemberId(), now)) {
        return null;
      }
      if (erased.contains(community, post.getTargetMemberId(), now)) {
        PostEvent cleaned = PostEvent.newBuilder(post).setTargetMemberId(null).build();
        return DecodedInput.ofPost(
            cleaned, input.sourceTopic, input.sourcePartition, input.sourceOffset);
      }
    }
    return input;
  }

  @Override
  public void forget(Erasure erasure, StageState<Integer, DecodedInput> stage) {
    // Event-id hashes only: nothing names the member here.
  }
}
