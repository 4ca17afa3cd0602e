package io.communitypulse.simulator;

import static io.communitypulse.simulator.SimulationFixtures.DEFAULTS;
import static org.assertj.core.api.Assertions.assertThat;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.ClickType;
import io.communitypulse.events.PostEvent;
import io.communitypulse.wire.JsonEventFormat;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Ninety simulated days of the default communities: members keep coming for the first time, readers
 * start contributing, contributors fade to silence, a few come back, help received is paid forward
 * and share links keep converting. Levels are recomputed here from the events alone, with the
 * definitions of docs/indicators.md, independently of the simulator's own notion of roles.
 */
class SimulatedGrowthTest {

  private static final int DAYS = 90;
  private static final int WINDOW = 28;

  /** The last day of the run and the day 28 days before it: both with a full 28-day window. */
  private static final int LAST = DAYS - 1;

  private static final int EARLIER = LAST - WINDOW;

  private static final SimulatorSettings NINETY_DAYS =
      DEFAULTS.withDays(DAYS).withDuplicateShare(0);

  /** Per community/member, what they did on each day of the run. */
  private static final Map<String, MemberDays> members = new HashMap<>();

  private static final int[] referralConversions = new int[DAYS];
  private static final int[] events = new int[DAYS];

  /** Levels in increasing order, as docs/indicators.md defines them. */
  private enum Level {
    DORMANT,
    LURKER,
    CONTRIBUTOR,
    CREATOR
  }

  /** One member's counts per day of the run. */
  private static final class MemberDays {
    final boolean[] active = new boolean[DAYS];
    final int[] posts = new int[DAYS];
    final int[] replies = new int[DAYS];
    final int[] reactions = new int[DAYS];
    final int[] shares = new int[DAYS];
    final int[] answersAccepted = new int[DAYS];
    final int[] repliesToOthers = new int[DAYS];
    final int[] repliesFromOthers = new int[DAYS];

    int firstDay() {
      for (int d = 0; d < DAYS; d++) {
        if (active[d]) {
          return d;
        }
      }
      return -1;
    }

    /** The level on {@code day}, from the 28 days ending that day. */
    Level level(int day) {
      int from = Math.max(0, day - WINDOW + 1);
      boolean isActive = false;
      int p = 0;
      int r = 0;
      int given = 0;
      int accepted = 0;
      for (int d = from; d <= day; d++) {
        isActive |= active[d];
        p += posts[d];
        r += replies[d];
        given += reactions[d] + shares[d];
        accepted += answersAccepted[d];
      }
      if (p + accepted >= 1 && p + r >= 3) {
        return Level.CREATOR;
      }
      if (p + r + given >= 1) {
        return Level.CONTRIBUTOR;
      }
      return isActive ? Level.LURKER : Level.DORMANT;
    }
  }

  @BeforeAll
  static void simulate() {
    long start = Math.floorDiv(NINETY_DAYS.start().toEpochMilli(), DailyRhythm.DAY_MS);
    Map<String, String> authors = new HashMap<>();
    Iterator<SimulatedEvent> run = new CommunitySimulator(NINETY_DAYS).iterator();
    while (run.hasNext()) {
      SimulatedEvent e = run.next();
      int day = (int) (Math.floorDiv(e.occurredAtMillis(), DailyRhythm.DAY_MS) - start);
      if (day >= DAYS) {
        continue; // a contribution a few seconds after the period's last step
      }
      events[day]++;
      if (e.event() instanceof ClickEvent c) {
        if (c.getType() == ClickType.CONVERSION && c.getReferredBy() != null) {
          referralConversions[day]++;
        }
        if (c.getMemberId() != null) {
          member(c.getCommunityId(), c.getMemberId()).active[day] = true;
        }
        continue;
      }
      PostEvent p = (PostEvent) e.event();
      String community = p.getCommunityId();
      MemberDays m = member(community, p.getMemberId());
      m.active[day] = true;
      switch (p.getType()) {
        case POST -> {
          m.posts[day]++;
          authors.put(community + "/" + p.getContentId(), p.getMemberId());
        }
        case REPLY -> {
          m.replies[day]++;
          authors.put(community + "/" + p.getContentId(), p.getMemberId());
          String parentAuthor = authors.get(community + "/" + p.getParentContentId());
          if (!p.getMemberId().equals(parentAuthor)) {
            m.repliesToOthers[day]++;
            member(community, parentAuthor).repliesFromOthers[day]++;
          }
        }
        case REACTION -> m.reactions[day]++;
        case SHARE -> m.shares[day]++;
        case ACCEPTED_ANSWER ->
            member(community, authors.get(community + "/" + p.getContentId()))
                .answersAccepted[day]++;
        default -> {}
      }
    }
  }

  private static MemberDays member(String community, String id) {
    return members.computeIfAbsent(community + "/" + id, k -> new MemberDays());
  }

  @Test
  void membersComeForTheFirstTimeThroughoutThePeriod() {
    Set<Integer> firstDays = new TreeSet<>();
    int seen = 0;
    int afterFourWeeks = 0;
    for (MemberDays m : members.values()) {
      int first = m.firstDay();
      if (first >= 0) {
        seen++;
        firstDays.add(first);
        if (first >= WINDOW) {
          afterFourWeeks++;
        }
      }
    }

    assertThat(firstDays).as("days on which some member is first seen").hasSizeGreaterThan(80);
    assertThat(afterFourWeeks / (double) seen).isGreaterThan(0.15);
  }

  @Test
  void levelsRiseAndFallOverTwentyEightDays() {
    int seen = 0;
    int up = 0;
    int down = 0;
    int lurkersWhoContribute = 0;
    for (MemberDays m : members.values()) {
      Level before = m.level(EARLIER);
      Level now = m.level(LAST);
      if (before == Level.DORMANT && now == Level.DORMANT) {
        continue;
      }
      seen++;
      if (now.compareTo(before) > 0) {
        up++;
        if (before == Level.LURKER) {
          lurkersWhoContribute++;
        }
      } else if (now.compareTo(before) < 0) {
        down++;
      }
    }

    assertThat(up / (double) seen).as("promoted").isGreaterThan(0.1);
    assertThat(down / (double) seen).as("demoted").isGreaterThan(0.1);
    assertThat(lurkersWhoContribute).as("lurkers who became contributors").isGreaterThan(10);
  }

  @Test
  void contributorsFadeToSilenceAndAFewComeBack() {
    int fadedContributors = 0;
    int comebacks = 0;
    for (MemberDays m : members.values()) {
      boolean contributed = false;
      for (int d = 0; d < EARLIER; d++) {
        contributed |= m.level(d).compareTo(Level.CONTRIBUTOR) >= 0;
      }
      if (contributed && m.level(LAST) == Level.DORMANT) {
        fadedContributors++;
      }
      if (returnsAfterAWindowOfSilence(m)) {
        comebacks++;
      }
    }

    assertThat(fadedContributors).isGreaterThan(20);
    assertThat(comebacks).isPositive().isLessThan(fadedContributors);
  }

  private static boolean returnsAfterAWindowOfSilence(MemberDays m) {
    int silent = -1; // days since the last active day; -1 before the first
    for (int d = 0; d < DAYS; d++) {
      if (m.active[d]) {
        if (silent >= WINDOW) {
          return true;
        }
        silent = 0;
      } else if (silent >= 0) {
        silent++;
      }
    }
    return false;
  }

  @Test
  void newcomersWhoReceiveHelpPayItForward() {
    int payingForward = 0;
    for (MemberDays m : members.values()) {
      if (m.firstDay() < 7) {
        continue;
      }
      int helpedOn = -1;
      for (int d = 0; d < DAYS; d++) {
        if (helpedOn >= 0 && d > helpedOn && m.repliesToOthers[d] > 0) {
          payingForward++;
          break;
        }
        if (helpedOn < 0 && m.repliesFromOthers[d] > 0) {
          helpedOn = d;
        }
      }
    }

    assertThat(payingForward).isGreaterThan(20);
  }

  @Test
  void shareLinksConvertEveryWeek() {
    for (int week = 0; week + 7 <= DAYS; week += 7) {
      int conversions = 0;
      for (int d = week; d < week + 7; d++) {
        conversions += referralConversions[d];
      }
      assertThat(conversions).as("referral conversions in the week from day %d", week).isPositive();
    }
  }

  @Test
  void theCommunitiesGrowWhileTheirDailyVolumeStaysSteady() {
    int activeInFirstWindow = 0;
    int activeInLastWindow = 0;
    for (MemberDays m : members.values()) {
      activeInFirstWindow += m.level(WINDOW - 1) == Level.DORMANT ? 0 : 1;
      activeInLastWindow += m.level(LAST) == Level.DORMANT ? 0 : 1;
    }
    long firstWeeks = 0;
    long lastWeeks = 0;
    for (int d = 0; d < WINDOW; d++) {
      firstWeeks += events[d];
      lastWeeks += events[DAYS - WINDOW + d];
    }

    assertThat(activeInLastWindow).isGreaterThan(activeInFirstWindow);
    assertThat(lastWeeks / (double) firstWeeks).isBetween(0.8, 1.3);
  }

  @Test
  void theSameSeedGivesTheSameLivesDayAfterDay() {
    // Past the one-day runs of CommunitySimulatorTest: many midnights of arrivals, promotions,
    // fading and returns.
    SimulatorSettings sixWeeks =
        DEFAULTS
            .withCommunities(1)
            .withMembersPerCommunity(40)
            .withVisitorsPerCommunity(20)
            .withDays(42);

    assertThat(jsonHash(sixWeeks)).isEqualTo(jsonHash(sixWeeks));
  }

  private static long jsonHash(SimulatorSettings settings) {
    JsonEventFormat format = new JsonEventFormat();
    long hash = 17;
    Iterator<SimulatedEvent> run = new CommunitySimulator(settings).iterator();
    while (run.hasNext()) {
      hash = 31 * hash + format.toJson(run.next().event()).hashCode();
    }
    return hash;
  }
}
