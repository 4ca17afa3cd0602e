package io.communitypulse;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.communitypulse.config.PulseConfig;
import io.communitypulse.config.PulseOptions;
import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.DeadLetter;
import io.communitypulse.events.PostEvent;
import io.communitypulse.events.RejectReason;
import io.communitypulse.infra.testing.SharedInfrastructure;
import io.communitypulse.ingest.KafkaEventSources;
import io.communitypulse.reference.InputPlan;
import io.communitypulse.reference.ReferenceCommunities;
import io.communitypulse.reference.ReferenceMembers;
import io.communitypulse.reference.ReferenceSessions;
import io.communitypulse.runtime.JobEnvironment;
import io.communitypulse.runtime.KafkaOffsets;
import io.communitypulse.runtime.ProductionSinks;
import io.communitypulse.simulator.CommunitySimulator;
import io.communitypulse.simulator.SimulatorSettings;
import io.communitypulse.sink.Aliases;
import io.communitypulse.sink.ElasticsearchClients;
import io.communitypulse.testing.DeadLetterTopic;
import io.communitypulse.testing.RunTopicsAndIndices;
import io.communitypulse.wire.WireCodec;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engagement job end to end on a real Kafka broker and a real Elasticsearch node: simulated
 * events of three communities, with duplicates, garbage, invalid and late records mixed in, must
 * produce exactly the sessions that {@link ReferenceSessions} computes from the same input, the
 * expected dead letters, and — replayed — the very same documents.
 */
@ExtendWith(SharedInfrastructure.class)
class EngagementJobITCase {

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  private static final Logger LOG = LoggerFactory.getLogger(EngagementJobITCase.class);
  private static final int PARTITIONS = 3;

  private static PulseConfig config;
  private static InputPlan plan;
  private static Map<TopicPartition, Long> inputStart;
  private static Map<TopicPartition, Long> inputEnd;

  @BeforeAll
  static void produceInput() throws Exception {
    String name = SharedInfrastructure.uniqueName("job");
    Map<String, String> settings = RunTopicsAndIndices.settings(name);
    settings.put(PulseOptions.PARALLELISM.key(), "2");
    config = PulseConfig.from(Configuration.fromMap(settings));
    RunTopicsAndIndices.create(config, PARTITIONS);

    plan =
        new InputPlan(
            config.kafka().clicksTopic(),
            config.kafka().postsTopic(),
            PARTITIONS,
            config.eventTime().outOfOrderness(),
            config.eventTime().allowedLateness());
    List<SpecificRecord> events = simulatedEvents();
    // Hold back a few early events and send them at the very end: far behind their partition.
    List<SpecificRecord> heldBack = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      SpecificRecord event = events.get(i);
      if (i < 400 && i % 40 == 7) {
        heldBack.add(event);
        continue;
      }
      plan.add(event);
      if (i % 97 == 3) {
        plan.add(event); // a site re-sending the same event: a duplicate
      }
    }
    addBadRecords(events);
    heldBack.forEach(plan::add);
    assertThat(plan.lateEventIds())
        .as("held-back events are late in their partition")
        .hasSize(heldBack.size());

    inputStart = KafkaOffsets.end(config.kafka().requireBootstrapServers(), inputTopics());
    try (KafkaProducer<byte[], byte[]> producer =
        KafkaOffsets.producer(config.kafka().requireBootstrapServers())) {
      for (ProducerRecord<byte[], byte[]> record : plan.records()) {
        producer.send(record);
      }
      producer.flush();
    }
    inputEnd = KafkaOffsets.end(config.kafka().requireBootstrapServers(), inputTopics());
  }

  private static List<SpecificRecord> simulatedEvents() {
    SimulatorSettings settings =
        SimulatorSettings.defaults()
            .withSeed(7)
            .withCommunities(3)
            .withMembersPerCommunity(40)
            .withVisitorsPerCommunity(60)
            .withDays(5)
            .withStart(Instant.parse("2026-03-02T00:00:00Z"))
            .withDuplicateShare(0.0);
    return new CommunitySimulator(settings).generate().toList();
  }

  private static void addBadRecords(List<SpecificRecord> events) {
    ClickEvent click =
        (ClickEvent) events.stream().filter(e -> e instanceof ClickEvent).findFirst().orElseThrow();
    PostEvent post =
        (PostEvent) events.stream().filter(e -> e instanceof PostEvent).findFirst().orElseThrow();
    byte[] valid = WireCodec.clicks().encode(click);
    for (int p = 0; p < PARTITIONS; p++) {
      plan.addGarbage(true, p, "not avro at all".getBytes(), RejectReason.BAD_MAGIC);
      plan.addGarbage(false, p, new byte[0], RejectReason.BAD_MAGIC);
    }
    byte[] truncated = java.util.Arrays.copyOf(valid, valid.length - 5);
    plan.addGarbage(true, 1, truncated, RejectReason.CORRUPT_BODY);
    byte[] unknownSchema = valid.clone();
    unknownSchema[5] ^= 0x5A;
    plan.addGarbage(true, 2, unknownSchema, RejectReason.UNKNOWN_SCHEMA);
    plan.addGarbage(true, 0, WireCodec.posts().encode(post), RejectReason.UNKNOWN_SCHEMA);
    plan.addInvalid(
        ClickEvent.newBuilder(click)
            .setEventId("bad-community")
            .setCommunityId("Bad Community")
            .build(),
        RejectReason.INVALID_COMMUNITY_ID);
    plan.addInvalid(
        ClickEvent.newBuilder(click).setEventId("no-device").setAnonymousId("").build(),
        RejectReason.MISSING_FIELD);
    plan.addInvalid(
        PostEvent.newBuilder(post)
            .setEventId("ancient")
            .setOccurredAt(Instant.parse("1999-12-31T23:00:00Z"))
            .build(),
        RejectReason.ANCIENT_TIMESTAMP);
    plan.addInvalid(
        PostEvent.newBuilder(post)
            .setEventId("future")
            .setOccurredAt(Instant.now().plus(Duration.ofDays(3)))
            .build(),
        RejectReason.FUTURE_TIMESTAMP);
  }

  private static List<String> inputTopics() {
    return List.of(config.kafka().clicksTopic(), config.kafka().postsTopic());
  }

  private static void runJobOverTheInput() throws Exception {
    StreamExecutionEnvironment env = JobEnvironment.create(config);
    ProductionSinks.job(
            config,
            KafkaEventSources.bounded(
                config,
                OffsetsInitializer.offsets(inputStart),
                OffsetsInitializer.offsets(inputEnd),
                LocalDate.ofEpochDay(
                    Math.floorDiv(
                        plan.accepted().stream()
                            .mapToLong(InputPlan::occurredAt)
                            .max()
                            .orElseThrow(),
                        86_400_000L))))
        .build(env);
    env.execute("engagement-job-itcase");
  }

  @Test
  void writesExactlyTheSessionsTheSpecDefinesAndDeadLettersTheRestThenReplaysIdentically()
      throws Exception {
    Map<TopicPartition, Long> deadLetterStart =
        KafkaOffsets.end(
            config.kafka().requireBootstrapServers(), List.of(config.kafka().deadLetterTopic()));

    runJobOverTheInput();
    Map<String, Map<String, Object>> firstRun = sessionDocuments();

    Map<String, Map<String, Object>> expected =
        ReferenceSessions.compute(
            plan.accepted(), config.sessions().gap(), config.sessions().maxLength());
    Map<String, Map<String, Object>> actual = new TreeMap<>();
    for (Map<String, Object> doc : firstRun.values()) {
      actual.put(doc.get("community_id") + "/" + doc.get("actor") + "/" + doc.get("start"), doc);
    }
    assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    for (Map.Entry<String, Map<String, Object>> e : expected.entrySet()) {
      Map<String, Object> doc = actual.get(e.getKey());
      for (Map.Entry<String, Object> field : e.getValue().entrySet()) {
        assertThat(normalize(doc.get(field.getKey())))
            .as("%s of session %s", field.getKey(), e.getKey())
            .isEqualTo(normalize(field.getValue()));
      }
      assertThat(doc).containsKey("session_id").doesNotContainKeys("ip", "user_agent");
    }
    long eventsInSessions =
        actual.values().stream().mapToLong(d -> ((Number) d.get("events")).longValue()).sum();
    assertThat(eventsInSessions)
        .as("every accepted event is in exactly one session")
        .isEqualTo(plan.accepted().size());
    assertThat(plan.accepted().stream().map(InputPlan::communityId).distinct()).hasSize(3);

    List<DeadLetter> deadLetters =
        DeadLetterTopic.readAfter(config, deadLetterStart, Duration.ofSeconds(30));
    LOG.info(
        "{} records produced, {} events accepted, {} duplicates, {} sessions, dead letters {}",
        plan.records().size(),
        plan.accepted().size(),
        plan.duplicates(),
        actual.size(),
        plan.expectedDeadLetters());
    Map<RejectReason, Integer> byReason = new TreeMap<>();
    deadLetters.forEach(d -> byReason.merge(d.getReason(), 1, Integer::sum));
    assertThat(byReason).isEqualTo(new TreeMap<>(plan.expectedDeadLetters()));
    assertThat(
            deadLetters.stream()
                .filter(d -> d.getReason() == RejectReason.LATE)
                .map(DeadLetter::getEventId))
        .containsExactlyInAnyOrderElementsOf(plan.lateEventIds());
    assertThat(deadLetters)
        .allSatisfy(
            d -> {
              assertThat(d.getSourceTopic()).isIn(inputTopics());
              assertThat(d.getMessage()).isNotBlank();
            });

    // Every member document, field by field, against the reference (docs/indicators.md).
    Map<String, Map<String, Object>> expectedMembers =
        ReferenceMembers.compute(
            plan.accepted(), config.sessions().gap(), config.sessions().maxLength());
    Map<String, Map<String, Object>> members = documents(Aliases.MEMBERS);
    assertThat(members.keySet()).containsExactlyInAnyOrderElementsOf(expectedMembers.keySet());
    List<String> memberDifferences = new ArrayList<>();
    for (Map.Entry<String, Map<String, Object>> e : expectedMembers.entrySet()) {
      compareFields(e.getKey(), e.getValue(), members.get(e.getKey()), memberDifferences);
    }
    assertThat(memberDifferences).as("member documents that differ from the reference").isEmpty();
    LOG.info("{} member documents match the reference", members.size());

    // Every community document, field by field, against the reference (docs/indicators.md).
    Map<String, Map<String, Object>> expectedCommunities =
        ReferenceCommunities.compute(
            plan.accepted(), config.sessions().gap(), config.sessions().maxLength());
    Map<String, Map<String, Object>> communities = documents(Aliases.COMMUNITIES);
    assertThat(communities.keySet())
        .containsExactlyInAnyOrderElementsOf(expectedCommunities.keySet());
    List<String> communityDifferences = new ArrayList<>();
    for (Map.Entry<String, Map<String, Object>> e : expectedCommunities.entrySet()) {
      compareFields(e.getKey(), e.getValue(), communities.get(e.getKey()), communityDifferences);
    }
    assertThat(communityDifferences)
        .as("community documents that differ from the reference")
        .isEmpty();
    LOG.info("{} community documents match the reference", communities.size());

    // A replay of the same input changes no document.
    runJobOverTheInput();
    Map<String, Map<String, Object>> secondRun = sessionDocuments();
    assertThat(differences(firstRun, secondRun)).as("sessions changed by a replay").isEmpty();
    assertThat(differences(members, documents(Aliases.MEMBERS)))
        .as("member documents changed by a replay")
        .isEmpty();
    assertThat(differences(communities, documents(Aliases.COMMUNITIES)))
        .as("community documents changed by a replay")
        .isEmpty();
  }

  /** A short description of every document that differs between two snapshots. */
  private static List<String> differences(
      Map<String, Map<String, Object>> before, Map<String, Map<String, Object>> after) {
    List<String> diffs = new ArrayList<>();
    for (String id : before.keySet()) {
      if (!after.containsKey(id)) {
        diffs.add("gone: " + id + " " + before.get(id));
      } else if (!before.get(id).equals(after.get(id))) {
        diffs.add("changed: " + id + " from " + before.get(id) + " to " + after.get(id));
      }
    }
    for (String id : after.keySet()) {
      if (!before.containsKey(id)) {
        diffs.add("new: " + id + " " + after.get(id));
      }
    }
    return diffs;
  }

  private static Object normalize(Object value) {
    if (value instanceof Number n && !(value instanceof Double) && !(value instanceof Float)) {
      return n.longValue();
    }
    if (value instanceof Float f) {
      return f.doubleValue();
    }
    return value;
  }

  /** Compares every expected field (numbers within 1e-6, nested objects field by field). */
  @SuppressWarnings("unchecked")
  private static void compareFields(
      String where, Map<String, Object> expected, Map<String, Object> actual, List<String> out) {
    for (Map.Entry<String, Object> field : expected.entrySet()) {
      Object want = field.getValue();
      Object got = actual == null ? null : actual.get(field.getKey());
      String name = where + "." + field.getKey();
      if (want instanceof Map<?, ?> nested) {
        compareFields(name, (Map<String, Object>) nested, (Map<String, Object>) got, out);
      } else if (want instanceof Number n) {
        if (!(got instanceof Number g) || Math.abs(n.doubleValue() - g.doubleValue()) > 1e-6) {
          out.add(name + ": expected " + want + " but was " + got);
        }
      } else if (!java.util.Objects.equals(want, got)) {
        out.add(name + ": expected " + want + " but was " + got);
      }
    }
  }

  private static Map<String, Map<String, Object>> sessionDocuments() throws Exception {
    return documents(Aliases.SESSIONS);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> documents(String unprefixedAlias)
      throws Exception {
    String alias = config.elasticsearch().alias(unprefixedAlias);
    try (ElasticsearchClient es =
        ElasticsearchClients.create(config.elasticsearch().requireUrl())) {
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
