package io.communitypulse.community;

import static io.communitypulse.community.CommunityCounter.ACTIVE_1D;
import static io.communitypulse.community.CommunityCounter.ACTIVE_28D;
import static io.communitypulse.community.CommunityCounter.ACTIVE_7D;
import static io.communitypulse.community.CommunityCounter.ACTIVE_DAYS_28D;
import static io.communitypulse.community.CommunityCounter.CONTRIBUTORS;
import static io.communitypulse.community.CommunityCounter.CREATORS;
import static io.communitypulse.community.CommunityCounter.DEMOTED_28D;
import static io.communitypulse.community.CommunityCounter.HELPED_28D_AGO;
import static io.communitypulse.community.CommunityCounter.HELPED_PAID_FORWARD;
import static io.communitypulse.community.CommunityCounter.LURKERS;
import static io.communitypulse.community.CommunityCounter.NEWCOMERS_28D_AGO;
import static io.communitypulse.community.CommunityCounter.NEWCOMERS_RETAINED;
import static io.communitypulse.community.CommunityCounter.NEW_MEMBERS;
import static io.communitypulse.community.CommunityCounter.POSTS;
import static io.communitypulse.community.CommunityCounter.PROMOTED_28D;
import static io.communitypulse.community.CommunityCounter.RECIPROCATED_PAIRS_28D;
import static io.communitypulse.community.CommunityCounter.REFERRAL_CONVERSIONS;
import static io.communitypulse.community.CommunityCounter.REFERRAL_CONVERSIONS_28D;
import static io.communitypulse.community.CommunityCounter.REFERRAL_CONVERSION_MICROS;
import static io.communitypulse.community.CommunityCounter.REFERRAL_CONVERSION_MICROS_28D;
import static io.communitypulse.community.CommunityCounter.REFERRAL_VISITS;
import static io.communitypulse.community.CommunityCounter.REPLIES;
import static io.communitypulse.community.CommunityCounter.REPLY_PAIRS_28D;
import static io.communitypulse.community.CommunityCounter.SHARES;
import static io.communitypulse.community.CommunityCounter.VISITORS_1D;
import static io.communitypulse.community.CommunityFixtures.COMMUNITY;
import static io.communitypulse.community.CommunityFixtures.DAY0;
import static io.communitypulse.community.CommunityFixtures.FINAL_AFTER;
import static io.communitypulse.community.CommunityFixtures.HOUR;
import static io.communitypulse.community.CommunityFixtures.INDEX;
import static io.communitypulse.community.CommunityFixtures.MINUTE;
import static io.communitypulse.community.CommunityFixtures.at;
import static io.communitypulse.community.CommunityFixtures.delta;
import static io.communitypulse.community.CommunityFixtures.firstResponse;
import static io.communitypulse.community.CommunityFixtures.harness;
import static io.communitypulse.community.CommunityFixtures.heldDays;
import static io.communitypulse.community.CommunityFixtures.id;
import static io.communitypulse.community.CommunityFixtures.json;
import static io.communitypulse.community.CommunityFixtures.midnight;
import static io.communitypulse.community.CommunityFixtures.noon;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.communitypulse.content.FirstResponse;
import io.communitypulse.sink.DocumentWrite;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * The community stage: sums the deltas of each day and writes one document per UTC day from the
 * first event day to the as-of day, again only when a figure changes.
 */
class CommunityIndicatorsTest {

  private static final double EXACT = 1e-12;

  private KeyedOneInputStreamOperatorTestHarness<String, CommunityDelta, DocumentWrite> harness;

  /** Every write so far, in order, to check versions over a whole test. */
  private final List<DocumentWrite> allWrites = new ArrayList<>();

  /** The latest document per id, as the sink coalesces them. */
  private final Map<String, JsonNode> latest = new LinkedHashMap<>();

  @BeforeEach
  void open() throws Exception {
    harness = harness(CommunityFixtures.indicators(Duration.ZERO, null));
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
      assertThat(w.isDelete()).isFalse();
    }
  }

  private void reopen(CommunityIndicators function) throws Exception {
    harness.close();
    harness = harness(function);
  }

  private void send(CommunityDelta... deltas) throws Exception {
    for (CommunityDelta d : deltas) {
      harness.processElement(d, noon(d.day));
    }
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

  /** One member active on {@code day}, new that day, a lurker for the 28 days from it. */
  private static List<CommunityDelta> lurkerFrom(long day) {
    List<CommunityDelta> out = new ArrayList<>();
    out.add(delta(day, ACTIVE_1D, 1).add(NEW_MEMBERS, 1));
    for (long d = day; d < day + 28; d++) {
      CommunityDelta x = d == day ? out.get(0) : delta(d);
      if (d < day + 7) {
        x.add(ACTIVE_7D, 1);
      }
      x.add(ACTIVE_28D, 1).add(ACTIVE_DAYS_28D, 1).add(LURKERS, 1);
      if (d != day) {
        out.add(x);
      }
    }
    return out;
  }

  @Test
  void writesEveryDayFromTheFirstEventDayToTheAsOfDayIncludingQuietDays() throws Exception {
    harness.processWatermark(noon(DAY0) - 1);
    send(lurkerFrom(DAY0).toArray(CommunityDelta[]::new));
    assertThat(drain()).as("nothing before the watermark moves").isEmpty();

    assertThat(watermark(noon(DAY0 + 3))).containsExactlyElementsOf(ids(DAY0, DAY0 + 3));

    JsonNode quiet = doc(DAY0 + 3);
    assertThat(quiet.get("community_id").asText()).isEqualTo(COMMUNITY);
    assertThat(quiet.get("day").asText()).isEqualTo("2026-03-05");
    assertThat(quiet.get("active_members_1d").asLong()).isZero();
    assertThat(quiet.get("active_members_7d").asLong()).isEqualTo(1);
    assertThat(quiet.get("active_members_28d").asLong()).isEqualTo(1);
    assertThat(quiet.get("new_members_1d").asLong()).isZero();
    assertThat(quiet.get("lurkers").asLong()).isEqualTo(1);
    assertThat(quiet.get("stickiness").asDouble()).isCloseTo(1.0 / 28, within(EXACT));
    assertThat(doc(DAY0).get("new_members_1d").asLong()).isEqualTo(1);

    assertThat(quiet.get("final").asBoolean()).isFalse();

    assertThat(doc(DAY0 + 1).get("final").asBoolean()).as("25.5 h after its end").isTrue();

    // The watermark jumps weeks: every skipped day still gets its one document, and days 2 and 3
    // are written again, final now (noon of day 40 is 25.5 h past the end of day 38).
    assertThat(watermark(noon(DAY0 + 40))).containsExactlyElementsOf(ids(DAY0 + 2, DAY0 + 40));
    assertThat(doc(DAY0 + 3).get("final").asBoolean()).isTrue();
    assertThat(doc(DAY0 + 38).get("final").asBoolean()).isTrue();
    assertThat(doc(DAY0 + 39).get("final").asBoolean()).isFalse();
    assertThat(doc(DAY0 + 27).get("active_members_28d").asLong()).isEqualTo(1);
    JsonNode empty = doc(DAY0 + 28);
    assertThat(empty.get("active_members_28d").asLong()).isZero();
    assertThat(empty.get("lurkers").asLong()).isZero();
    assertThat(empty.get("stickiness").isNull()).isTrue();
    assertThat(empty.get("reciprocity_28d").isNull()).isTrue();
    assertThat(empty.get("response_rate_24h").isNull()).isTrue();
    assertThat(empty.get("health_index").isNull()).isTrue();

    // The same day again writes nothing; crossing midnight writes the next day only; the
    // moment day 39 becomes final rewrites it alone.
    assertThat(watermark(noon(DAY0 + 40) + 1)).isEmpty();
    assertThat(watermark(midnight(DAY0 + 41))).containsExactly(id(DAY0 + 41));
    long day39Final = midnight(DAY0 + 40) + FINAL_AFTER.toMillis();
    assertThat(watermark(day39Final - 1)).isEmpty();
    assertThat(watermark(day39Final)).containsExactly(id(DAY0 + 39));
    assertThat(doc(DAY0 + 39).get("final").asBoolean()).isTrue();
  }

  @Test
  void computesEveryFigureFromTheCounters() throws Exception {
    long d = DAY0 + 9;
    send(
        delta(d)
            .add(ACTIVE_1D, 3)
            .add(ACTIVE_7D, 4)
            .add(ACTIVE_28D, 4)
            .add(ACTIVE_DAYS_28D, 7)
            .add(CREATORS, 1)
            .add(CONTRIBUTORS, 2)
            .add(LURKERS, 1)
            .add(NEW_MEMBERS, 1)
            .add(POSTS, 2)
            .add(REPLIES, 1)
            .add(SHARES, 1)
            .add(VISITORS_1D, 2)
            .add(REPLY_PAIRS_28D, 5)
            .add(RECIPROCATED_PAIRS_28D, 2)
            .add(REFERRAL_VISITS, 2)
            .add(REFERRAL_CONVERSIONS, 1)
            .add(REFERRAL_CONVERSION_MICROS, 100_000),
        // A second conversion of 0.2: the value is summed in millionths, so 0.1 + 0.2 is 0.3.
        delta(d).add(REFERRAL_CONVERSIONS, 1).add(REFERRAL_CONVERSION_MICROS, 200_000),
        firstResponse("p1", d, 30),
        firstResponse("p2", d, 1500));

    assertThat(watermark(noon(d))).containsExactly(id(d));

    JsonNode day = doc(d);
    assertThat(day.get("day").asText()).isEqualTo("2026-03-11");
    assertThat(day.get("active_members_1d").asLong()).isEqualTo(3);
    assertThat(day.get("active_members_7d").asLong()).isEqualTo(4);
    assertThat(day.get("active_members_28d").asLong()).isEqualTo(4);
    assertThat(day.get("visitors_1d").asLong()).isEqualTo(2);
    assertThat(day.get("new_members_1d").asLong()).isEqualTo(1);
    // Σ active days over the 28 days / 28 / distinct 28-day actives.
    assertThat(day.get("stickiness").asDouble()).isCloseTo(7.0 / 28 / 4, within(EXACT));
    assertThat(day.get("creators").asLong()).isEqualTo(1);
    assertThat(day.get("contributors").asLong()).isEqualTo(2);
    assertThat(day.get("lurkers").asLong()).isEqualTo(1);
    assertThat(day.get("posts").asLong()).isEqualTo(2);
    assertThat(day.get("replies").asLong()).isEqualTo(1);
    assertThat(day.get("shares").asLong()).isEqualTo(1);
    // p1 answered after 30 min, p2 after 25 h: half within 24 h, median (30 + 1500) / 2.
    assertThat(day.get("response_rate_24h").asDouble()).isEqualTo(0.5);
    assertThat(day.get("median_first_response_minutes").asDouble()).isEqualTo(765.0);
    assertThat(day.get("reciprocity_28d").asDouble()).isCloseTo(0.4, within(EXACT));
    assertThat(day.get("referral_visits").asLong()).isEqualTo(2);
    assertThat(day.get("referral_conversions").asLong()).isEqualTo(2);
    assertThat(day.get("referral_conversion_value").asDouble()).isEqualTo(0.3);
    // The response components read the seven days before: none here, so 25 × min(1, 0.0625 /
    // 0.3) + 15 × min(1, 0.4 / 0.5) + 20 × min(1, 3 / 4 / 0.3) = 5.208 + 12 + 20 of 60 weights.
    assertThat(day.get("response_rate_24h_7d").isNull()).isTrue();
    assertThat(day.get("median_first_response_minutes_7d").isNull()).isTrue();
    assertThat(day.get("health_index").asDouble()).isEqualTo(62.0);
    // Healthy, but the day's conversions are not in its 28-day sum: that is spread upstream.
    assertThat(day.get("referral_conversions_28d").asLong()).isZero();
    assertThat(day.get("value_quadrant").asText()).isEqualTo("engaged_only");
    assertThat(day.get("final").asBoolean()).isFalse();

    // The next day reads them: p1 within 24 h, p2 not.
    watermark(noon(d + 1));
    JsonNode next = doc(d + 1);
    assertThat(next.get("response_rate_24h_7d").asDouble()).isEqualTo(0.5);
    assertThat(next.get("median_first_response_minutes_7d").asDouble()).isEqualTo(30.0);
  }

  @Test
  void computesTheGrowthAndValueFiguresFromTheirCounters() throws Exception {
    long d = DAY0 + 60;
    send(
        delta(d)
            .add(ACTIVE_1D, 4)
            .add(ACTIVE_28D, 10)
            .add(ACTIVE_DAYS_28D, 100)
            .add(CREATORS, 3)
            .add(CONTRIBUTORS, 4)
            .add(PROMOTED_28D, 3)
            .add(DEMOTED_28D, 1)
            .add(NEWCOMERS_28D_AGO, 4)
            .add(NEWCOMERS_RETAINED, 1)
            .add(HELPED_28D_AGO, 5)
            .add(HELPED_PAID_FORWARD, 2)
            .add(REFERRAL_CONVERSIONS_28D, 3)
            .add(REFERRAL_CONVERSION_MICROS_28D, 1_500_000),
        delta(d + 1).add(ACTIVE_28D, 10).add(ACTIVE_DAYS_28D, 10).add(LURKERS, 10));

    watermark(noon(d + 1));

    JsonNode day = doc(d);
    assertThat(day.get("promoted_28d").asLong()).isEqualTo(3);
    assertThat(day.get("demoted_28d").asLong()).isEqualTo(1);
    assertThat(day.get("newcomer_retention_28d").asDouble()).isEqualTo(0.25);
    assertThat(day.get("pay_it_forward_28d").asDouble()).isEqualTo(0.4);
    assertThat(day.get("referral_conversions_28d").asLong()).isEqualTo(3);
    assertThat(day.get("referral_conversion_value_28d").asDouble()).isEqualTo(1.5);
    // stickiness 100 / 28 / 10 scores full, contribution 7 / 10 too: 100.
    assertThat(day.get("health_index").asDouble()).isEqualTo(100.0);
    assertThat(day.get("value_quadrant").asText()).isEqualTo("productive");

    JsonNode quiet = doc(d + 1);
    assertThat(quiet.get("newcomer_retention_28d").isNull()).as("no cohort").isTrue();
    assertThat(quiet.get("pay_it_forward_28d").isNull()).as("nobody helped").isTrue();
    // stickiness 10 / 28 / 10 = 0.036 scores 0.119 (w 25), contribution 0 (w 20): 6.6.
    assertThat(quiet.get("health_index").asDouble()).isEqualTo(6.6);
    assertThat(quiet.get("value_quadrant").asText()).isEqualTo("struggling");
  }

  @Test
  void aPostAt2359AnsweredWithin24HoursCountsInTheSevenDaysAfterItsDay() throws Exception {
    long d = DAY0 + 10;
    long postedAt = midnight(d + 1) - MINUTE;
    long answeredAt = postedAt + 23 * HOUR + 59 * MINUTE;
    send(delta(d, ACTIVE_1D, 1).add(POSTS, 1));
    harness.processElement(
        CommunityDelta.firstResponse(
            new FirstResponse(COMMUNITY, "c-late", "late", postedAt, answeredAt)),
        answeredAt);

    watermark(noon(d + 9));

    assertThat(doc(d).get("response_rate_24h").asDouble()).isEqualTo(1.0);
    assertThat(doc(d).get("response_rate_24h_7d").isNull()).as("its own day").isTrue();
    for (long day = d + 1; day <= d + 7; day++) {
      assertThat(doc(day).get("response_rate_24h_7d").asDouble()).as("day %d", day).isEqualTo(1.0);
      assertThat(doc(day).get("median_first_response_minutes_7d").asDouble())
          .isEqualTo(23 * 60 + 59.0);
    }
    assertThat(doc(d + 8).get("response_rate_24h_7d").isNull()).as("a week later").isTrue();
    assertThat(doc(d + 8).get("median_first_response_minutes_7d").isNull()).isTrue();
  }

  @Test
  void theHealthIndexOfTheCurrentDayDoesNotMoveWithTheDaysOwnPostsAndAnswers() throws Exception {
    long d = DAY0 + 20;
    // Last week: 4 posts, 3 answered within 24 h after 20, 40 and 90 minutes.
    for (long day = d - 7; day < d; day++) {
      send(delta(day).add(ACTIVE_1D, 1).add(ACTIVE_28D, 2).add(ACTIVE_DAYS_28D, 6));
    }
    send(
        delta(d - 3, POSTS, 4),
        firstResponse("a", d - 3, 20),
        firstResponse("b", d - 3, 40),
        firstResponse("c", d - 3, 90));
    send(delta(d).add(ACTIVE_28D, 2).add(ACTIVE_DAYS_28D, 6).add(CONTRIBUTORS, 1));
    watermark(at(d, 1));
    double health = doc(d).get("health_index").asDouble();
    assertThat(doc(d).get("response_rate_24h_7d").asDouble()).isEqualTo(0.75);
    assertThat(doc(d).get("median_first_response_minutes_7d").asDouble()).isEqualTo(40.0);

    // Through the day: posts of the day, some answered, some not yet.
    send(delta(d, POSTS, 5), firstResponse("d", d, 5));
    watermark(at(d, 9));
    send(firstResponse("e", d, 600));
    watermark(at(d, 23));

    assertThat(doc(d).get("posts").asLong()).isEqualTo(5);
    assertThat(doc(d).get("response_rate_24h").asDouble()).isEqualTo(0.4);
    assertThat(doc(d).get("health_index").asDouble())
        .as("the day's own posts and answers do not move its health index")
        .isEqualTo(health);
  }

  @Test
  void leavesANullComponentOutOfTheHealthIndexAndRenormalises() throws Exception {
    // Nobody posts or replies: no response rate, median or reciprocity.
    send(
        delta(DAY0)
            .add(ACTIVE_1D, 2)
            .add(ACTIVE_7D, 2)
            .add(ACTIVE_28D, 2)
            .add(ACTIVE_DAYS_28D, 2)
            .add(CONTRIBUTORS, 1)
            .add(LURKERS, 1)
            .add(SHARES, 1));

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
  void takesTheExactMedianOfAnOddCountAndTheSmallestFirstResponsePerPost() throws Exception {
    long d = DAY0 + 3;
    send(delta(d, ACTIVE_1D, 1).add(POSTS, 4));
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
    send(delta(d, ACTIVE_1D, 1).add(POSTS, 4));
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
  void aLateFirstResponseRewritesThePostsDayWithAnExactMedian() throws Exception {
    long d = DAY0 + 3;
    send(delta(d, ACTIVE_1D, 1).add(POSTS, 2), firstResponse("p1", d, 7));
    watermark(noon(d + 2));
    assertThat(doc(d).get("median_first_response_minutes").asDouble()).isEqualTo(7.0);

    // Answered after 3 days: counts in the median, not in the 24-hour rate.
    send(firstResponse("p2", d, 3 * 1440 + 1));

    // The next days' 7-day figures count answers within 24 h only: they are not rewritten.
    assertThat(watermark(noon(d + 2) + 1)).containsExactly(id(d));
    assertThat(doc(d).get("response_rate_24h").asDouble()).isEqualTo(0.5);
    assertThat(doc(d).get("median_first_response_minutes").asDouble())
        .isEqualTo((7 + 3 * 1440 + 1) / 2.0);
  }

  @Test
  void aDeltaToAnOlderDayRewritesThatDayAndOnlyTheDaysThatReadIt() throws Exception {
    send(lurkerFrom(DAY0).toArray(CommunityDelta[]::new));
    assertThat(watermark(noon(DAY0 + 5))).containsExactlyElementsOf(ids(DAY0, DAY0 + 5));

    send(delta(DAY0 + 2, SHARES, 2));
    assertThat(watermark(noon(DAY0 + 5) + 1)).containsExactly(id(DAY0 + 2));
    assertThat(doc(DAY0 + 2).get("shares").asLong()).isEqualTo(2);

    // A POST is read by the 7-day response figures of the seven days after it.
    send(delta(DAY0 + 2, POSTS, 1));
    assertThat(watermark(noon(DAY0 + 5) + 2)).containsExactlyElementsOf(ids(DAY0 + 2, DAY0 + 5));
    assertThat(doc(DAY0 + 2).get("posts").asLong()).isEqualTo(1);
    assertThat(doc(DAY0 + 2).get("response_rate_24h_7d").isNull()).isTrue();
    assertThat(doc(DAY0 + 3).get("response_rate_24h_7d").asDouble()).isZero();
  }

  @Test
  void anUnchangedDocumentIsNotWrittenAgain() throws Exception {
    long d = DAY0 + 2;
    send(delta(d, ACTIVE_1D, 1).add(POSTS, 1), firstResponse("p1", d, 30));
    assertThat(watermark(noon(d))).containsExactly(id(d));

    // A change and its withdrawal in the same batch, and a later (so no better) first response.
    send(delta(d, VISITORS_1D, 1), delta(d, VISITORS_1D, -1), firstResponse("p1", d, 45));
    assertThat(watermark(noon(d) + 1)).isEmpty();

    // Nor at the next refreshes, nor when the day rolls over (only the new day is written).
    assertThat(watermark(noon(d) + 2)).isEmpty();
    assertThat(watermark(noon(d + 1))).containsExactly(id(d + 1));
  }

  @Test
  void writesDeltasForDaysAfterTheAsOfDayWhenTheWatermarkReachesThem() throws Exception {
    long d = DAY0 + 4;
    harness.processWatermark(noon(d) - 1);
    send(lurkerFrom(d).toArray(CommunityDelta[]::new));

    assertThat(watermark(noon(d))).as("the as-of day only").containsExactly(id(d));

    // Another change to a future day, while it is still in the future.
    send(delta(d + 3, SHARES, 2));
    assertThat(watermark(noon(d) + 1)).isEmpty();

    // (Day d is final 25.5 h after its end, at 01:30 on d + 2.)
    assertThat(watermark(noon(d + 2))).containsExactly(id(d), id(d + 1), id(d + 2));
    assertThat(doc(d + 2).get("active_members_7d").asLong()).isEqualTo(1);
    assertThat(watermark(noon(d + 3))).containsExactly(id(d + 1), id(d + 3));
    assertThat(doc(d + 3).get("shares").asLong()).isEqualTo(2);
    assertThat(doc(d + 3).get("lurkers").asLong()).isEqualTo(1);
  }

  @Test
  void anOlderFirstEventDayAddsTheEarlierDaysDocuments() throws Exception {
    send(delta(DAY0 + 5, ACTIVE_1D, 1).add(NEW_MEMBERS, 1));
    assertThat(watermark(noon(DAY0 + 6))).containsExactly(id(DAY0 + 5), id(DAY0 + 6));

    // Backfill: an event two days before the first one arrives late (within the lateness).
    send(delta(DAY0 + 3, ACTIVE_1D, 1).add(NEW_MEMBERS, 1));

    assertThat(watermark(noon(DAY0 + 6) + 1)).containsExactly(id(DAY0 + 3), id(DAY0 + 4));
    assertThat(doc(DAY0 + 3).get("active_members_1d").asLong()).isEqualTo(1);
    assertThat(doc(DAY0 + 4).get("active_members_1d").asLong()).isZero();
  }

  @Test
  void atTheEndOfInputTheAsOfDayIsTheEndOfInputDay() throws Exception {
    reopen(CommunityFixtures.indicators(Duration.ZERO, DAY0 + 4));
    send(delta(DAY0, ACTIVE_1D, 1), delta(DAY0 + 2, ACTIVE_1D, 1));

    assertThat(watermark(Long.MAX_VALUE)).containsExactlyElementsOf(ids(DAY0, DAY0 + 4));

    assertThat(doc(DAY0 + 4).get("final").asBoolean()).as("every day is final").isTrue();

    // A delta after the end-of-input watermark is written at once.
    send(delta(DAY0 + 1, SHARES, 1));
    assertThat(drain()).containsExactly(id(DAY0 + 1));
    assertThat(doc(DAY0 + 1).get("shares").asLong()).isEqualTo(1);
  }

  @Test
  void withoutAnEndOfInputDayTheLatestEventDayIsTheAsOfDay() throws Exception {
    send(delta(DAY0, ACTIVE_1D, 1), delta(DAY0 + 2, ACTIVE_1D, 1), delta(DAY0 + 5, POSTS, 1));

    assertThat(watermark(Long.MAX_VALUE)).containsExactlyElementsOf(ids(DAY0, DAY0 + 2));
  }

  @Test
  void dropsADeltaOlderThanTheKeptWindow() throws Exception {
    send(lurkerFrom(DAY0).toArray(CommunityDelta[]::new));
    long w = noon(DAY0 + 40);
    watermark(w);
    // w − 25.5 h lies on day 39; the 28 days before it are kept for late first responses, and the
    // 7 before those for their 7-day figures.
    long firstKept = DAY0 + 4;
    assertThat(heldDays(harness, COMMUNITY).firstKey()).isEqualTo(firstKept);

    send(delta(firstKept - 1, SHARES, 1), delta(firstKept, SHARES, 1));

    assertThat(watermark(w + 1)).containsExactly(id(firstKept));
    assertThat(heldDays(harness, COMMUNITY)).doesNotContainKey(firstKept - 1);
  }

  @Test
  void theRefreshIntervalThrottlesRewrites() throws Exception {
    reopen(CommunityFixtures.indicators(Duration.ofSeconds(5), null));
    long d = DAY0 + 3;
    harness.setProcessingTime(1_000);
    send(delta(d, ACTIVE_1D, 1));
    assertThat(watermark(noon(d))).as("the first refresh is not held back").hasSize(1);

    harness.setProcessingTime(2_000);
    send(delta(d, POSTS, 1));
    assertThat(watermark(noon(d) + 1)).as("within the interval").isEmpty();

    harness.setProcessingTime(6_000);
    assertThat(watermark(noon(d) + 2)).containsExactly(id(d));
    assertThat(doc(d).get("posts").asLong()).isEqualTo(1);

    // The day-boundary refresh waits for the interval too, then writes the new day.
    harness.setProcessingTime(7_000);
    assertThat(watermark(noon(d + 1))).isEmpty();
    harness.setProcessingTime(11_000);
    assertThat(watermark(noon(d + 1) + 1)).containsExactly(id(d + 1));
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = ThreadMode.SEPARATE_THREAD)
  void theEndOfInputRefreshesAtOnceEvenWithinTheRefreshInterval() throws Exception {
    reopen(CommunityFixtures.indicators(Duration.ofSeconds(5), DAY0 + 4));
    long d = DAY0 + 3;
    harness.setProcessingTime(1_000);
    send(delta(d, ACTIVE_1D, 1));
    assertThat(watermark(noon(d))).containsExactly(id(d));

    harness.setProcessingTime(2_000);
    send(delta(d, POSTS, 1));

    assertThat(watermark(Long.MAX_VALUE)).containsExactly(id(d), id(d + 1));
    assertThat(doc(d).get("posts").asLong()).isEqualTo(1);
  }

  @Test
  void prunesDaysNoLongerReachableAndKeepsStateBounded() throws Exception {
    for (long day = DAY0; day <= DAY0 + 99; day++) {
      send(delta(day, ACTIVE_1D, 1));
      watermark(noon(day));
    }

    // At noon of day 99, deltas reach day 98 (25.5 h of lateness), late first responses the 28
    // days before it, and their 7-day figures the 7 days before those: days 63..99 are kept.
    assertThat(heldDays(harness, COMMUNITY).keySet())
        .containsExactlyElementsOf(LongStream.rangeClosed(DAY0 + 63, DAY0 + 99).boxed().toList());
    assertThat(latest).hasSize(100);
    // One map of days and one community state: nothing per member or per delta.
    assertThat(harness.numKeyedStateEntries()).isLessThanOrEqualTo(2);

    // Silence: the days with counters go away as the watermark moves on; the quiet days written
    // since keep only the hash of their document, and only within the kept window.
    watermark(noon(DAY0 + 140));
    assertThat(heldDays(harness, COMMUNITY).keySet()).allMatch(day -> day >= DAY0 + 104);
    assertThat(heldDays(harness, COMMUNITY).values())
        .allMatch(t -> Arrays.stream(t.counts).allMatch(c -> c == 0) && t.firstResponses.isEmpty());
    assertThat(latest).hasSize(141);
  }

  @Test
  void versionsGrowEvenWhenTheClockGoesBack() throws Exception {
    harness.setProcessingTime(50_000);
    send(delta(DAY0, ACTIVE_1D, 1));
    watermark(noon(DAY0));
    long first = allWrites.get(0).version;
    assertThat(first).isGreaterThanOrEqualTo(50_000);

    harness.setProcessingTime(10_000);
    send(delta(DAY0, POSTS, 1));
    watermark(noon(DAY0) + 1);

    assertThat(allWrites).hasSize(2);
    assertThat(allWrites.get(1).version).isGreaterThan(first);
  }
}
