package io.communitypulse.indicators;

import static org.assertj.core.api.Assertions.assertThat;

import io.communitypulse.content.Credit;
import io.communitypulse.content.CreditType;
import io.communitypulse.identity.ActivityEvent;
import io.communitypulse.identity.ActivityType;
import io.communitypulse.indicators.MemberSignal.Field;
import io.communitypulse.session.Session;
import io.communitypulse.session.SessionChange;
import io.communitypulse.session.SessionChanges;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/** The three sources of member signals: own events, credits, and the session changelog. */
class SignalSourcesTest {

  private static final long T0 = Instant.parse("2026-03-02T10:00:00Z").toEpochMilli();
  private static final long DAY = MemberSignal.epochDay(T0);
  private static final Duration RETENTION = Duration.ofHours(14);

  /** Sums signals per member and field, as the indicator stage would. */
  private static Map<String, Double> totals(List<MemberSignal> signals) {
    Map<String, Double> totals = new HashMap<>();
    for (MemberSignal s : signals) {
      totals.merge(s.memberId + "." + s.field, s.delta, Double::sum);
    }
    totals.values().removeIf(v -> v == 0.0);
    return totals;
  }

  private static <T> List<MemberSignal> flatMap(
      org.apache.flink.api.common.functions.FlatMapFunction<T, MemberSignal> f, T in)
      throws Exception {
    List<MemberSignal> out = new ArrayList<>();
    f.flatMap(
        in,
        new Collector<>() {
          @Override
          public void collect(MemberSignal record) {
            out.add(record);
          }

          @Override
          public void close() {}
        });
    return out;
  }

  private static ActivityEvent event(String actor, String member, ActivityType type) {
    ActivityEvent e = new ActivityEvent();
    e.communityId = "acme";
    e.actor = actor;
    e.memberId = member;
    e.eventId = "e1";
    e.occurredAt = T0;
    e.type = type;
    return e;
  }

  @Test
  void anOwnPageViewIsAnActiveDayAndAPageViewAndItsRetractionWithdrawsBoth() throws Exception {
    ActivityEvent view = event("m1", "m1", ActivityType.PAGE_VIEW);
    List<MemberSignal> signals = new ArrayList<>(flatMap(new ActivitySignals(), view));

    assertThat(totals(signals)).containsOnlyKeys("m1.ACTIVE", "m1.PAGE_VIEWS");
    assertThat(signals).allSatisfy(s -> assertThat(s.day).isEqualTo(DAY));

    signals.addAll(flatMap(new ActivitySignals(), view.asRetraction()));
    assertThat(totals(signals)).isEmpty();
  }

  @Test
  void aVisitorsEventOnlyMarksAVisitorDayUnderItsActor() throws Exception {
    ActivityEvent view = event("anon:d1", null, ActivityType.PAGE_VIEW);
    List<MemberSignal> signals = new ArrayList<>(flatMap(new ActivitySignals(), view));

    assertThat(totals(signals)).containsOnlyKeys("anon:d1.ACTIVE");
    assertThat(signals).allSatisfy(s -> assertThat(s.eventAt).as("no first_seen").isNull());
    signals.addAll(flatMap(new ActivitySignals(), view.asRetraction()));
    assertThat(totals(signals)).isEmpty();
  }

  @Test
  void aReplyCreditsTheReceiverAndCountsWhomTheGiverHelped() throws Exception {
    Credit reply = new Credit();
    reply.communityId = "acme";
    reply.receiver = "m2";
    reply.giver = "m1";
    reply.type = CreditType.REPLY;
    reply.occurredAt = T0;

    List<MemberSignal> signals = flatMap(new CreditSignals(), reply);

    assertThat(totals(signals)).containsOnlyKeys("m2.REPLIES_RECEIVED", "m1.MEMBER_HELPED");
    assertThat(signals)
        .filteredOn(s -> s.field == Field.MEMBER_HELPED)
        .singleElement()
        .satisfies(s -> assertThat(s.other).isEqualTo("m2"));
  }

  @Test
  void aSelfCreditCountsForNobody() throws Exception {
    Credit self = new Credit();
    self.communityId = "acme";
    self.receiver = "m1";
    self.giver = "m1";
    self.type = CreditType.REACTION;
    self.self = true;

    assertThat(flatMap(new CreditSignals(), self)).isEmpty();
  }

  private static Session session(String id, String actor, String member, long minutes) {
    Session s = new Session();
    s.sessionId = id;
    s.communityId = "acme";
    s.actor = actor;
    s.memberId = member;
    s.start = T0;
    s.end = T0 + minutes * 60_000;
    s.durationS = minutes * 60.0;
    return s;
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, Session, SessionChange> harness()
      throws Exception {
    return ProcessFunctionTestHarnesses.forKeyedProcessFunction(
        new SessionChanges(RETENTION), SessionChanges::actorKey, Types.STRING);
  }

  /** The member signals of every session change the harness emitted so far. */
  private static List<MemberSignal> signals(
      KeyedOneInputStreamOperatorTestHarness<String, Session, SessionChange> harness)
      throws Exception {
    List<MemberSignal> out = new ArrayList<>();
    for (SessionChange change : harness.extractOutputValues()) {
      out.addAll(flatMap(new SessionSignals(), change));
    }
    return out;
  }

  @Test
  void aSessionThatGrowsThenVanishesLeavesNothingBehind() throws Exception {
    try (var harness = harness()) {
      harness.processElement(session("s1", "m1", "m1", 10), T0);
      harness.processElement(session("s1", "m1", "m1", 25), T0);
      assertThat(totals(signals(harness)))
          .containsEntry("m1.SESSIONS", 1.0)
          .containsEntry("m1.SESSION_MINUTES", 25.0);

      Session gone = Session.deletion("s1", "acme", "m1", 9);
      harness.processElement(gone, T0);
      assertThat(totals(signals(harness))).isEmpty();
    }
  }

  @Test
  void aReferredVisitorSessionCreditsTheReferrerButASelfReferralDoesNot() throws Exception {
    try (var harness = harness()) {
      Session referred = session("s1", "anon:d9", null, 5);
      referred.referredBy = "m7";
      referred.signups = 1;
      referred.conversions = 2;
      referred.conversionValue = 120.5;
      Session selfReferred = session("s2", "m7", "m7", 5);
      selfReferred.referredBy = "m7";
      harness.processElement(referred, T0);
      harness.processElement(selfReferred, T0);

      assertThat(totals(signals(harness)))
          .containsEntry("m7.REFERRAL_VISITS", 1.0)
          .containsEntry("m7.REFERRAL_SIGNUPS", 1.0)
          .containsEntry("m7.REFERRAL_CONVERSIONS", 2.0)
          .containsEntry("m7.REFERRAL_CONVERSION_VALUE", 120.5)
          .containsEntry("m7.SESSIONS", 1.0)
          .doesNotContainKey("null.SESSIONS");
    }
  }

  @Test
  void aSessionIsForgottenOnceItCanNoLongerChange() throws Exception {
    try (var harness = harness()) {
      harness.processElement(session("s1", "m1", "m1", 10), T0);
      harness.processWatermark(new Watermark(T0 + 10 * 60_000 + RETENTION.toMillis()));

      assertThat(harness.numKeyedStateEntries()).isZero();
      assertThat(harness.numEventTimeTimers()).isZero();
    }
  }
}
