package io.communitypulse.faults;

import static io.communitypulse.faults.KeyedStage.COMMUNITY_INDICATORS;
import static io.communitypulse.faults.KeyedStage.DEDUP;
import static io.communitypulse.faults.KeyedStage.IDENTITY;
import static io.communitypulse.faults.KeyedStage.MEMBER_INDICATORS;
import static io.communitypulse.faults.KeyedStage.SESSIONS;
import static io.communitypulse.faults.KeyedStage.SESSION_CHANGES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.communitypulse.config.PulseConfig;
import io.communitypulse.config.PulseOptions;
import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.ClickType;
import io.communitypulse.indicators.UtcDays;
import io.communitypulse.indicators.Windows;
import io.communitypulse.infra.testing.SharedInfrastructure;
import io.communitypulse.ingest.DuplicateAndLateFilter;
import io.communitypulse.ingest.KafkaEventSources;
import io.communitypulse.runtime.JobEnvironment;
import io.communitypulse.runtime.KafkaOffsets;
import io.communitypulse.runtime.ProductionSinks;
import io.communitypulse.sink.Aliases;
import io.communitypulse.sink.ElasticsearchClients;
import io.communitypulse.testing.RunTopicsAndIndices;
import io.communitypulse.wire.Topics;
import io.communitypulse.wire.WireCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 6, reliability: 100 000 members who visit once and one member who never stops leave state
 * that stays bounded, shown on the whole production job (Kafka broker and Elasticsearch node of the
 * shared test infrastructure, heap state backend, parallelism 2) by the checkpointed state of each
 * keyed stage ({@link KeyedStage}). The harness-level counterpart is {@code
 * SessionAssemblerTest#aHundredThousandOneVisitMembersAndANeverStoppingBotKeepStateBounded}.
 *
 * <p><b>Input.</b> Historical, made here and produced phase by phase to two click partitions (the
 * posts topic stays empty, and idle):
 *
 * <ul>
 *   <li>a bot, member {@code bot} of community {@code forum}, clicking every {@link #BOT_STEP} from
 *       two devices (one per partition, so both partitions' watermarks move) from {@link
 *       #BOT_START} for three months, never pausing: only the maximum length cuts its sessions;
 *   <li>{@link #MEMBERS} members, each one signed-in page view (a binding click) of their own
 *       device, spread evenly over the second half of {@link #VISIT_DAY}, in two communities.
 * </ul>
 *
 * <p><b>Measurements.</b> After each phase the test waits until every subtask of every keyed stage
 * has a watermark at or past the phase's point, then takes a full checkpoint: aligned, so its state
 * holds all that those watermarks did, timers included. The points are at midnight UTC, where the
 * bot's own state is the same each day ({@link #CYCLE}), each the first midnight after the horizon
 * it tests, derived from the defaults ({@link PulseConfig#defaults()}):
 *
 * <ul>
 *   <li><i>empty</i>: the job running, no input yet: what each stage writes for no key at all;
 *   <li><i>bot, 2 days</i> and <i>baseline</i> (a day later): the bot alone, past its longest
 *       horizon (a max-length session plus the longest any stage keeps an event);
 *   <li><i>busy</i>: after the last visit, before the first visit leaves any stage;
 *   <li><i>silent</i>: every visit older than the dedup window plus its prune slack (24 h + 3 h),
 *       the session purge (end + gap + lateness + max length, 13.5 h) and the stitcher's horizon
 *       (lateness + max length + its 10-minute bucket);
 *   <li><i>28 days</i>: the as-of day 28 days after the visit day: member windows are empty;
 *   <li><i>58 days</i>: the member stage drops the visit day's tally (it keeps the 56 days the
 *       growth figures of the open days read), and the community stage the visit day's counters;
 *   <li><i>binding TTL</i>: past {@code identity.binding-ttl} (90 days) + the stitcher's horizon,
 *       and past {@code member.memory} (90 days) + the signal lateness, when the member stage
 *       forgets a member.
 * </ul>
 *
 * <p><b>Assertions.</b> {@link #SLACK}, the margin for "the same size", is a tenth of a byte per
 * member: had the 100 000 left even a byte each behind, it would show. Sizes are compared with one
 * another, never with fixed byte counts, so serializer changes do not break the test.
 *
 * <ul>
 *   <li>At <i>busy</i> every stage holds at least 8 bytes per member more than at <i>baseline</i>:
 *       the measurement sees the members.
 *   <li>Dedup, sessions and session changes are back at the bot's size (± slack) from <i>silent</i>
 *       on. Identity keeps, by design, each member device's last binding (its anchor for later
 *       anonymous clicks) until the binding TTL, then is back at the bot's size. Member indicators
 *       keep every member's days while a window that can still change holds them, then only each
 *       member's first_seen until {@code member.memory} (90 days), by design; after that they hold
 *       exactly the bot's window (its day tallies, counted from its start, times one day's cost
 *       measured between the two bot-only points). The community stage keeps day counters only
 *       (two-phase aggregation): the members never cost it a tenth of a byte each, and once the
 *       visit days are final it holds the bot's full window of days, the same at the last two
 *       points.
 *   <li>The bot alone stays bounded: its state is the same at every point without members, over
 *       three months, and each stage holds at most twice what {@code N} one-visit members cost
 *       there (measured between <i>baseline</i> and <i>busy</i>; three times for dedup, whose
 *       members share keys while each lone bot id has one), {@code N} being what the stage's
 *       horizon lets it keep of the bot: dedup its ids of one window and prune slack, sessions its
 *       events of a max-length session (it is cut at 12 h) plus the purge horizon, identity its
 *       clicks of the stitcher's horizon, session changes the sessions of that span.
 *   <li>Elasticsearch holds one session per member plus every closed bot session, each exactly as
 *       the reference cuts it, and one member document per member, dormant after 28 days.
 * </ul>
 *
 * <p><b>Limits.</b> The input is history: watermarks move in phase-sized jumps and no session is
 * ever {@code live}. What depends on a watermark that advances a little at a time (live emissions,
 * a timer per forgotten click bucket) is left to the operators' harness tests.
 *
 * <p><b>Not small, though bounded.</b> The member stage keeps the time of every own event of the
 * open days ({@code DailyTally.ownEvents}, so that a withdrawn click no longer counts for
 * first_seen / last_seen), not just day sums: the bot's window grows by one entry per click, about
 * 14 bytes each here. Bounded by time, but linear in a member's event rate.
 */
@ExtendWith(SharedInfrastructure.class)
class StateBoundedITCase {

  private static final Logger LOG = LoggerFactory.getLogger(StateBoundedITCase.class);

  private static final InMemoryReporter METRICS = InMemoryReporter.create();

  private static final int PARALLELISM = 2;
  private static final int PARTITIONS = 2;

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setConfiguration(METRICS.addToConfiguration(new Configuration()))
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(PARALLELISM)
              .build());

  private static final PulseConfig DEFAULTS = PulseConfig.defaults();
  private static final Duration GAP = DEFAULTS.sessions().gap();
  private static final Duration MAX_LENGTH = DEFAULTS.sessions().maxLength();
  private static final Duration LATENESS = DEFAULTS.eventTime().allowedLateness();

  /** How far behind the watermark the session stage still takes (re-stitched) events. */
  private static final Duration SESSION_LATENESS =
      DEFAULTS.sessions().stitchedEventLateness(DEFAULTS.eventTime());

  /** A session's events are purged when the watermark passes its end plus this. */
  private static final Duration SESSION_HORIZON = GAP.plus(SESSION_LATENESS);

  /**
   * The stitcher forgets a click once the watermark passes it by lateness + max length + the width
   * of its time bucket ({@code DeviceTimeline.BUCKET_WIDTH}, 10 minutes).
   */
  private static final Duration STITCH_HORIZON =
      LATENESS.plus(MAX_LENGTH).plus(Duration.ofMinutes(10));

  private static final int MEMBERS = 100_000;

  /** "The same size": a tenth of a byte per member. */
  private static final long SLACK = MEMBERS / 10;

  /** Any stage holding the members holds at least this per member (a key, an id, a time). */
  private static final long MIN_BYTES_PER_MEMBER = Long.BYTES;

  private static final Instant VISIT_DAY = Instant.parse("2026-03-02T00:00:00Z");

  /** The visits fill the second half of their day, so they all end within one cycle. */
  private static final Instant VISIT_START = VISIT_DAY.plus(Duration.ofHours(12));

  private static final Duration VISIT_SPAN = Duration.ofHours(12);
  private static final Duration VISIT_SPACING = VISIT_SPAN.dividedBy(MEMBERS);
  private static final Instant LAST_VISIT =
      VISIT_START.plus(VISIT_SPACING.multipliedBy(MEMBERS - 1));
  private static final List<String> COMMUNITIES = List.of("forum", "support");

  private static final Instant BOT_START = VISIT_DAY.minus(Duration.ofDays(3));
  private static final Duration BOT_STEP = Duration.ofMinutes(5);

  /**
   * The bot's state repeats every day: its sessions start every max length (12 h) and its day
   * tallies every UTC day. Measuring at the same point of this cycle compares like with like.
   */
  private static final Duration CYCLE = Duration.ofDays(1);

  /**
   * Each phase produces the bot's clicks this far past its point: then both partitions have a click
   * past the point plus the out-of-orderness, so the watermark reaches it.
   */
  private static final Duration LEAD = BOT_STEP.multipliedBy(PARTITIONS);

  /**
   * How long dedup keeps an id: the dedup window, plus the time until its key's next prune (at most
   * a window / {@link DuplicateAndLateFilter#PRUNE_SLICES}).
   */
  private static final Duration DEDUP_HORIZON =
      DEFAULTS
          .eventTime()
          .dedupWindow()
          .plus(DEFAULTS.eventTime().dedupWindow().dividedBy(DuplicateAndLateFilter.PRUNE_SLICES));

  /** The longest dedup, sessions or identity keep an event: dedup's horizon. */
  private static final Duration VISIT_HORIZON =
      max(DEDUP_HORIZON, max(SESSION_HORIZON, STITCH_HORIZON));

  /** From here the bot's state repeats: its first max-length session is past every horizon. */
  private static final Instant BOT_STEADY =
      cycleAtOrAfter(BOT_START.plus(MAX_LENGTH).plus(VISIT_HORIZON));

  private static final Instant BASELINE = BOT_STEADY.plus(CYCLE);
  private static final Instant BUSY = cycleAtOrAfter(LAST_VISIT);
  private static final Instant SILENT = cycleAtOrAfter(LAST_VISIT.plus(VISIT_HORIZON));
  private static final Instant MEMBER_WINDOW_PASSED =
      cycleAtOrAfter(VISIT_DAY.plus(Duration.ofDays(Windows.LONG_DAYS)));
  private static final Instant MEMBER_DAYS_PASSED =
      cycleAtOrAfter(VISIT_DAY.plus(Duration.ofDays(Windows.GROWTH_DAYS + 2)));

  /**
   * Past the binding TTL (identity lets the members' devices go) and past member.memory plus the
   * signal lateness (the member stage forgets them), whichever comes later.
   */
  private static final Instant BINDING_TTL_PASSED =
      cycleAtOrAfter(
          max(
              LAST_VISIT.plus(DEFAULTS.sessions().bindingTtl()).plus(STITCH_HORIZON),
              LAST_VISIT
                  .plus(DEFAULTS.indicators().memberMemory())
                  .plus(DEFAULTS.signalHorizon().lateness())));

  /** Per phase: wait for the watermark, then the checkpoint; generous for a busy 2-core machine. */
  private static final Duration TIMEOUT = Duration.ofMinutes(3);

  private record Point(String label, Instant at) {}

  private static final List<Point> POINTS =
      List.of(
          new Point("bot, 2 days", BOT_STEADY),
          new Point("baseline", BASELINE),
          new Point("busy", BUSY),
          new Point("silent", SILENT),
          new Point("28 days", MEMBER_WINDOW_PASSED),
          new Point("58 days", MEMBER_DAYS_PASSED),
          new Point("binding TTL", BINDING_TTL_PASSED));

  /** The points at which no stage should hold anything of the members but by design. */
  private static final List<String> WITHOUT_MEMBERS =
      List.of("bot, 2 days", "baseline", "silent", "28 days", "58 days", "binding TTL");

  /** One click to produce, and the partition it goes to. */
  private record Click(int partition, ClickEvent event) {}

  @Test
  void aHundredThousandOneVisitMembersAndANeverStoppingBotLeaveOnlyBoundedState(
      @InjectMiniCluster MiniCluster cluster, @TempDir Path checkpoints) throws Exception {
    assertThat(BASELINE.plus(LEAD))
        .as("the baseline comes before the visits")
        .isBefore(VISIT_START);
    assertThat(BUSY)
        .as("at busy, no visit has left any stage yet")
        .isBefore(VISIT_START.plus(min(SESSION_HORIZON, STITCH_HORIZON)));
    long began = System.nanoTime();
    PulseConfig config = config(SharedInfrastructure.uniqueName("bounded"));
    RunTopicsAndIndices.create(config, PARTITIONS);
    JobClient job = start(config, checkpoints);
    Map<String, Map<KeyedStage, Long>> bytes = new LinkedHashMap<>();
    Bot bot = new Bot();
    try (KafkaProducer<byte[], byte[]> producer =
        KafkaOffsets.producer(config.kafka().requireBootstrapServers())) {
      bytes.put("empty", KeyedStage.firstCheckpoint(cluster, job.getJobID(), TIMEOUT));
      for (Point point : POINTS) {
        List<Click> phase = bot.clicksThrough(point.at().plus(LEAD));
        if (point.at().equals(BUSY)) {
          phase.addAll(visits());
        }
        send(producer, config, phase);
        KeyedStage.awaitWatermark(METRICS, job.getJobID(), PARALLELISM, point.at(), TIMEOUT);
        bytes.put(point.label(), KeyedStage.checkpoint(cluster, job.getJobID(), TIMEOUT));
        LOG.info(
            "{} ({}), {} clicks, after {} s: {}",
            point.label(),
            point.at(),
            phase.size(),
            (System.nanoTime() - began) / 1_000_000_000,
            bytes.get(point.label()));
      }
      LOG.info("state bytes by checkpoint and stage:\n{}", table(bytes));

      assertStateIsBounded(bytes);
      assertElasticsearchHoldsEverything(config, bot);
    } finally {
      job.cancel().get(1, TimeUnit.MINUTES);
    }
    // Passed: the run's documents can go (kept for a look after a failure).
    deleteIndices(config);
    LOG.info("state-bounded run took {} s", (System.nanoTime() - began) / 1_000_000_000);
  }

  private static void assertStateIsBounded(Map<String, Map<KeyedStage, Long>> bytes) {
    Map<KeyedStage, Long> empty = bytes.get("empty");
    Map<KeyedStage, Long> baseline = bytes.get("baseline");
    Map<KeyedStage, Long> busy = bytes.get("busy");
    Map<KeyedStage, Long> silent = bytes.get("silent");
    Map<KeyedStage, Long> days28 = bytes.get("28 days");
    Map<KeyedStage, Long> days58 = bytes.get("58 days");
    Map<KeyedStage, Long> ttl = bytes.get("binding TTL");
    long held = MEMBERS * MIN_BYTES_PER_MEMBER;

    for (KeyedStage stage : KeyedStage.values()) {
      if (stage == COMMUNITY_INDICATORS) {
        continue; // it keeps no per-member state: asserted below
      }
      assertThat(busy.get(stage) - baseline.get(stage))
          .as("%s grows while %d members are active", stage, MEMBERS)
          .isGreaterThanOrEqualTo(held);
    }

    // Back at the bot's own size as soon as every visit is past the stage's horizon, and after.
    for (KeyedStage stage : List.of(DEDUP, SESSIONS, SESSION_CHANGES)) {
      for (String point : WITHOUT_MEMBERS) {
        assertThat(bytes.get(point).get(stage))
            .as("%s at %s: back at the bot's size", stage, point)
            .isCloseTo(baseline.get(stage), within(SLACK));
      }
    }

    // Identity: the clicks go with the stitcher's horizon, each device's last binding (its anchor
    // for later anonymous clicks) stays for the binding TTL.
    assertThat(silent.get(IDENTITY))
        .as("identity at silent: the clicks are forgotten")
        .isLessThan(busy.get(IDENTITY));
    for (Map<KeyedStage, Long> anchored : List.of(silent, days28, days58)) {
      assertThat(anchored.get(IDENTITY) - baseline.get(IDENTITY))
          .as("identity keeps each member device's binding for the binding TTL")
          .isGreaterThanOrEqualTo(held);
    }
    for (String point : List.of("bot, 2 days", "binding TTL")) {
      assertThat(bytes.get(point).get(IDENTITY))
          .as("identity at %s: the bot's size", point)
          .isCloseTo(baseline.get(IDENTITY), within(SLACK));
    }

    // Member indicators: every member's days while a window that can change holds them, then each
    // member's first_seen for member.memory (90 days), then only the bot's window. The bot's grows
    // by one day tally a day (measured between the two bot-only points) until its window is full.
    assertThat(silent.get(MEMBER_INDICATORS) - baseline.get(MEMBER_INDICATORS))
        .as("member indicators keep the 56 days of every member the growth figures read")
        .isGreaterThanOrEqualTo(held);
    assertThat(days58.get(MEMBER_INDICATORS) - baseline.get(MEMBER_INDICATORS))
        .as("member indicators remember every member (first_seen) for member.memory")
        .isGreaterThanOrEqualTo(held)
        .isLessThan(silent.get(MEMBER_INDICATORS) - baseline.get(MEMBER_INDICATORS));
    long botDay = baseline.get(MEMBER_INDICATORS) - bytes.get("bot, 2 days").get(MEMBER_INDICATORS);
    Point last = POINTS.get(POINTS.size() - 1);
    assertThat(last.at())
        .as("the last point is past member.memory and the signal lateness")
        .isAfter(
            LAST_VISIT
                .plus(DEFAULTS.indicators().memberMemory())
                .plus(DEFAULTS.signalHorizon().lateness()));
    long expected =
        baseline.get(MEMBER_INDICATORS) + (botDaysHeld(last.at()) - botDaysHeld(BASELINE)) * botDay;
    assertThat(bytes.get(last.label()).get(MEMBER_INDICATORS))
        .as(
            "member indicators at %s: nothing of the members, the bot's window of %d days",
            last.label(), botDaysHeld(last.at()))
        .isCloseTo(expected, within(SLACK));

    // Community indicators: counters per day, decided upstream; no member is ever kept here, so
    // 100 000 members cost it less than a byte each (a few more days of counters), and their days
    // go in the end.
    for (String point : List.of("busy", "silent", "28 days", "58 days", "binding TTL")) {
      assertThat(bytes.get(point).get(COMMUNITY_INDICATORS) - baseline.get(COMMUNITY_INDICATORS))
          .as("community indicators at %s: no per-member state", point)
          .isLessThan(MEMBERS);
    }
    // Once the visit days are final and gone, it holds the bot's community alone: the days of its
    // window (the 35 before the open day and the 27 ahead that the bot's deltas reach), full from
    // 58 days on, so the same size from there.
    assertThat(ttl.get(COMMUNITY_INDICATORS))
        .as("community indicators after the visit days are final: the bot's community alone")
        .isCloseTo(days58.get(COMMUNITY_INDICATORS), within(SLACK));

    // The bot alone: at most what N one-visit members cost, N from the stage's horizon, twice over
    // (under another state layout one of the bot's items need not cost less than a member).
    Map<KeyedStage, Long> botUnits =
        Map.ofEntries(
            Map.entry(DEDUP, units(DEDUP_HORIZON)),
            Map.entry(IDENTITY, units(STITCH_HORIZON) + PARTITIONS),
            Map.entry(SESSIONS, units(MAX_LENGTH.plus(SESSION_HORIZON))),
            Map.entry(SESSION_CHANGES, ceilDiv(MAX_LENGTH.plus(SESSION_HORIZON), MAX_LENGTH) + 1));
    for (Map.Entry<KeyedStage, Long> e : botUnits.entrySet()) {
      KeyedStage stage = e.getKey();
      long perMember = (busy.get(stage) - baseline.get(stage)) / MEMBERS;
      // The members' ids share the dedup stage's keys (about 24 a key); each of the bot's few ids
      // has a key of its own and pays its key's entry and prune time alone.
      long times = stage == DEDUP ? 3 : 2;
      long bound = empty.get(stage) + times * e.getValue() * perMember;
      List<String> botOnly =
          stage == IDENTITY ? List.of("bot, 2 days", "baseline", "binding TTL") : WITHOUT_MEMBERS;
      for (String point : botOnly) {
        assertThat(bytes.get(point).get(stage))
            .as(
                "%s at %s: the bot costs at most %d times %d one-visit members of %d bytes",
                stage, point, times, e.getValue(), perMember)
            .isLessThanOrEqualTo(bound);
      }
    }
  }

  private static void assertElasticsearchHoldsEverything(PulseConfig config, Bot bot)
      throws IOException {
    // The final watermark is at or a little past the last point (idle partitions follow the wall
    // clock, seconds); the bot's session that ended a step before it closes only a gap later, so
    // exactly the sessions ending a gap before it count.
    List<long[]> closed =
        bot.referenceSessions().stream()
            .filter(s -> s[1] + GAP.toMillis() <= BINDING_TTL_PASSED.toEpochMilli())
            .toList();
    assertThat(
            bot.referenceSessions().stream()
                .filter(
                    s ->
                        s[1] + GAP.toMillis()
                            <= BINDING_TTL_PASSED.plus(LEAD).plus(LEAD).toEpochMilli()))
        .as("precondition: the count does not depend on where the last watermark is")
        .hasSameSizeAs(closed);
    String sessions = config.elasticsearch().alias(Aliases.SESSIONS);
    String members = config.elasticsearch().alias(Aliases.MEMBERS);
    try (ElasticsearchClient es =
        ElasticsearchClients.create(SharedInfrastructure.elasticsearchUrl())) {
      long expected = MEMBERS + closed.size();
      // Documents are written once the checkpoint covering them has completed: wait for them.
      FaultProbe.await(
          expected + " session documents",
          TIMEOUT,
          () -> count(es, sessions, null) >= expected && count(es, members, null) >= MEMBERS + 1);
      assertThat(count(es, sessions, null)).as("session documents").isEqualTo(expected);

      @SuppressWarnings("rawtypes")
      List<Hit<Map>> botSessions =
          es.search(
                  s ->
                      s.index(sessions)
                          .size(closed.size() + 10)
                          .query(q -> q.term(t -> t.field("member_id").value(Bot.MEMBER))),
                  Map.class)
              .hits()
              .hits();
      List<List<Long>> actual = new ArrayList<>();
      for (@SuppressWarnings("rawtypes") Hit<Map> hit : botSessions) {
        Map<?, ?> doc = hit.source();
        actual.add(
            List.of(
                ((Number) doc.get("start")).longValue(),
                ((Number) doc.get("end")).longValue(),
                ((Number) doc.get("events")).longValue()));
      }
      assertThat(actual)
          .as("the bot's sessions, cut at the maximum length")
          .containsExactlyInAnyOrderElementsOf(
              closed.stream().map(s -> List.of(s[0], s[1], s[2])).toList());

      assertThat(count(es, members, null)).as("member documents").isEqualTo(MEMBERS + 1L);
      assertThat(count(es, members, "dormant"))
          .as("members silent for 28 days read dormant")
          .isEqualTo(MEMBERS);
    }
  }

  /** The run's 200 000 documents would otherwise weigh on the node the later ITCases share. */
  private static void deleteIndices(PulseConfig config) throws IOException {
    try (ElasticsearchClient es =
        ElasticsearchClients.create(SharedInfrastructure.elasticsearchUrl())) {
      for (String alias : Aliases.ALL) {
        es.indices()
            .delete(
                d -> d.index(Aliases.concreteIndex(config.elasticsearch().indexPrefix(), alias)));
      }
    }
  }

  private static long count(ElasticsearchClient es, String alias, String level) {
    try {
      es.indices().refresh(r -> r.index(alias));
      return es.count(
              c ->
                  level == null
                      ? c.index(alias)
                      : c.index(alias).query(q -> q.term(t -> t.field("level").value(level))))
          .count();
    } catch (IOException e) {
      throw new IllegalStateException("cannot count " + alias, e);
    }
  }

  /** The job with test topics and indices and the test's own checkpoints; returns at once. */
  private static JobClient start(PulseConfig config, Path checkpoints) throws Exception {
    Configuration conf = JobEnvironment.flinkConfiguration(config);
    // Full snapshots of everything held: what the checkpoint statistics report is the state.
    conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
    conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
    conf.set(CheckpointingOptions.ENABLE_UNALIGNED, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(PARALLELISM);
    ProductionSinks.job(config, KafkaEventSources.continuous(config)).build(env);
    return env.executeAsync("state-bounded-itcase");
  }

  private static PulseConfig config(String name) {
    Map<String, String> settings = RunTopicsAndIndices.settings(name);
    settings.put(PulseOptions.KAFKA_GROUP_ID.key(), name);
    settings.put(PulseOptions.PARALLELISM.key(), Integer.toString(PARALLELISM));
    // The test takes every checkpoint itself, at the points it measures; Elasticsearch is written
    // once per point (the sink writes what each completed checkpoint covers).
    settings.put(PulseOptions.CHECKPOINT_INTERVAL.key(), "1 h");
    // The posts topic never gets an event: idle after this, so it does not hold the watermark.
    settings.put(PulseOptions.IDLE_TIMEOUT.key(), "2 s");
    // Community documents (and the pruning of their day buckets) at every watermark, not at most
    // every few seconds of processing time: the points are event-time horizons, seconds apart.
    settings.put(PulseOptions.COMMUNITY_REFRESH_INTERVAL.key(), "0 s");
    return PulseConfig.from(Configuration.fromMap(settings));
  }

  private static void send(
      KafkaProducer<byte[], byte[]> producer, PulseConfig config, List<Click> clicks) {
    clicks.sort(Comparator.comparing(c -> c.event().getOccurredAt()));
    for (Click c : clicks) {
      producer.send(
          new ProducerRecord<>(
              config.kafka().clicksTopic(),
              c.partition(),
              Topics.key(c.event()).getBytes(StandardCharsets.UTF_8),
              WireCodec.clicks().encode(c.event())));
    }
    producer.flush();
  }

  /** Every member's one visit: a signed-in page view. */
  private static List<Click> visits() {
    List<Click> visits = new ArrayList<>(MEMBERS);
    for (int i = 0; i < MEMBERS; i++) {
      visits.add(
          new Click(
              i % PARTITIONS,
              click(
                  String.format("visit-%06d", i),
                  COMMUNITIES.get(i / PARTITIONS % COMMUNITIES.size()),
                  String.format("device-%06d", i),
                  memberId(i),
                  VISIT_START.plus(VISIT_SPACING.multipliedBy(i)),
                  ClickType.PAGE_VIEW,
                  "/welcome")));
    }
    return visits;
  }

  private static String memberId(int i) {
    return String.format("member-%06d", i);
  }

  /** The member who never stops: a click every step, alternating between two devices. */
  private static final class Bot {
    static final String MEMBER = "bot";
    private final List<Instant> clicked = new ArrayList<>();

    List<Click> clicksThrough(Instant until) {
      List<Click> clicks = new ArrayList<>();
      for (Instant at = next(); !at.isAfter(until); at = next()) {
        int n = clicked.size();
        int partition = n % PARTITIONS;
        clicks.add(
            new Click(
                partition,
                click(
                    String.format("bot-%06d", n),
                    COMMUNITIES.get(0),
                    "bot-device-" + partition,
                    MEMBER,
                    at,
                    ClickType.CLICK,
                    "/feed")));
        clicked.add(at);
      }
      return clicks;
    }

    private Instant next() {
      return BOT_START.plus(BOT_STEP.multipliedBy(clicked.size()));
    }

    /**
     * The bot's sessions (docs/semantics.md, "Sessions": gap, maximum length), as {start, end,
     * events}.
     */
    List<long[]> referenceSessions() {
      List<long[]> sessions = new ArrayList<>();
      long[] open = null;
      for (Instant at : clicked) {
        long t = at.toEpochMilli();
        if (open == null || t - open[1] >= GAP.toMillis() || t - open[0] >= MAX_LENGTH.toMillis()) {
          open = new long[] {t, t, 0};
          sessions.add(open);
        }
        open[1] = t;
        open[2]++;
      }
      return sessions;
    }
  }

  private static ClickEvent click(
      String eventId,
      String community,
      String device,
      String member,
      Instant at,
      ClickType type,
      String url) {
    return ClickEvent.newBuilder()
        .setEventId(eventId)
        .setCommunityId(community)
        .setOccurredAt(at)
        .setAnonymousId(device)
        .setMemberId(member)
        .setType(type)
        .setUrl(url)
        .build();
  }

  /** The first point of the bot's {@link #CYCLE} at or after {@code t}. */
  private static Instant cycleAtOrAfter(Instant t) {
    long cycle = CYCLE.toMillis();
    long since = t.toEpochMilli() - BOT_START.toEpochMilli();
    return BOT_START.plusMillis(Math.floorDiv(since + cycle - 1, cycle) * cycle);
  }

  /**
   * How many whole UTC days of the bot the member stage holds at a point of the cycle (the as-of
   * day itself has only just begun): those since its start, up to the window's 27 before the as-of
   * day.
   */
  private static long botDaysHeld(Instant point) {
    // The full days before the point's day that the member stage keeps: from the first day a
    // window that can still change holds (SignalHorizon), or from the bot's start.
    long at = point.toEpochMilli();
    long firstKept = DEFAULTS.signalHorizon().firstKeptGrowthDay(at);
    return UtcDays.of(at) - Math.max(firstKept, UtcDays.of(BOT_START.toEpochMilli()));
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  /** How many bot clicks fit in {@code span}, plus those of the lead past a point. */
  private static long units(Duration span) {
    return ceilDiv(span.plus(LEAD), BOT_STEP) + 1;
  }

  private static long ceilDiv(Duration a, Duration b) {
    return Math.floorDiv(a.toMillis() + b.toMillis() - 1, b.toMillis());
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static String table(Map<String, Map<KeyedStage, Long>> bytes) {
    StringBuilder out = new StringBuilder(String.format("%-22s", "stage"));
    bytes.keySet().forEach(point -> out.append(String.format("%14s", point)));
    for (KeyedStage stage : KeyedStage.values()) {
      out.append(String.format("%n%-22s", stage.operator));
      bytes.values().forEach(sizes -> out.append(String.format("%14d", sizes.get(stage))));
    }
    return out.toString();
  }
}
