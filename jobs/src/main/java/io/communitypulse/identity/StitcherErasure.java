package io.communitypulse.identity;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.ingest.UrlMemberIds;
import io.communitypulse.privacy.ErasedMembers;
import io.communitypulse.privacy.Erasure;
import io.communitypulse.privacy.ForgetsMembers;
import io.communitypulse.privacy.MemberReferences;
import io.communitypulse.privacy.StageState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;

/**
 * What the stitcher forgets of a member (docs/privacy.md): their bindings. A device bound only to
 * them loses everything it remembers; a device shared with others loses the member's clicks and, if
 * it is theirs, the anchor. The clicks of others it keeps lose the member's id (a referral, a URL):
 * a later sign-in may re-emit them, after Elasticsearch was cleaned. Nothing is re-emitted now:
 * what was counted stays counted.
 */
public final class StitcherErasure implements ForgetsMembers<String, ClickEvent, ActivityEvent> {

  private static final long serialVersionUID = 1L;

  private final MemberReferences references;

  /** With the default {@code privacy.member-url-patterns}; the job should pass its own. */
  public StitcherErasure() {
    this(new MemberReferences(new UrlMemberIds(UrlMemberIds.DEFAULT_PATTERNS)));
  }

  public StitcherErasure(MemberReferences references) {
    this.references = references;
  }

  @Override
  public ClickEvent screen(ClickEvent click, ErasedMembers erased, long now) {
    return erased.contains(click.getCommunityId(), click.getMemberId(), now) ? null : click;
  }

  @Override
  public void forget(Erasure erasure, StageState<String, ActivityEvent> stage) throws Exception {
    ValueState<BucketIndex> indexState = stage.states().getState(ClickStitcher.indexDescriptor());
    MapState<Long, ClickBucket> buckets =
        stage.states().getMapState(ClickStitcher.bucketsDescriptor());
    ValueState<Binding> anchorState = stage.states().getState(ClickStitcher.anchorDescriptor());
    Set<String> devices = new HashSet<>();
    // A device has an index while it remembers clicks and an anchor while a binding can still
    // attribute: visit both, each device once.
    stage.forEachKey(
        ClickStitcher.indexDescriptor(),
        (device, index) -> {
          if (erasure.inCommunity(device)) {
            devices.add(device);
            forgetIn(erasure, indexState, buckets, anchorState);
          }
        });
    stage.forEachKey(
        ClickStitcher.anchorDescriptor(),
        (device, anchor) -> {
          if (erasure.inCommunity(device) && !devices.contains(device)) {
            forgetIn(erasure, indexState, buckets, anchorState);
          }
        });
  }

  /** Removes the member from the device whose state the handles currently point at. */
  private void forgetIn(
      Erasure erasure,
      ValueState<BucketIndex> indexState,
      MapState<Long, ClickBucket> buckets,
      ValueState<Binding> anchorState)
      throws Exception {
    String memberId = erasure.memberId;
    Binding anchor = anchorState.value();
    if (anchor != null && memberId.equals(anchor.memberId)) {
      anchorState.clear();
      anchor = null;
    }
    BucketIndex index = indexState.value();
    if (index != null) {
      List<Long> kept = new ArrayList<>();
      List<Boolean> keptWithBinding = new ArrayList<>();
      for (long start : index.starts) {
        ClickBucket bucket = buckets.get(start);
        if (bucket == null) {
          continue;
        }
        boolean changed =
            bucket.clicks.removeIf(
                c -> memberId.equals(c.boundMemberId) || memberId.equals(c.event.memberId));
        for (StitchedClick c : bucket.clicks) {
          changed |= c.event.forget(erasure, references);
        }
        if (bucket.clicks.isEmpty()) {
          buckets.remove(start);
          continue;
        }
        if (changed) {
          buckets.put(start, bucket);
        }
        kept.add(start);
        keptWithBinding.add(bucket.clicks.stream().anyMatch(c -> c.boundMemberId != null));
      }
      if (kept.isEmpty()) {
        indexState.clear();
        index = null;
      } else if (kept.size() != index.starts.length
          || !keptWithBinding.equals(flags(index.withBinding))) {
        BucketIndex updated = new BucketIndex();
        updated.starts = kept.stream().mapToLong(Long::longValue).toArray();
        updated.withBinding = new boolean[kept.size()];
        for (int i = 0; i < kept.size(); i++) {
          updated.withBinding[i] = keptWithBinding.get(i);
        }
        indexState.update(updated);
      }
    }
    if (index == null && anchor == null) {
      buckets.clear();
    }
  }

  private static List<Boolean> flags(boolean[] values) {
    List<Boolean> list = new ArrayList<>(values.length);
    for (boolean v : values) {
      list.add(v);
    }
    return list;
  }
}
