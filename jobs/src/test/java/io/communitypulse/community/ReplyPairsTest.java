package io.communitypulse.community;

import static io.communitypulse.community.CommunityCounter.RECIPROCATED_PAIRS_28D;
import static io.communitypulse.community.CommunityCounter.REPLY_PAIRS_28D;
import static io.communitypulse.community.CommunityFixtures.COMMUNITY;
import static io.communitypulse.community.CommunityFixtures.DAY0;
import static io.communitypulse.community.CommunityFixtures.HORIZON;
import static io.communitypulse.community.CommunityFixtures.drainValues;
import static io.communitypulse.community.CommunityFixtures.keyed;
import static io.communitypulse.community.CommunityFixtures.noon;
import static org.assertj.core.api.Assertions.assertThat;

import io.communitypulse.indicators.MemberSignal;
import io.communitypulse.indicators.MemberSignal.Field;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reply pairs of two members: each day a reply reaches gets the change of the pair count and of
 * the reciprocated pairs in its 28-day window.
 */
class ReplyPairsTest {

  private static final String ADA = "m-ada";
  private static final String BO = "m-bo";

  private KeyedOneInputStreamOperatorTestHarness<String, MemberSignal, CommunityDelta> harness;

  /** The sums of every delta so far, per day: what the community stage would hold. */
  private final Map<Long, long[]> sums = new TreeMap<>();

  @BeforeEach
  void open() throws Exception {
    harness = keyed(new ReplyPairs(HORIZON), new ReplyPairs.PairKey());
  }

  @AfterEach
  void closeHarness() throws Exception {
    harness.close();
  }

  private static MemberSignal reply(String from, String to, long day) {
    return MemberSignal.helped(COMMUNITY, from, day, to, 1);
  }

  private void send(MemberSignal s) throws Exception {
    assertThat(ReplyPairs.isReplyToAnother(s)).isTrue();
    harness.processElement(s, noon(s.day));
  }

  /** Advances the watermark and returns the deltas it released, by day: {pairs, reciprocated}. */
  private Map<Long, long[]> watermark(long time) throws Exception {
    harness.processWatermark(time);
    Map<Long, long[]> out = new TreeMap<>();
    for (CommunityDelta d : drainValues(harness)) {
      assertThat(d.communityId).isEqualTo(COMMUNITY);
      assertThat(d.hasFirstResponses()).isFalse();
      for (CommunityCounter c : CommunityCounter.ALL) {
        if (c != REPLY_PAIRS_28D && c != RECIPROCATED_PAIRS_28D) {
          assertThat(d.get(c)).as(c.name()).isZero();
        }
      }
      long[] v = out.computeIfAbsent(d.day, k -> new long[2]);
      v[0] += d.get(REPLY_PAIRS_28D);
      v[1] += d.get(RECIPROCATED_PAIRS_28D);
      long[] s = sums.computeIfAbsent(d.day, k -> new long[2]);
      s[0] += d.get(REPLY_PAIRS_28D);
      s[1] += d.get(RECIPROCATED_PAIRS_28D);
    }
    return out;
  }

  private static Map<Long, long[]> expected(long from, long to, long pairs, long reciprocated) {
    Map<Long, long[]> out = new TreeMap<>();
    for (long day = from; day <= to; day++) {
      out.put(day, new long[] {pairs, reciprocated});
    }
    return out;
  }

  @Test
  void aReplyCountsOnePairForThe28DaysItReaches() throws Exception {
    long d = DAY0 + 5;
    send(reply(ADA, BO, d));

    Map<Long, long[]> out = watermark(noon(d));

    assertThat(out).containsExactlyInAnyOrderEntriesOf(expected(d, d + 27, 1, 0));
    assertThat(out).doesNotContainKey(d + 28);
  }

  @Test
  void aReverseReplyReciprocatesTheDaysBothReach() throws Exception {
    long d = DAY0 + 5;
    send(reply(ADA, BO, d));
    watermark(noon(d));

    send(reply(BO, ADA, d + 3));
    Map<Long, long[]> out = watermark(noon(d + 3));

    Map<Long, long[]> want = expected(d + 3, d + 27, 1, 2);
    want.putAll(expected(d + 28, d + 30, 1, 0));
    assertThat(out).containsExactlyInAnyOrderEntriesOf(want);
    // Summed: both directions and both reciprocated on d + 3 .. d + 27.
    assertThat(sums.get(d + 2)).containsExactly(1, 0);
    assertThat(sums.get(d + 3)).containsExactly(2, 2);
    assertThat(sums.get(d + 27)).containsExactly(2, 2);
    assertThat(sums.get(d + 28)).containsExactly(1, 0);
    assertThat(sums.get(d + 30)).containsExactly(1, 0);
    assertThat(sums).doesNotContainKey(d + 31);
  }

  @Test
  void aSecondReplyInTheSameDirectionOnlyExtendsTheWindow() throws Exception {
    long d = DAY0 + 5;
    send(reply(ADA, BO, d));
    watermark(noon(d));

    send(reply(ADA, BO, d + 1));
    Map<Long, long[]> out = watermark(noon(d + 1));

    assertThat(out).containsExactlyInAnyOrderEntriesOf(expected(d + 28, d + 28, 1, 0));
  }

  @Test
  void bothRepliesInOneBatchGiveTheSameSums() throws Exception {
    long d = DAY0 + 5;
    // The reverse reply first: the order inside a batch does not matter.
    send(reply(BO, ADA, d + 3));
    send(reply(ADA, BO, d));
    watermark(noon(d + 3));

    for (long day = d; day <= d + 30; day++) {
      long[] want =
          day < d + 3 ? new long[] {1, 0} : day <= d + 27 ? new long[] {2, 2} : new long[] {1, 0};
      assertThat(sums.get(day)).as("day %d", day - d).containsExactly(want);
    }
    assertThat(sums).containsOnlyKeys(expected(d, d + 30, 0, 0).keySet());
  }

  @Test
  void aWithdrawnReplyTakesItsPairBack() throws Exception {
    long d = DAY0 + 5;
    send(reply(ADA, BO, d));
    send(reply(BO, ADA, d));
    watermark(noon(d));

    harness.processElement(MemberSignal.helped(COMMUNITY, BO, d, ADA, -1), noon(d));
    watermark(noon(d) + 1);

    for (long day = d; day <= d + 27; day++) {
      assertThat(sums.get(day)).as("day %d", day - d).containsExactly(1, 0);
    }
  }

  @Test
  void aSelfReplyIsNotAReplyToAnother() {
    assertThat(ReplyPairs.isReplyToAnother(MemberSignal.helped(COMMUNITY, ADA, DAY0, ADA, 1)))
        .isFalse();
    assertThat(ReplyPairs.isReplyToAnother(MemberSignal.of(COMMUNITY, ADA, DAY0, Field.REPLIES, 1)))
        .as("not a MEMBER_HELPED signal")
        .isFalse();
    assertThat(ReplyPairs.isReplyToAnother(MemberSignal.helped(COMMUNITY, ADA, DAY0, null, 1)))
        .isFalse();
    assertThat(ReplyPairs.isReplyToAnother(reply(ADA, BO, DAY0))).isTrue();
  }

  @Test
  void bothDirectionsShareOneKey() throws Exception {
    ReplyPairs.PairKey key = new ReplyPairs.PairKey();
    assertThat(key.getKey(reply(ADA, BO, DAY0))).isEqualTo(key.getKey(reply(BO, ADA, DAY0 + 9)));
    assertThat(key.getKey(reply(ADA, BO, DAY0))).isNotEqualTo(key.getKey(reply(ADA, "m-cy", DAY0)));
  }

  @Test
  void prunesEverythingOnceTheRepliesAreOutOfEveryWindowThatCanChange() throws Exception {
    long d = DAY0 + 5;
    send(reply(ADA, BO, d));
    send(reply(BO, ADA, d + 2));
    watermark(noon(d + 2));
    assertThat(harness.numKeyedStateEntries()).isPositive();

    // Still reachable: a late reply on the horizon day shares a window with day d + 2.
    watermark(noon(d + 29));
    assertThat(harness.numKeyedStateEntries()).isPositive();

    // At noon of d + 31 signals reach d + 30 and later: no window of those holds d .. d + 2.
    assertThat(watermark(noon(d + 31))).isEmpty();
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();

    // A reply after pruning counts afresh, as a new pair.
    send(reply(ADA, BO, d + 40));
    assertThat(watermark(noon(d + 40)))
        .containsExactlyInAnyOrderEntriesOf(expected(d + 40, d + 67, 1, 0));
  }

  @Test
  void dropsAReplyOlderThanTheHorizon() throws Exception {
    harness.processWatermark(noon(DAY0 + 10));
    // noon − 25.5 h is on day 9: a reply dated day 8 can no longer change anything.
    harness.processElement(reply(ADA, BO, DAY0 + 8), noon(DAY0 + 8));
    harness.processElement(reply(BO, ADA, DAY0 + 9), noon(DAY0 + 9));

    Map<Long, long[]> out = watermark(noon(DAY0 + 10) + 1);

    assertThat(out).containsExactlyInAnyOrderEntriesOf(expected(DAY0 + 9, DAY0 + 36, 1, 0));
  }
}
