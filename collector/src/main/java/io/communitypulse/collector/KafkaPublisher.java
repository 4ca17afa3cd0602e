package io.communitypulse.collector;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The bounded in-flight buffer in front of the Kafka producer. A request first {@link #tryReserve
 * reserves} room for all its records (never blocking the event loop: no room means 503), then
 * {@link #send sends} them; its future completes once Kafka acknowledged every one (acks=all), or
 * fails with the first failure, and only then does the request get its answer. So a 200 is never
 * given for an event Kafka has not acknowledged, and when Kafka is slow or down the buffer fills
 * and new requests are turned away at once instead of piling up in memory.
 */
final class KafkaPublisher {

  private final Producer<String, byte[]> producer;
  private final Semaphore room;
  private final int capacity;
  private final CollectorMetrics metrics;

  KafkaPublisher(Producer<String, byte[]> producer, int capacity, CollectorMetrics metrics) {
    this.producer = Objects.requireNonNull(producer, "producer");
    this.capacity = capacity;
    this.room = new Semaphore(capacity);
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  /** Reserves room for {@code records} records; false, and nothing reserved, when full. */
  boolean tryReserve(int records) {
    return records == 0 || room.tryAcquire(records);
  }

  /** Gives back room reserved for records that will not be sent after all. */
  void release(int records) {
    room.release(records);
  }

  /**
   * Sends records for which room was reserved; each one's room is given back when Kafka answers for
   * it. Completes normally when every record was acknowledged, exceptionally with the first failure
   * (the others may have been written: a retry of the request can duplicate them, which the job
   * removes by {@code event_id}).
   */
  CompletableFuture<Void> send(List<ProducerRecord<String, byte[]>> records) {
    CompletableFuture<Void> all = new CompletableFuture<>();
    if (records.isEmpty()) {
      all.complete(null);
      return all;
    }
    AtomicInteger pending = new AtomicInteger(records.size());
    for (ProducerRecord<String, byte[]> record : records) {
      long start = System.nanoTime();
      try {
        producer.send(
            record,
            (metadata, error) -> {
              metrics.sent(System.nanoTime() - start);
              settle(all, pending, error);
            });
      } catch (RuntimeException e) {
        // send() throws when it cannot even queue the record (metadata or buffer wait timed
        // out, producer closed): the record is as lost as one Kafka failed.
        settle(all, pending, e);
      }
    }
    return all;
  }

  private void settle(CompletableFuture<Void> all, AtomicInteger pending, Exception error) {
    room.release();
    if (error != null) {
      all.completeExceptionally(error);
    }
    if (pending.decrementAndGet() == 0) {
      all.complete(null);
    }
  }

  /** Records handed to the producer and not yet answered for, plus reservations not yet sent. */
  int inFlight() {
    return capacity - room.availablePermits();
  }

  int capacity() {
    return capacity;
  }
}
