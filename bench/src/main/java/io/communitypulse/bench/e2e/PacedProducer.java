package io.communitypulse.bench.e2e;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Sends one chunk of encoded events to Kafka at a steady rate, each dated the moment it is sent
 * ({@link WireTimestamps}), so event time follows the wall clock as on a live site; optionally a
 * freshness probe every so often. Runs on its own thread until the chunk is sent or {@link #stop()}
 * is called; a send Kafka refused stops it and is reported by {@link #failure()}.
 *
 * <p>Pacing keeps the count sent at rate × elapsed time, catching up after any stall. (The
 * simulator's {@code RatePacer} forgives a deficit of more than a second, which on a busy machine
 * would quietly lower the rate a step claims to test; here a producer that cannot keep up shows in
 * the produced rate, which {@link SustainRule} checks.)
 */
final class PacedProducer implements Runnable {

  private final Producer<byte[], byte[]> producer;
  private final String clicksTopic;
  private final String postsTopic;
  private final SimulatedFeed.EventChunk events;
  private final double rate;
  private final FreshnessProbes probes;
  private final long probeEveryNanos;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private volatile boolean stopped;
  private volatile boolean probing = true;

  /**
   * @param probes where probes come from, or null for none
   * @param probeEvery the time between two probes (ignored without probes)
   */
  PacedProducer(
      Producer<byte[], byte[]> producer,
      String clicksTopic,
      String postsTopic,
      SimulatedFeed.EventChunk events,
      double rate,
      FreshnessProbes probes,
      Duration probeEvery) {
    this.producer = producer;
    this.clicksTopic = clicksTopic;
    this.postsTopic = postsTopic;
    this.events = events;
    this.rate = rate;
    this.probes = probes;
    this.probeEveryNanos = probeEvery.toNanos();
  }

  @Override
  public void run() {
    long start = System.nanoTime();
    long nextProbe = start;
    try {
      for (int i = 0; i < events.size() && !stopped && failure.get() == null; i++) {
        // Event i is due at start + i / rate.
        long wait = start + (long) (i * 1e9 / rate) - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        long now = System.currentTimeMillis();
        if (probes != null && probing && System.nanoTime() - nextProbe >= 0) {
          send(probes.next(now));
          nextProbe += probeEveryNanos;
        }
        String topic = events.isClick()[i] ? clicksTopic : postsTopic;
        send(
            new ProducerRecord<>(
                topic, events.keys()[i], WireTimestamps.withOccurredAt(events.values()[i], now)));
        sent.incrementAndGet();
      }
      producer.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      failure.compareAndSet(null, e);
    }
  }

  private void send(ProducerRecord<byte[], byte[]> record) {
    producer.send(
        record,
        (metadata, error) -> {
          if (error != null) {
            failure.compareAndSet(null, error);
          }
        });
  }

  /** Sends no more probes; the load goes on. */
  void stopProbes() {
    probing = false;
  }

  /** Ends the sending loop (the thread then flushes and returns). */
  void stop() {
    stopped = true;
  }

  /** Events handed to the producer so far (probes not counted). */
  long sent() {
    return sent.get();
  }

  /** The first error Kafka reported, or null. */
  Exception failure() {
    return failure.get();
  }
}
