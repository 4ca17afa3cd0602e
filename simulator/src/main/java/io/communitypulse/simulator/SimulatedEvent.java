package io.communitypulse.simulator;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.PostEvent;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;

/**
 * One event as the simulator emits it, with what the simulator knows about it that the event itself
 * does not say: whether it is a re-emitted copy of an earlier event (same {@code event_id}) and
 * whether it is emitted late, more than {@link SimulatorSettings#LATE_AFTER} after its time.
 *
 * @param event a {@link ClickEvent} or a {@link PostEvent}
 * @param duplicate an exact copy of an event emitted a few events earlier
 * @param late emitted out of order, more than two hours after its {@code occurred_at}
 */
public record SimulatedEvent(SpecificRecord event, boolean duplicate, boolean late) {

  public boolean isClick() {
    return event instanceof ClickEvent;
  }

  /**
   * The same event (id, actor, content) dated {@code occurredAt} instead; it is then on time, not
   * late.
   */
  public SimulatedEvent at(Instant occurredAt) {
    SpecificRecord moved =
        event instanceof ClickEvent click
            ? ClickEvent.newBuilder(click).setOccurredAt(occurredAt).build()
            : PostEvent.newBuilder((PostEvent) event).setOccurredAt(occurredAt).build();
    return new SimulatedEvent(moved, duplicate, false);
  }

  /** The event's {@code occurred_at}, in epoch milliseconds. */
  public long occurredAtMillis() {
    return event instanceof ClickEvent click
        ? click.getOccurredAt().toEpochMilli()
        : ((PostEvent) event).getOccurredAt().toEpochMilli();
  }
}
