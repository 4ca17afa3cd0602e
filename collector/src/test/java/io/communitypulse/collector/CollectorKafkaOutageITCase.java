package io.communitypulse.collector;

import static io.communitypulse.collector.TestCollector.ACME;
import static io.communitypulse.collector.TestCollector.ACME_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.infra.local.LocalKafka;
import io.communitypulse.wire.WireCodec;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka stopped for 30 s under a steady stream of batches from clients that behave like the tracker
 * (a batch answered 503 is sent again, same event ids, after a back-off): the collector answers 503
 * with Retry-After while Kafka is away, and every event that ever got a 200 is in the topic
 * afterwards. Duplicates are allowed (a batch Kafka half-wrote before failing is sent again; the
 * job drops them by event_id), a missing event is not.
 *
 * <p>The broker is a private {@link LocalKafka}, not the shared one: stopping the shared broker
 * would disturb other test classes, and a container broker cannot be stopped and started again.
 */
class CollectorKafkaOutageITCase {

  private static final Logger LOG = LoggerFactory.getLogger(CollectorKafkaOutageITCase.class);

  private static final int CLIENTS = 4;
  private static final int EVENTS_PER_BATCH = 10;
  private static final Duration OUTAGE = Duration.ofSeconds(30);

  /** Accepted before Kafka stops, and again after it is back, before the clients stop. */
  private static final int BATCHES_BEFORE_AND_AFTER = 40;

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Duration CLIENT_PAUSE = Duration.ofMillis(20);
  private static final Duration BACK_OFF = Duration.ofMillis(250);

  @Test
  void kafkaDownFor30sGives503sAndEveryEventThatGotA200IsInTheTopic() throws Exception {
    try (LocalKafka kafka = new LocalKafka().start();
        LiveCollector collector =
            LiveCollector.start(
                kafka.bootstrapServers(),
                "outage",
                kafka::createTopics,
                Map.of(
                    "collector.kafka-timeout", "3 s",
                    "collector.readiness-interval", "500 ms",
                    "collector.retry-after", "1 s"))) {
      Instant at = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
      Set<String> acknowledged = ConcurrentHashMap.newKeySet();
      Set<String> attempted = ConcurrentHashMap.newKeySet();
      AtomicLong ok = new AtomicLong();
      AtomicLong unavailable = new AtomicLong();
      AtomicLong unavailableWithRetryAfter = new AtomicLong();
      AtomicBoolean stop = new AtomicBoolean();
      ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
      List<Future<?>> clients = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        clients.add(
            pool.submit(
                () -> {
                  for (int b = 0; !stop.get(); b++) {
                    List<String> ids = new ArrayList<>();
                    String[] batch = new String[EVENTS_PER_BATCH];
                    for (int e = 0; e < EVENTS_PER_BATCH; e++) {
                      String id = "o-" + client + "-" + b + "-" + e;
                      ids.add(id);
                      batch[e] = Events.click(ACME, id, at);
                    }
                    attempted.addAll(ids);
                    String body = Events.array(batch);
                    // Like the tracker: the same batch again until it is accepted.
                    while (true) {
                      HttpResponse<String> answer =
                          collector.client.post(body, "X-Pulse-Key", ACME_KEY);
                      if (answer.statusCode() == 200) {
                        ok.incrementAndGet();
                        acknowledged.addAll(ids);
                        break;
                      }
                      assertThat(answer.statusCode()).isEqualTo(503);
                      unavailable.incrementAndGet();
                      if (answer.headers().firstValue("Retry-After").isPresent()) {
                        unavailableWithRetryAfter.incrementAndGet();
                      }
                      // The tracker's back-off and pace are part of the scenario, not waits.
                      Thread.sleep(BACK_OFF.toMillis());
                    }
                    Thread.sleep(CLIENT_PAUSE.toMillis());
                  }
                  return null;
                }));
      }

      await("batches accepted before the outage")
          .atMost(WAIT)
          .until(() -> ok.get() >= BATCHES_BEFORE_AND_AFTER);
      long okBefore = ok.get();
      kafka.stopBroker();
      Thread.sleep(OUTAGE.toMillis()); // the outage itself, not a wait for a result
      long okDuringOutage = ok.get() - okBefore;
      long unavailableDuringOutage = unavailable.get();
      kafka.startBrokerAgain();
      long okAtRestart = ok.get();
      await("batches accepted after Kafka came back")
          .atMost(WAIT)
          .until(() -> ok.get() >= okAtRestart + BATCHES_BEFORE_AND_AFTER);
      stop.set(true);
      for (Future<?> client : clients) {
        client.get(); // each finishes its batch in progress, retrying until accepted
      }
      pool.shutdown();

      List<ConsumerRecord<String, byte[]>> records = collector.events();
      Set<String> inKafka = new HashSet<>();
      for (ConsumerRecord<String, byte[]> record : records) {
        ClickEvent click = WireCodec.clicks().decode(record.value()).value();
        inKafka.add(click.getEventId());
      }
      LOG.info(
          "outage: batches ok={} (before {}, during the outage {}), 503s={} ({} during the"
              + " outage), events acknowledged={}, records in Kafka={}, distinct={}, duplicates={}",
          ok.get(),
          okBefore,
          okDuringOutage,
          unavailable.get(),
          unavailableDuringOutage,
          acknowledged.size(),
          records.size(),
          inKafka.size(),
          records.size() - inKafka.size());

      assertThat(okBefore).as("batches accepted before the outage").isPositive();
      assertThat(unavailableDuringOutage).as("503s while Kafka was away").isPositive();
      assertThat(unavailableWithRetryAfter.get()).isEqualTo(unavailable.get());
      assertThat(ok.get()).as("batches accepted after Kafka came back").isGreaterThan(okBefore);
      assertThat(inKafka).as("every acknowledged event is in Kafka").containsAll(acknowledged);
      assertThat(attempted).containsAll(inKafka);
      // Every batch was eventually accepted: nothing attempted is missing either.
      assertThat(acknowledged).isEqualTo(attempted);
    }
  }
}
