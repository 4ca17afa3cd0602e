package io.communitypulse.simulator;

import java.util.function.LongSupplier;

/**
 * Paces a producer to a steady number of events per second, or not at all. A pacer that fell behind
 * (a slow broker) does not burst to catch up by more than one second's worth of events. Not
 * thread-safe.
 */
public final class RatePacer {

  /** Sleeps for a number of nanoseconds (tests record instead). */
  @FunctionalInterface
  interface Sleeper {
    void sleepNanos(long nanos) throws InterruptedException;
  }

  private static final long SECOND_NANOS = 1_000_000_000L;

  private final long intervalNanos;
  private final LongSupplier nanoClock;
  private final Sleeper sleeper;
  private long nextNanos = Long.MIN_VALUE;

  RatePacer(double eventsPerSecond, LongSupplier nanoClock, Sleeper sleeper) {
    if (!(eventsPerSecond >= 0) || Double.isInfinite(eventsPerSecond)) {
      throw new IllegalArgumentException(
          "rate must be a positive number of events per second, or 0 for no limit; was "
              + eventsPerSecond);
    }
    this.intervalNanos = eventsPerSecond == 0 ? 0 : Math.max(1, (long) (1e9 / eventsPerSecond));
    this.nanoClock = nanoClock;
    this.sleeper = sleeper;
  }

  /** No pacing: as fast as the consumer of events allows. */
  public static RatePacer unlimited() {
    return new RatePacer(0, System::nanoTime, nanos -> {});
  }

  /** At most {@code eventsPerSecond} events per second; 0 means no limit. */
  public static RatePacer perSecond(double eventsPerSecond) {
    return new RatePacer(
        eventsPerSecond,
        System::nanoTime,
        nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
  }

  /** Waits until the next event may go. */
  public void acquire() throws InterruptedException {
    if (intervalNanos == 0) {
      return;
    }
    long now = nanoClock.getAsLong();
    if (nextNanos == Long.MIN_VALUE || now - nextNanos > SECOND_NANOS) {
      nextNanos = now - (nextNanos == Long.MIN_VALUE ? 0 : SECOND_NANOS);
    }
    long wait = nextNanos - now;
    if (wait > 0) {
      sleeper.sleepNanos(wait);
    }
    nextNanos += intervalNanos;
  }
}
