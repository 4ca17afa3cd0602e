package io.communitypulse.community;

import static io.communitypulse.community.CommunityFixtures.COMMUNITY;
import static io.communitypulse.community.CommunityFixtures.DAY0;
import static io.communitypulse.community.CommunityFixtures.INDEX;
import static io.communitypulse.community.CommunityFixtures.firstResponse;
import static io.communitypulse.community.CommunityFixtures.harness;
import static io.communitypulse.community.CommunityFixtures.heldDays;
import static io.communitypulse.community.CommunityFixtures.id;
import static io.communitypulse.community.CommunityFixtures.json;
import static io.communitypulse.community.CommunityFixtures.noon;
import static io.communitypulse.community.CommunityFixtures.own;
import static io.communitypulse.community.CommunityFixtures.pair;
import static io.communitypulse.community.CommunityFixtures.referralConversion;
import static io.communitypulse.community.CommunityFixtures.referralVisit;
import static io.communitypulse.community.CommunityFixtures.signal;
import static io.communitypulse.community.CommunityFixtures.visit;
import static io.communitypulse.community.CommunityFixtures.withdrawn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.communitypulse.community.CommunitySignal.Kind;
import io.communitypulse.indicators.IndicatorSettings;
import io.communitypulse.sink.Aliases;
import io.communitypulse.sink.DocumentWrite;
import io.communitypulse.sink.ElasticsearchSetup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CommunityIndicatorsTest {

  private static final double EXACT = 1e-12;

  private KeyedOneInputStreamOperatorTestHarness<String, CommunitySignal, DocumentWrite> harness;

  /** Every write so far, in order, to check versions over a whole test. */
  private final List<DocumentWrite> allWrites = new ArrayList<>();

  /** The latest document per id, as the sink coalesces them. */
  private final Map<String, JsonNode> latest = new LinkedHashMap<>();

  @BeforeEach
  void open() throws Exception {
    harness = harness(new CommunityIndicators(INDEX, IndicatorSettings.defaults()));
  }

  @AfterEach
  void closeHarness() throws Exception {
    harness.close();
    long previous = Long.MIN_VALUE;
    for (DocumentWrite w : allWrites) {
      assertThat(w.version).as("versions grow across all documents").isGreaterThan(previous);
      previous = w.version;
      assertThat(w.index).isEqualTo(INDEX);
      assertThat(w.communityId).isEqualTo(COMMUNITY);
    }
  }

  private void send(CommunitySignal... signals) throws Exception {
    for (CommunitySignal s : signals) {
      harness.processElement(s, noon(s.day));
    }
  }

  private static CommunitySignal times(long n, CommunitySignal s) {
    s.count = n;
    return s;
  }

  /** Advances the watermark and returns the ids written since the last call, in order. */
  private List<String> watermark(long time) throws Exception {
    harness.processWatermark(time);
    return drain();
  }

  private List<String> drain() {
    List<DocumentWrite> out = harness.extractOutputValues();
    harness.getOutput().clear();
    List<String> ids = new ArrayList<>();
    for (DocumentWrite w : out) {
      allWrites.add(w);
      ids.add(w.id);
      latest.put(w.id, json(w));
    }
    return ids;
  }

  private JsonNode doc(long day) {
    assertThat(latest).containsKey(id(day));
    return latest.get(id(day));
  }

  private static List<String> ids(long fromDay, long toDay) {
    return LongStream.rangeClosed(fromDay, toDay).mapToObj(CommunityFixtures::id).toList();
  }

  @Test
  void signalsWaitInThePendingListUntilTheWatermarkAdvances() throws Exception {
    long d = DAY0 + 3;
    harness.processWatermark(noon(d));
    send(own("ada", d), signal(Kind.POST, "ada", d), own("bo", d));
    assertThat(drain()).as("nothing before the watermark moves").isEmpty();

    assertThat(watermark(noon(d) + 1)).containsExactly(id(d));

    assertThat(doc(d).get("active_members_1d").asLong()).isEqualTo(2);
    assertThat(doc(d).get("posts").asLong()).isEqualTo(1);
    assertThat(doc(d).get("new_members_1d").asLong()).isEqualTo(2);
    // The pending list was emptied into the day bucket.
    assertThat(pendingSignals()).isZero();
  }

  @Test
  void withARefreshIntervalDocumentsWaitForItButNotForTheEndOfInput() throws Exception {
    harness.close();
    harness =
        harness(
            new CommunityIndicators(
                INDEX, IndicatorSettings.defaults(), null, Duration.ofSeconds(5)));
    long d = DAY0 + 3;
    harness.setProcessingTime(1_000);
    harness.processWatermark(noon(d));
    send(own("ada", d));
    assertThat(watermark(noon(d) + 1)).as("the first refresh is not held back").hasSize(1);

    harness.setProcessingTime(2_000);
    send(own("bo", d));
    assertThat(watermark(noon(d) + 2)).as("within the interval").isEmpty();
    assertThat(pendingSignals()).as("the signal went into its day all the same").isZero();

    harness.setProcessingTime(6_000);
    assertThat(watermark(noon(d) + 3)).containsExactly(id(d));
    assertThat(doc(d).get("active_members_1d").asLong()).isEqualTo(2);

    harness.setProcessingTime(6_500);
    send(own("cy", d));
    watermark(Long.MAX_VALUE);
    assertThat(doc(d).get("active_members_1d").asLong()).as("end of input").isEqualTo(3);
  }

  /** Signals waiting in the community's pending list. */
  private int pendingSignals() throws Exception {
    KeyedStateBackend<String> backend = harness.getOperator().getKeyedStateBackend();
    backend.setCurrentKey(COMMUNITY);
    ListState<CommunitySignal> pending =
        backend.getPartitionedState(
            VoidNamespace.INSTANCE,
            VoidNamespaceSerializer.INSTANCE,
            CommunityIndicators.pendingDescriptor());
    int n = 0;
    Iterable<CommunitySignal> signals = pending.get();
    if (signals != null) {
      for (CommunitySignal ignored : signals) {
        n++;
      }
    }
    return n;
  }

  @Test
  void computesEveryFieldOfASmallMultiDayExample() throws Exception {
    long d = DAY0 + 9;
    // The as-of day first: the order of signals does not matter.
    send(
        times(2, own("ada", d)),
        times(2, signal(Kind.POST, "ada", d)),
        own("bo", d),
        signal(Kind.REPLY, "bo", d),
        pair("bo", "ada", d),
        own("cy", d),
        signal(Kind.SHARE, "cy", d),
        visit("anon:v1", d),
        visit("anon:v1", d),
        visit("anon:v2", d),
        referralVisit(d),
        referralVisit(d),
        referralConversion(d, 49.5),
        firstResponse("p1", d, 30),
        firstResponse("p2", d, 1500));
    send(own("ada", DAY0), signal(Kind.POST, "ada", DAY0), own("bo", DAY0));
    send(own("bo", d - 6), signal(Kind.REPLY, "bo", d - 6), pair("bo", "ada", d - 6));
    send(own("dee", d - 1));

    assertThat(watermark(noon(d))).containsExactlyElementsOf(ids(DAY0, d));

    JsonNode today = doc(d);
    assertThat(today.get("community_id").asText()).isEqualTo(COMMUNITY);
    assertThat(today.get("day").asText()).isEqualTo("2026-03-11");
    assertThat(today.get("active_members_1d").asLong()).isEqualTo(3);
    // bo (d-6), dee (d-1), ada, bo, cy (d).
    assertThat(today.get("active_members_7d").asLong()).isEqualTo(4);
    assertThat(today.get("active_members_28d").asLong()).isEqualTo(4);
    assertThat(today.get("visitors_1d").asLong()).isEqualTo(2);
    // ada and bo were new on DAY0, dee on d-1: only cy is new today.
    assertThat(today.get("new_members_1d").asLong()).isEqualTo(1);
    // (2 + 1 + 1 + 3 actives on DAY0, d-6, d-1, d) / 28 / 4
    assertThat(today.get("stickiness").asDouble()).isCloseTo(7.0 / 28 / 4, within(EXACT));
    // ada: 3 posts (creator); bo: 2 replies, cy: 1 share (contributors); dee: active (lurker).
    assertThat(today.get("creators").asLong()).isEqualTo(1);
    assertThat(today.get("contributors").asLong()).isEqualTo(2);
    assertThat(today.get("lurkers").asLong()).isEqualTo(1);
    assertThat(today.get("posts").asLong()).isEqualTo(2);
    assertThat(today.get("replies").asLong()).isEqualTo(1);
    assertThat(today.get("shares").asLong()).isEqualTo(1);
    // p1 answered after 30 min, p2 after 25 h.
    assertThat(today.get("response_rate_24h").asDouble()).isEqualTo(0.5);
    assertThat(today.get("median_first_response_minutes").asDouble()).isEqualTo(765.0);
    // bo -> ada twice, never ada -> bo.
    assertThat(today.get("reciprocity_28d").asDouble()).isZero();
    assertThat(today.get("referral_visits").asLong()).isEqualTo(2);
    assertThat(today.get("referral_conversions").asLong()).isEqualTo(1);
    assertThat(today.get("referral_conversion_value").asDouble()).isEqualTo(49.5);
    // 25 × min(1, 0.0625 / 0.3) + 25 × 0.5 + 15 × (1440 − 765) / 1380 + 15 × 0
    // + 20 × min(1, 3 / 4 / 0.3) = 45.045… of 100 weights
    assertThat(today.get("health_index").asDouble()).isEqualTo(45.0);

    JsonNode first = doc(DAY0);
    assertThat(first.get("active_members_1d").asLong()).isEqualTo(2);
    assertThat(first.get("new_members_1d").asLong()).isEqualTo(2);
    assertThat(first.get("posts").asLong()).isEqualTo(1);
    // One post without a first response: answered share 0, no median.
    assertThat(first.get("response_rate_24h").asDouble()).isZero();
    assertThat(first.get("median_first_response_minutes").isNull()).isTrue();
    assertThat(first.get("reciprocity_28d").isNull()).isTrue();
    assertThat(first.get("contributors").asLong()).isEqualTo(1);
    assertThat(first.get("lurkers").asLong()).isEqualTo(1);
  }

  @Test
  void leavesANullComponentOutOfTheHealthIndexAndRenormalises() throws Exception {
    // Nobody posts or replies: no response rate, median or reciprocity.
    send(own("ada", DAY0), signal(Kind.SHARE, "ada", DAY0), own("bo", DAY0));

    watermark(noon(DAY0));

    JsonNode day = doc(DAY0);
    assertThat(day.get("response_rate_24h").isNull()).isTrue();
    assertThat(day.get("median_first_response_minutes").isNull()).isTrue();
    assertThat(day.get("reciprocity_28d").isNull()).isTrue();
    // stickiness 2 / 28 / 2: 25 × (1/28) / 0.3 = 2.976…; contribution 1/2 ≥ 0.3: 20 × 1.
    // (2.976… + 20) / 45 = 51.06 %
    assertThat(day.get("health_index").asDouble()).isEqualTo(51.1);
  }

  @Test
  void countsDaysBeforeTheFirstEventAsZeroInStickiness() throws Exception {
    send(own("ada", DAY0), own("bo", DAY0), own("ada", DAY0 + 1));

    assertThat(watermark(noon(DAY0 + 1))).containsExactly(id(DAY0), id(DAY0 + 1));

    // The 26 days before DAY0 count 0: (2 + 1) / 28 / 2 distinct members.
    assertThat(doc(DAY0 + 1).get("stickiness").asDouble()).isCloseTo(3.0 / 28 / 2, within(EXACT));
    assertThat(doc(DAY0).get("stickiness").asDouble()).isCloseTo(2.0 / 28 / 2, within(EXACT));
  }

  @Test
  void takesTheExactMedianOfAnOddCountAndTheSmallestFirstResponsePerPost() throws Exception {
    long d = DAY0 + 3;
    send(own("ada", d), times(4, signal(Kind.POST, "ada", d)));
    send(
        firstResponse("p1", d, 50),
        firstResponse("p1", d, 10),
        firstResponse("p2", d, 120),
        firstResponse("p2", d, 200),
        firstResponse("p3", d, 1800));

    watermark(noon(d));

    JsonNode day = doc(d);
    // p1 (10 min) and p2 (120 min) within 24 h, p3 later, the fourth post never answered.
    assertThat(day.get("response_rate_24h").asDouble()).isEqualTo(0.5);
    // median of 10, 120, 1800
    assertThat(day.get("median_first_response_minutes").asDouble()).isEqualTo(120.0);
  }

  @Test
  void takesTheMeanOfTheTwoMiddleValuesForAnEvenCountAndCountsExactly24HoursAsWithin()
      throws Exception {
    long d = DAY0 + 3;
    send(own("ada", d), times(4, signal(Kind.POST, "ada", d)));
    send(
        firstResponse("p1", d, 10),
        firstResponse("p2", d, 25),
        firstResponse("p3", d, 1440),
        firstResponse("p4", d, 2000));

    watermark(noon(d));

    JsonNode day = doc(d);
    assertThat(day.get("response_rate_24h").asDouble()).isEqualTo(0.75);
    assertThat(day.get("median_first_response_minutes").asDouble()).isEqualTo((25 + 1440) / 2.0);
  }

  @Test
  void reciprocityCountsDistinctPairsOf28DaysAndExcludesSelfPairs() throws Exception {
    long d = DAY0 + 30;
    watermark(noon(d - 28));
    send(pair("cy", "ada", d - 28));
    send(
        pair("ada", "bo", d - 5),
        pair("ada", "bo", d - 4),
        pair("bo", "ada", d - 5),
        pair("ada", "cy", d - 5),
        // A reply to oneself: ignored, or it would count as reciprocated.
        pair("cy", "cy", d - 5));

    watermark(noon(d));

    // ada<->bo reciprocated, ada->cy not: cy->ada is 28 days old, out of the window.
    assertThat(doc(d).get("reciprocity_28d").asDouble()).isCloseTo(2.0 / 3, within(EXACT));
    // The day before, cy->ada is still in the window: all four pairs are reciprocated.
    assertThat(doc(d - 1).get("reciprocity_28d").asDouble()).isEqualTo(1.0);
  }

  @Test
  void buildsTheParticipationPyramidWithTheMemberLevelRules() throws Exception {
    long d = DAY0 + 30;
    send(
        // creator: a post and replies, posts + replies = 3
        own("ann", d - 2),
        signal(Kind.POST, "ann", d - 2),
        times(2, signal(Kind.REPLY, "ann", d)),
        // creator without posts: an accepted answer and 3 replies
        own("ben", d - 1),
        times(3, signal(Kind.REPLY, "ben", d - 1)),
        signal(Kind.ANSWER_ACCEPTED, "ben", d),
        // contributor: a post and a reply are only 2
        own("cat", d),
        signal(Kind.POST, "cat", d),
        signal(Kind.REPLY, "cat", d),
        // contributor: one reaction
        own("dan", d),
        signal(Kind.REACTION, "dan", d),
        // lurker: only active
        own("eve", d),
        // creator on d, out of the 28-day window on d + 1
        own("fay", d - 27),
        times(5, signal(Kind.POST, "fay", d - 27)),
        // credited but never active: dormant, not counted
        signal(Kind.ANSWER_ACCEPTED, "gil", d));

    watermark(noon(d + 1));

    JsonNode day = doc(d);
    assertThat(day.get("creators").asLong()).isEqualTo(3);
    assertThat(day.get("contributors").asLong()).isEqualTo(2);
    assertThat(day.get("lurkers").asLong()).isEqualTo(1);
    assertThat(day.get("active_members_28d").asLong()).isEqualTo(6);
    JsonNode next = doc(d + 1);
    assertThat(next.get("creators").asLong()).isEqualTo(2);
    assertThat(next.get("contributors").asLong()).isEqualTo(2);
    assertThat(next.get("lurkers").asLong()).isEqualTo(1);
    assertThat(next.get("active_members_28d").asLong()).isEqualTo(5);
  }

  @Test
  void writesQuietDaysUpToTheAsOfDayAndNeverRewritesFinalDays() throws Exception {
    send(own("ada", DAY0));
    assertThat(watermark(noon(DAY0 + 3))).containsExactlyElementsOf(ids(DAY0, DAY0 + 3));

    JsonNode quiet = doc(DAY0 + 3);
    assertThat(quiet.get("active_members_1d").asLong()).isZero();
    assertThat(quiet.get("active_members_7d").asLong()).isEqualTo(1);
    assertThat(quiet.get("active_members_28d").asLong()).isEqualTo(1);
    assertThat(quiet.get("lurkers").asLong()).isEqualTo(1);
    assertThat(quiet.get("stickiness").asDouble()).isCloseTo(1.0 / 28, within(EXACT));

    // The watermark jumps weeks: every skipped day still gets its one document.
    assertThat(watermark(noon(DAY0 + 40))).containsExactlyElementsOf(ids(DAY0 + 4, DAY0 + 40));
    assertThat(doc(DAY0 + 27).get("active_members_28d").asLong()).isEqualTo(1);
    JsonNode empty = doc(DAY0 + 28);
    assertThat(empty.get("active_members_28d").asLong()).isZero();
    assertThat(empty.get("stickiness").isNull()).isTrue();
    assertThat(empty.get("health_index").isNull()).isTrue();

    // Day DAY0 + 12 is out of the window of DAY0 + 40: final, the signal is dropped.
    send(own("bo", DAY0 + 12));
    assertThat(watermark(noon(DAY0 + 40) + 1)).isEmpty();
    // Crossing midnight writes the next day only.
    assertThat(watermark(noon(DAY0 + 41))).containsExactly(id(DAY0 + 41));
  }

  @Test
  void movesANewMemberToAnEarlierFirstOwnEventThatArrivesLate() throws Exception {
    send(own("ada", DAY0 + 1));
    watermark(noon(DAY0 + 1));
    assertThat(doc(DAY0 + 1).get("new_members_1d").asLong()).isEqualTo(1);

    send(own("ada", DAY0));
    List<String> rewritten = watermark(noon(DAY0 + 1) + 1);

    assertThat(rewritten).containsExactly(id(DAY0), id(DAY0 + 1));
    assertThat(doc(DAY0).get("new_members_1d").asLong()).isEqualTo(1);
    assertThat(doc(DAY0 + 1).get("new_members_1d").asLong()).isZero();
    // A later own event of a known member is not new.
    send(own("ada", DAY0 + 1));
    watermark(noon(DAY0 + 1) + 2);
    assertThat(doc(DAY0 + 1).get("new_members_1d").asLong()).isZero();
  }

  @Test
  void withdrawalsUndoTheirSignalAndAnUnchangedDocumentIsNotRewritten() throws Exception {
    long d = DAY0 + 2;
    send(own("ada", d), visit("anon:v1", d), referralVisit(d), referralConversion(d, 20));
    watermark(noon(d));
    assertThat(doc(d).get("visitors_1d").asLong()).isEqualTo(1);

    // The identity stage moved the visitor's click to ada; the session stage merged the visit away.
    send(
        withdrawn(visit("anon:v1", d)),
        own("ada", d),
        withdrawn(referralVisit(d)),
        withdrawn(referralConversion(d, 20)));
    watermark(noon(d) + 1);

    JsonNode day = doc(d);
    assertThat(day.get("visitors_1d").asLong()).isZero();
    assertThat(day.get("active_members_1d").asLong()).isEqualTo(1);
    assertThat(day.get("referral_visits").asLong()).isZero();
    assertThat(day.get("referral_conversions").asLong()).isZero();
    assertThat(day.get("referral_conversion_value").asDouble()).isZero();

    // A second own event of an active member changes no figure: nothing is written.
    send(own("ada", d));
    assertThat(watermark(noon(d) + 2)).isEmpty();
  }

  @Test
  void keepsOnlyTheBucketsThatReWritableDocumentsNeed() throws Exception {
    for (long day = DAY0; day <= DAY0 + 99; day++) {
      send(own("ada", day));
      watermark(noon(day));
    }

    // The 28 re-writable documents (days 72..99) sum over days 45..99.
    assertThat(heldDays(harness))
        .containsExactlyElementsOf(LongStream.rangeClosed(DAY0 + 45, DAY0 + 99).boxed().toList());
    assertThat(latest).hasSize(100);
  }

  @Test
  void usesTheLatestDaySeenAtTheEndOfABoundedInput() throws Exception {
    send(own("ada", DAY0), own("bo", DAY0 + 2));

    assertThat(watermark(Long.MAX_VALUE)).containsExactlyElementsOf(ids(DAY0, DAY0 + 2));
    assertThat(doc(DAY0 + 2).get("active_members_7d").asLong()).isEqualTo(2);
  }

  @Test
  void writesExactlyTheFieldsOfTheMapping() throws Exception {
    send(own("ada", DAY0), visit("anon:v1", DAY0));
    watermark(noon(DAY0));

    JsonNode mapping = new ObjectMapper().readTree(ElasticsearchSetup.mapping(Aliases.COMMUNITIES));
    Set<String> mapped = new HashSet<>();
    mapping.path("properties").fieldNames().forEachRemaining(mapped::add);
    Set<String> written = new HashSet<>();
    doc(DAY0).fieldNames().forEachRemaining(written::add);

    assertThat(mapped).hasSize(21);
    assertThat(written).isEqualTo(mapped);
  }
}
