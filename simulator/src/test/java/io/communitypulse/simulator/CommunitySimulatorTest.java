package io.communitypulse.simulator;

import static io.communitypulse.simulator.SimulationFixtures.DEFAULTS;
import static io.communitypulse.simulator.SimulationFixtures.communityOf;
import static io.communitypulse.simulator.SimulationFixtures.defaultRun;
import static io.communitypulse.simulator.SimulationFixtures.eventIdOf;
import static io.communitypulse.simulator.SimulationFixtures.json;
import static io.communitypulse.simulator.SimulationFixtures.originals;
import static io.communitypulse.simulator.SimulationFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.wire.EventValidator;
import io.communitypulse.wire.JsonEventFormat;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CommunitySimulatorTest {

  private static final SimulatorSettings ONE_DAY = DEFAULTS.withDays(1);

  @Test
  void theSameSeedGivesTheSameJsonByteForByte() {
    List<String> first = json(run(ONE_DAY));
    List<String> second = json(run(ONE_DAY));

    assertThat(first).isNotEmpty();
    assertThat(second).isEqualTo(first);
  }

  @Test
  void anotherSeedGivesOtherEvents() {
    List<String> seed42 = json(run(ONE_DAY));
    List<String> seed43 = json(run(ONE_DAY.withSeed(43)));

    assertThat(seed43).isNotEqualTo(seed42);
    assertThat(new HashSet<>(seed43)).doesNotContainAnyElementsOf(seed42.subList(0, 100));
  }

  @Test
  void aCommunitysEventsDoNotDependOnHowManyCommunitiesRunBesideIt() {
    SimulatorSettings one = ONE_DAY.withCommunities(1).withDuplicateShare(0);
    SimulatorSettings four = ONE_DAY.withCommunities(4).withDuplicateShare(0);

    List<String> alone = acmeJsonSorted(run(one));
    List<String> withOthers = acmeJsonSorted(run(four));

    assertThat(withOthers).isNotEmpty().isEqualTo(alone);
  }

  private static List<String> acmeJsonSorted(List<SimulatedEvent> events) {
    List<SimulatedEvent> acme =
        events.stream().filter(e -> communityOf(e).equals("acme-devs")).toList();
    List<String> lines = new ArrayList<>(json(acme));
    lines.sort(null);
    return lines;
  }

  @Test
  void defaultsGiveTensOfThousandsOfEvents() {
    assertThat(defaultRun()).hasSizeBetween(10_000, 30_000);
  }

  @Test
  void everyEventIsValidAndInsideThePeriod() {
    Clock afterThePeriod = Clock.fixed(DEFAULTS.end().plus(Duration.ofHours(1)), ZoneOffset.UTC);
    EventValidator validator = new EventValidator(afterThePeriod);
    long start = DEFAULTS.start().toEpochMilli();
    // Contributions land a few seconds after the step that made them.
    long end = DEFAULTS.end().toEpochMilli() + 10_000;

    for (SimulatedEvent e : defaultRun()) {
      assertThat(validator.validate(e.event())).as("%s", e.event()).isEmpty();
      assertThat(e.occurredAtMillis()).isBetween(start, end);
    }
  }

  @Test
  void everyEventSurvivesItsJsonForm() {
    JsonEventFormat format = new JsonEventFormat();

    for (SimulatedEvent e : defaultRun().subList(0, 2000)) {
      var parsed = format.parse(format.toJson(e.event()));
      assertThat(parsed.ok()).as("%s", parsed).isTrue();
      assertThat(parsed.event()).isEqualTo(e.event());
    }
  }

  @Test
  void eventsAreEmittedInTimeOrderWithLessThanFiveSecondsOfJitter() {
    long latestSoFar = 0;
    long mostOutOfOrder = 0;
    for (SimulatedEvent e : originals(defaultRun())) {
      mostOutOfOrder = Math.max(mostOutOfOrder, latestSoFar - e.occurredAtMillis());
      latestSoFar = Math.max(latestSoFar, e.occurredAtMillis());
    }

    assertThat(mostOutOfOrder).isPositive().isLessThan(EmissionOrder.MAX_JITTER_MS);
  }

  @Test
  void duplicatesAreExactCopiesAFewEventsLaterAtTheConfiguredShare() {
    List<SimulatedEvent> events = defaultRun();
    List<String> lines = json(events);
    Map<String, Integer> firstIndex = new HashMap<>();
    int duplicates = 0;
    for (int i = 0; i < events.size(); i++) {
      String id = communityOf(events.get(i)) + "/" + eventIdOf(events.get(i));
      Integer earlier = firstIndex.putIfAbsent(id, i);
      assertThat(earlier != null)
          .as("line %d repeats an event id", i)
          .isEqualTo(events.get(i).duplicate());
      if (earlier != null) {
        duplicates++;
        assertThat(lines.get(i)).isEqualTo(lines.get(earlier));
        assertThat(i - earlier).isBetween(1, 2 * EmissionOrder.MAX_DUPLICATE_DISTANCE);
      }
    }

    assertThat(duplicates / (double) events.size()).isBetween(0.007, 0.013);
  }

  @Test
  void lateEventsComeMoreThanTwoHoursAfterNewerOnesAtTheConfiguredShare() {
    SimulatorSettings late = ONE_DAY.withCommunities(1).withLateShare(0.05);
    List<SimulatedEvent> events = originals(run(late));
    long cutoff = late.end().toEpochMilli() - Duration.ofHours(7).toMillis();

    long latestSoFar = 0;
    int lateCount = 0;
    for (SimulatedEvent e : events) {
      long lag = latestSoFar - e.occurredAtMillis();
      if (e.late()) {
        lateCount++;
        if (e.occurredAtMillis() < cutoff) {
          assertThat(lag).isGreaterThan(SimulatorSettings.LATE_AFTER.toMillis());
        }
      } else {
        assertThat(lag).isLessThan(EmissionOrder.MAX_JITTER_MS);
      }
      latestSoFar = Math.max(latestSoFar, e.occurredAtMillis());
    }

    assertThat(lateCount / (double) events.size()).isBetween(0.035, 0.065);
  }

  @Test
  void clicksCarryTheFieldsThePrivacyRulesMustStrip() {
    for (ClickEvent c : SimulationFixtures.clicks(defaultRun())) {
      assertThat(c.getUserAgent()).isNotBlank();
      assertThat(c.getIp()).isNotBlank();
      assertThat(c.getUrl()).startsWith("https://" + c.getCommunityId() + ".example.com/");
    }
  }

  @Test
  void eventIdsAreUniqueAcrossOriginals() {
    Set<String> ids = new HashSet<>();
    for (SimulatedEvent e : originals(defaultRun())) {
      assertThat(ids.add(eventIdOf(e))).as(eventIdOf(e)).isTrue();
    }
  }
}
