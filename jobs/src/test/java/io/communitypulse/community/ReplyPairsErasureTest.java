package io.communitypulse.community;

import static io.communitypulse.community.CommunityCounter.RECIPROCATED_PAIRS_28D;
import static io.communitypulse.community.CommunityCounter.REPLY_PAIRS_28D;
import static io.communitypulse.community.CommunityFixtures.COMMUNITY;
import static io.communitypulse.community.CommunityFixtures.DAY;
import static io.communitypulse.community.CommunityFixtures.DAY0;
import static io.communitypulse.community.CommunityFixtures.HORIZON;
import static io.communitypulse.community.CommunityFixtures.noon;
import static org.assertj.core.api.Assertions.assertThat;

import io.communitypulse.indicators.MemberSignal;
import io.communitypulse.privacy.Erasure;
import io.communitypulse.privacy.ForgettingHarness;
import io.communitypulse.privacy.ForgettingStage;
import io.communitypulse.testing.CloseAfterEach;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the reply pairs forget of a member: every pair they are in (their ids are its key), after
 * the replies still pending there reach the community figures, which keep counting what happened.
 */
class ReplyPairsErasureTest {

  private static final String ADA = "m-ada";
  private static final String BO = "m-bo";
  private static final String CY = "m-cy";
  private static final Duration SUPPRESS_FOR = Duration.ofDays(30);
  private static final long D = DAY0 + 5;
  private static final long NOW = noon(D + 1);
  private static final String[] STATES = {"reply-pair-days", "reply-pair-pending"};

  @RegisterExtension final CloseAfterEach harnesses = new CloseAfterEach();

  private ForgettingHarness<String, MemberSignal, CommunityDelta> open(Duration suppressFor)
      throws Exception {
    var h =
        ForgettingHarness.open(
            ForgettingStage.of(new ReplyPairs(HORIZON), suppressFor),
            new ReplyPairs.PairKey(),
            Types.STRING);
    h.processingTime(NOW);
    harnesses.add(h);
    return h;
  }

  private static MemberSignal reply(String from, String to, long day) {
    return MemberSignal.helped(COMMUNITY, from, day, to, 1);
  }

  private static String pair(String one, String other) {
    return new ReplyPairs.PairKey().getKey(reply(one, other, D));
  }

  private static void send(
      ForgettingHarness<String, MemberSignal, CommunityDelta> h, MemberSignal... replies)
      throws Exception {
    for (MemberSignal s : replies) {
      h.send(s, noon(s.day));
    }
  }

  private static Erasure erasureOfAda() {
    return Erasure.of("r-ada", COMMUNITY, ADA, NOW);
  }

  /** The deltas summed per day: {reply pairs, reciprocated pairs}. */
  private static Map<Long, List<Long>> sums(List<CommunityDelta> deltas) {
    Map<Long, List<Long>> sums = new TreeMap<>();
    for (CommunityDelta d : deltas) {
      assertThat(d.communityId).isEqualTo(COMMUNITY);
      List<Long> s = sums.getOrDefault(d.day, List.of(0L, 0L));
      sums.put(
          d.day,
          List.of(s.get(0) + d.get(REPLY_PAIRS_28D), s.get(1) + d.get(RECIPROCATED_PAIRS_28D)));
    }
    return sums;
  }

  /**
   * Ada and Bo replied to each other, Bo to Cy (all counted); Ada's reply to Cy still waits for the
   * next watermark.
   */
  private static void threePairsOneStillPending(
      ForgettingHarness<String, MemberSignal, CommunityDelta> h) throws Exception {
    send(h, reply(ADA, BO, D), reply(BO, ADA, D), reply(BO, CY, D));
    h.watermark(noon(D));
    send(h, reply(ADA, CY, D + 1));
  }

  @Test
  void thePendingRepliesOfTheMembersPairsReachTheCommunityFiguresFirst() throws Exception {
    var control = open(SUPPRESS_FOR);
    var erased = open(SUPPRESS_FOR);
    for (var h : List.of(control, erased)) {
      threePairsOneStillPending(h);
      h.drain();
    }

    control.watermark(noon(D + 1));
    erased.erase(erasureOfAda());

    List<CommunityDelta> released = erased.drain();
    assertThat(released).isNotEmpty();
    assertThat(sums(released)).isEqualTo(sums(control.drain()));
  }

  @Test
  void everyPairWithTheMemberGoesAndTheOthersStay() throws Exception {
    var h = open(SUPPRESS_FOR);
    threePairsOneStillPending(h);
    assertThat(h.keysWith(STATES)).containsExactly(pair(ADA, BO), pair(ADA, CY), pair(BO, CY));

    h.erase(erasureOfAda());

    assertThat(h.keysWith(STATES)).containsExactly(pair(BO, CY));
  }

  @Test
  void theTimersOfTheMembersPairsEmitNothing() throws Exception {
    var h = open(SUPPRESS_FOR);
    threePairsOneStillPending(h);
    h.erase(erasureOfAda());
    h.drain();

    h.watermark(noon(D + 60));

    assertThat(h.drain()).isEmpty();
    assertThat(h.numKeyedStateEntries()).isZero();
  }

  @Test
  void repliesFromOrToTheMemberAreDroppedWhileSuppressed() throws Exception {
    var h = open(SUPPRESS_FOR);
    h.watermark(noon(D) - DAY);
    h.erase(erasureOfAda());

    send(h, reply(ADA, BO, D), reply(CY, ADA, D), reply(BO, CY, D));
    h.watermark(noon(D));

    assertThat(h.keysWith(STATES)).containsExactly(pair(BO, CY));
    assertThat(sums(h.drain()).get(D)).containsExactly(1L, 0L);
  }

  @Test
  void withSuppressionOffRepliesWithTheMemberCountAgain() throws Exception {
    var h = open(Duration.ZERO);
    h.watermark(noon(D) - DAY);
    h.erase(erasureOfAda());

    send(h, reply(ADA, BO, D));
    h.watermark(noon(D));

    assertThat(h.keysWith(STATES)).containsExactly(pair(ADA, BO));
    assertThat(sums(h.drain()).get(D)).containsExactly(1L, 0L);
  }

  @Test
  void anErasureOfAMemberNobodyKnowsIsHarmless() throws Exception {
    var h = open(SUPPRESS_FOR);
    threePairsOneStillPending(h);
    h.drain();
    int before = h.numKeyedStateEntries();

    h.erase(Erasure.of("r-nobody", COMMUNITY, "m-nobody", NOW));

    assertThat(h.drain()).isEmpty();
    assertThat(h.numKeyedStateEntries()).isEqualTo(before);
  }

  @Test
  void theSameIdInAnotherCommunityKeepsItsPairs() throws Exception {
    var h = open(SUPPRESS_FOR);
    send(h, MemberSignal.helped("other", ADA, D, BO, 1));
    h.watermark(noon(D));

    h.erase(erasureOfAda());

    assertThat(h.keysWith(STATES)).containsExactly("other/" + ADA + '\u001f' + BO);
  }
}
