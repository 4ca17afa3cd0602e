package io.communitypulse.community;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The local phase of the two-phase community aggregation (Flink SQL's local/global aggregation):
 * chained right behind a stage that emits {@link CommunityDelta}s, it sums them per (community,
 * day) and sends one delta per pair when the watermark advances, before a checkpoint barrier and at
 * the end of the input. The stages upstream emit their deltas from event-time timers, that is just
 * before a watermark passes, so hundreds of members' changes to the same days leave as a handful of
 * records. First responses of a day's POSTs travel in the same record (the smallest per POST), so
 * the community stage reads and writes each day once per watermark, not once per answered POST.
 *
 * <p>Keeps nothing across checkpoints: the buffer is empty whenever a barrier passes.
 */
public class CommunityDeltaCombiner extends AbstractStreamOperator<CommunityDelta>
    implements OneInputStreamOperator<CommunityDelta, CommunityDelta>, BoundedOneInput {

  private static final long serialVersionUID = 1L;

  private transient Map<String, CommunityDelta> buffer;

  @Override
  public void open() throws Exception {
    super.open();
    buffer = new HashMap<>();
  }

  @Override
  public void processElement(StreamRecord<CommunityDelta> element) {
    CommunityDelta delta = element.getValue();
    // A copy: with object reuse the upstream stage may hand the same instance on again.
    buffer
        .computeIfAbsent(
            delta.communityId + '/' + delta.day,
            k -> CommunityDelta.of(delta.communityId, delta.day))
        .addAll(delta);
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    flush();
    super.processWatermark(mark);
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    flush();
    super.prepareSnapshotPreBarrier(checkpointId);
  }

  @Override
  public void endInput() {
    flush();
  }

  private void flush() {
    if (buffer == null || buffer.isEmpty()) {
      return;
    }
    for (CommunityDelta d : buffer.values()) {
      if (!d.isZero()) {
        output.collect(new StreamRecord<>(d));
      }
    }
    buffer.clear();
  }
}
