package io.communitypulse.identity;

/**
 * A click the stitcher still remembers: the {@link ActivityEvent} exactly as last emitted (so its
 * actor is the one a retraction must name) and the member the click itself carried. It holds no
 * {@code ip}, {@code user_agent} or properties: state keeps no more than the output does. A Flink
 * POJO, so it is checkpointed without Kryo.
 */
public class StitchedClick implements TimelineClick {

  /**
   * The event as last emitted; its {@code actor} and {@code memberId} are the current assignment.
   */
  public ActivityEvent event;

  /** The click's own {@code member_id}: non-null for a binding click. */
  public String boundMemberId;

  public StitchedClick() {}

  public StitchedClick(ActivityEvent event, String boundMemberId) {
    this.event = event;
    this.boundMemberId = boundMemberId;
  }

  @Override
  public long timestamp() {
    return event.occurredAt;
  }

  @Override
  public String eventId() {
    return event.eventId;
  }

  @Override
  public String boundMemberId() {
    return boundMemberId;
  }

  @Override
  public String toString() {
    return event + (boundMemberId != null ? " (binds " + boundMemberId + ")" : "");
  }
}
