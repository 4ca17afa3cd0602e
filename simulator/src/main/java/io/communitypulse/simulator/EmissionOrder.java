package io.communitypulse.simulator;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.PostEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import org.apache.avro.specific.SpecificRecord;

/**
 * Turns events generated in time order into the order a site's collectors would send them: each
 * event is held for a random delay under {@link #MAX_JITTER_MS} (so events are out of order by less
 * than that); a share of them is held back until the stream has moved more than {@link
 * SimulatorSettings#LATE_AFTER} (plus up to {@link #LATE_SPREAD_MS}) past their time (late); and a
 * share is re-emitted as an exact copy a few events later (duplicates). The generator tells it how
 * far generation has got ({@link #release}); only events due by then leave, so it holds no more
 * than the jitter window plus the late events.
 */
final class EmissionOrder implements EventSink {

  /** Events leave within this delay after their time, so at most this much out of order. */
  static final long MAX_JITTER_MS = 5_000;

  /** Late events are held back {@link SimulatorSettings#LATE_AFTER} plus up to this. */
  static final long LATE_SPREAD_MS = 4 * DailyRhythm.HOUR_MS;

  /** A duplicate follows its original after 1 to this many other events. */
  static final int MAX_DUPLICATE_DISTANCE = 8;

  /**
   * An event waiting to leave. {@code due} is an emission time for punctual events; for late ones
   * it is how far the stream must have moved (the latest {@code occurred_at} emitted).
   */
  private record Held(long due, long order, long occurredAt, SpecificRecord event, boolean late) {}

  private static final class Copy {
    final SimulatedEvent event;
    int countdown;

    Copy(SimulatedEvent event, int countdown) {
      this.event = event;
      this.countdown = countdown;
    }
  }

  private static final Comparator<Held> BY_DUE =
      Comparator.comparingLong(Held::due).thenComparingLong(Held::order);

  private final PriorityQueue<Held> held = new PriorityQueue<>(BY_DUE);
  private final PriorityQueue<Held> heldLate = new PriorityQueue<>(BY_DUE);
  private final ArrayDeque<SimulatedEvent> ready = new ArrayDeque<>();
  private final List<Copy> copies = new ArrayList<>();
  private final SimRandom random;
  private final double lateShare;
  private final double copyChance;
  private final long lateAfterMs = SimulatorSettings.LATE_AFTER.toMillis();
  private long order;
  private long latestOccurred = Long.MIN_VALUE;

  EmissionOrder(SimRandom random, double lateShare, double duplicateShare) {
    this.random = random;
    this.lateShare = lateShare;
    // One copy per original with chance p makes copies p / (1 + p) of all events: solve for share.
    this.copyChance = duplicateShare / (1 - duplicateShare);
  }

  @Override
  public void emit(SpecificRecord event, long occurredAtMillis) {
    if (lateShare > 0 && random.chance(lateShare)) {
      // Due once the stream has passed this time, so it always arrives behind newer events.
      long due = occurredAtMillis + lateAfterMs + 1 + random.betweenMillis(0, LATE_SPREAD_MS);
      heldLate.add(new Held(due, order++, occurredAtMillis, event, true));
    } else {
      long due = occurredAtMillis + random.betweenMillis(0, MAX_JITTER_MS);
      held.add(new Held(due, order++, occurredAtMillis, event, false));
    }
  }

  /** Releases every held event due by {@code frontier}: no later-generated event is due earlier. */
  void release(long frontier) {
    while (!held.isEmpty() && held.peek().due() <= frontier) {
      Held h = held.poll();
      out(h);
      latestOccurred = Math.max(latestOccurred, h.occurredAt());
      while (!heldLate.isEmpty() && heldLate.peek().due() <= latestOccurred) {
        out(heldLate.poll());
      }
    }
  }

  /** Releases everything: generation is over. */
  void finish() {
    release(Long.MAX_VALUE);
    while (!heldLate.isEmpty()) {
      out(heldLate.poll());
    }
    for (Copy copy : copies) {
      ready.add(copy.event);
    }
    copies.clear();
  }

  boolean hasReady() {
    return !ready.isEmpty();
  }

  SimulatedEvent poll() {
    return ready.poll();
  }

  private void out(Held h) {
    ready.add(new SimulatedEvent(h.event(), false, h.late()));
    for (Iterator<Copy> it = copies.iterator(); it.hasNext(); ) {
      Copy copy = it.next();
      if (--copy.countdown == 0) {
        ready.add(copy.event);
        it.remove();
      }
    }
    if (copyChance > 0 && random.chance(copyChance)) {
      copies.add(
          new Copy(
              new SimulatedEvent(copyOf(h.event()), true, h.late()),
              random.between(1, MAX_DUPLICATE_DISTANCE)));
    }
  }

  private static SpecificRecord copyOf(SpecificRecord event) {
    if (event instanceof ClickEvent click) {
      return ClickEvent.newBuilder(click).build();
    }
    return PostEvent.newBuilder((PostEvent) event).build();
  }
}
