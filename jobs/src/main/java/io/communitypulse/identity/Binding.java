package io.communitypulse.identity;

/**
 * A binding click reduced to what rule 2 needs: when and in which order it happened, and to whom it
 * bound the device. The stitcher keeps the latest binding of the clicks it has forgotten as the
 * anchor of the device. A Flink POJO, so it is checkpointed without Kryo.
 */
public class Binding implements TimelineClick {
  public long timestamp;
  public String eventId;
  public String memberId;

  public Binding() {}

  public Binding(long timestamp, String eventId, String memberId) {
    this.timestamp = timestamp;
    this.eventId = eventId;
    this.memberId = memberId;
  }

  /** The binding made by {@code click}, which must be a binding click. */
  public static Binding of(TimelineClick click) {
    return new Binding(click.timestamp(), click.eventId(), click.boundMemberId());
  }

  @Override
  public long timestamp() {
    return timestamp;
  }

  @Override
  public String eventId() {
    return eventId;
  }

  @Override
  public String boundMemberId() {
    return memberId;
  }

  @Override
  public String toString() {
    return memberId + "@" + timestamp + "/" + eventId;
  }
}
