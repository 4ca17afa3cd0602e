package io.communitypulse.indicators;

import static io.communitypulse.indicators.IndicatorFixtures.COMMUNITY;
import static io.communitypulse.indicators.IndicatorFixtures.DAY0;
import static io.communitypulse.indicators.IndicatorFixtures.INDEX;
import static io.communitypulse.indicators.IndicatorFixtures.KEY;
import static io.communitypulse.indicators.IndicatorFixtures.MEMBER;
import static io.communitypulse.indicators.IndicatorFixtures.at;
import static io.communitypulse.indicators.IndicatorFixtures.harness;
import static io.communitypulse.indicators.IndicatorFixtures.helped;
import static io.communitypulse.indicators.IndicatorFixtures.json;
import static io.communitypulse.indicators.IndicatorFixtures.midnight;
import static io.communitypulse.indicators.IndicatorFixtures.noon;
import static io.communitypulse.indicators.IndicatorFixtures.own;
import static io.communitypulse.indicators.IndicatorFixtures.signal;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.communitypulse.community.CommunityCounter;
import io.communitypulse.community.CommunityDelta;
import io.communitypulse.content.Credit;
import io.communitypulse.content.CreditType;
import io.communitypulse.identity.ActivityEvents;
import io.communitypulse.indicators.MemberSignal.Field;
import io.communitypulse.sink.DocumentJson;
import io.communitypulse.sink.DocumentWrite;
import io.communitypulse.testing.JobDefaults;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MemberIndicatorsTest {

  /** The as-of day of most tests: nine days after {@link IndicatorFixtures#DAY0}. */
  private static final long D = DAY0 + 9;

  private KeyedOneInputStreamOperatorTestHarness<String, MemberSignal, DocumentWrite> harness;

  /** Every write so far, across drains, to check versions over a whole test. */
  private final List<DocumentWrite> allWrites = new ArrayList<>();

  @BeforeEach
  void open() throws Exception {
    harness = harness(memberIndicators(null));
  }

  @AfterEach
  void closeHarness() throws Exception {
    harness.close();
  }

  private void send(MemberSignal... signals) throws Exception {
    for (MemberSignal s : signals) {
      harness.processElement(s, s.eventAt != null ? s.eventAt : noon(s.day));
    }
  }

  /** The last watermark sent, or Long.MIN_VALUE before the first. */
  private long watermark = Long.MIN_VALUE;

  private void watermark(long time) throws Exception {
    watermark = time;
    harness.processWatermark(time);
  }

  /**
   * Returns and forgets what was emitted so far, after the watermark advanced by 1 ms: documents
   * are written when the watermark next advances after their signals.
   */
  private List<DocumentWrite> drain() throws Exception {
    if (watermark != Long.MIN_VALUE && watermark != Long.MAX_VALUE) {
      watermark(watermark + 1);
    }
    List<DocumentWrite> out = harness.extractOutputValues();
    harness.getOutput().clear();
    allWrites.addAll(out);
    return out;
  }

  /** The latest document emitted since the last drain. */
  private JsonNode latest() throws Exception {
    List<DocumentWrite> out = drain();
    assertThat(out).as("documents emitted").isNotEmpty();
    return json(out.get(out.size() - 1));
  }

  @Test
  void sumsAMembersSignalsOverSeveralDaysIntoBothWindowsAndScores() throws Exception {
    lenientAboutOldDays();
    watermark(noon(D));
    // Nine days ago: in d28 only. Sent last, to show that order does not matter.
    MemberSignal[] nineDaysAgo = {
      own(D - 9, 8),
      own(D - 9, 9),
      signal(D - 9, Field.PAGE_VIEWS, 2),
      signal(D - 9, Field.POSTS, 1)
    };
    send(
        own(D, 10),
        signal(D, Field.REACTIONS_GIVEN, 2),
        signal(D, Field.PAGE_VIEWS, 3),
        signal(D, Field.REPLIES_RECEIVED, 1),
        signal(D, Field.ANSWERS_ACCEPTED, 1));
    // Six days ago: the first day of d7.
    send(
        own(D - 6, 20),
        signal(D - 6, Field.REPLIES, 1),
        helped(D - 6, "m-bo", 1),
        signal(D - 6, Field.SESSIONS, 1),
        signal(D - 6, Field.SESSION_MINUTES, 12.5));
    send(nineDaysAgo);

    JsonNode doc = latest();
    JsonNode d7 = doc.get("d7");
    assertThat(d7.get("active_days").asLong()).isEqualTo(2);
    assertThat(d7.get("sessions").asLong()).isEqualTo(1);
    assertThat(d7.get("session_minutes").asDouble()).isEqualTo(12.5);
    assertThat(d7.get("page_views").asLong()).isEqualTo(3);
    assertThat(d7.get("posts").asLong()).isZero();
    assertThat(d7.get("replies").asLong()).isEqualTo(1);
    assertThat(d7.get("reactions_given").asLong()).isEqualTo(2);
    assertThat(d7.get("replies_received").asLong()).isEqualTo(1);
    assertThat(d7.get("answers_accepted").asLong()).isEqualTo(1);
    assertThat(d7.get("members_helped").asLong()).isEqualTo(1);
    JsonNode d28 = doc.get("d28");
    assertThat(d28.get("active_days").asLong()).isEqualTo(3);
    assertThat(d28.get("page_views").asLong()).isEqualTo(5);
    assertThat(d28.get("posts").asLong()).isEqualTo(1);
    assertThat(d28.get("replies").asLong()).isEqualTo(1);
    // 5 page views × 0.1 + 2 reactions + 1 reply × 3 + 1 post × 5 + 1 accepted × 10
    // + 1 reply received × 2 + 3 active days = 25.5
    assertThat(doc.get("engagement_score").asDouble()).isEqualTo(25.5);
    assertThat(doc.get("advocacy_score").asDouble()).isZero();
    // posts + replies = 2 < 3: not a creator yet.
    assertThat(doc.get("level").asText()).isEqualTo("contributor");
    assertThat(doc.get("advocate").asBoolean()).isFalse();
    assertThat(doc.get("first_seen").asLong()).isEqualTo(at(D - 9, 8));
    assertThat(doc.get("last_seen").asLong()).isEqualTo(at(D, 10));
    assertThat(doc.get("as_of").asText()).isEqualTo("2026-03-11");
    assertThat(doc.get("community_id").asText()).isEqualTo(COMMUNITY);
    assertThat(doc.get("member_id").asText()).isEqualTo(MEMBER);
  }

  @Test
  void writesToTheGivenAliasWithTheMemberDocumentId() throws Exception {
    watermark(noon(D));
    send(own(D, 10));

    List<DocumentWrite> out = drain();
    assertThat(out).hasSize(1);
    assertThat(out.get(0).index).isEqualTo(INDEX);
    assertThat(out.get(0).id).isEqualTo(KEY);
    assertThat(out.get(0).communityId).isEqualTo(COMMUNITY);
    assertThat(out.get(0).isDelete()).isFalse();
  }

  @Test
  void anEventEightDaysAgoIsInD28ButNotInD7() throws Exception {
    watermark(noon(DAY0));
    send(own(DAY0, 9), signal(DAY0, Field.POSTS, 1));
    assertThat(latest().get("d7").get("posts").asLong()).isEqualTo(1);

    // The last day of d7 that still holds DAY0.
    watermark(midnight(DAY0 + 6));
    JsonNode sixDaysLater = latest();
    assertThat(sixDaysLater.get("as_of").asText()).isEqualTo("2026-03-08");
    assertThat(sixDaysLater.get("d7").get("posts").asLong()).isEqualTo(1);

    // Seven days later DAY0 has just left d7.
    watermark(noon(DAY0 + 7));
    JsonNode sevenDaysLater = latest();
    assertThat(sevenDaysLater.get("d7").get("posts").asLong()).isZero();
    assertThat(sevenDaysLater.get("d28").get("posts").asLong()).isEqualTo(1);

    watermark(noon(DAY0 + 8));
    JsonNode eightDaysLater = latest();
    assertThat(eightDaysLater.get("as_of").asText()).isEqualTo("2026-03-10");
    assertThat(eightDaysLater.get("d7").get("posts").asLong()).isZero();
    assertThat(eightDaysLater.get("d7").get("active_days").asLong()).isZero();
    assertThat(eightDaysLater.get("d28").get("posts").asLong()).isEqualTo(1);
    assertThat(eightDaysLater.get("d28").get("active_days").asLong()).isEqualTo(1);
  }

  @Test
  void aSilentMemberDecaysDayByDayToDormantKeepsThatAsOfDayAndIsForgottenAfterTheMemory()
      throws Exception {
    watermark(noon(DAY0));
    send(own(DAY0, 9), signal(DAY0, Field.POSTS, 1));
    assertThat(latest().get("level").asText()).isEqualTo("contributor");

    List<JsonNode> daily = new ArrayList<>();
    for (long day = DAY0 + 1; day <= DAY0 + 27; day++) {
      watermark(midnight(day) + 1);
      List<DocumentWrite> out = drain();
      assertThat(out).as("one rewrite at the start of day %d", day - DAY0).hasSize(1);
      daily.add(json(out.get(0)));
    }
    // The last day DAY0 is inside d28: still counted.
    JsonNode lastDay = daily.get(daily.size() - 1);
    assertThat(lastDay.get("as_of").asText()).isEqualTo("2026-03-29");
    assertThat(lastDay.get("d28").get("posts").asLong()).isEqualTo(1);
    assertThat(lastDay.get("d7").get("posts").asLong()).isZero();

    watermark(midnight(DAY0 + 28));
    List<DocumentWrite> out = drain();
    assertThat(out).hasSize(1);
    JsonNode dormant = json(out.get(0));
    assertThat(dormant.get("as_of").asText()).isEqualTo("2026-03-30");
    assertThat(dormant.get("level").asText()).isEqualTo("dormant");
    assertThat(dormant.get("engagement_score").asDouble()).isZero();
    assertThat(dormant.get("advocacy_score").asDouble()).isZero();
    for (String window : List.of("d7", "d28")) {
      dormant.get(window).forEach(v -> assertThat(v.asDouble()).as(window).isZero());
    }
    // When they acted is still true history; 28 days before they were a contributor.
    assertThat(dormant.get("first_seen").asLong()).isEqualTo(at(DAY0, 9));
    assertThat(dormant.get("level_28d_ago").asText()).isEqualTo("contributor");
    assertThat(dormant.get("level_change").asText()).isEqualTo("down");
    assertThat(dormant.get("engagement_score_28d_ago").asDouble()).isEqualTo(6.0);

    // The day the window ending 28 days before lets go of DAY0, nothing is left to change.
    for (long day = DAY0 + 29; day <= DAY0 + 55; day++) {
      watermark(midnight(day) + 1);
      assertThat(drain()).as("the as-of day moves on day %d", day - DAY0).hasSize(1);
    }
    watermark(midnight(DAY0 + 56));
    JsonNode frozen = json(drain().get(0));
    assertThat(frozen.get("as_of").asText()).isEqualTo("2026-04-27");
    assertThat(frozen.get("level_28d_ago").asText()).isEqualTo("dormant");
    assertThat(frozen.get("level_change").asText()).isEqualTo("same");
    assertThat(frozen.get("engagement_score_28d_ago").asDouble()).isZero();

    watermark(midnight(DAY0 + 60));
    assertThat(drain())
        .as("nothing can change any more: the document keeps its as-of day")
        .isEmpty();
    assertThat(harness.numKeyedStateEntries())
        .as("the days are gone, the member (first_seen) is kept")
        .isEqualTo(1);

    // member.memory (90 days) after the last own event, and the 25.5 h a signal may still come.
    watermark(at(DAY0 + 91, 10));
    assertThat(drain()).isEmpty();
    assertThat(harness.numKeyedStateEntries()).as("not while an own event may still come").isOne();
    watermark(at(DAY0 + 91, 11));
    assertThat(drain()).isEmpty();
    assertThat(harness.numKeyedStateEntries()).as("forgotten after member.memory").isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
    assertVersionsStrictlyIncrease();
  }

  @Test
  void aWatermarkJumpingPastTheWindowWritesTheDocumentOfTheDayTheFiguresRanOut() throws Exception {
    watermark(noon(DAY0));
    send(own(DAY0, 9));
    drain();

    watermark(noon(DAY0 + 100));

    List<DocumentWrite> out = drain();
    assertThat(out).hasSize(1);
    assertThat(json(out.get(0)).get("level").asText()).isEqualTo("dormant");
    assertThat(json(out.get(0)).get("level_28d_ago").asText()).isEqualTo("dormant");
    assertThat(json(out.get(0)).get("as_of").asText()).isEqualTo("2026-04-27");
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void signalsStillPendingWhenTheWatermarkJumpsFarAheadFreezeAtTheirOwnLastDay() throws Exception {
    // A replay: the member's only day is applied by the flush of a watermark 100 days later.
    watermark(noon(DAY0));
    send(own(DAY0, 9), signal(DAY0, Field.POSTS, 1));
    watermark(noon(DAY0 + 100));

    List<DocumentWrite> out = drain();
    assertThat(out).hasSize(1);
    JsonNode doc = json(out.get(0));
    assertThat(doc.get("as_of").asText()).isEqualTo("2026-04-27");
    assertThat(doc.get("first_seen").asLong()).isEqualTo(at(DAY0, 9));
    assertThat(doc.get("level").asText()).isEqualTo("dormant");
  }

  @Test
  void firstSeenSurvivesASilenceLongerThanTheWindows() throws Exception {
    watermark(noon(DAY0));
    send(own(DAY0, 9));
    watermark(noon(DAY0 + 45));
    drain();

    send(own(DAY0 + 45, 10), signal(DAY0 + 45, Field.POSTS, 1));

    JsonNode back = latest();
    assertThat(back.get("as_of").asText()).isEqualTo("2026-04-16");
    assertThat(back.get("first_seen").asLong()).isEqualTo(at(DAY0, 9));
    assertThat(back.get("last_seen").asLong()).isEqualTo(at(DAY0 + 45, 10));
    assertThat(back.get("d28").get("active_days").asLong()).isEqualTo(1);
    assertThat(back.get("level").asText()).isEqualTo("contributor");
  }

  @Test
  void aBackfillBeforeTheFirstWatermarkKeepsEveryDayAndTheFirstOwnEvent() throws Exception {
    // A topic read from the start: the newest day arrives first, then weeks-old ones, all before
    // any watermark. Nothing is dropped for being older than another signal.
    send(own(DAY0 + 60, 10), own(DAY0 + 2, 9), signal(DAY0 + 2, Field.POSTS, 1));
    send(own(DAY0 + 40, 11), signal(DAY0 + 40, Field.REPLIES, 1));
    assertThat(drain()).as("no as-of day before the first watermark").isEmpty();

    watermark(noon(DAY0 + 60));

    JsonNode doc = latest();
    assertThat(doc.get("as_of").asText()).isEqualTo("2026-05-01");
    assertThat(doc.get("first_seen").asLong()).isEqualTo(at(DAY0 + 2, 9));
    assertThat(doc.get("d28").get("active_days").asLong()).isEqualTo(2);
    assertThat(doc.get("d28").get("replies").asLong()).isEqualTo(1);
    assertThat(doc.get("d28").get("posts").asLong()).isZero();
  }

  @Test
  void referralsMakeAnAdvocateAtExactlyTheThreshold() throws Exception {
    lenientAboutOldDays();
    watermark(noon(D));
    send(
        own(D, 8),
        signal(D - 3, Field.REFERRAL_VISITS, 3),
        signal(D - 20, Field.MENTIONS_RECEIVED, 3));
    JsonNode nine = latest();
    // 3 visits × 2 + 3 mentions × 1
    assertThat(nine.get("advocacy_score").asDouble()).isEqualTo(9.0);
    assertThat(nine.get("advocate").asBoolean()).isFalse();

    send(signal(D - 1, Field.MENTIONS_RECEIVED, 1));
    JsonNode ten = latest();
    assertThat(ten.get("advocacy_score").asDouble()).isEqualTo(10.0);
    assertThat(ten.get("advocate").asBoolean()).isTrue();

    send(
        signal(D, Field.REFERRAL_SIGNUPS, 1),
        signal(D, Field.REFERRAL_CONVERSIONS, 1),
        signal(D, Field.REFERRAL_CONVERSION_VALUE, 49.5),
        signal(D, Field.SHARES, 1));
    JsonNode more = latest();
    // 10 + 1 signup × 10 + 1 conversion × 25 + 1 share × 5
    assertThat(more.get("advocacy_score").asDouble()).isEqualTo(50.0);
    assertThat(more.get("d28").get("referral_visits").asLong()).isEqualTo(3);
    assertThat(more.get("d28").get("referral_signups").asLong()).isEqualTo(1);
    assertThat(more.get("d28").get("referral_conversions").asLong()).isEqualTo(1);
    assertThat(more.get("d28").get("referral_conversion_value").asDouble()).isEqualTo(49.5);
    assertThat(more.get("d7").get("mentions_received").asLong()).isEqualTo(1);
    assertThat(more.get("d28").get("mentions_received").asLong()).isEqualTo(4);
  }

  @Test
  void aNegativeDeltaWithdrawsAnEarlierSignal() throws Exception {
    watermark(noon(D));
    send(
        own(D, 8),
        signal(D, Field.PAGE_VIEWS, 1),
        signal(D, Field.PAGE_VIEWS, 1),
        signal(D - 1, Field.SESSIONS, 1),
        signal(D - 1, Field.SESSION_MINUTES, 10),
        signal(D - 1, Field.SESSIONS, 1),
        signal(D - 1, Field.SESSION_MINUTES, 5));
    // A click moved to another member, and the two sessions merged into one of 20 minutes.
    send(
        signal(D, Field.PAGE_VIEWS, -1),
        signal(D - 1, Field.SESSIONS, -2),
        signal(D - 1, Field.SESSION_MINUTES, -15),
        signal(D - 1, Field.SESSIONS, 1),
        signal(D - 1, Field.SESSION_MINUTES, 20));

    JsonNode d28 = latest().get("d28");
    assertThat(d28.get("page_views").asLong()).isEqualTo(1);
    assertThat(d28.get("sessions").asLong()).isEqualTo(1);
    assertThat(d28.get("session_minutes").asDouble()).isEqualTo(20.0);
  }

  @Test
  void aWithdrawnOwnEventNoLongerMakesTheDayActive() throws Exception {
    lenientAboutOldDays();
    watermark(noon(D));
    send(own(D, 8), own(D - 2, 8));
    assertThat(latest().get("d7").get("active_days").asLong()).isEqualTo(2);

    send(MemberSignal.ownEvent(COMMUNITY, MEMBER, at(D - 2, 8), -1));

    JsonNode doc = latest();
    assertThat(doc.get("d7").get("active_days").asLong()).isEqualTo(1);
    // Exact: the withdrawn event no longer bounds first_seen.
    assertThat(doc.get("first_seen").asLong()).isEqualTo(at(D, 8));
    assertThat(doc.get("last_seen").asLong()).isEqualTo(at(D, 8));
  }

  @Test
  void aWithdrawalArrivingFirstNeverShowsANegativeCount() throws Exception {
    watermark(noon(D));
    send(own(D, 8), signal(D, Field.REACTIONS_RECEIVED, -1));
    assertThat(latest().get("d7").get("reactions_received").asLong()).isZero();

    send(signal(D, Field.REACTIONS_RECEIVED, 1), signal(D, Field.REACTIONS_RECEIVED, 1));

    assertThat(latest().get("d7").get("reactions_received").asLong()).isEqualTo(1);
  }

  @Test
  void membersHelpedCountsDistinctMembersAcrossTheWindowsDays() throws Exception {
    lenientAboutOldDays();
    watermark(noon(D));
    send(
        own(D, 8),
        helped(D - 20, "m-eve", 1),
        helped(D - 10, "m-bo", 1),
        helped(D - 3, "m-bo", 1),
        helped(D - 3, "m-bo", 1),
        helped(D - 2, "m-cy", 1),
        helped(D - 1, "m-di", 1));
    JsonNode before = latest();
    assertThat(before.get("d7").get("members_helped").asLong()).isEqualTo(3);
    assertThat(before.get("d28").get("members_helped").asLong()).isEqualTo(4);

    // The reply to m-di moved elsewhere; one of the two replies to m-bo on D-3 too.
    send(helped(D - 1, "m-di", -1), helped(D - 3, "m-bo", -1));

    JsonNode after = latest();
    assertThat(after.get("d7").get("members_helped").asLong()).isEqualTo(2);
    assertThat(after.get("d28").get("members_helped").asLong()).isEqualTo(3);
  }

  @Test
  void theDocumentHasEveryFieldOfItsRecordAndBothWindowsOneFieldPerCounter() throws Exception {
    watermark(noon(D));
    send(own(D, 8), signal(D, Field.SESSION_MINUTES, 3));

    JsonNode doc = latest();
    assertThat(fieldNames(doc))
        .containsExactlyElementsOf(DocumentJson.fields(MemberDocument.class).keySet());
    for (String window : List.of("d7", "d28")) {
      assertThat(fieldNames(doc.get(window)))
          .as(window)
          .containsExactlyElementsOf(Arrays.stream(Field.values()).map(Field::jsonName).toList());
      assertThat(doc.get(window).get("posts").isIntegralNumber()).isTrue();
      assertThat(doc.get(window).get("session_minutes").isDouble()).isTrue();
    }
    assertThat(doc.get("first_seen").isIntegralNumber()).isTrue();
    assertThat(doc.get("advocate").isBoolean()).isTrue();
    assertThat(doc.get("as_of").asText()).matches("\\d{4}-\\d{2}-\\d{2}");
  }

  @Test
  void visitorsGetNoDocumentAndAreForgottenOnceTheirDaysAreFinal() throws Exception {
    watermark(noon(D));
    MemberSignal visitor =
        MemberSignal.of(
            COMMUNITY,
            io.communitypulse.identity.ActivityEvents.VISITOR_PREFIX + "d1",
            D,
            Field.ACTIVE,
            1);
    send(visitor);

    assertThat(drain()).isEmpty();
    watermark(midnight(D + 2));
    assertThat(harness.numKeyedStateEntries()).as("its day can still change").isPositive();
    // Final once the watermark is the signal lateness (25.5 h) past the day's end; dropped at the
    // next day boundary.
    watermark(midnight(D + 3));
    assertThat(drain()).isEmpty();
    assertThat(harness.numKeyedStateEntries()).as("forgotten when its day is final").isZero();
  }

  @Test
  void aMemberWithOnlyCreditsReceivedGetsADocumentOnlyOnceTheyAct() throws Exception {
    lenientAboutOldDays();
    watermark(noon(D));
    send(signal(D - 2, Field.REPLIES_RECEIVED, 1), signal(D - 2, Field.REACTIONS_RECEIVED, 2));
    assertThat(drain()).as("no own event yet").isEmpty();

    send(own(D, 8));

    JsonNode doc = latest();
    assertThat(doc.get("d7").get("replies_received").asLong()).isEqualTo(1);
    assertThat(doc.get("d7").get("reactions_received").asLong()).isEqualTo(2);
    assertThat(doc.get("level").asText()).isEqualTo("lurker");
  }

  @Test
  void creditsOfAMemberWhoNeverActsAreForgottenAfter56Days() throws Exception {
    watermark(noon(D));
    send(signal(D, Field.MENTIONS_RECEIVED, 1));
    assertThat(harness.numKeyedStateEntries()).isPositive();

    watermark(midnight(D + 56));
    assertThat(harness.numKeyedStateEntries()).as("still read 28 days ago").isPositive();
    watermark(midnight(D + 58));

    assertThat(drain()).isEmpty();
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void anUnchangedDocumentIsNotWrittenAgain() throws Exception {
    watermark(noon(D));
    send(own(D, 8));
    assertThat(drain()).hasSize(1);

    // Later the same day: same as-of day, no timer due.
    watermark(at(D, 23));
    // Dated tomorrow (a few seconds ahead of the watermark): outside every window until then.
    send(MemberSignal.ownEvent(COMMUNITY, MEMBER, at(D + 1, 0) + 5_000, 1));
    List<DocumentWrite> out = drain();
    // Only last_seen moved.
    assertThat(out).hasSize(1);
    assertThat(json(out.get(0)).get("d7").get("active_days").asLong()).isEqualTo(1);
    send(signal(D + 1, Field.PAGE_VIEWS, 1));
    assertThat(drain()).as("nothing visible changed").isEmpty();

    watermark(midnight(D + 1) + 10_000);

    JsonNode tomorrow = latest();
    assertThat(tomorrow.get("d7").get("active_days").asLong()).isEqualTo(2);
    assertThat(tomorrow.get("d7").get("page_views").asLong()).isEqualTo(1);
    assertVersionsStrictlyIncrease();
  }

  @Test
  void aSignalForADayThatCanNoLongerChangeIsDroppedAndALateOneIsNot() throws Exception {
    // At noon of D + 30 a signal can still be a session of D + 29 (closed late), not of D + 28.
    watermark(noon(D + 30));
    send(own(D + 28, 8));
    assertThat(drain()).isEmpty();
    assertThat(harness.numKeyedStateEntries()).isZero();

    send(own(D + 29, 8));
    assertThat(latest().get("d7").get("active_days").asLong()).isEqualTo(1);
  }

  @Test
  void withoutAWatermarkNothingIsWrittenAndTheFirstOneSetsTheAsOfDay() throws Exception {
    send(own(D - 8, 8), own(D, 9));
    assertThat(drain()).isEmpty();

    watermark(noon(D));

    JsonNode doc = latest();
    assertThat(doc.get("as_of").asText()).isEqualTo("2026-03-11");
    assertThat(doc.get("d7").get("active_days").asLong()).isEqualTo(1);
    assertThat(doc.get("d28").get("active_days").asLong()).isEqualTo(2);
  }

  @Test
  void theEndOfABoundedInputUsesTheInputsLastDay() throws Exception {
    harness.close();
    harness = harness(memberIndicators(D + 5));
    send(own(D - 3, 8), own(D, 9));
    watermark(Long.MAX_VALUE);

    JsonNode doc = latest();
    assertThat(doc.get("as_of").asText()).isEqualTo("2026-03-16");
    assertThat(doc.get("d7").get("active_days").asLong()).isEqualTo(1);
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void signalsBetweenTwoWatermarksAreWrittenAsOneDocument() throws Exception {
    watermark(noon(D));
    send(own(D, 8), signal(D, Field.POSTS, 1), own(D, 9), signal(D, Field.REPLIES, 1));
    assertThat(harness.extractOutputValues()).as("nothing before the watermark moves").isEmpty();
    assertThat(harness.numEventTimeTimers()).as("one flush timer for four signals").isEqualTo(1);

    List<DocumentWrite> out = drain();

    assertThat(out).hasSize(1);
    JsonNode doc = json(out.get(0));
    assertThat(doc.get("d7").get("posts").asLong()).isEqualTo(1);
    assertThat(doc.get("d7").get("replies").asLong()).isEqualTo(1);
    assertThat(doc.get("last_seen").asLong()).isEqualTo(at(D, 9));
    assertThat(harness.numEventTimeTimers()).as("only the day boundary is left").isEqualTo(1);
  }

  @Test
  void versionsGrowWithProcessingTimeAndNeverRepeat() throws Exception {
    harness.setProcessingTime(1_000);
    watermark(noon(D));
    // Each drain lets the watermark advance, which writes the document once.
    send(own(D, 8));
    drain();
    send(own(D, 9));
    drain();
    harness.setProcessingTime(5_000);
    send(own(D, 10));
    drain();

    assertThat(allWrites).extracting(w -> w.version).containsExactly(1_000L, 1_001L, 5_000L);
  }

  @Test
  void aMemberWhoComesBackAfterBeingForgottenIsNewAndGetsAHigherVersion() throws Exception {
    // Processing time stands still: the versions cannot come from the clock.
    harness.setProcessingTime(1_000);
    watermark(noon(DAY0));
    send(own(DAY0, 9));
    watermark(noon(DAY0 + 91));
    assertThat(harness.numKeyedStateEntries()).isZero();

    send(own(DAY0 + 91, 13));

    JsonNode back = latest();
    assertThat(back.get("d7").get("active_days").asLong()).isEqualTo(1);
    // Silent for longer than member.memory: first_seen starts again.
    assertThat(back.get("first_seen").asLong()).isEqualTo(at(DAY0 + 91, 13));
    assertVersionsStrictlyIncrease();
  }

  @Test
  void aWithdrawalThatEmptiesTheMemberDeletesTheDocumentAndStillLetsTheReAddWin() throws Exception {
    harness.setProcessingTime(1_000);
    watermark(noon(D));
    send(own(D, 8), signal(D, Field.REFERRAL_VISITS, 1));
    drain();

    // A session merge: the referral visit is withdrawn and counted again, in one millisecond.
    send(MemberSignal.ownEvent(COMMUNITY, MEMBER, at(D, 8), -1));
    send(signal(D, Field.REFERRAL_VISITS, -1));
    List<DocumentWrite> out = drain();
    assertThat(out).hasSize(1);
    assertThat(out.get(0).source).as("no own event left: no document").isNull();
    assertThat(harness.numKeyedStateEntries()).as("nothing left to count").isZero();
    send(own(D, 8), signal(D, Field.REFERRAL_VISITS, 1));

    JsonNode doc = latest();
    assertThat(doc.get("d7").get("referral_visits").asLong()).isEqualTo(1);
    assertThat(doc.get("advocacy_score").asDouble()).isEqualTo(2.0);
    assertVersionsStrictlyIncrease();
  }

  @Test
  void aMembersActiveDayReachesTheCommunityDaysOfItsWindowsAndNoFurther() throws Exception {
    watermark(noon(D));
    send(own(D, 8), signal(D, Field.POSTS, 1));
    drain();

    Map<Long, Map<CommunityCounter, Long>> deltas = communityDeltas();
    assertThat(deltas.get(D))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                CommunityCounter.ACTIVE_1D, 1L,
                CommunityCounter.ACTIVE_7D, 1L,
                CommunityCounter.ACTIVE_28D, 1L,
                CommunityCounter.ACTIVE_DAYS_28D, 1L,
                CommunityCounter.CONTRIBUTORS, 1L,
                CommunityCounter.NEW_MEMBERS, 1L,
                CommunityCounter.POSTS, 1L,
                CommunityCounter.PROMOTED_28D, 1L));
    Map<CommunityCounter, Long> inBoth =
        Map.of(
            CommunityCounter.ACTIVE_7D, 1L,
            CommunityCounter.ACTIVE_28D, 1L,
            CommunityCounter.ACTIVE_DAYS_28D, 1L,
            CommunityCounter.CONTRIBUTORS, 1L,
            CommunityCounter.PROMOTED_28D, 1L);
    Map<CommunityCounter, Long> in28Only =
        Map.of(
            CommunityCounter.ACTIVE_28D, 1L,
            CommunityCounter.ACTIVE_DAYS_28D, 1L,
            CommunityCounter.CONTRIBUTORS, 1L,
            CommunityCounter.PROMOTED_28D, 1L);
    // 28 to 55 days later: dormant again, a contributor 28 days before, and a newcomer of D's
    // cohort who did not come back.
    Map<CommunityCounter, Long> lookingBack =
        Map.of(CommunityCounter.DEMOTED_28D, 1L, CommunityCounter.NEWCOMERS_28D_AGO, 1L);
    assertThat(deltas.get(D + 6)).containsExactlyInAnyOrderEntriesOf(inBoth);
    assertThat(deltas.get(D + 7)).containsExactlyInAnyOrderEntriesOf(in28Only);
    assertThat(deltas.get(D + 27)).containsExactlyInAnyOrderEntriesOf(in28Only);
    assertThat(deltas.get(D + 28)).containsExactlyInAnyOrderEntriesOf(lookingBack);
    assertThat(deltas.get(D + 55)).containsExactlyInAnyOrderEntriesOf(lookingBack);
    assertThat(deltas).doesNotContainKey(D + 56).hasSize(56);

    // A second active day: the sets already hold the member except where only the new day
    // reaches; the level of D + 28 (one active day, no post in its window) is lurker.
    send(own(D + 1, 9));
    drain();
    Map<Long, Map<CommunityCounter, Long>> second = communityDeltas();
    assertThat(second.get(D + 1))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(CommunityCounter.ACTIVE_1D, 1L, CommunityCounter.ACTIVE_DAYS_28D, 1L));
    assertThat(second.get(D + 7))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(CommunityCounter.ACTIVE_7D, 1L, CommunityCounter.ACTIVE_DAYS_28D, 1L));
    // D + 28: a lurker (still below contributor: demoted all the same) who came back in time to
    // count as a retained newcomer.
    assertThat(second.get(D + 28))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                CommunityCounter.ACTIVE_28D, 1L,
                CommunityCounter.ACTIVE_DAYS_28D, 1L,
                CommunityCounter.LURKERS, 1L,
                CommunityCounter.NEWCOMERS_RETAINED, 1L));
    assertThat(second).doesNotContainKey(D).doesNotContainKey(D + 29);
  }

  @Test
  void helpReceivedIsPaidForwardByAReplyToAnotherMemberInTheNext28DaysAndNotByASelfReply()
      throws Exception {
    watermark(noon(D));
    send(own(D, 8), signal(D, Field.POSTS, 1), signal(D, Field.REPLIES_RECEIVED, 1));
    drain();
    Map<Long, Map<CommunityCounter, Long>> received = communityDeltas();
    assertThat(received.get(D + 27)).doesNotContainKey(CommunityCounter.HELPED_28D_AGO);
    assertThat(received.get(D + 28)).containsEntry(CommunityCounter.HELPED_28D_AGO, 1L);
    assertThat(received.get(D + 55)).containsEntry(CommunityCounter.HELPED_28D_AGO, 1L);
    assertThat(received).doesNotContainKey(D + 56);
    assertThat(received.values())
        .noneMatch(day -> day.containsKey(CommunityCounter.HELPED_PAID_FORWARD));

    // A reply to themself is no credit at all (the content join marks it, CreditSignals drops it).
    Credit selfReply = new Credit();
    selfReply.communityId = COMMUNITY;
    selfReply.giver = MEMBER;
    selfReply.receiver = MEMBER;
    selfReply.type = CreditType.REPLY;
    selfReply.occurredAt = at(D + 30, 9);
    selfReply.self = true;
    List<MemberSignal> selfSignals = new ArrayList<>();
    new CreditSignals().flatMap(selfReply, new ListCollector<>(selfSignals));
    assertThat(selfSignals).isEmpty();

    // Day 30 after: they reply to another member. Days D + 30..D + 55 count them as paying it
    // forward (their window D − 27..D reaches day 30), D + 28 and D + 29 do not.
    send(own(D + 30, 9), signal(D + 30, Field.REPLIES, 1), helped(D + 30, "m-newbie", 1));
    drain();
    Map<Long, Map<CommunityCounter, Long>> paid = communityDeltas();
    assertThat(paid).doesNotContainKey(D + 29);
    assertThat(paid.get(D + 30)).containsEntry(CommunityCounter.HELPED_PAID_FORWARD, 1L);
    assertThat(paid.get(D + 55)).containsEntry(CommunityCounter.HELPED_PAID_FORWARD, 1L);
    assertThat(paid.getOrDefault(D + 56, Map.of()))
        .doesNotContainKey(CommunityCounter.HELPED_PAID_FORWARD);
  }

  @Test
  void aMemberPromotedThenDemotedIsCountedEachTimeOnTheRightDays() throws Exception {
    lenientAboutOldDays();
    watermark(noon(D));
    // A lurker on D, a creator from D + 10 (two posts, a reply, an accepted answer), then silent.
    send(own(D, 8));
    send(
        own(D + 10, 8),
        signal(D + 10, Field.POSTS, 2),
        signal(D + 10, Field.REPLIES, 1),
        signal(D + 10, Field.ANSWERS_ACCEPTED, 1));
    drain();
    Map<Long, Map<CommunityCounter, Long>> deltas = communityDeltas();

    // Promoted from dormant while their first 28 days run: lurker D..D + 9, creator from D + 10.
    assertThat(deltas.get(D + 9)).containsEntry(CommunityCounter.PROMOTED_28D, 1L);
    assertThat(deltas.get(D + 27)).containsEntry(CommunityCounter.PROMOTED_28D, 1L);
    // D + 28..D + 37: a creator now, a lurker 28 days before: still promoted.
    assertThat(deltas.get(D + 28)).containsEntry(CommunityCounter.PROMOTED_28D, 1L);
    assertThat(deltas.get(D + 37)).containsEntry(CommunityCounter.PROMOTED_28D, 1L);
    // D + 38: dormant now, a creator 28 days before: demoted until D + 65.
    assertThat(deltas.get(D + 38))
        .containsEntry(CommunityCounter.DEMOTED_28D, 1L)
        .doesNotContainKey(CommunityCounter.PROMOTED_28D);
    assertThat(deltas.get(D + 65)).containsEntry(CommunityCounter.DEMOTED_28D, 1L);
    assertThat(deltas).doesNotContainKey(D + 66);

    watermark(midnight(D + 20) + 1);
    JsonNode up = latest();
    assertThat(up.get("level").asText()).isEqualTo("creator");
    assertThat(up.get("level_28d_ago").asText()).isEqualTo("dormant");
    assertThat(up.get("level_change").asText()).isEqualTo("up");
    watermark(midnight(D + 40) + 1);
    JsonNode down = latest();
    assertThat(down.get("level").asText()).isEqualTo("dormant");
    assertThat(down.get("level_28d_ago").asText()).isEqualTo("creator");
    assertThat(down.get("level_change").asText()).isEqualTo("down");
    // posts 2 × 5 + replies 1 × 3 + answers 1 × 10 + active days 2 × 1 in the window ending D + 12.
    assertThat(down.get("engagement_score_28d_ago").asDouble()).isEqualTo(25.0);
  }

  @Test
  void aMemberForgottenAfterTheMemoryComesBackAsANewMember() throws Exception {
    watermark(noon(D));
    send(own(D, 8));
    drain();
    communityDeltas();

    // 95 days later: member.memory (90 days) has passed, the member was forgotten.
    watermark(noon(D + 95));
    drain();
    assertThat(harness.numKeyedStateEntries()).isZero();
    send(own(D + 95, 13));
    JsonNode back = latest();
    assertThat(back.get("first_seen").asLong()).isEqualTo(at(D + 95, 13));

    Map<Long, Map<CommunityCounter, Long>> deltas = communityDeltas();
    assertThat(deltas.get(D + 95)).containsEntry(CommunityCounter.NEW_MEMBERS, 1L);
    // A newcomer again: in the cohorts of D + 123..D + 150.
    assertThat(deltas.get(D + 122)).doesNotContainKey(CommunityCounter.NEWCOMERS_28D_AGO);
    assertThat(deltas.get(D + 123)).containsEntry(CommunityCounter.NEWCOMERS_28D_AGO, 1L);
    assertThat(deltas.get(D + 150)).containsEntry(CommunityCounter.NEWCOMERS_28D_AGO, 1L);
    assertThat(deltas).doesNotContainKey(D + 151);
  }

  @Test
  void aMemberForgottenWhileTheWatermarkMovesDayByDayComesBackAsNew() throws Exception {
    watermark(noon(D));
    send(own(D, 8), signal(D, Field.POSTS, 1));
    drain();
    for (long day = D + 1; day <= D + 97; day++) {
      watermark(noon(day));
    }
    drain();
    assertThat(harness.numKeyedStateEntries()).as("forgotten").isZero();
    send(own(D + 97, 13));
    assertThat(latest().get("first_seen").asLong()).isEqualTo(at(D + 97, 13));
  }

  @Test
  void aReturnAfterTheMemoryIsANewStayWhateverOrderTheEventsArriveIn() throws Exception {
    // A replay: the watermark lags far behind, so the return arrives before the member could be
    // forgotten, and the last days of the first stay arrive after it.
    watermark(noon(D));
    send(own(D, 8), signal(D, Field.POSTS, 1));
    send(own(D + 100, 9));
    send(own(D + 5, 10));
    JsonNode doc = latest();
    assertThat(doc.get("first_seen").asLong()).as("the latest stay").isEqualTo(at(D + 100, 9));
    assertThat(doc.get("last_seen").asLong()).isEqualTo(at(D + 100, 9));
    Map<Long, Map<CommunityCounter, Long>> deltas = communityDeltas();
    assertThat(deltas.get(D)).containsEntry(CommunityCounter.NEW_MEMBERS, 1L);
    assertThat(deltas.get(D + 100)).containsEntry(CommunityCounter.NEW_MEMBERS, 1L);

    // An own event in the silence that bridges the two stays makes them one.
    send(own(D + 60, 9));
    assertThat(latest().get("first_seen").asLong()).isEqualTo(at(D, 8));
    Map<Long, Map<CommunityCounter, Long>> bridged = communityDeltas();
    assertThat(bridged.get(D + 100)).containsEntry(CommunityCounter.NEW_MEMBERS, -1L);
    assertThat(bridged.getOrDefault(D, Map.of())).doesNotContainKey(CommunityCounter.NEW_MEMBERS);
  }

  @Test
  void anEarlierFirstOwnEventMovesTheNewMemberToItsDay() throws Exception {
    watermark(noon(D));
    send(own(D, 8));
    drain();
    communityDeltas();

    send(own(D - 1, 23));
    drain();

    Map<Long, Map<CommunityCounter, Long>> deltas = communityDeltas();
    assertThat(deltas.get(D - 1)).containsEntry(CommunityCounter.NEW_MEMBERS, 1L);
    assertThat(deltas.get(D)).containsEntry(CommunityCounter.NEW_MEMBERS, -1L);
  }

  @Test
  void withdrawingEverythingTakesBackEveryCommunityCount() throws Exception {
    watermark(noon(D));
    send(own(D, 8), signal(D, Field.REPLIES, 1), signal(D, Field.POSTS, 1));
    drain();
    send(
        MemberSignal.ownEvent(COMMUNITY, MEMBER, at(D, 8), -1),
        signal(D, Field.REPLIES, -1),
        signal(D, Field.POSTS, -1));
    drain();

    Map<Long, Map<CommunityCounter, Long>> net = communityDeltas();
    assertThat(net.values()).allSatisfy(counts -> assertThat(counts).isEmpty());
  }

  @Test
  void aVisitorCountsOnlyOnItsOwnDays() throws Exception {
    watermark(noon(D));
    send(
        MemberSignal.of(COMMUNITY, ActivityEvents.VISITOR_PREFIX + "d1", D, Field.ACTIVE, 1),
        MemberSignal.of(COMMUNITY, ActivityEvents.VISITOR_PREFIX + "d1", D, Field.ACTIVE, 1));
    drain();

    assertThat(communityDeltas())
        .containsExactly(Map.entry(D, Map.of(CommunityCounter.VISITORS_1D, 1L)));
  }

  /** The community deltas sent since the last call, summed per day; zero sums left out. */
  private Map<Long, Map<CommunityCounter, Long>> communityDeltas() {
    Map<Long, Map<CommunityCounter, Long>> byDay = new TreeMap<>();
    var records = harness.getSideOutput(MemberIndicators.COMMUNITY_DELTAS);
    if (records == null) {
      return byDay;
    }
    for (var record : records) {
      CommunityDelta d = record.getValue();
      Map<CommunityCounter, Long> counts = byDay.computeIfAbsent(d.day, k -> new TreeMap<>());
      for (CommunityCounter c : CommunityCounter.values()) {
        if (d.get(c) != 0) {
          counts.merge(c, d.get(c), (a, b) -> a + b == 0 ? null : a + b);
        }
      }
    }
    records.clear();
    return byDay;
  }

  private static MemberIndicators memberIndicators(Long endOfInputDay) {
    return new MemberIndicators(
        INDEX, JobDefaults.CONFIG.indicators(), JobDefaults.HORIZON, endOfInputDay);
  }

  /**
   * Reopens the harness so that signals of any day of the 28-day window are still accepted after
   * the watermark: the tests of window arithmetic send them in any order. (With the job's signal
   * lateness a signal more than about a day behind the watermark is dropped; tests of their own
   * cover that.)
   */
  private void lenientAboutOldDays() throws Exception {
    harness.close();
    harness =
        harness(
            new MemberIndicators(
                INDEX,
                JobDefaults.CONFIG.indicators(),
                new SignalHorizon(Duration.ofDays(40), Duration.ofDays(40)),
                null));
  }

  private void assertVersionsStrictlyIncrease() throws Exception {
    drain();
    for (int i = 1; i < allWrites.size(); i++) {
      assertThat(allWrites.get(i).version).isGreaterThan(allWrites.get(i - 1).version);
    }
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
