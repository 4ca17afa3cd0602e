package io.communitypulse.simulator;

import java.time.Clock;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds simulated events to Kafka on the wall clock: everything dated in the past at once (the
 * backfill that gives the demo history to show), then each event when its time comes, so the job
 * sees a live site. Used by {@code ./pulse demo} and {@code ./pulse simulate --live}.
 */
public final class RealTimeFeeder implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(RealTimeFeeder.class);

  private final Iterator<SimulatedEvent> events;
  private final KafkaEventPublisher publisher;
  private final Producer<byte[], byte[]> producer;
  private final Clock clock;
  private final AtomicLong sent = new AtomicLong();

  public RealTimeFeeder(
      Iterator<SimulatedEvent> events,
      KafkaEventPublisher publisher,
      Producer<byte[], byte[]> producer,
      Clock clock) {
    this.events = events;
    this.publisher = publisher;
    this.producer = producer;
    this.clock = clock;
  }

  public long sent() {
    return sent.get();
  }

  @Override
  public void run() {
    try {
      while (events.hasNext() && !Thread.currentThread().isInterrupted()) {
        SimulatedEvent event = events.next();
        long wait = event.occurredAtMillis() - clock.millis();
        if (wait > 0) {
          producer.flush();
          Thread.sleep(wait);
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
}
