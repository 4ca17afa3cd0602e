package io.communitypulse.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.communitypulse.badinput.BadInputCorpus.Case;
import io.communitypulse.config.PulseConfig;
import io.communitypulse.config.PulseOptions;
import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.DeadLetter;
import io.communitypulse.events.PostEvent;
import io.communitypulse.events.RejectReason;
import io.communitypulse.infra.testing.SharedInfrastructure;
import io.communitypulse.ingest.KafkaEventSources;
import io.communitypulse.reference.InputPlan;
import io.communitypulse.reference.ReferenceSessions;
import io.communitypulse.runtime.JobEnvironment;
import io.communitypulse.runtime.KafkaOffsets;
import io.communitypulse.runtime.ProductionSinks;
import io.communitypulse.simulator.CommunitySimulator;
import io.communitypulse.simulator.SimulatorSettings;
import io.communitypulse.sink.Aliases;
import io.communitypulse.sink.ElasticsearchClients;
import io.communitypulse.sink.ElasticsearchSetup;
import io.communitypulse.sink.SinkMetrics;
import io.communitypulse.testing.DeadLetterTopic;
import io.communitypulse.testing.RunTopicsAndIndices;
import io.communitypulse.wire.DeadLetters;
import io.communitypulse.wire.Decoded;
import io.communitypulse.wire.WireCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The committed bad-input corpus, mixed into simulated good traffic on a real Kafka broker and run
 * through the real job into a real Elasticsearch node: every bad record lands on the dead-letter
 * topic with the reason its manifest names (matched by topic, partition and offset, and by its
 * original bytes), duplicates are dropped and counted, the job never restarts, the ingest counters
 * add up to the corpus, and every good event is still in exactly one session in Elasticsearch.
 */
@ExtendWith(SharedInfrastructure.class)
class BadInputCorpusITCase {

  private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setConfiguration(METRICS.addToConfiguration(new Configuration()))
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  private static final Logger LOG = LoggerFactory.getLogger(BadInputCorpusITCase.class);
  private static final int PARTITIONS = 3;

  /** Room for the 1 MiB + 1 case: a topic that refuses it would hide the job's own check. */
  private static final int MAX_MESSAGE_BYTES = 4 << 20;

  /** Where each produced corpus case went. */
  private record Placed(Case c, byte[] bytes, int recordIndex) {}

  @Test
  void deadLettersEveryBadRecordWithItsReasonAndStillCountsEveryGoodEvent() throws Exception {
    String name = SharedInfrastructure.uniqueName("badinput");
    Map<String, String> settings = RunTopicsAndIndices.settings(name);
    settings.put(PulseOptions.PARALLELISM.key(), "2");
    PulseConfig config = PulseConfig.from(Configuration.fromMap(settings));
    createTopics(config);
    try (ElasticsearchClient es =
        ElasticsearchClients.create(config.elasticsearch().requireUrl())) {
      ElasticsearchSetup.ensureIndices(es, config.elasticsearch().indexPrefix());
    }

    // --- the input: good traffic with the corpus mixed in --------------------------------------
    InputPlan plan =
        new InputPlan(
            config.kafka().clicksTopic(),
            config.kafka().postsTopic(),
            PARTITIONS,
            config.eventTime().outOfOrderness(),
            config.eventTime().allowedLateness());
    List<SpecificRecord> good = goodEvents();
    List<Case> judgedOnArrival = new ArrayList<>();
    List<Case> judgedLater = new ArrayList<>();
    for (Case c : BadInputCorpus.kafkaCases()) {
      (isJudgedOnArrival(c) ? judgedOnArrival : judgedLater).add(c);
    }
    List<Placed> placed = new ArrayList<>();
    int every = good.size() / (judgedOnArrival.size() + 1);
    int next = 0;
    for (int i = 0; i < good.size(); i++) {
      plan.add(good.get(i));
      if (i % every == every - 1 && next < judgedOnArrival.size()) {
        Case c = judgedOnArrival.get(next);
        byte[] bytes = c.bytes();
        placed.add(new Placed(c, bytes, plan.records().size()));
        plan.addGarbage(
            c.topic().equals(BadInputCorpus.CLICKS),
            next % PARTITIONS,
            bytes,
            RejectReason.valueOf(c.expected()));
        next++;
      }
    }
    assertThat(next).as("every decode-time case is mixed in").isEqualTo(judgedOnArrival.size());
    int goodDuplicates = plan.duplicates();
    int goodLate = plan.lateEventIds().size();
    // Valid events judged further down go last: dated after (or, LATE, long before) the good
    // traffic, they cannot move a good event's partition watermark.
    SpecificRecord immenseClick = null;
    for (Case c : judgedLater) {
      byte[] bytes = c.bytes();
      SpecificRecord event = decode(c, bytes);
      assertThat(encode(event)).as("%s re-encodes to its exact bytes", c).isEqualTo(bytes);
      placed.add(new Placed(c, bytes, plan.records().size()));
      plan.add(event);
      if (c.expected().equals(BadInputCorpus.DUPLICATE)) {
        placed.add(new Placed(c, bytes, plan.records().size()));
        plan.add(event);
      }
      if (c.expected().equals(RejectReason.REJECTED_BY_ELASTICSEARCH.name())) {
        immenseClick = event;
      }
    }
    long duplicateCases = count(judgedLater, BadInputCorpus.DUPLICATE);
    long lateCases = count(judgedLater, RejectReason.LATE.name());
    assertThat(plan.duplicates() - goodDuplicates).isEqualTo(duplicateCases);
    assertThat(plan.lateEventIds().size() - goodLate).isEqualTo(lateCases);

    Map<TopicPartition, Long> inputStart = KafkaOffsets.end(config, inputTopics(config));
    Map<TopicPartition, Long> deadLetterStart =
        KafkaOffsets.end(config, List.of(config.kafka().deadLetterTopic()));
    List<RecordMetadata> produced = produce(config, plan.records());
    Map<TopicPartition, Long> inputEnd = KafkaOffsets.end(config, inputTopics(config));

    // --- the run ---------------------------------------------------------------------------------
    StreamExecutionEnvironment env = JobEnvironment.create(config);
    long latestAccepted =
        plan.accepted().stream().mapToLong(InputPlan::occurredAt).max().orElseThrow();
    ProductionSinks.job(
            config,
            KafkaEventSources.bounded(
                config,
                OffsetsInitializer.offsets(inputStart),
                OffsetsInitializer.offsets(inputEnd),
                LocalDate.ofEpochDay(Math.floorDiv(latestAccepted, 86_400_000L))))
        .build(env);
    JobExecutionResult result = env.execute("bad-input-corpus-itcase");
    List<Map.Entry<String, Metric>> metrics = jobMetrics(result.getJobID().toString());

    // --- every bad record on the dead-letter topic, with its reason ------------------------------
    List<DeadLetter> deadLetters =
        DeadLetterTopic.readAfter(config, deadLetterStart, Duration.ofSeconds(60));
    assertThat(deadLetters)
        .hasSize(
            (int)
                KafkaOffsets.count(
                    deadLetterStart,
                    KafkaOffsets.end(config, List.of(config.kafka().deadLetterTopic()))));
    Map<String, DeadLetter> byOffset = new HashMap<>();
    List<DeadLetter> refusedByElasticsearch = new ArrayList<>();
    for (DeadLetter d : deadLetters) {
      if (d.getReason() == RejectReason.REJECTED_BY_ELASTICSEARCH) {
        refusedByElasticsearch.add(d);
        continue;
      }
      DeadLetter previous =
          byOffset.put(
              d.getSourceTopic() + "/" + d.getSourcePartition() + "/" + d.getSourceOffset(), d);
      assertThat(previous).as("one dead letter per input record").isNull();
    }
    List<String> mismatches = new ArrayList<>();
    for (Placed p : placed) {
      RecordMetadata at = produced.get(p.recordIndex());
      DeadLetter letter = byOffset.get(at.topic() + "/" + at.partition() + "/" + at.offset());
      String expected = p.c().expected();
      if (expected.equals(BadInputCorpus.DUPLICATE)
          || expected.equals(RejectReason.REJECTED_BY_ELASTICSEARCH.name())) {
        if (letter != null) {
          mismatches.add(p.c() + ": accepted at ingest, but dead-lettered " + letter.getReason());
        }
        continue;
      }
      if (letter == null) {
        mismatches.add(p.c() + ": no dead letter at " + at);
        continue;
      }
      if (!letter.getReason().name().equals(expected)) {
        mismatches.add(p.c() + ": dead-lettered as " + letter.getReason() + " " + letter);
      }
      byte[] original = bytes(letter.getOriginal());
      byte[] want =
          Arrays.copyOf(p.bytes(), Math.min(p.bytes().length, DeadLetters.MAX_ORIGINAL_BYTES));
      if (!Arrays.equals(original, want)) {
        mismatches.add(p.c() + ": the dead letter's original is not the produced bytes");
      }
      if (letter.getMessage().isBlank()) {
        mismatches.add(p.c() + ": no message");
      }
    }
    assertThat(mismatches).as("corpus cases whose outcome differs from the manifest").isEmpty();

    Map<RejectReason, Integer> expectedByReason = new TreeMap<>(plan.expectedDeadLetters());
    Map<RejectReason, Integer> actualByReason = new TreeMap<>();
    byOffset.values().forEach(d -> actualByReason.merge(d.getReason(), 1, Integer::sum));
    assertThat(actualByReason)
        .as("no good record is dead-lettered: the dead letters are exactly the corpus's")
        .isEqualTo(expectedByReason);

    // The session of the 33 kB visitor id: accepted by the job, refused by Elasticsearch.
    String immenseDevice = ((ClickEvent) immenseClick).getAnonymousId();
    assertThat(refusedByElasticsearch).as("the refused session document").isNotEmpty();
    assertThat(refusedByElasticsearch)
        .allSatisfy(
            d -> {
              assertThat(d.getCommunityId()).isEqualTo(BadInputCorpusGenerator.COMMUNITY);
              assertThat(d.getSourceLocation())
                  .startsWith("elasticsearch:" + config.elasticsearch().alias(Aliases.SESSIONS));
              assertThat(new String(bytes(d.getOriginal()), StandardCharsets.UTF_8))
                  .contains(immenseDevice);
              assertThat(d.getMessage()).contains("document_parsing_exception", "[actor]");
            });

    // --- the counters add up to the corpus -------------------------------------------------------
    long decodeRejects = judgedOnArrival.size();
    assertThat(sum(metrics, ".ingest.eventsAccepted"))
        .as("eventsAccepted: every record that decodes and validates")
        .isEqualTo(plan.records().size() - decodeRejects);
    for (RejectReason reason : RejectReason.values()) {
      long cases = count(judgedOnArrival, reason.name());
      assertThat(sum(metrics, ".ingest.deadLetters." + reason.name()))
          .as("deadLetters.%s", reason)
          .isEqualTo(cases);
    }
    assertThat(sum(metrics, ".ingest.late"))
        .as("late: the corpus's and any in the simulated traffic")
        .isEqualTo(plan.lateEventIds().size());
    assertThat(sum(metrics, ".ingest.duplicates"))
        .as("duplicates: the corpus's and any in the simulated traffic")
        .isEqualTo(plan.duplicates());
    assertThat(sum(metrics, "." + SinkMetrics.DOCUMENTS_REJECTED))
        .as("documents Elasticsearch refused")
        .isEqualTo(refusedByElasticsearch.size());
    assertThat(gauge(metrics, ".numRestarts")).as("the job never restarted").isEqualTo(0L);

    // --- every good event is still counted -------------------------------------------------------
    List<SpecificRecord> stored = new ArrayList<>(plan.accepted());
    assertThat(stored.remove(immenseClick)).isTrue();
    Map<String, Map<String, Object>> expected =
        ReferenceSessions.compute(stored, config.sessions().gap(), config.sessions().maxLength());
    Map<String, Map<String, Object>> actual = new TreeMap<>();
    for (Map<String, Object> doc : sessionDocuments(config).values()) {
      actual.put(doc.get("community_id") + "/" + doc.get("actor") + "/" + doc.get("start"), doc);
    }
    assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    long eventsInSessions =
        actual.values().stream().mapToLong(d -> ((Number) d.get("events")).longValue()).sum();
    assertThat(eventsInSessions)
        .as("every accepted event but the refused one is in exactly one stored session")
        .isEqualTo(stored.size());
    LOG.info(
        "{} records ({} good events, {} corpus cases), {} dead letters {}, {} refused by"
            + " Elasticsearch, {} sessions",
        plan.records().size(),
        good.size(),
        placed.size(),
        deadLetters.size(),
        actualByReason,
        refusedByElasticsearch.size(),
        actual.size());
  }

  /** Decode-time cases: the deserializer refuses them before anything else sees them. */
  private static boolean isJudgedOnArrival(Case c) {
    return !c.expected().equals(BadInputCorpus.DUPLICATE)
        && !c.expected().equals(RejectReason.LATE.name())
        && !c.expected().equals(RejectReason.REJECTED_BY_ELASTICSEARCH.name());
  }

  private static List<SpecificRecord> goodEvents() {
    SimulatorSettings settings =
        SimulatorSettings.defaults()
            .withSeed(11)
            .withCommunities(3)
            .withMembersPerCommunity(25)
            .withVisitorsPerCommunity(30)
            .withDays(3)
            .withStart(Instant.parse("2026-03-02T00:00:00Z"))
            .withDuplicateShare(0.0);
    List<SpecificRecord> events = new CommunitySimulator(settings).generate().toList();
    assertThat(events)
        .allSatisfy(e -> assertThat(InputPlan.communityId(e)).isNotEqualTo("badinput"));
    return events;
  }

  private static SpecificRecord decode(Case c, byte[] bytes) {
    Decoded<? extends SpecificRecord> decoded =
        c.topic().equals(BadInputCorpus.CLICKS)
            ? WireCodec.clicks().decode(bytes)
            : WireCodec.posts().decode(bytes);
    assertThat(decoded.ok()).as("%s decodes", c).isTrue();
    return decoded.value();
  }

  private static byte[] encode(SpecificRecord event) {
    return event instanceof ClickEvent click
        ? WireCodec.clicks().encode(click)
        : WireCodec.posts().encode((PostEvent) event);
  }

  private static long count(List<Case> cases, String expected) {
    return cases.stream().filter(c -> c.expected().equals(expected)).count();
  }

  /**
   * Every metric of the job by identifier, as a list: chained operators can register the same
   * identifier twice, so the reporter's own map view would refuse them.
   */
  private static List<Map.Entry<String, Metric>> jobMetrics(String jobId) {
    List<Map.Entry<String, Metric>> metrics = new ArrayList<>();
    METRICS
        .getMetricsByGroup()
        .forEach(
            (group, byName) -> {
              if (jobId.equals(group.getAllVariables().get("<job_id>"))) {
                byName.forEach(
                    (name, metric) ->
                        metrics.add(Map.entry(group.getMetricIdentifier(name), metric)));
              }
            });
    return metrics;
  }

  private static long sum(List<Map.Entry<String, Metric>> metrics, String suffix) {
    return metrics.stream()
        .filter(e -> e.getKey().endsWith(suffix) && e.getValue() instanceof Counter)
        .mapToLong(e -> ((Counter) e.getValue()).getCount())
        .sum();
  }

  private static long gauge(List<Map.Entry<String, Metric>> metrics, String suffix) {
    List<Object> values = new ArrayList<>();
    for (Map.Entry<String, Metric> e : metrics) {
      if (e.getKey().endsWith(suffix) && e.getValue() instanceof Gauge<?> g) {
        values.add(g.getValue());
      }
    }
    assertThat(values).as("gauge %s", suffix).hasSize(1);
    return ((Number) values.get(0)).longValue();
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] out = new byte[copy.remaining()];
    copy.get(out);
    return out;
  }

  private static List<String> inputTopics(PulseConfig config) {
    return List.of(config.kafka().clicksTopic(), config.kafka().postsTopic());
  }

  private static void createTopics(PulseConfig config) throws Exception {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().requireBootstrapServers());
    try (Admin admin = Admin.create(props)) {
      List<NewTopic> topics = new ArrayList<>();
      for (String topic : inputTopics(config)) {
        topics.add(
            new NewTopic(topic, PARTITIONS, (short) 1)
                .configs(Map.of("max.message.bytes", Integer.toString(MAX_MESSAGE_BYTES))));
      }
      topics.add(new NewTopic(config.kafka().deadLetterTopic(), PARTITIONS, (short) 1));
      admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
    }
    // Waits until every partition has a leader (the topics exist already).
    for (String topic :
        List.of(
            config.kafka().clicksTopic(),
            config.kafka().postsTopic(),
            config.kafka().deadLetterTopic())) {
      SharedInfrastructure.createTopic(topic, PARTITIONS);
    }
  }

  /** Produces in order and returns where each record landed. */
  private static List<RecordMetadata> produce(
      PulseConfig config, List<ProducerRecord<byte[], byte[]>> records) throws Exception {
    Map<String, String> client = new LinkedHashMap<>(config.kafka().clientProperties());
    client.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(MAX_MESSAGE_BYTES));
    List<Future<RecordMetadata>> futures = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer = KafkaOffsets.producer(client)) {
      for (ProducerRecord<byte[], byte[]> record : records) {
        futures.add(producer.send(record));
      }
      producer.flush();
    }
    List<RecordMetadata> placed = new ArrayList<>();
    for (Future<RecordMetadata> f : futures) {
      placed.add(f.get(30, TimeUnit.SECONDS));
    }
    return placed;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> sessionDocuments(PulseConfig config)
      throws Exception {
    String alias = config.elasticsearch().alias(Aliases.SESSIONS);
    try (ElasticsearchClient es =
        ElasticsearchClients.create(config.elasticsearch().connection())) {
      es.indices().refresh(r -> r.index(alias));
      Map<String, Map<String, Object>> docs = new TreeMap<>();
      List<Hit<Map>> hits =
          es.search(s -> s.index(alias).size(10_000).query(q -> q.matchAll(m -> m)), Map.class)
              .hits()
              .hits();
      assertThat(hits.size()).as("fewer than one page of sessions").isLessThan(10_000);
      for (Hit<Map> hit : hits) {
        docs.put(hit.id(), (Map<String, Object>) hit.source());
      }
      return docs;
    }
  }
}
