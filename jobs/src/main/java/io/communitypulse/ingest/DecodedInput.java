package io.communitypulse.ingest;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.DeadLetter;
import io.communitypulse.events.ErasureRequest;
import io.communitypulse.events.PostEvent;

/**
 * One input record after decoding and validation: exactly one of {@code click}, {@code post},
 * {@code erasure} or {@code deadLetter} is set. Decoding never throws, so a bad record travels as a
 * dead letter to the splitter instead of failing the source.
 *
 * <p>A Flink POJO whose Avro fields Flink serializes with its Avro serializer (no Kryo). The source
 * coordinates are kept so that a record found late further down can still be reported with its
 * topic, partition and offset.
 */
public class DecodedInput {
  public ClickEvent click;
  public PostEvent post;
  public ErasureRequest erasure;
  public DeadLetter deadLetter;

  public String sourceTopic;
  public int sourcePartition;
  public long sourceOffset;

  public DecodedInput() {}

  public static DecodedInput ofClick(ClickEvent click, String topic, int partition, long offset) {
    DecodedInput input = at(topic, partition, offset);
    input.click = click;
    return input;
  }

  public static DecodedInput ofPost(PostEvent post, String topic, int partition, long offset) {
    DecodedInput input = at(topic, partition, offset);
    input.post = post;
    return input;
  }

  public static DecodedInput ofErasure(
      ErasureRequest erasure, String topic, int partition, long offset) {
    DecodedInput input = at(topic, partition, offset);
    input.erasure = erasure;
    return input;
  }

  public static DecodedInput ofDeadLetter(DeadLetter deadLetter) {
    DecodedInput input = new DecodedInput();
    input.deadLetter = deadLetter;
    input.sourceTopic = deadLetter.getSourceTopic();
    return input;
  }

  private static DecodedInput at(String topic, int partition, long offset) {
    DecodedInput input = new DecodedInput();
    input.sourceTopic = topic;
    input.sourcePartition = partition;
    input.sourceOffset = offset;
    return input;
  }

  public boolean isDeadLetter() {
    return deadLetter != null;
  }

  /** Event time in epoch ms; only for accepted events. */
  public long occurredAtMillis() {
    return click != null
        ? click.getOccurredAt().toEpochMilli()
        : post.getOccurredAt().toEpochMilli();
  }

  public String communityId() {
    return click != null ? click.getCommunityId() : post.getCommunityId();
  }

  public String eventId() {
    return click != null ? click.getEventId() : post.getEventId();
  }

  @Override
  public String toString() {
    if (deadLetter != null) {
      return "DeadLetter(" + deadLetter.getReason() + ")";
    }
    if (erasure != null) {
      return "Erasure(" + erasure.getRequestId() + ")";
    }
    return (click != null ? "Click(" : "Post(") + communityId() + "/" + eventId() + ")";
  }
}
