package io.communitypulse.collector;

import static io.communitypulse.collector.TestCollector.ACME;
import static io.communitypulse.collector.TestCollector.ACME_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.communitypulse.infra.testing.SharedInfrastructure;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Many clients at once on the real shared broker: the events the collector accepted are exactly the
 * records on the event topics, and the ones it rejected are exactly the dead letters.
 */
@ExtendWith(SharedInfrastructure.class)
class CollectorConcurrencyITCase {

  private static final int CLIENTS = 8;
  private static final int BATCHES_PER_CLIENT = 40;
  private static final int EVENTS_PER_BATCH = 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theEventsAcceptedAreTheEventsInKafka() throws Exception {
    Instant at = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
    try (LiveCollector collector =
        LiveCollector.start(
            SharedInfrastructure.kafkaBootstrapServers(),
            SharedInfrastructure.uniqueName("collector-concurrent"),
            topics -> topics.forEach(SharedInfrastructure::createTopic),
            Map.of())) {
      AtomicLong accepted = new AtomicLong();
      AtomicLong rejected = new AtomicLong();
      ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
      List<Future<?>> running = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        running.add(
            clients.submit(
                () -> {
                  for (int b = 0; b < BATCHES_PER_CLIENT; b++) {
                    String[] batch = new String[EVENTS_PER_BATCH];
                    for (int e = 0; e < EVENTS_PER_BATCH; e++) {
                      String id = client + "-" + b + "-" + e;
                      // Every tenth event is invalid: it must become a dead letter, not an event.
                      batch[e] =
                          e % 10 == 9
                              ? Events.click(ACME, id, at).replace("PAGE_VIEW", "TAP")
                              : e % 2 == 0 ? Events.click(ACME, id, at) : Events.post(ACME, id, at);
                    }
                    HttpResponse<String> answer =
                        collector.client.post(Events.array(batch), "X-Pulse-Key", ACME_KEY);
                    assertThat(answer.statusCode()).isEqualTo(200);
                    JsonNode body = JSON.readTree(answer.body());
                    accepted.addAndGet(body.get("accepted").asLong());
                    rejected.addAndGet(body.get("rejected").size());
                  }
                  return null;
                }));
      }
      for (Future<?> client : running) {
        client.get();
      }
      clients.shutdown();

      long total = (long) CLIENTS * BATCHES_PER_CLIENT * EVENTS_PER_BATCH;
      assertThat(accepted.get()).isEqualTo(total * 9 / 10);
      assertThat(rejected.get()).isEqualTo(total / 10);
      assertThat(collector.events()).hasSize((int) accepted.get());
      assertThat(collector.deadLetters()).hasSize((int) rejected.get());
    }
  }
}
