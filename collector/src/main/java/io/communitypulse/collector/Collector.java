package io.communitypulse.collector;

import java.time.Clock;
import java.util.function.BooleanSupplier;

/**
 * The parts every event loop of the collector shares, all thread-safe: settings, the intake that
 * reads and encodes events, the in-flight buffer in front of Kafka, whether Kafka is reachable, the
 * metrics, the tracker script and the clock that stamps {@code received_at}.
 */
record Collector(
    CollectorSettings settings,
    EventIntake intake,
    KafkaPublisher publisher,
    BooleanSupplier kafkaReady,
    CollectorMetrics metrics,
    TrackerScript tracker,
    Clock clock) {

  Answers answers() {
    return new Answers(settings.retryAfter());
  }
}
