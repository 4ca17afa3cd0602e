package io.communitypulse.ingest;

import io.communitypulse.events.DeadLetter;
import io.communitypulse.wire.DeadLetters;
import io.communitypulse.wire.WireCodec;
import java.time.Instant;

/** Builds the dead letter of a decoded event found late, re-encoding it in the wire format. */
final class LateEvents {

  private static final ThreadLocal<WireCodec<io.communitypulse.events.ClickEvent>> CLICKS =
      ThreadLocal.withInitial(WireCodec::clicks);
  private static final ThreadLocal<WireCodec<io.communitypulse.events.PostEvent>> POSTS =
      ThreadLocal.withInitial(WireCodec::posts);

  private LateEvents() {}

  static DeadLetter deadLetter(DecodedInput input, long watermark) {
    byte[] bytes =
        input.click != null ? CLICKS.get().encode(input.click) : POSTS.get().encode(input.post);
    return DeadLetters.fromKafka(
        bytes,
        input.sourceTopic,
        input.sourcePartition,
        input.sourceOffset,
        InputScreen.lateRejection(input.occurredAtMillis(), watermark),
        Instant.now(),
        input.communityId(),
        input.eventId());
  }
}
