package io.communitypulse.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.communitypulse.config.PulseConfig;
import io.communitypulse.config.PulseOptions;
import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.ClickType;
import io.communitypulse.infra.testing.SharedInfrastructure;
import io.communitypulse.ingest.KafkaEventSources;
import io.communitypulse.runtime.JobEnvironment;
import io.communitypulse.runtime.KafkaOffsets;
import io.communitypulse.runtime.ProductionSinks;
import io.communitypulse.simulator.CommunitySimulator;
import io.communitypulse.sink.Aliases;
import io.communitypulse.testing.RunTopicsAndIndices;
import io.communitypulse.wire.Topics;
import io.communitypulse.wire.WireCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The continuous job on real Kafka and Elasticsearch closes sessions when input partitions fall
 * quiet: while one partition (or a whole topic) has no events and the others flow, and when every
 * partition is quiet (night hours), where only the wall clock can move event time on. Events are
 * dated now, with a short session gap and idle timeout, so "closed" is reached in seconds.
 */
@ExtendWith(SharedInfrastructure.class)
class IdlePartitionsITCase {

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  private static final int PARTITIONS = 3;
  private static final Duration GAP = Duration.ofSeconds(10);
  private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration CLOSE_WITHIN = Duration.ofMinutes(2);

  private PulseConfig config;
  private JobClient job;
  private KafkaProducer<byte[], byte[]> producer;
  private ClickEvent template;
  private final AtomicInteger eventIds = new AtomicInteger();

  @BeforeEach
  void startContinuousJob() throws Exception {
    String name = SharedInfrastructure.uniqueName("idle");
    Map<String, String> settings = RunTopicsAndIndices.settings(name);
    settings.put(PulseOptions.KAFKA_GROUP_ID.key(), name);
    settings.put(PulseOptions.SESSION_GAP.key(), GAP.toMillis() + " ms");
    settings.put(PulseOptions.IDLE_TIMEOUT.key(), IDLE_TIMEOUT.toMillis() + " ms");
    settings.put(PulseOptions.OUT_OF_ORDERNESS.key(), "500 ms");
    settings.put(PulseOptions.CHECKPOINT_INTERVAL.key(), "1 s");
    config = PulseConfig.from(Configuration.fromMap(settings));
    RunTopicsAndIndices.create(config, PARTITIONS);
    template =
        new CommunitySimulator(FaultInput.smallCommunities())
            .generate()
            .filter(e -> e instanceof ClickEvent)
            .map(e -> (ClickEvent) e)
            .findFirst()
            .orElseThrow();
    producer = KafkaOffsets.producer(config.kafka().requireBootstrapServers());

    StreamExecutionEnvironment env = JobEnvironment.create(config);
    ProductionSinks.job(config, KafkaEventSources.continuous(config)).build(env);
    job = env.executeAsync("idle-partitions-itcase");
  }

  @AfterEach
  void stopJob() throws Exception {
    if (job != null) {
      job.cancel().get(1, TimeUnit.MINUTES);
    }
    if (producer != null) {
      producer.close();
    }
  }

  @Test
  void aSessionClosesWhileOnePartitionAndTheWholePostsTopicStayIdle() throws Exception {
    // Partitions 0 and 1 of the clicks topic flow, an event every 300 ms; partition 2 and all
    // posts partitions never see an event.
    AtomicInteger sent = new AtomicInteger();
    ScheduledExecutorService feeder = Executors.newSingleThreadScheduledExecutor();
    ScheduledFuture<?> flowing =
        feeder.scheduleAtFixedRate(
            () -> {
              int i = sent.getAndIncrement();
              send(click("busy-" + (i % 2), Instant.now()), i % 2);
            },
            0,
            300,
            TimeUnit.MILLISECONDS);
    try {
      Instant at = Instant.now();
      send(click("short-visit", at), 0);

      Map<String, Object> session = awaitClosedSessionOf("short-visit");

      // A feed that failed would have ended its schedule.
      assertThat(flowing.isDone()).as("the other partitions still flow").isFalse();
      assertThat(((Number) session.get("end")).longValue()).isEqualTo(at.toEpochMilli());
      assertThat(((Number) session.get("events")).longValue()).isEqualTo(1);
    } finally {
      feeder.shutdownNow();
      feeder.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void sessionsCloseWhenEveryPartitionIsIdle() throws Exception {
    Instant first = Instant.now();
    Instant last = first.plusSeconds(2);
    send(click("night-owl", first), 0);
    send(click("night-owl", first.plusSeconds(1)), 0);
    send(click("night-owl", last), 0);
    send(click("early-bird", first), 1);

    Map<String, Object> owl = awaitClosedSessionOf("night-owl");
    Map<String, Object> bird = awaitClosedSessionOf("early-bird");

    assertThat(((Number) owl.get("start")).longValue()).isEqualTo(first.toEpochMilli());
    assertThat(((Number) owl.get("end")).longValue()).isEqualTo(last.toEpochMilli());
    assertThat(((Number) owl.get("events")).longValue()).isEqualTo(3);
    assertThat(((Number) bird.get("events")).longValue()).isEqualTo(1);
  }

  private ClickEvent click(String device, Instant at) {
    return ClickEvent.newBuilder(template)
        .setEventId("idle-" + eventIds.incrementAndGet())
        .setAnonymousId(device)
        .setMemberId(null)
        .setType(ClickType.PAGE_VIEW)
        .setUrl("/idle")
        .setReferrer(null)
        .setReferredBy(null)
        .setContentId(null)
        .setConversionValue(null)
        .setOccurredAt(at)
        .build();
  }

  private void send(ClickEvent click, int partition) {
    producer.send(
        new ProducerRecord<>(
            config.kafka().clicksTopic(),
            partition,
            Topics.key(click).getBytes(StandardCharsets.UTF_8),
            WireCodec.clicks().encode(click)));
    producer.flush();
  }

  /** Polls the session documents until the one of {@code device} says closed. */
  private Map<String, Object> awaitClosedSessionOf(String device) {
    return await("a closed session of " + device)
        .atMost(CLOSE_WITHIN)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                ElasticsearchSnapshot.take(
                        SharedInfrastructure.elasticsearchUrl(),
                        config.elasticsearch().indexPrefix())
                    .documents(Aliases.SESSIONS)
                    .values()
                    .stream()
                    .filter(d -> String.valueOf(d.get("anonymous_ids")).contains(device))
                    .filter(d -> "closed".equals(d.get("status")))
                    .findFirst(),
            Optional::isPresent)
        .orElseThrow();
  }
}
