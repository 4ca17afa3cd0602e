package io.communitypulse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.communitypulse.config.PulseConfig;
import io.communitypulse.config.PulseOptions;
import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.ClickType;
import io.communitypulse.events.PostEvent;
import io.communitypulse.events.PostType;
import io.communitypulse.infra.testing.SharedInfrastructure;
import io.communitypulse.ingest.KafkaEventSources;
import io.communitypulse.reference.InputPlan;
import io.communitypulse.reference.LongHistory;
import io.communitypulse.reference.ReferenceCommunities;
import io.communitypulse.reference.ReferenceMembers;
import io.communitypulse.reference.ReferenceMembers.Absence;
import io.communitypulse.reference.ReferenceRules;
import io.communitypulse.reference.ReferenceSessions;
import io.communitypulse.runtime.JobEnvironment;
import io.communitypulse.runtime.KafkaOffsets;
import io.communitypulse.runtime.ProductionSinks;
import io.communitypulse.sink.Aliases;
import io.communitypulse.sink.ElasticsearchClients;
import io.communitypulse.testing.PulseCommandLine;
import io.communitypulse.testing.PulseCommandLine.Run;
import io.communitypulse.testing.RunTopicsAndIndices;
import io.communitypulse.wire.JsonEventFormat;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nineteen weeks of history ({@link LongHistory}) through the job, once replayed with {@code
 * ./pulse replay} and once backfilled by a running job from topics that already hold all of it:
 * every member document and every community-day document, from the first day to the as-of day, must
 * be what {@link ReferenceMembers} and {@link ReferenceCommunities} compute from the same events,
 * growth, value and response figures, {@code final} and forgotten members included. All differences
 * are reported in one message, counted per field (members split into those frozen before the as-of
 * day, those forgotten and back, and the others; community days into those more than 55 days before
 * the as-of day, the 28 before the last 28, and the last 28), with the first few in full.
 *
 * <p>The replay ends every day final. The running job's watermark ends a few seconds behind the
 * clock events, two hours after the history's last event, and then creeps on with the wall clock
 * (idle partitions), never past the as-of day; no day becomes final in that span (checked), so
 * which days are final is known exactly.
 *
 * <p>{@code -Dlonghistory.days=28} runs the same tests over the last 28 days of the history only: a
 * check of the scenario and the reference where the windows never reach back further (the job was
 * right there when this test was written). {@code -Dlonghistory.shown=N} shows the first N
 * differences instead of 30.
 */
@ExtendWith(SharedInfrastructure.class)
class LongHistoryITCase {

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  private static final Logger LOG = LoggerFactory.getLogger(LongHistoryITCase.class);
  private static final long DAY = 86_400_000L;
  private static final int PARTITIONS = 2;
  private static final int SHOWN = Integer.getInteger("longhistory.shown", 30);
  private static final String CLOCK = "zz-clock";
  private static final Duration SETTLED = Duration.ofSeconds(20);
  private static final Duration TIMEOUT = Duration.ofMinutes(8);

  private static List<SpecificRecord> history;
  private static long asOfDay;
  private static ReferenceRules rules;
  private static Map<String, Map<String, Object>> expectedMembers;
  private static Set<String> forgottenAndBack;
  private static int expectedSessions;

  @BeforeAll
  static void computeTheReference() {
    int days = Integer.getInteger("longhistory.days", LongHistory.DAYS);
    history = days >= LongHistory.DAYS ? LongHistory.events() : LongHistory.lastDays(days);
    asOfDay = LongHistory.lastDay().toEpochDay();
    rules = ReferenceRules.of(PulseConfig.from(new Configuration()));
    expectedMembers = ReferenceMembers.compute(history, rules);
    forgottenAndBack =
        ReferenceMembers.absences(history, rules).stream()
            .filter(Absence::forgotten)
            .map(Absence::member)
            .collect(Collectors.toSet());
    expectedSessions = ReferenceSessions.compute(history, rules.gap(), rules.maxLength()).size();
    LOG.info(
        "long history: {} events, {} days, {} members ({} forgotten and back), {} sessions",
        history.size(),
        days,
        expectedMembers.size(),
        forgottenAndBack.size(),
        expectedSessions);
  }

  @Test
  void aReplayOfTheWholeHistoryWritesTheDocumentsTheSpecDefines(@TempDir Path dir)
      throws Exception {
    long started = System.nanoTime();
    Path file = dir.resolve("long-history.jsonl");
    JsonEventFormat json = new JsonEventFormat();
    try (BufferedWriter out = Files.newBufferedWriter(file)) {
      for (SpecificRecord event : history) {
        out.write(json.toJson(event));
        out.newLine();
      }
    }
    String name = SharedInfrastructure.uniqueName("longhistory-replay");
    List<String> args = PulseCommandLine.replayOnSharedInfrastructure(file, name);
    args.addAll(
        List.of(
            "--set",
            PulseOptions.TOPIC_PARTITIONS.key() + "=" + PARTITIONS,
            "--set",
            PulseOptions.PARALLELISM.key() + "=2"));

    Run run = PulseCommandLine.run(args);

    assertThat(run.exit()).as(run.stderr()).isZero();
    List<String> lines = run.stdout().lines().toList();
    assertThat(lines.get(lines.size() - 1))
        .as("the summary line")
        .startsWith(
            "replay: read="
                + history.size()
                + " dead_lettered=0 duplicates=0 sessions="
                + expectedSessions
                + " ");
    // The end of the input ends every day.
    String report =
        compareWithTheReference(
            name + "-", ReferenceCommunities.compute(history, rules, Long.MAX_VALUE));
    LOG.info(
        "replay of the long history checked in {} s: {}",
        (System.nanoTime() - started) / 1_000_000_000,
        report.isEmpty() ? "no difference" : report);
    assertThat(report).as("differences from the reference after a replay").isEmpty();
  }

  @Test
  void aRunningJobBackfillingTheWholeHistoryWritesTheDocumentsTheSpecDefines() throws Exception {
    long started = System.nanoTime();
    String name = SharedInfrastructure.uniqueName("longhistory-run");
    Map<String, String> settings = RunTopicsAndIndices.settings(name);
    settings.put(PulseOptions.PARALLELISM.key(), "2");
    settings.put(PulseOptions.KAFKA_GROUP_ID.key(), name);
    // Partitions that have delivered the clock events go quiet; their watermark then follows the
    // wall clock from there (seconds of event time, never past the as-of day).
    settings.put(PulseOptions.IDLE_TIMEOUT.key(), "5 s");
    PulseConfig config = PulseConfig.from(Configuration.fromMap(settings));
    RunTopicsAndIndices.create(config, PARTITIONS);

    InputPlan plan =
        new InputPlan(
            config.kafka().clicksTopic(),
            config.kafka().postsTopic(),
            PARTITIONS,
            config.eventTime().outOfOrderness(),
            config.eventTime().allowedLateness());
    history.forEach(plan::add);
    List<SpecificRecord> clock = clockEvents(plan);
    clock.forEach(plan::add);
    assertThat(plan.lateEventIds()).isEmpty();
    assertThat(plan.duplicates()).isZero();
    Map<String, Map<String, Object>> expectedCommunities =
        ReferenceCommunities.compute(history, rules, finalWatermark(clock, config));
    try (KafkaProducer<byte[], byte[]> producer =
        KafkaOffsets.producer(config.kafka().requireBootstrapServers())) {
      for (ProducerRecord<byte[], byte[]> record : plan.records()) {
        producer.send(record);
      }
      producer.flush();
    }

    StreamExecutionEnvironment env = JobEnvironment.create(config);
    ProductionSinks.job(config, KafkaEventSources.continuous(config)).build(env);
    JobClient job = env.executeAsync("long-history-itcase");
    String report;
    try {
      report = awaitSettledDocuments(config.elasticsearch().indexPrefix(), expectedCommunities);
    } finally {
      job.cancel().get();
    }
    LOG.info(
        "backfill of the long history checked in {} s: {}",
        (System.nanoTime() - started) / 1_000_000_000,
        report.isEmpty() ? "no difference" : report);
    assertThat(report).as("differences from the reference after a backfill").isEmpty();
  }

  /**
   * A page view and a post in a community of their own on every partition of both topics, two hours
   * after the last event of the history and on the same UTC day: every partition's watermark passes
   * every history session (so all close), and the as-of day stays the history's last day.
   */
  private static List<SpecificRecord> clockEvents(InputPlan plan) {
    long last = InputPlan.occurredAt(history.get(history.size() - 1));
    Instant at = Instant.ofEpochMilli(last + Duration.ofHours(2).toMillis());
    assertThat(Math.floorDiv(at.toEpochMilli(), DAY)).isEqualTo(asOfDay);
    List<SpecificRecord> clock = new ArrayList<>();
    boolean[] clicks = new boolean[PARTITIONS];
    boolean[] posts = new boolean[PARTITIONS];
    for (int i = 0; clock.size() < 2 * PARTITIONS; i++) {
      ClickEvent click =
          ClickEvent.newBuilder()
              .setEventId("clock-click-" + i)
              .setCommunityId(CLOCK)
              .setOccurredAt(at)
              .setAnonymousId("clock-device-" + i)
              .setType(ClickType.PAGE_VIEW)
              .setUrl("https://clock.example/")
              .build();
      if (!clicks[plan.partitionOf(click)]) {
        clicks[plan.partitionOf(click)] = true;
        clock.add(click);
      }
      PostEvent post =
          PostEvent.newBuilder()
              .setEventId("clock-post-" + i)
              .setCommunityId(CLOCK)
              .setOccurredAt(at)
              .setMemberId("clock-member-" + i)
              .setType(PostType.POST)
              .setContentId("clock-content-" + i)
              .build();
      if (!posts[plan.partitionOf(post)]) {
        posts[plan.partitionOf(post)] = true;
        clock.add(post);
      }
    }
    return clock;
  }

  /**
   * Where the running job's watermark ends, as far as which days are final goes: at least the clock
   * events' time less the out-of-orderness (and the millisecond a bounded out-of-orderness
   * generator takes off), at most the end of the as-of day. No day's final moment may fall in that
   * span, or whether it is final would depend on how long the test runs; the lower end then stands
   * for all of it.
   */
  private static long finalWatermark(List<SpecificRecord> clock, PulseConfig config) {
    long clockAt = clock.stream().mapToLong(InputPlan::occurredAt).min().orElseThrow();
    long lowest = clockAt - config.eventTime().outOfOrderness().toMillis() - 1;
    long highest = (asOfDay + 1) * DAY - 1;
    long firstDay = LongHistory.FIRST_DAY.toEpochDay();
    for (long day = firstDay; day <= asOfDay; day++) {
      long finalAt = rules.finalAt(day);
      assertThat(finalAt < lowest || finalAt > highest)
          .as(
              "%s becomes final at %s, outside the span where the watermark ends",
              LocalDate.ofEpochDay(day), Instant.ofEpochMilli(finalAt))
          .isTrue();
    }
    return lowest;
  }

  /**
   * Polls Elasticsearch until every history session is closed and then the documents either match
   * the reference or have not changed for {@link #SETTLED}; returns the differences then.
   */
  private static String awaitSettledDocuments(
      String prefix, Map<String, Map<String, Object>> expectedCommunities) throws Exception {
    try (ElasticsearchClient es =
        ElasticsearchClients.create(SharedInfrastructure.elasticsearchUrl())) {
      Settling settling = new Settling(es, prefix, expectedCommunities);
      try {
        return await("the backfill settled")
            .atMost(TIMEOUT)
            .pollInterval(Duration.ofSeconds(2))
            .until(settling::report, Optional::isPresent)
            .orElseThrow();
      } catch (ConditionTimeoutException e) {
        throw new AssertionError(
            "the backfill settled within " + TIMEOUT + " (last seen: " + settling.previous + ")",
            e);
      }
    }
  }

  /** How far the backfill has come: the documents last seen, and since when they are unchanged. */
  private static final class Settling {
    private final ElasticsearchClient es;
    private final String prefix;
    private final Map<String, Map<String, Object>> expectedCommunities;
    private volatile Snapshot previous;
    private volatile long unchangedSince = System.nanoTime();

    Settling(
        ElasticsearchClient es,
        String prefix,
        Map<String, Map<String, Object>> expectedCommunities) {
      this.es = es;
      this.prefix = prefix;
      this.expectedCommunities = expectedCommunities;
    }

    /**
     * The differences once every history session is closed and the documents match the reference or
     * stopped changing; empty while the backfill is still moving.
     */
    Optional<String> report() throws Exception {
      if (closedHistorySessions(es, Aliases.prefixed(prefix, Aliases.SESSIONS))
          < expectedSessions) {
        return Optional.empty();
      }
      Snapshot now =
          new Snapshot(
              documents(es, prefix, Aliases.MEMBERS), documents(es, prefix, Aliases.COMMUNITIES));
      String report = LongHistoryITCase.report(now, expectedCommunities);
      if (report.isEmpty()) {
        return Optional.of(report);
      }
      if (!now.equals(previous)) {
        previous = now;
        unchangedSince = System.nanoTime();
      } else if (System.nanoTime() - unchangedSince > SETTLED.toNanos()) {
        return Optional.of(report);
      }
      return Optional.empty();
    }
  }

  /** Closed sessions outside the clock community (whose sessions stay open). */
  private static long closedHistorySessions(ElasticsearchClient es, String sessions)
      throws IOException {
    Query closed = Query.of(q -> q.term(t -> t.field("status").value("closed")));
    Query clock = Query.of(q -> q.term(t -> t.field("community_id").value(CLOCK)));
    es.indices().refresh(r -> r.index(sessions));
    return es.count(c -> c.index(sessions).query(q -> q.bool(b -> b.filter(closed).mustNot(clock))))
        .count();
  }

  /** The member and community documents Elasticsearch holds at one moment. */
  private record Snapshot(
      Map<String, Map<String, Object>> members, Map<String, Map<String, Object>> communities) {
    @Override
    public String toString() {
      return members.size() + " member and " + communities.size() + " community documents";
    }
  }

  private static String compareWithTheReference(
      String prefix, Map<String, Map<String, Object>> expectedCommunities) throws Exception {
    try (ElasticsearchClient es =
        ElasticsearchClients.create(SharedInfrastructure.elasticsearchUrl())) {
      return report(
          new Snapshot(
              documents(es, prefix, Aliases.MEMBERS), documents(es, prefix, Aliases.COMMUNITIES)),
          expectedCommunities);
    }
  }

  /** Every difference from the reference, counted per field, or "" when there is none. */
  private static String report(
      Snapshot actual, Map<String, Map<String, Object>> expectedCommunities) {
    Differences members = new Differences("member");
    String asOf = LocalDate.ofEpochDay(asOfDay).toString();
    compareAll(
        expectedMembers,
        actual.members(),
        members,
        id -> {
          Map<String, Object> expected = expectedMembers.get(id);
          if (forgottenAndBack.contains(id)) {
            return "forgotten and back";
          }
          return expected == null || asOf.equals(expected.get("as_of"))
              ? "as of A"
              : "frozen before A";
        });
    Differences communities = new Differences("community-day");
    compareAll(
        expectedCommunities,
        actual.communities(),
        communities,
        id -> {
          long day = LocalDate.parse(id.substring(id.lastIndexOf('/') + 1)).toEpochDay();
          if (day <= asOfDay - 56) {
            return "days ≤ A-56";
          }
          return day <= asOfDay - 28 ? "days A-55..A-28" : "last 28 days";
        });
    if (members.documents.isEmpty() && communities.documents.isEmpty()) {
      return "";
    }
    List<String> shown = new ArrayList<>(members.examples);
    shown.addAll(communities.examples);
    return members.summary(expectedMembers.size())
        + "\n"
        + communities.summary(expectedCommunities.size())
        + "\nfirst differences:\n  "
        + String.join("\n  ", shown.subList(0, Math.min(SHOWN, shown.size())));
  }

  /** Differences found, per field and per group of documents. */
  private static final class Differences {
    private final String kind;
    private final TreeSet<String> documents = new TreeSet<>();
    private final Map<String, Map<String, Integer>> byGroup = new TreeMap<>();
    private final Map<String, TreeSet<String>> documentsByGroup = new TreeMap<>();
    private final List<String> examples = new ArrayList<>();

    Differences(String kind) {
      this.kind = kind;
    }

    void add(String id, String group, String field, Object expected, Object actual) {
      documents.add(id);
      documentsByGroup.computeIfAbsent(group, g -> new TreeSet<>()).add(id);
      byGroup.computeIfAbsent(group, g -> new TreeMap<>()).merge(field, 1, Integer::sum);
      if (examples.size() < SHOWN) {
        examples.add(id + " " + field + ": expected " + expected + " but was " + actual);
      }
    }

    String summary(int total) {
      StringBuilder out =
          new StringBuilder(
              documents.size() + " of " + total + " " + kind + " documents differ from the spec");
      byGroup.forEach(
          (group, fields) ->
              out.append("\n  ")
                  .append(
                      group.isEmpty()
                          ? ""
                          : group + " (" + documentsByGroup.get(group).size() + " documents): ")
                  .append(fields));
      return out.toString();
    }
  }

  private static void compareAll(
      Map<String, Map<String, Object>> expected,
      Map<String, Map<String, Object>> actual,
      Differences out,
      Function<String, String> groupOf) {
    for (Map.Entry<String, Map<String, Object>> e : expected.entrySet()) {
      Map<String, Object> doc = actual.get(e.getKey());
      String group = groupOf.apply(e.getKey());
      if (doc == null) {
        out.add(e.getKey(), group, "<missing document>", "a document", null);
      } else {
        compareFields(e.getKey(), group, "", e.getValue(), doc, out);
      }
    }
    for (String id : actual.keySet()) {
      if (!expected.containsKey(id)) {
        out.add(id, groupOf.apply(id), "<unexpected document>", null, actual.get(id));
      }
    }
  }

  /** Every expected field (numbers within 1e-6, dates as epoch ms, nested objects by field). */
  @SuppressWarnings("unchecked")
  private static void compareFields(
      String id,
      String group,
      String path,
      Map<String, Object> expected,
      Map<String, Object> actual,
      Differences out) {
    for (Map.Entry<String, Object> field : expected.entrySet()) {
      String name = path + field.getKey();
      Object want = field.getValue();
      Object got = actual == null ? null : actual.get(field.getKey());
      if (want instanceof Map<?, ?> nested) {
        compareFields(
            id,
            group,
            name + ".",
            (Map<String, Object>) nested,
            got instanceof Map<?, ?> m ? (Map<String, Object>) m : null,
            out);
      } else if (want instanceof Number n) {
        Object value =
            got instanceof String s && s.contains("T") ? Instant.parse(s).toEpochMilli() : got;
        if (!(value instanceof Number g) || Math.abs(n.doubleValue() - g.doubleValue()) > 1e-6) {
          out.add(id, group, name, format(name, want), format(name, got));
        }
      } else if (!Objects.equals(want, got)) {
        out.add(id, group, name, want, got);
      }
    }
  }

  private static Object format(String field, Object value) {
    if (field.endsWith("_seen") && value instanceof Number n) {
      return Instant.ofEpochMilli(n.longValue());
    }
    return value;
  }

  /** The documents of one alias outside the clock community, by id. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Map<String, Map<String, Object>> documents(
      ElasticsearchClient es, String prefix, String unprefixedAlias) throws Exception {
    String alias = Aliases.prefixed(prefix, unprefixedAlias);
    es.indices().refresh(r -> r.index(alias));
    List<Hit<Map>> hits =
        es.search(s -> s.index(alias).size(10_000).query(q -> q.matchAll(m -> m)), Map.class)
            .hits()
            .hits();
    assertThat(hits.size()).as("fewer than one page of documents").isLessThan(10_000);
    Map<String, Map<String, Object>> docs = new TreeMap<>();
    for (Hit<Map> hit : hits) {
      Map<String, Object> source = (Map<String, Object>) hit.source();
      if (!CLOCK.equals(source.get("community_id"))) {
        docs.put(hit.id(), source);
      }
    }
    return docs;
  }
}
