package io.communitypulse.collector;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Context;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

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

  /**
   * Reads {@code events} into records and sends them to Kafka, then, on the request's event loop,
   * either counts what was accepted and rejected and calls {@code answered}, or calls {@code
   * refused} with {@link Refusal#BUFFER_FULL} (nothing sent) or {@link Refusal#KAFKA_FAILED}.
   */
  void publish(
      RoutingContext ctx,
      List<JsonNode> events,
      RequestFacts facts,
      Consumer<Intake> answered,
      Consumer<Refusal> refused) {
    Intake intake = intake().read(events, facts);
    if (!publisher.tryReserve(intake.records().size())) {
      refused.accept(Refusal.BUFFER_FULL);
      return;
    }
    Context context = ctx.vertx().getOrCreateContext();
    publisher
        .send(intake.records())
        .whenComplete(
            (ok, error) ->
                context.runOnContext(
                    v -> {
                      if (error != null) {
                        refused.accept(Refusal.KAFKA_FAILED);
                      } else {
                        metrics.accepted(intake.accepted());
                        intake.rejected().forEach(r -> metrics.rejected(r.rejection().reason()));
                        answered.accept(intake);
                      }
                    }));
  }
}
