package io.communitypulse.identity;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.identity.DeviceTimeline.Position;
import io.communitypulse.session.SessionSettings;
import io.communitypulse.state.BulkTypeInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Identity stitching (docs/semantics.md, "Identity stitching"): attributes each click of a device
 * ({@code community_id/anonymous_id}, see {@link DeviceKey}) to a member or to the visitor {@code
 * anon:<anonymous_id>}, by the rules of {@link StitchingRules}. Each click is emitted at once with
 * the best attribution known then; when a later-arriving click changes the attribution of one
 * already emitted (typically a sign-in that claims the pre-sign-in pages) the stitcher emits {@link
 * ActivityEvent#asRetraction()} for the old actor followed by the event with its new actor, so the
 * net result depends only on the set of clicks. A re-emitted click carries the timestamp of the
 * record that caused it (consumers read {@link ActivityEvent#occurredAt}) and may be up to {@code
 * allowedLateness + maxSessionLength} behind the watermark. How its state stays bounded: the same
 * section, under "State".
 */
public class ClickStitcher extends KeyedProcessFunction<String, ClickEvent, ActivityEvent> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ClickStitcher.class);

  private final StitchingRules rules;
  private final long maxSessionLengthMs;
  private final long allowedLatenessMs;
  private final long bindingTtlMs;

  private transient ValueState<BucketIndex> indexState;
  private transient MapState<Long, ClickBucket> bucketState;
  private transient ValueState<Binding> anchorState;
  private transient Counter reassignedClicks;
  private transient Counter clicksPastHorizon;

  /**
   * @param settings the session gap, maximum length and binding TTL the stitching rules use
   * @param lateness how far behind the watermark a click can arrive; in the job the allowed
   *     lateness
   */
  public ClickStitcher(SessionSettings settings, Duration lateness) {
    this.rules = new StitchingRules(settings.gap(), settings.maxLength(), settings.bindingTtl());
    if (lateness == null || lateness.isNegative()) {
      throw new IllegalArgumentException("lateness must be zero or positive, got " + lateness);
    }
    this.maxSessionLengthMs = rules.maxSessionLengthMs();
    this.allowedLatenessMs = lateness.toMillis();
    this.bindingTtlMs = rules.bindingTtlMs();
  }

  /** The key of a click's device: {@code community_id/anonymous_id}. */
  public static String deviceKey(ClickEvent click) {
    return click.getCommunityId() + "/" + click.getAnonymousId();
  }

  /** Keys clicks by device, for {@code keyBy} before this function. */
  public static final class DeviceKey implements KeySelector<ClickEvent, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(ClickEvent click) {
      return deviceKey(click);
    }
  }

  static ValueStateDescriptor<BucketIndex> indexDescriptor() {
    return new ValueStateDescriptor<>("bucket-index", BulkTypeInfo.of(BucketIndex.class));
  }

  static MapStateDescriptor<Long, ClickBucket> bucketsDescriptor() {
    return new MapStateDescriptor<>(
        "click-buckets", Types.LONG, BulkTypeInfo.of(ClickBucket.class));
  }

  static ValueStateDescriptor<Binding> anchorDescriptor() {
    return new ValueStateDescriptor<>("anchor", BulkTypeInfo.of(Binding.class));
  }

  @Override
  public void open(OpenContext openContext) {
    indexState = getRuntimeContext().getState(indexDescriptor());
    bucketState = getRuntimeContext().getMapState(bucketsDescriptor());
    anchorState = getRuntimeContext().getState(anchorDescriptor());
    reassignedClicks = getRuntimeContext().getMetricGroup().counter("reassignedClicks");
    clicksPastHorizon = getRuntimeContext().getMetricGroup().counter("clicksPastHorizon");
  }

  @Override
  public void processElement(ClickEvent click, Context ctx, Collector<ActivityEvent> out)
      throws Exception {
    StitchedClick x =
        new StitchedClick(
            ActivityEvents.fromClick(
                click, ActivityEvents.visitorActor(click.getAnonymousId()), null),
            click.getMemberId());
    long start = DeviceTimeline.bucketStart(x.timestamp());
    Binding anchor = anchorState.value();
    if (forgetAt(start) <= ctx.timerService().currentWatermark()) {
      emitPastHorizon(x, anchor, out);
      return;
    }
    DeviceTimeline device = new DeviceTimeline(indexState.value(), bucketState);
    boolean newBucket = !device.hasBucket(start);
    Position at = device.insert(x);
    if (at == null) {
      LOG.debug("Ignoring click {} seen before on device {}", x.eventId(), ctx.getCurrentKey());
      return;
    }
    if (newBucket) {
      ctx.timerService().registerEventTimeTimer(forgetAt(start));
    }
    restitch(device, at, anchor, out);
    device.flush(indexState);
  }

  /**
   * Recomputes the clicks the new click at {@code at} may have changed, emits the new click and a
   * retraction plus a re-emission for every other click whose actor changed.
   */
  private void restitch(
      DeviceTimeline device, Position at, Binding anchor, Collector<ActivityEvent> out) {
    StitchedClick x = device.get(at);
    TimelineClick before = device.latestBindingBefore(at, anchor);
    List<Position> slice;
    if (x.isBinding()) {
      // It may claim the unbound clicks up to maxSessionLength before it (rule 1) and it is the
      // latest binding of the unbound clicks after it up to the next binding (rule 2).
      Position next = device.firstBindingAfter(at, Long.MAX_VALUE);
      slice =
          device.slice(
              x.timestamp() - maxSessionLengthMs, before, next != null ? next : device.last());
    } else {
      // It may bridge a gap in the run before a binding close enough to claim it (rule 1).
      Position next = device.firstBindingAfter(at, x.timestamp() + maxSessionLengthMs);
      slice =
          next == null
              ? List.of(at)
              : device.slice(device.get(next).timestamp() - maxSessionLengthMs, before, next);
    }
    List<StitchedClick> clicks = new ArrayList<>(slice.size());
    for (Position p : slice) {
      clicks.add(device.get(p));
    }
    String[] members = rules.assign(before, clicks);
    for (int i = 0; i < clicks.size(); i++) {
      StitchedClick c = clicks.get(i);
      if (c == x) {
        attribute(c, members[i]);
        out.collect(c.event.copy());
      } else if (!Objects.equals(c.event.memberId, members[i])) {
        out.collect(c.event.asRetraction());
        attribute(c, members[i]);
        out.collect(c.event.copy());
        device.markChanged(slice.get(i));
        reassignedClicks.inc();
      }
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<ActivityEvent> out)
      throws Exception {
    long watermark = ctx.timerService().currentWatermark();
    BucketIndex index = indexState.value();
    Binding anchor = anchorState.value();
    if (index == null && anchor == null) {
      return; // a timer of state already cleared
    }
    DeviceTimeline device = new DeviceTimeline(index, bucketState);
    // Every click of a bucket that starts this early is past its horizon: forget them all.
    Binding forgotten =
        device.forgetThrough(
            watermark
                - (DeviceTimeline.BUCKET_WIDTH_MS - 1 + allowedLatenessMs + maxSessionLengthMs));
    device.flush(indexState);

    Binding latest = anchor;
    if (forgotten != null
        && (anchor == null || TimelineClick.ORDER.compare(forgotten, anchor) > 0)) {
      latest = forgotten;
    }
    if (latest != null && anchorExpiresAt(latest) <= watermark) {
      latest = null;
    }
    if (latest == null && device.isEmpty()) {
      clearAll();
    } else if (latest == null) {
      anchorState.clear();
    } else if (latest != anchor) {
      if (anchor != null) {
        dropExpiryTimer(anchor, device, ctx.timerService());
      }
      anchorState.update(latest);
      ctx.timerService().registerEventTimeTimer(anchorExpiresAt(latest));
    }
  }

  /**
   * Deletes the expiry timer of an anchor that was replaced: without this a device signed in all
   * day keeps one timer per forgotten bucket, each for the binding TTL. Flink keeps one timer per
   * key and time, so a timer that is also a remembered bucket's forget time stays.
   */
  private void dropExpiryTimer(Binding replaced, DeviceTimeline device, TimerService timers) {
    long expiry = anchorExpiresAt(replaced);
    if (!device.hasBucket(expiry - forgetAt(0))) {
      timers.deleteEventTimeTimer(expiry);
    }
  }

  /**
   * A click older than the horizon breaks the upstream lateness contract: the clicks it could
   * change are forgotten. It is emitted once, with rule 2 against the anchor only, and counted.
   */
  private void emitPastHorizon(StitchedClick x, Binding anchor, Collector<ActivityEvent> out) {
    TimelineClick before =
        anchor != null && TimelineClick.ORDER.compare(anchor, x) < 0 ? anchor : null;
    attribute(x, rules.assign(before, List.of(x))[0]);
    out.collect(x.event);
    clicksPastHorizon.inc();
    LOG.debug(
        "Click {} at {} is past the stitching horizon; emitted without re-stitching",
        x.eventId(),
        x.timestamp());
  }

  private void clearAll() {
    indexState.clear();
    bucketState.clear();
    anchorState.clear();
  }

  private static void attribute(StitchedClick c, String memberId) {
    c.event.memberId = memberId;
    c.event.actor = memberId != null ? memberId : ActivityEvents.visitorActor(c.event.anonymousId);
  }

  /** When every click of the bucket starting at {@code start} can no longer change. */
  private long forgetAt(long bucketStart) {
    return bucketStart
        + DeviceTimeline.BUCKET_WIDTH_MS
        - 1
        + allowedLatenessMs
        + maxSessionLengthMs;
  }

  /**
   * When the anchor can no longer attribute anything: no click less than the TTL after it can still
   * arrive, and every remembered one that could use it has been forgotten.
   */
  private long anchorExpiresAt(Binding anchor) {
    return anchor.timestamp
        + bindingTtlMs
        + allowedLatenessMs
        + maxSessionLengthMs
        + DeviceTimeline.BUCKET_WIDTH_MS;
  }
}
