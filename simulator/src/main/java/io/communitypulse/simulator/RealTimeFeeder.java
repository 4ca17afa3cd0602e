package io.communitypulse.simulator;

import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds simulated events to Kafka on the wall clock: everything dated in the past at once (the
 * backfill that gives the demo history to show), then live. Used by {@code ./pulse demo} and {@code
 * ./pulse simulate --live}.
 *
 * <p>Live, a rate of 0 sends each event when its time comes: the simulated site's own pace, a
 * fraction of an event per second for the demo's population. A positive rate sends the events that
 * follow, in the same order, at that many per second, each dated the moment it is sent: the site
 * runs faster than the clock without an event ever dated ahead of it, and the figures move within
 * seconds. The events themselves (ids, members, content) stay those of the seeded simulation.
 */
public final class RealTimeFeeder implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(RealTimeFeeder.class);

  private final Iterator<SimulatedEvent> events;
  private final KafkaEventPublisher publisher;
  private final Producer<byte[], byte[]> producer;
  private final Clock clock;
  private final double liveRate;
  private final RatePacer livePacer;
  private final AtomicLong sent = new AtomicLong();
  private volatile boolean live;

  /**
   * @param liveRate events per second once live, each dated when sent; 0 for each event at its own
   *     time
   * @throws IllegalArgumentException if the rate is negative or not a number
   */
  public RealTimeFeeder(
      Iterator<SimulatedEvent> events,
      KafkaEventPublisher publisher,
      Producer<byte[], byte[]> producer,
      Clock clock,
      double liveRate) {
    this(events, publisher, producer, clock, liveRate, pacer(liveRate));
  }

  /** With the pacer of the live part given (tests pace on a fake clock). */
  RealTimeFeeder(
      Iterator<SimulatedEvent> events,
      KafkaEventPublisher publisher,
      Producer<byte[], byte[]> producer,
      Clock clock,
      double liveRate,
      RatePacer livePacer) {
    this.events = events;
    this.publisher = publisher;
    this.producer = producer;
    this.clock = clock;
    this.liveRate = liveRate;
    this.livePacer = livePacer;
  }

  private static RatePacer pacer(double liveRate) {
    if (!(liveRate >= 0) || Double.isInfinite(liveRate)) {
      throw new IllegalArgumentException(
          "live rate must be 0 (each event when its time comes) or a number of events per"
              + " second, was "
              + liveRate);
    }
    return liveRate == 0 ? RatePacer.unlimited() : RatePacer.perSecond(liveRate);
  }

  /** Events sent so far, history included. */
  public long sent() {
    return sent.get();
  }

  /** Whether the history has been sent and the feed follows the clock. */
  public boolean isLive() {
    return live;
  }

  @Override
  public void run() {
    try {
      while (events.hasNext() && !Thread.currentThread().isInterrupted()) {
        SimulatedEvent event = events.next();
        if (!live && event.occurredAtMillis() > clock.millis()) {
          goLive();
        }
        if (live && liveRate > 0) {
          livePacer.acquire();
          event = event.at(Instant.ofEpochMilli(clock.millis()));
        } else if (live) {
          long wait = event.occurredAtMillis() - clock.millis();
          if (wait > 0) {
            producer.flush();
            Thread.sleep(wait);
          }
        }
        producer.send(publisher.recordOf(event));
        sent.incrementAndGet();
      }
      producer.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warn("the simulator stopped: {}", e.toString());
    }
  }

  private void goLive() {
    producer.flush();
    live = true;
    LOG.info(
        "simulator: {} events of history sent; live now, {}",
        sent.get(),
        liveRate > 0
            ? String.format(Locale.ROOT, "%s events/s, each dated when sent", rate(liveRate))
            : "each event when its time comes");
  }

  private static String rate(double perSecond) {
    return perSecond == Math.rint(perSecond)
        ? Long.toString((long) perSecond)
        : String.format(Locale.ROOT, "%.2f", perSecond);
  }
}
