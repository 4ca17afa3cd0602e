package io.communitypulse.bench.collector;

/**
 * One way of getting a batch of events into Kafka, acknowledged: through the HTTP collector, or
 * with a plain Kafka producer in this JVM. Both send the same events to the same broker; {@link
 * #cpuNanos()} is the CPU time of the threads doing that target's work (not the load generator's,
 * not the broker's), so the two can be compared per event.
 */
interface LoadTarget extends AutoCloseable {

  String name();

  /** Sends batch {@code index} (events {@code index * size} onwards) and waits for its ack. */
  void send(int index, int size) throws Exception;

  /** CPU time so far of the threads that do this target's work. */
  long cpuNanos();
}
