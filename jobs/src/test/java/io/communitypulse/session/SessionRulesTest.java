package io.communitypulse.session;

import static io.communitypulse.session.SessionFixtures.COMMUNITY;
import static io.communitypulse.session.SessionFixtures.GAP;
import static io.communitypulse.session.SessionFixtures.MAX_LENGTH;
import static io.communitypulse.session.SessionFixtures.MEMBER;
import static io.communitypulse.session.SessionFixtures.T0;
import static io.communitypulse.session.SessionFixtures.click;
import static io.communitypulse.session.SessionFixtures.minutes;
import static io.communitypulse.session.SessionFixtures.pageView;
import static io.communitypulse.session.SessionFixtures.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.communitypulse.identity.ActivityEvent;
import io.communitypulse.identity.ActivityType;
import io.communitypulse.testing.JobDefaults;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SessionRulesTest {

  private final SessionRules rules =
      new SessionRules(JobDefaults.SESSION_GAP, JobDefaults.MAX_SESSION_LENGTH);

  @Test
  void eventsExactlyOneGapApartAreInDifferentSessions() {
    List<Session> sessions =
        rules.sessions(List.of(pageView("a", T0, "/a"), pageView("b", T0 + GAP, "/b")));

    assertThat(sessions).extracting(s -> s.start).containsExactly(T0, T0 + GAP);
  }

  @Test
  void eventsOneMillisecondLessThanAGapApartShareASession() {
    List<Session> sessions =
        rules.sessions(List.of(pageView("a", T0, "/a"), pageView("b", T0 + GAP - 1, "/b")));

    assertThat(sessions).singleElement().satisfies(s -> assertThat(s.events).isEqualTo(2));
  }

  @Test
  void anEventMaxLengthAfterTheStartBeginsANewSessionEvenWithoutAPause() {
    List<ActivityEvent> steady = new ArrayList<>();
    for (long t = T0; t <= T0 + MAX_LENGTH; t += 10 * SessionFixtures.MINUTE) {
      steady.add(click("e" + t, t, ActivityType.CLICK));
    }
    // One millisecond before the cut still belongs to the first session.
    steady.add(click("last-in-first", T0 + MAX_LENGTH - 1, ActivityType.CLICK));

    List<Session> sessions = rules.sessions(steady);

    assertThat(sessions).extracting(s -> s.start).containsExactly(T0, T0 + MAX_LENGTH);
    assertThat(sessions.get(0).end).isEqualTo(T0 + MAX_LENGTH - 1);
  }

  @Test
  void sessionsDependOnlyOnTheEventSetNotOnItsOrder() {
    List<ActivityEvent> events = new ArrayList<>();
    long[] offsets = {0, 5, 29, 59, 90, 91, 300, 329, 330, 331};
    for (int i = 0; i < offsets.length; i++) {
      ActivityEvent e =
          i % 3 == 0
              ? post("p" + i, minutes(offsets[i]), ActivityType.REPLY)
              : pageView("v" + i, minutes(offsets[i]), "/page/" + i);
      events.add(e);
    }
    List<Session> inOrder = rules.sessions(events);
    Random random = new Random(42);

    for (int round = 0; round < 20; round++) {
      List<ActivityEvent> shuffled = new ArrayList<>(events);
      Collections.shuffle(shuffled, random);
      assertThat(rules.sessions(shuffled)).isEqualTo(inOrder);
    }
    assertThat(inOrder).extracting(s -> s.events).containsExactly(3L, 1L, 2L, 4L);
  }

  @Test
  void summaryTakesFirstAndLastFieldsInEventOrderWithTheEventIdBreakingTies() {
    ActivityEvent laterId = pageView("b", T0, "/from-b");
    laterId.referrer = "https://b.example";
    ActivityEvent earlierId = pageView("a", T0, "/from-a");
    earlierId.referrer = "https://a.example";
    ActivityEvent shareVisit = pageView("c", T0 + 1, null);
    shareVisit.referredBy = "m-grace";
    ActivityEvent exitTie1 = pageView("y", T0 + 2, "/exit-y");
    ActivityEvent exitTie2 = pageView("z", T0 + 2, "/exit-z");

    Session s = rules.sessions(List.of(exitTie2, shareVisit, laterId, exitTie1, earlierId)).get(0);

    assertThat(s.entryUrl).isEqualTo("/from-a");
    assertThat(s.referrer).isEqualTo("https://a.example");
    assertThat(s.referredBy).isEqualTo("m-grace");
    assertThat(s.exitUrl).isEqualTo("/exit-z");
  }

  @Test
  void summaryCountsEveryTypeAndSumsConversionValues() {
    List<ActivityEvent> events = new ArrayList<>();
    int i = 0;
    for (ActivityType type : ActivityType.values()) {
      events.add(
          type.isClick() ? click("e" + i, minutes(i), type) : post("e" + i, minutes(i), type));
      i++;
    }
    ActivityEvent sale = click("sale", minutes(i), ActivityType.CONVERSION);
    sale.conversionValue = 0.25;
    ActivityEvent upsell = click("upsell", minutes(i + 1), ActivityType.CONVERSION);
    upsell.conversionValue = 0.5;
    events.add(sale);
    events.add(upsell);

    Session s = rules.sessions(events).get(0);

    assertThat(s.events).isEqualTo(ActivityType.values().length + 2);
    assertThat(
            List.of(
                s.pageViews,
                s.clicks,
                s.searches,
                s.signups,
                s.posts,
                s.replies,
                s.reactions,
                s.acceptedAnswers,
                s.mentions,
                s.shares))
        .containsOnly(1L);
    assertThat(s.conversions).isEqualTo(3);
    assertThat(s.conversionValue).isEqualTo(0.75);
    assertThat(s.memberId).isEqualTo(MEMBER);
    assertThat(s.anonymousIds).containsExactly("d1");
    assertThat(s.durationS).isEqualTo((double) (i + 1) * 60);
  }

  @Test
  void conversionValueIsTheSameWhateverTheArrivalOrder() {
    // Summed as doubles, 1e16 + 1 - 1e16 gives 0 in this order and 1 in others.
    double[] values = {1e16, 1.0, -1e16};
    List<ActivityEvent> events = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      ActivityEvent e = click("c" + i, minutes(i), ActivityType.CONVERSION);
      e.conversionValue = values[i];
      events.add(e);
    }
    SessionTally reversed = SessionTally.of(events.get(2));
    reversed.add(events.get(0));
    reversed.add(events.get(1));

    assertThat(rules.sessions(events).get(0).conversionValue).isEqualTo(1.0);
    assertThat(reversed.session.conversionValue).isEqualTo(1.0);
  }

  @Test
  void sessionIdIsAShortHexHashOfCommunityActorAndStart() {
    String id = SessionRules.sessionId(COMMUNITY, MEMBER, T0);

    assertThat(id).hasSize(32).matches("[0-9a-f]+");
    assertThat(SessionRules.sessionId(COMMUNITY, MEMBER, T0)).isEqualTo(id);
    assertThat(SessionRules.sessionId(COMMUNITY, MEMBER, T0 + 1)).isNotEqualTo(id);
    assertThat(SessionRules.sessionId(COMMUNITY, "anon:d1", T0)).isNotEqualTo(id);
    assertThat(SessionRules.sessionId("other", MEMBER, T0)).isNotEqualTo(id);
    assertThat(rules.sessions(List.of(pageView("a", T0, "/"))).get(0).sessionId).isEqualTo(id);
  }

  @Test
  void splitRefusesUnsortedEvents() {
    List<ActivityEvent> unsorted = List.of(pageView("b", T0 + 1, "/"), pageView("a", T0, "/"));

    assertThatThrownBy(() -> rules.split(unsorted)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void maxLengthShorterThanTheGapIsRefused() {
    assertThatThrownBy(() -> new SessionRules(Duration.ofMinutes(30), Duration.ofMinutes(10)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
