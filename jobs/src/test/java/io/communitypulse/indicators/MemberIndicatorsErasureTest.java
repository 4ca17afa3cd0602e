package io.communitypulse.indicators;

import static io.communitypulse.indicators.IndicatorFixtures.COMMUNITY;
import static io.communitypulse.indicators.IndicatorFixtures.DAY0;
import static io.communitypulse.indicators.IndicatorFixtures.INDEX;
import static io.communitypulse.indicators.IndicatorFixtures.KEY;
import static io.communitypulse.indicators.IndicatorFixtures.MEMBER;
import static io.communitypulse.indicators.IndicatorFixtures.at;
import static io.communitypulse.indicators.IndicatorFixtures.helped;
import static io.communitypulse.indicators.IndicatorFixtures.json;
import static io.communitypulse.indicators.IndicatorFixtures.noon;
import static io.communitypulse.indicators.IndicatorFixtures.own;
import static io.communitypulse.indicators.IndicatorFixtures.signal;
import static org.assertj.core.api.Assertions.assertThat;

import io.communitypulse.community.CommunityDelta;
import io.communitypulse.indicators.MemberSignal.Field;
import io.communitypulse.privacy.Erasure;
import io.communitypulse.privacy.ForgettingHarness;
import io.communitypulse.privacy.ForgettingStage;
import io.communitypulse.sink.DocumentWrite;
import io.communitypulse.testing.CloseAfterEach;
import io.communitypulse.testing.JobDefaults;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the member indicators forget of a member (Ada): what she had pending still reaches the
 * community days, then her state goes and her document is deleted with a version above every one it
 * was written with; her timers then write nothing. Others' figures keep counting her (they are
 * aggregates) without naming her.
 */
class MemberIndicatorsErasureTest {

  private static final String BO = "m-bo";
  private static final String BO_KEY = COMMUNITY + "/" + BO;
  private static final Duration SUPPRESS_FOR = Duration.ofDays(30);

  /** The as-of day of the tests. */
  private static final long D = DAY0 + 9;

  /** The wall clock: every write and the request happen in this very millisecond. */
  private static final long NOW = noon(D);

  private static final String[] STATES = {"member-days", "member-state", "member-pending"};

  @RegisterExtension final CloseAfterEach harnesses = new CloseAfterEach();

  private ForgettingHarness<String, MemberSignal, DocumentWrite> open(Duration suppressFor)
      throws Exception {
    var h =
        ForgettingHarness.open(
            ForgettingStage.of(
                new MemberIndicators(
                    INDEX, JobDefaults.CONFIG.indicators(), JobDefaults.HORIZON, null),
                suppressFor),
            MemberSignal::key,
            Types.STRING);
    h.processingTime(NOW);
    harnesses.add(h);
    return h;
  }

  private static void send(
      ForgettingHarness<String, MemberSignal, DocumentWrite> h, MemberSignal... signals)
      throws Exception {
    for (MemberSignal s : signals) {
      h.send(s, s.eventAt != null ? s.eventAt : noon(s.day));
    }
  }

  private static Erasure erasureOf(String member) {
    return Erasure.of("r-" + member, COMMUNITY, member, NOW);
  }

  private static MemberSignal boOwn(long day, long hours) {
    return MemberSignal.ownEvent(COMMUNITY, BO, at(day, hours), 1);
  }

  private static MemberSignal boHelped(long day, String other) {
    return MemberSignal.helped(COMMUNITY, BO, day, other, 1);
  }

  /** Ada's document is written once; then more of her signals wait for the next watermark. */
  private static List<DocumentWrite> adaWrittenThenMorePending(
      ForgettingHarness<String, MemberSignal, DocumentWrite> h) throws Exception {
    h.watermark(noon(D));
    send(h, own(D - 1, 8), signal(D - 1, Field.PAGE_VIEWS, 3), helped(D - 1, BO, 1));
    h.watermark(noon(D) + 1);
    List<DocumentWrite> written = h.drain();
    assertThat(written).extracting(w -> w.id).containsExactly(KEY);
    h.drain(MemberIndicators.COMMUNITY_DELTAS);
    send(h, own(D, 10), signal(D, Field.POSTS, 1));
    return written;
  }

  /** The helped member ids {@code key}'s day tallies hold. */
  private static Set<String> helpedIds(
      ForgettingHarness<String, MemberSignal, DocumentWrite> h, String key) throws Exception {
    h.atKey(key);
    KeyedStateBackend<String> backend = h.harness().getOperator().getKeyedStateBackend();
    MapState<Long, DailyTally> days =
        backend.getPartitionedState(
            VoidNamespace.INSTANCE,
            VoidNamespaceSerializer.INSTANCE,
            MemberIndicators.daysDescriptor());
    Set<String> ids = new TreeSet<>();
    for (DailyTally tally : days.values()) {
      ids.addAll(tally.helped.keySet());
    }
    return ids;
  }

  @Test
  void herPendingSignalsStillReachTheCommunityDaysAsTheWatermarkWouldHaveSentThem()
      throws Exception {
    var control = open(SUPPRESS_FOR);
    var erased = open(SUPPRESS_FOR);
    adaWrittenThenMorePending(control);
    adaWrittenThenMorePending(erased);

    control.watermark(noon(D) + 2);
    erased.erase(erasureOf(MEMBER));

    List<CommunityDelta> expected = control.drain(MemberIndicators.COMMUNITY_DELTAS);
    assertThat(expected).isNotEmpty();
    assertThat(erased.drain(MemberIndicators.COMMUNITY_DELTAS)).isEqualTo(expected);
  }

  @Test
  void herDocumentIsDeletedAboveTheVersionOfItsLastWriteEvenInTheSameMillisecond()
      throws Exception {
    var h = open(SUPPRESS_FOR);
    List<DocumentWrite> written = adaWrittenThenMorePending(h);
    long lastVersion = written.get(written.size() - 1).version;

    h.erase(erasureOf(MEMBER));

    assertThat(h.drain())
        .singleElement()
        .satisfies(
            delete -> {
              assertThat(delete.isDelete()).isTrue();
              assertThat(delete.index).isEqualTo(INDEX);
              assertThat(delete.id).isEqualTo(KEY);
              assertThat(delete.communityId).isEqualTo(COMMUNITY);
              assertThat(delete.version).isGreaterThan(lastVersion);
            });
    assertThat(h.keysWith(STATES)).doesNotContain(KEY);
  }

  @Test
  void nothingMoreIsWrittenForHerHoweverFarTheWatermarkMoves() throws Exception {
    var h = open(SUPPRESS_FOR);
    adaWrittenThenMorePending(h);
    h.erase(erasureOf(MEMBER));
    h.drain();
    h.drain(MemberIndicators.COMMUNITY_DELTAS);

    for (long day = D + 1; day <= D + 120; day += 7) {
      h.watermark(noon(day));
    }

    assertThat(h.drain()).isEmpty();
    assertThat(h.drain(MemberIndicators.COMMUNITY_DELTAS)).isEmpty();
    assertThat(h.numKeyedStateEntries()).isZero();
  }

  @Test
  void anotherMembersFiguresStillCountHerButTheirStateNoLongerNamesHer() throws Exception {
    var control = open(SUPPRESS_FOR);
    var erased = open(SUPPRESS_FOR);
    for (var h : List.of(control, erased)) {
      h.watermark(noon(D));
      send(h, own(D - 1, 8), boOwn(D - 2, 8), boHelped(D - 2, MEMBER), boHelped(D - 1, MEMBER));
      h.watermark(noon(D) + 1);
      h.drain();
    }
    assertThat(helpedIds(erased, BO_KEY)).containsExactly(MEMBER);

    erased.erase(erasureOf(MEMBER));

    assertThat(erased.drain()).extracting(w -> w.id).containsExactly(KEY);
    assertThat(helpedIds(erased, BO_KEY)).hasSize(1).doesNotContain(MEMBER);
    for (var h : List.of(control, erased)) {
      send(h, boOwn(D, 9));
      h.watermark(noon(D) + 2);
    }
    List<DocumentWrite> expected = control.drain();
    List<DocumentWrite> actual = erased.drain();
    assertThat(actual).extracting(w -> w.id).containsExactly(BO_KEY);
    assertThat(json(actual.get(0))).isEqualTo(json(expected.get(0)));
    assertThat(json(actual.get(0)).get("d7").get("members_helped").asLong()).isEqualTo(1);
  }

  @Test
  void aReplyToHerThatArrivesAfterTheErasureHelpsNobody() throws Exception {
    var h = open(SUPPRESS_FOR);
    h.watermark(noon(D));
    h.erase(erasureOf(MEMBER));

    send(h, boOwn(D, 8), boHelped(D, MEMBER), boHelped(D, "m-cy"));
    h.watermark(noon(D) + 1);

    assertThat(helpedIds(h, BO_KEY)).containsExactly("m-cy");
  }

  @Test
  void herSignalsAreDroppedWhileSuppressed() throws Exception {
    var h = open(SUPPRESS_FOR);
    h.watermark(noon(D));
    h.erase(erasureOf(MEMBER));
    h.drain();

    send(h, own(D, 8), signal(D, Field.POSTS, 1), boOwn(D, 8));
    h.watermark(noon(D) + 1);

    assertThat(h.drain()).extracting(w -> w.id).containsExactly(BO_KEY);
    assertThat(h.keysWith(STATES)).containsExactly(BO_KEY);
  }

  @Test
  void withSuppressionOffSheIsWrittenAgainAboveTheDelete() throws Exception {
    var h = open(Duration.ZERO);
    adaWrittenThenMorePending(h);
    h.erase(erasureOf(MEMBER));
    DocumentWrite delete = h.drain().get(0);

    send(h, own(D, 11));
    h.watermark(noon(D) + 2);

    assertThat(h.drain())
        .singleElement()
        .satisfies(
            write -> {
              assertThat(write.isDelete()).isFalse();
              assertThat(write.id).isEqualTo(KEY);
              assertThat(write.version).isGreaterThan(delete.version);
            });
  }

  @Test
  void anErasureOfAMemberNobodyKnowsOnlyDeletesADocumentThatIsNotThere() throws Exception {
    var h = open(SUPPRESS_FOR);
    h.watermark(noon(D));
    send(h, boOwn(D, 8));
    h.watermark(noon(D) + 1);
    h.drain();
    h.drain(MemberIndicators.COMMUNITY_DELTAS);
    int before = h.numKeyedStateEntries();

    h.erase(erasureOf("m-nobody"));

    assertThat(h.drain())
        .singleElement()
        .satisfies(
            delete -> {
              assertThat(delete.isDelete()).isTrue();
              assertThat(delete.id).isEqualTo(COMMUNITY + "/m-nobody");
            });
    assertThat(h.drain(MemberIndicators.COMMUNITY_DELTAS)).isEmpty();
    assertThat(h.numKeyedStateEntries()).isEqualTo(before);
  }
}
