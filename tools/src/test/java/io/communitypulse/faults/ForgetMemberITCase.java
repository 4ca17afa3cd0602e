package io.communitypulse.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.communitypulse.config.PulseConfig;
import io.communitypulse.config.PulseOptions;
import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.ClickType;
import io.communitypulse.events.PostEvent;
import io.communitypulse.events.PostType;
import io.communitypulse.forget.Forget;
import io.communitypulse.forget.MemberRef;
import io.communitypulse.forget.MemberTraces;
import io.communitypulse.indicators.MemberDocument;
import io.communitypulse.infra.testing.SharedInfrastructure;
import io.communitypulse.ingest.KafkaEventSources;
import io.communitypulse.ingest.MemberIdPseudonymizer;
import io.communitypulse.ingest.UrlMemberIds;
import io.communitypulse.privacy.DocumentErasure;
import io.communitypulse.privacy.MemberReferences;
import io.communitypulse.runtime.JobEnvironment;
import io.communitypulse.runtime.KafkaOffsets;
import io.communitypulse.runtime.ProductionSinks;
import io.communitypulse.simulator.CommunitySimulator;
import io.communitypulse.simulator.SimulatorSettings;
import io.communitypulse.sink.Aliases;
import io.communitypulse.testing.RunTopicsAndIndices;
import io.communitypulse.wire.Topics;
import io.communitypulse.wire.WireCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.groups.OperatorMetricGroup;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 14, "What it must show": a member forgotten through {@code ./pulse forget} ({@link Forget},
 * with its wait) disappears from every document the continuous production job writes, for good,
 * with pseudonymisation off and on; shown on the shared Kafka broker and Elasticsearch node, on a
 * mini cluster of two task managers, parallelism 2, checkpoints every half second.
 *
 * <p><b>Input and time.</b> The fault suite's three simulated days of three communities, moved to
 * end at a midnight at least two hours before now, then one clock event dated now on every
 * partition of both topics, in a community of its own ({@value #CLOCK}): the watermark reaches now
 * less the out-of-orderness, so every simulated session closes and every member window flushes, and
 * once input stops it follows the wall clock (IngestWatermarks). Later events are dated at that
 * event time ({@link #eventTimeNow()}): neither late nor moving time on, and their sessions are
 * live, so they are written at once. Should event time be about to cross midnight UTC (the as-of
 * day moves) or the time of day a day becomes final, everything is dated a few minutes earlier
 * ({@link #clockTime}), so no document changes by itself while the test runs. The idle timeout
 * keeps its default: with a short one (2 s), a partition the loaded reader had not delivered from
 * yet was marked idle and its backlog arrived behind the others' watermark (383 of 2584 events in
 * sessions); the undisturbed run checks that every event is in a session.
 *
 * <p><b>Steps</b>, each ending when Elasticsearch is quiet ({@link #awaitQuiet}):
 *
 * <ol>
 *   <li>The undisturbed run: the job over the input, snapshotted.
 *   <li>Forget {@code M}, a member who shared, replied and was replied to, whose share links
 *       brought visits of others (so there are sessions of others to clean). Afterwards no document
 *       of M's community names M anywhere (the stored id, and the raw id with pseudonymisation on,
 *       in any field or id), and every document equals the undisturbed one as docs/privacy.md says
 *       the erasure leaves it: M's member document and sessions gone, {@code referred_by} M removed
 *       and M's id in URLs replaced in the sessions of others (at least one), everything else the
 *       same.
 *   <li>Suppression: new events of M (a page view, a post, a reply to someone) and a re-send of old
 *       ones change no document, and the ingest stage counts the new ones dropped; then a new
 *       visitor through M's old share link adds a session that does not name M.
 *   <li>A task manager lost just after the erasure of a second member {@code M2} (the session stage
 *       has applied it; the checkpoint that holds it may not be complete), while fillers and a new
 *       event of M arrive: after the restart nothing names M2 or M and nothing else changed. M2 has
 *       the raw id of M in another community where the input has one (it has): the same pseudonym,
 *       so the erasure of M must leave M2's documents as they were.
 * </ol>
 *
 * <p><b>Not here:</b> that the job's keyed state keeps no entry of the member. The issue accepts
 * the stages' harness tests for it; reading a savepoint would need Flink's State Processor API,
 * which is not among this build's dependencies. Nor a bounded replay of old input after an erasure:
 * re-sent old events reach the continuous job late and are dead-lettered before suppression sees
 * them.
 */
@ExtendWith(SharedInfrastructure.class)
class ForgetMemberITCase {

  private static final Logger LOG = LoggerFactory.getLogger(ForgetMemberITCase.class);

  private static final InMemoryReporter METRICS = InMemoryReporter.create();

  private static final int PARALLELISM = 2;
  private static final int PARTITIONS = 3;

  /** One {@link FaultInjector} per event source subtask, each told of every checkpoint. */
  private static final int INJECTORS = 2 * PARALLELISM;

  private static final String HMAC_KEY = "forget-member-itcase-key";

  /** The community of events that only move event time on: the clock events and the fillers. */
  private static final String CLOCK = "clock";

  /** At least this long between the simulated days and the clock events: every session closes. */
  private static final Duration HISTORY_ENDS_BEFORE_CLOCK = Duration.ofHours(2);

  /** Longer than the event time one parameter spans, from the clock events to its end. */
  private static final Duration TEST_SPAN = Duration.ofMinutes(6);

  /** Unchanged this long, and across two checkpoints, Elasticsearch is quiet. */
  private static final Duration QUIET_FOR = Duration.ofSeconds(5);

  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration FORGET_TIMEOUT = Duration.ofMinutes(2);

  private static final String ERASURES_APPLIED = "erasuresApplied";
  private static final String EVENTS_DROPPED = "erasedMemberEventsDropped";

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setConfiguration(clusterConfiguration())
              .setNumberTaskManagers(2)
              .setNumberSlotsPerTaskManager(2)
              .build());

  /**
   * The index of the oldest task manager still running: {@link MiniCluster} keeps terminated ones
   * in its list, and each terminated one is replaced by a new one at the end.
   */
  private static int oldestTaskManager;

  private PulseConfig config;
  private final FaultProbe probe = FaultProbe.create();
  private KafkaProducer<byte[], byte[]> producer;
  private JobClient job;
  private List<SpecificRecord> history;
  private Instant clockAt;
  private long clockSentNanos;
  private long produced;

  private static Configuration clusterConfiguration() {
    Configuration conf = METRICS.addToConfiguration(new Configuration());
    // Spread the subtasks over both task managers, so losing one always hits the job.
    conf.set(
        TaskManagerOptions.TASK_MANAGER_LOAD_BALANCE_MODE,
        TaskManagerOptions.TaskManagerLoadBalanceMode.SLOTS);
    return conf;
  }

  @AfterEach
  void cancelJob() throws Exception {
    try {
      if (job != null && !job.getJobStatus().get(1, TimeUnit.MINUTES).isGloballyTerminalState()) {
        job.cancel().get(1, TimeUnit.MINUTES);
      }
    } finally {
      if (producer != null) {
        producer.close();
      }
    }
  }

  @ParameterizedTest(name = "pseudonymisation {0}")
  @ValueSource(booleans = {false, true})
  void aForgottenMemberLeavesNoDocumentAndStaysGone(
      boolean pseudonymised, @InjectMiniCluster MiniCluster cluster) throws Exception {
    long began = System.nanoTime();
    ownTopicsAndIndices(pseudonymised);
    produceHistoryAndClock();
    startJob();

    ElasticsearchSnapshot undisturbed =
        awaitQuiet(
            "the input",
            docs -> probe.records.get() >= produced && everySimulatedSessionClosed(docs));
    LOG.info(
        "undisturbed: {} sessions, {} members, {} community days after {} s",
        undisturbed.size(Aliases.SESSIONS),
        undisturbed.size(Aliases.MEMBERS),
        undisturbed.size(Aliases.COMMUNITIES),
        secondsSince(began));
    assertThat(eventsInSimulatedSessions(undisturbed))
        .as("simulated events in sessions: every one in exactly one")
        .isEqualTo(history.size());
    List<Member> candidates = candidates(undisturbed);
    assertThat(candidates)
        .as("members who shared, replied, were replied to and whose links brought visits")
        .hasSizeGreaterThanOrEqualTo(2);
    Member m = candidates.get(0);
    // Preferably the same raw id in another community: the same pseudonym, another member.
    Member m2 =
        candidates.stream()
            .skip(1)
            .filter(c -> c.rawId().equals(m.rawId()))
            .findFirst()
            .orElse(candidates.get(1));

    ElasticsearchSnapshot forgotten = forgetAndCheck(m, undisturbed);
    LOG.info("{} forgotten after {} s", m, secondsSince(began));

    ElasticsearchSnapshot suppressed = replayAndCheck(m, forgotten);
    LOG.info("{} suppressed after {} s", m, secondsSince(began));

    loseATaskManagerJustAfterForgetting(m2, m, suppressed, cluster);
    LOG.info(
        "{} forgotten across a task manager loss; pseudonymisation {}: {} s in all",
        m2,
        pseudonymised,
        secondsSince(began));
  }

  /** Forgets {@code m} after the undisturbed run and checks what Elasticsearch holds. */
  private ElasticsearchSnapshot forgetAndCheck(Member m, ElasticsearchSnapshot undisturbed)
      throws Exception {
    assertThat(mentions(undisturbed, m))
        .as("documents naming %s before the erasure", m)
        .hasSizeGreaterThan(2);
    if (!m.rawId().equals(m.storedId())) {
      assertThat(mentions(undisturbed, m.rawOnly()))
          .as("documents naming the raw id of %s under pseudonymisation", m)
          .isEmpty();
    }
    MemberTraces before =
        new MemberTraces(
            1, sessionsWith(undisturbed, m, "actor"), sessionsOfOthersWith(undisturbed, m));

    Forget.Outcome outcome = forget(m);

    assertThat(outcome.status()).as(report(outcome)).isEqualTo(Forget.Status.FORGOTTEN);
    assertThat(outcome.found()).as("what ./pulse forget counted").isEqualTo(before);
    ElasticsearchSnapshot forgotten = awaitQuiet("the erasure of " + m, docs -> true);
    assertErased(m, undisturbed, forgotten);
    return forgotten;
  }

  /**
   * What erasing {@code m} must leave of {@code before}: nothing names them, and every document is
   * as {@link #erasureOf} says.
   */
  private void assertErased(Member m, ElasticsearchSnapshot before, ElasticsearchSnapshot after) {
    assertThat(mentions(after, m)).as("documents still naming %s", m).isEmpty();
    ElasticsearchSnapshot.DocumentChange erasure = erasureOf(m);
    long cleaned =
        before.documents(Aliases.SESSIONS).entrySet().stream()
            .filter(
                doc -> {
                  Map<String, Object> now =
                      erasure.apply(Aliases.SESSIONS, doc.getKey(), doc.getValue());
                  return now != null && !now.equals(doc.getValue());
                })
            .count();
    assertThat(cleaned).as("sessions of others that named %s", m).isPositive();
    assertThat(after.differencesFrom(before.transformed(erasure)))
        .as("documents that differ from before the erasure of %s, beyond the erasure", m)
        .isEmpty();
  }

  /**
   * Suppression: {@code m}'s new events and a re-send of old ones leave every document as it was; a
   * new visitor through their old share link adds a session that does not name them.
   */
  private ElasticsearchSnapshot replayAndCheck(Member m, ElasticsearchSnapshot forgotten)
      throws Exception {
    long droppedBefore = counter(EVENTS_DROPPED, "drop-duplicates-and-late");
    List<SpecificRecord> newEvents = newEventsOf(m, eventTimeNow());
    List<SpecificRecord> events = new ArrayList<>(newEvents);
    // Late in their partitions by now: dead-lettered before suppression sees them.
    events.addAll(eventsOf(m).subList(0, 3));
    send(events.stream().map(this::record).toList());

    ElasticsearchSnapshot replayed =
        awaitQuiet("new and old events of " + m, docs -> probe.records.get() >= produced);
    assertThat(replayed.differencesFrom(forgotten))
        .as("documents changed by events of %s after the erasure", m)
        .isEmpty();
    assertThat(counter(EVENTS_DROPPED, "drop-duplicates-and-late") - droppedBefore)
        .as("new events of %s dropped at ingest (the old ones are late)", m)
        .isGreaterThanOrEqualTo(newEvents.size());

    ClickEvent referred =
        history.stream()
            .filter(
                e ->
                    e instanceof ClickEvent c
                        && inCommunity(c, m)
                        && m.rawId().equals(c.getReferredBy()))
            .map(ClickEvent.class::cast)
            .findFirst()
            .orElseThrow();
    String visitor = "forget-itcase-visitor";
    send(
        List.of(
            record(
                ClickEvent.newBuilder(referred)
                    .setEventId(UUID.randomUUID().toString())
                    .setAnonymousId(visitor)
                    .setMemberId(null)
                    .setOccurredAt(eventTimeNow())
                    .build())));
    ElasticsearchSnapshot visited =
        awaitQuiet(
            "a visit through the share link of " + m,
            docs -> probe.records.get() >= produced && sessionsOf(docs, visitor).size() == 1);
    assertThat(mentions(visited, m)).as("documents naming %s after the visit", m).isEmpty();
    Map<String, Object> session = sessionsOf(visited, visitor).get(0);
    assertThat(session).doesNotContainKey("referred_by");
    if (String.valueOf(referred.getUrl()).contains(m.rawId())) {
      assertThat(session.get("entry_url").toString()).contains(MemberReferences.FORGOTTEN);
    }
    // The visit counts in its community's day; nothing else changes.
    ElasticsearchSnapshot.DocumentChange visitAndCommunityDays =
        (alias, id, doc) ->
            (alias.equals(Aliases.COMMUNITIES) && m.community().equals(doc.get("community_id")))
                    || String.valueOf(doc.get("anonymous_ids")).contains(visitor)
                ? null
                : doc;
    assertThat(
            visited
                .transformed(visitAndCommunityDays)
                .differencesFrom(replayed.transformed(visitAndCommunityDays)))
        .as("documents changed by a visit through the share link of %s", m)
        .isEmpty();
    return visited;
  }

  /**
   * Forgets {@code m2} and terminates a task manager as soon as the session stage has applied the
   * erasure, while filler events and a new event of the forgotten {@code m} arrive; after the
   * restart nothing names either, and nothing else changed.
   */
  private void loseATaskManagerJustAfterForgetting(
      Member m2, Member m, ElasticsearchSnapshot before, MiniCluster cluster) throws Exception {
    int opens = probe.opens();
    long applied = counter(ERASURES_APPLIED, "assemble-sessions");
    long requests = erasureRequests();
    CompletableFuture<Forget.Outcome> forgetting =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return forget(m2);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    FaultProbe.await(
        "the erasure request of " + m2, FORGET_TIMEOUT, () -> erasureRequests() > requests);
    List<ProducerRecord<byte[], byte[]>> fillers = clockEvents("filler", eventTimeNow());
    fillers.add(record(newEventsOf(m, eventTimeNow()).get(0)));
    send(fillers);
    FaultProbe.await(
        "the session stage applying the erasure of " + m2,
        FORGET_TIMEOUT,
        () -> counter(ERASURES_APPLIED, "assemble-sessions") > applied);

    cluster.terminateTaskManager(oldestTaskManager++).get(1, TimeUnit.MINUTES);
    cluster.startTaskManager();

    FaultProbe.await(
        "the job restarted after the loss of a task manager",
        SETTLE_TIMEOUT,
        () -> probe.opens() > opens && status() == JobStatus.RUNNING);
    Forget.Outcome outcome = forgetting.get(FORGET_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
    assertThat(outcome.status()).as(report(outcome)).isEqualTo(Forget.Status.FORGOTTEN);
    ElasticsearchSnapshot after =
        awaitQuiet(
            "the restart after the erasure of " + m2, docs -> probe.records.get() >= produced);

    assertThat(mentions(after, m)).as("documents naming %s after the restart", m).isEmpty();
    ElasticsearchSnapshot.DocumentChange withoutClock =
        (alias, id, doc) -> CLOCK.equals(doc.get("community_id")) ? null : doc;
    assertErased(m2, before.transformed(withoutClock), after.transformed(withoutClock));
  }

  // ---- the run ---------------------------------------------------------------------------------

  private void ownTopicsAndIndices(boolean pseudonymised) throws IOException {
    String name = SharedInfrastructure.uniqueName("forget-" + (pseudonymised ? "on" : "off"));
    Map<String, String> settings = RunTopicsAndIndices.settings(name);
    settings.put(PulseOptions.KAFKA_GROUP_ID.key(), name);
    settings.put(PulseOptions.PARALLELISM.key(), Integer.toString(PARALLELISM));
    settings.put(PulseOptions.CHECKPOINT_INTERVAL.key(), "500 ms");
    if (pseudonymised) {
      settings.put(PulseOptions.MEMBER_ID_HMAC_KEY.key(), HMAC_KEY);
    }
    config = PulseConfig.from(Configuration.fromMap(settings));
    RunTopicsAndIndices.create(config, PARTITIONS);
    producer = KafkaOffsets.producer(config.kafka().requireBootstrapServers());
  }

  /**
   * The simulated days, then the clock events at {@link #clockAt} on every partition. The days are
   * those of the fault suite's input ({@link FaultInput#smallCommunities()}), moved by whole days
   * to end at least {@link #HISTORY_ENDS_BEFORE_CLOCK} before the clock events: the same input on
   * any day, so the same members to forget.
   */
  private void produceHistoryAndClock() {
    clockAt = clockTime(Instant.now());
    SimulatorSettings simulated = FaultInput.smallCommunities();
    Instant start =
        clockAt
            .minus(HISTORY_ENDS_BEFORE_CLOCK)
            .truncatedTo(ChronoUnit.DAYS)
            .minus(Duration.ofDays(simulated.days()));
    Duration shift = Duration.between(simulated.start(), start);
    history = new CommunitySimulator(simulated).generate().toList();
    for (SpecificRecord e : history) {
      if (e instanceof ClickEvent click) {
        click.setOccurredAt(click.getOccurredAt().plus(shift));
      } else if (e instanceof PostEvent post) {
        post.setOccurredAt(post.getOccurredAt().plus(shift));
      }
    }
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    history.forEach(e -> records.add(record(e)));
    records.addAll(clockEvents("clock", clockAt));
    send(records);
    clockSentNanos = System.nanoTime();
  }

  /**
   * Now, unless event time would cross, while the test runs, a point where documents change by
   * themselves: midnight UTC (the as-of day moves) or the time of day a day becomes final; then a
   * little before that point, still close enough to the wall clock for new sessions to be live.
   */
  private Instant clockTime(Instant now) {
    Duration finalAt =
        Duration.ofMillis(
            config.signalHorizon().finalAfter().toMillis() % Duration.ofDays(1).toMillis());
    Instant today = now.truncatedTo(ChronoUnit.DAYS);
    for (Instant point :
        List.of(
            today,
            today.plus(finalAt),
            today.plus(Duration.ofDays(1)),
            today.plus(Duration.ofDays(1)).plus(finalAt))) {
      // From a minute back: the first watermark is the out-of-orderness behind the clock events.
      if (point.isAfter(now.minus(Duration.ofMinutes(1))) && !point.isAfter(now.plus(TEST_SPAN))) {
        return point.minus(TEST_SPAN.multipliedBy(2));
      }
    }
    return now;
  }

  /** The job's event time now: the clock events' time, plus the wall-clock time since. */
  private Instant eventTimeNow() {
    return clockAt.plusNanos(System.nanoTime() - clockSentNanos);
  }

  private void startJob() throws Exception {
    Configuration conf = JobEnvironment.flinkConfiguration(config);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(PARALLELISM);
    ProductionSinks.job(config, new ProbedSources(KafkaEventSources.continuous(config), probe))
        .build(env);
    job = env.executeAsync("forget-member-itcase-" + config.elasticsearch().indexPrefix());
  }

  private JobStatus status() {
    try {
      return job.getJobStatus().get(1, TimeUnit.MINUTES);
    } catch (Exception e) {
      return JobStatus.INITIALIZING;
    }
  }

  private Forget.Outcome forget(Member m) throws IOException {
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    List<Forget.Outcome> outcomes;
    try (PrintStream out = new PrintStream(progress, true, StandardCharsets.UTF_8)) {
      outcomes =
          new Forget(config, Clock.systemUTC(), out)
              .run(List.of(new MemberRef(m.community(), m.rawId())), Optional.of(FORGET_TIMEOUT));
    }
    Forget.Outcome outcome = outcomes.get(0);
    LOG.info("{}{}", progress.toString(StandardCharsets.UTF_8), report(outcome));
    return outcome;
  }

  private String report(Forget.Outcome outcome) {
    return outcome.report(config.kafka().erasureTopic(), FORGET_TIMEOUT);
  }

  private long erasureRequests() {
    return KafkaOffsets.end(config, List.of(config.kafka().erasureTopic())).values().stream()
        .mapToLong(Long::longValue)
        .sum();
  }

  /** The sum of a counter over every subtask of {@code operator} now running. */
  private long counter(String name, String operator) {
    JobID id = job.getJobID();
    long sum = 0;
    for (OperatorMetricGroup group :
        METRICS.findOperatorMetricGroups(id, Pattern.quote(operator))) {
      Metric metric = METRICS.getMetricsByGroup(group).get(name);
      if (metric instanceof Counter counter) {
        sum += counter.getCount();
      }
    }
    return sum;
  }

  /**
   * Polls Elasticsearch until {@code ready} holds and every document (id and source) stays the same
   * for {@link #QUIET_FOR} and across two completed checkpoints, so that what the job had read is
   * in Elasticsearch; returns that last snapshot.
   */
  private ElasticsearchSnapshot awaitQuiet(String after, Predicate<ElasticsearchSnapshot> ready)
      throws IOException {
    long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
    ElasticsearchSnapshot last = null;
    long quietSince = 0;
    long checkpointsThen = 0;
    while (true) {
      long checkpoints = probe.completedCheckpoints.get();
      ElasticsearchSnapshot docs = snapshot();
      long at = System.nanoTime();
      if (last == null || !ready.test(docs) || !docs.differencesFrom(last).isEmpty()) {
        last = docs;
        quietSince = at;
        checkpointsThen = checkpoints;
      } else if (at - quietSince >= QUIET_FOR.toNanos()
          && checkpoints - checkpointsThen >= 2L * INJECTORS) {
        return docs;
      }
      if (at > deadline) {
        throw new AssertionError(
            "Elasticsearch not quiet within "
                + SETTLE_TIMEOUT
                + " after "
                + after
                + " (ready: "
                + ready.test(docs)
                + ", records read "
                + probe.records.get()
                + " of "
                + produced
                + "; sessions since the clock events: "
                + sessionsSince(docs, clockAt)
                + ")");
      }
      LockSupport.parkNanos(POLL.toNanos());
    }
  }

  private ElasticsearchSnapshot snapshot() throws IOException {
    return ElasticsearchSnapshot.take(
        SharedInfrastructure.elasticsearchUrl(), config.elasticsearch().indexPrefix());
  }

  private static List<Map<String, Object>> sessionsSince(ElasticsearchSnapshot docs, Instant at) {
    return docs.documents(Aliases.SESSIONS).values().stream()
        .filter(s -> ((Number) s.get("start")).longValue() >= at.toEpochMilli())
        .toList();
  }

  /** The events of every session of the simulated communities, added up. */
  private static long eventsInSimulatedSessions(ElasticsearchSnapshot docs) {
    Map<Object, Long> byCommunity = new TreeMap<>();
    long sum = 0;
    for (Map<String, Object> s : docs.documents(Aliases.SESSIONS).values()) {
      if (!CLOCK.equals(s.get("community_id"))) {
        long events = ((Number) s.get("events")).longValue();
        byCommunity.merge(s.get("community_id"), events, Long::sum);
        sum += events;
      }
    }
    LOG.info("simulated events in sessions, by community: {}", byCommunity);
    return sum;
  }

  private static boolean everySimulatedSessionClosed(ElasticsearchSnapshot docs) {
    Collection<Map<String, Object>> sessions = docs.documents(Aliases.SESSIONS).values();
    return sessions.stream().anyMatch(s -> !CLOCK.equals(s.get("community_id")))
        && sessions.stream()
            .filter(s -> !CLOCK.equals(s.get("community_id")))
            .allMatch(s -> "closed".equals(s.get("status")));
  }

  // ---- input
  // -------------------------------------------------------------------------------------

  private void send(List<ProducerRecord<byte[], byte[]>> records) {
    records.forEach(producer::send);
    producer.flush();
    produced += records.size();
  }

  /** {@code event} to its topic, on the partition of its key. */
  private ProducerRecord<byte[], byte[]> record(SpecificRecord event) {
    return record(event, Math.floorMod(Topics.key(event).hashCode(), PARTITIONS));
  }

  private ProducerRecord<byte[], byte[]> record(SpecificRecord event, int partition) {
    byte[] key = Topics.key(event).getBytes(StandardCharsets.UTF_8);
    return event instanceof ClickEvent click
        ? new ProducerRecord<>(
            config.kafka().clicksTopic(), partition, key, WireCodec.clicks().encode(click))
        : new ProducerRecord<>(
            config.kafka().postsTopic(),
            partition,
            key,
            WireCodec.posts().encode((PostEvent) event));
  }

  /**
   * One visitor's page view on every partition of the clicks topic and one post on every partition
   * of the posts topic, dated {@code at}, in the {@value #CLOCK} community: they move every
   * partition's event time to {@code at}.
   */
  private List<ProducerRecord<byte[], byte[]>> clockEvents(String label, Instant at) {
    ClickEvent click = first(ClickEvent.class);
    PostEvent post = first(PostEvent.class);
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    String run = UUID.randomUUID().toString();
    for (int p = 0; p < PARTITIONS; p++) {
      records.add(
          record(
              ClickEvent.newBuilder(click)
                  .setEventId(label + "-click-" + p + "-" + run)
                  .setCommunityId(CLOCK)
                  .setAnonymousId(label + "-device-" + p)
                  .setMemberId(null)
                  .setType(ClickType.PAGE_VIEW)
                  .setUrl("/" + label)
                  .setReferrer(null)
                  .setReferredBy(null)
                  .setContentId(null)
                  .setConversionValue(null)
                  .setOccurredAt(at)
                  .build(),
              p));
      records.add(
          record(
              PostEvent.newBuilder(post)
                  .setEventId(label + "-post-" + p + "-" + run)
                  .setCommunityId(CLOCK)
                  .setMemberId(label + "-keeper")
                  .setType(PostType.POST)
                  .setContentId(label + "-" + p + "-" + run)
                  .setParentContentId(null)
                  .setTargetMemberId(null)
                  .setNetwork(null)
                  .setOccurredAt(at)
                  .build(),
              p));
    }
    return records;
  }

  private <T extends SpecificRecord> T first(Class<T> type) {
    return history.stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
  }

  /** Fresh events of {@code m} dated {@code at}: a page view, a post, a reply to someone's post. */
  private List<SpecificRecord> newEventsOf(Member m, Instant at) {
    ClickEvent ownClick =
        history.stream()
            .filter(
                e ->
                    e instanceof ClickEvent c
                        && inCommunity(c, m)
                        && m.rawId().equals(c.getMemberId()))
            .map(ClickEvent.class::cast)
            .findFirst()
            .orElseThrow();
    PostEvent ownPost =
        history.stream()
            .filter(
                e ->
                    e instanceof PostEvent p
                        && inCommunity(p, m)
                        && m.rawId().equals(p.getMemberId()))
            .map(PostEvent.class::cast)
            .findFirst()
            .orElseThrow();
    PostEvent othersPost =
        history.stream()
            .filter(
                e ->
                    e instanceof PostEvent p
                        && inCommunity(p, m)
                        && p.getType() == PostType.POST
                        && !m.rawId().equals(p.getMemberId()))
            .map(PostEvent.class::cast)
            .findFirst()
            .orElseThrow();
    String id = UUID.randomUUID().toString();
    return List.of(
        ClickEvent.newBuilder(ownClick)
            .setEventId(id + "-view")
            .setType(ClickType.PAGE_VIEW)
            .setContentId(null)
            .setConversionValue(null)
            .setReferredBy(null)
            .setOccurredAt(at)
            .build(),
        PostEvent.newBuilder(ownPost)
            .setEventId(id + "-post")
            .setType(PostType.POST)
            .setContentId("forget-itcase-" + id + "-post")
            .setParentContentId(null)
            .setTargetMemberId(null)
            .setNetwork(null)
            .setOccurredAt(at)
            .build(),
        PostEvent.newBuilder(ownPost)
            .setEventId(id + "-reply")
            .setType(PostType.REPLY)
            .setContentId("forget-itcase-" + id + "-reply")
            .setParentContentId(othersPost.getContentId())
            .setTargetMemberId(othersPost.getMemberId())
            .setNetwork(null)
            .setOccurredAt(at)
            .build());
  }

  /** {@code m}'s own events of the simulated history, in emission order. */
  private List<SpecificRecord> eventsOf(Member m) {
    return history.stream()
        .filter(
            e ->
                e instanceof ClickEvent c
                    ? inCommunity(c, m) && m.rawId().equals(c.getMemberId())
                    : inCommunity((PostEvent) e, m)
                        && m.rawId().equals(((PostEvent) e).getMemberId()))
        .toList();
  }

  private static boolean inCommunity(ClickEvent e, Member m) {
    return m.community().equals(e.getCommunityId());
  }

  private static boolean inCommunity(PostEvent e, Member m) {
    return m.community().equals(e.getCommunityId());
  }

  // ---- members and what names them -----------------------------------------------------------

  /** A member of the simulated input: their community, raw id and the id the job stores. */
  private record Member(String community, String rawId, String storedId) {

    /** The ids no document of their community may hold once they are forgotten. */
    List<String> ids() {
      return rawId.equals(storedId) ? List.of(rawId) : List.of(storedId, rawId);
    }

    /** Only the raw id, as if stored so. */
    Member rawOnly() {
      return new Member(community, rawId, rawId);
    }

    @Override
    public String toString() {
      return community + "/" + rawId;
    }
  }

  /**
   * The members of the input who shared, replied and were replied to (a reply by someone else to
   * their post), and who have sessions, a member document and sessions of others they referred,
   * most referring sessions first.
   */
  private List<Member> candidates(ElasticsearchSnapshot docs) {
    Set<String> shared = new HashSet<>();
    Set<String> replied = new HashSet<>();
    Map<String, String> postAuthors = new HashMap<>();
    for (SpecificRecord e : history) {
      if (e instanceof PostEvent p) {
        String who = p.getCommunityId() + "/" + p.getMemberId();
        switch (p.getType()) {
          case SHARE -> shared.add(who);
          case REPLY -> replied.add(who);
          case POST ->
              postAuthors.put(p.getCommunityId() + "/" + p.getContentId(), p.getMemberId());
          default -> {}
        }
      }
    }
    Set<String> repliedTo = new HashSet<>();
    for (SpecificRecord e : history) {
      if (e instanceof PostEvent p && p.getType() == PostType.REPLY) {
        String author = postAuthors.get(p.getCommunityId() + "/" + p.getParentContentId());
        if (author != null && !author.equals(p.getMemberId())) {
          repliedTo.add(p.getCommunityId() + "/" + author);
        }
      }
    }
    List<Member> found = new ArrayList<>();
    for (String who : new TreeSet<>(shared)) {
      if (!replied.contains(who) || !repliedTo.contains(who)) {
        continue;
      }
      MemberRef ref = MemberRef.parse(who);
      String stored =
          config
              .privacy()
              .memberIdHmacKey()
              .map(key -> MemberIdPseudonymizer.pseudonymOf(key, ref.memberId()))
              .orElse(ref.memberId());
      Member m = new Member(ref.communityId(), ref.memberId(), stored);
      if (docs.documents(Aliases.MEMBERS)
              .containsKey(MemberDocument.documentId(m.community(), m.storedId()))
          && sessionsWith(docs, m, "actor") > 0
          && sessionsOfOthersWith(docs, m) > 0) {
        found.add(m);
      }
    }
    found.sort(Comparator.comparingLong((Member m) -> sessionsOfOthersWith(docs, m)).reversed());
    LOG.info("members to forget, most referring sessions first: {}", found);
    return found;
  }

  private static long sessionsWith(ElasticsearchSnapshot docs, Member m, String field) {
    return docs.documents(Aliases.SESSIONS).values().stream()
        .filter(s -> m.community().equals(s.get("community_id")))
        .filter(s -> m.storedId().equals(s.get(field)))
        .count();
  }

  /** Sessions of others whose {@code referred_by} is {@code m}. */
  private static long sessionsOfOthersWith(ElasticsearchSnapshot docs, Member m) {
    return docs.documents(Aliases.SESSIONS).values().stream()
        .filter(s -> m.community().equals(s.get("community_id")))
        .filter(s -> m.storedId().equals(s.get("referred_by")))
        .filter(s -> !m.storedId().equals(s.get("actor")))
        .count();
  }

  private static List<Map<String, Object>> sessionsOf(ElasticsearchSnapshot docs, String device) {
    return docs.documents(Aliases.SESSIONS).values().stream()
        .filter(s -> s.get("anonymous_ids") instanceof List<?> ids && ids.contains(device))
        .toList();
  }

  /**
   * Where a document of {@code m}'s community names them: one line per document, with the fields
   * (or {@code _id}) that hold one of {@link Member#ids()} as a whole word. Other communities are
   * not searched: their members may have the same raw id (and so the same pseudonym).
   */
  private static List<String> mentions(ElasticsearchSnapshot docs, Member m) {
    List<Pattern> ids =
        m.ids().stream()
            .map(id -> Pattern.compile("(?<![A-Za-z0-9])" + Pattern.quote(id) + "(?![A-Za-z0-9])"))
            .toList();
    List<String> found = new ArrayList<>();
    for (String alias : Aliases.ALL) {
      for (Map.Entry<String, Map<String, Object>> doc : docs.documents(alias).entrySet()) {
        if (!m.community().equals(doc.getValue().get("community_id"))) {
          continue;
        }
        List<String> fields = new ArrayList<>();
        if (names(ids, doc.getKey())) {
          fields.add("_id");
        }
        fieldsNaming(ids, "", doc.getValue(), fields);
        if (!fields.isEmpty()) {
          found.add(alias + " " + doc.getKey() + " " + fields);
        }
      }
    }
    return found;
  }

  private static void fieldsNaming(List<Pattern> ids, String path, Object value, List<String> out) {
    if (value instanceof Map<?, ?> map) {
      map.forEach(
          (k, v) -> fieldsNaming(ids, path.isEmpty() ? k.toString() : path + "." + k, v, out));
    } else if (value instanceof List<?> list) {
      list.forEach(v -> fieldsNaming(ids, path, v, out));
    } else if (value != null && names(ids, value.toString())) {
      out.add(path + "=" + value);
    }
  }

  private static boolean names(List<Pattern> ids, String text) {
    return ids.stream().anyMatch(id -> id.matcher(text).find());
  }

  /**
   * What erasing {@code m} does to one document, by docs/privacy.md: their member document and
   * their sessions go; in the sessions of others of their community, {@code referred_by} naming
   * them goes and their id in a URL (by the job's URL patterns) becomes {@link
   * MemberReferences#FORGOTTEN}; every other document stays as it is.
   */
  private ElasticsearchSnapshot.DocumentChange erasureOf(Member m) {
    UrlMemberIds urls = config.privacy().memberUrlIds();
    String memberDocument = MemberDocument.documentId(m.community(), m.storedId());
    return (alias, id, doc) -> {
      if (!m.community().equals(doc.get("community_id"))) {
        return doc;
      }
      if (alias.equals(Aliases.MEMBERS)) {
        return id.equals(memberDocument) ? null : doc;
      }
      if (!alias.equals(Aliases.SESSIONS)) {
        return doc;
      }
      if (m.storedId().equals(doc.get("actor"))) {
        return null;
      }
      Map<String, Object> cleaned = new LinkedHashMap<>(doc);
      if (m.storedId().equals(cleaned.get("referred_by"))) {
        cleaned.remove("referred_by");
      }
      for (String field : DocumentErasure.SESSION_URL_FIELDS) {
        if (cleaned.get(field) instanceof String url) {
          cleaned.put(
              field,
              urls.rewrite(
                  url, found -> m.storedId().equals(found) ? MemberReferences.FORGOTTEN : found));
        }
      }
      return cleaned;
    };
  }

  private static long secondsSince(long nanos) {
    return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - nanos);
  }
}
