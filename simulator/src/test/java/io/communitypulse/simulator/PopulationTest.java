package io.communitypulse.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How a population changes from day to day, without events: arrivals, roles, fading. */
class PopulationTest {

  private static final long DAY = 20_000;
  private static final int MEMBERS = 10_000;

  private static Population population(long seed, Member.Role role, boolean helped) {
    Population p = new Population(new SimRandom(seed), DAY);
    for (int i = 0; i < MEMBERS; i++) {
      Member m = new Member("m" + i, role, 1.0);
      m.helped = helped;
      p.addInitial(m, false);
    }
    p.startDay(DAY);
    return p;
  }

  /** The 1-9-90 start of {@link Community#create}, some of the tail still to come. */
  private static Population ninetyNineOne(long seed) {
    Population p = new Population(new SimRandom(seed), DAY);
    SimRandom r = new SimRandom(seed + 1);
    for (int i = 0; i < MEMBERS; i++) {
      Member.Role role =
          i < MEMBERS / 100
              ? Member.Role.CREATOR
              : i < MEMBERS / 10 ? Member.Role.CONTRIBUTOR : Member.Role.READER;
      p.addInitial(
          new Member("m" + i, role, 1.0),
          i >= MEMBERS / 100 && r.chance(Population.LATE_ARRIVALS * i / MEMBERS));
    }
    p.startDay(DAY);
    return p;
  }

  private static long count(Population p, Member.Stage stage) {
    return p.members().stream().filter(m -> m.stage == stage).count();
  }

  private static long active(Population p, Member.Role role) {
    return p.members().stream()
        .filter(m -> m.stage == Member.Stage.ACTIVE && m.role == role)
        .count();
  }

  @Test
  void membersStillToComeArriveOverTheFollowingWeeks() {
    Population p = ninetyNineOne(1);
    long waiting = count(p, Member.Stage.WAITING);

    p.startDay(DAY + 14);
    long afterTwoWeeks = count(p, Member.Stage.WAITING);
    p.startDay(DAY + 90);

    assertThat(waiting).isBetween(MEMBERS / 10L, MEMBERS / 5L);
    assertThat(afterTwoWeeks).isBetween(waiting / 2, waiting * 3 / 4);
    assertThat(count(p, Member.Stage.WAITING)).isLessThan(waiting / 10);
  }

  @Test
  void theParticipationShapeHoldsForAYearWhileMembersMove() {
    Population p = ninetyNineOne(2);
    List<Member.Role> before = p.members().stream().map(m -> m.role).toList();

    p.startDay(DAY + 365);

    long activeMembers = count(p, Member.Stage.ACTIVE);
    assertThat(active(p, Member.Role.CREATOR) / (double) activeMembers).isBetween(0.003, 0.03);
    assertThat(active(p, Member.Role.CONTRIBUTOR) / (double) activeMembers).isBetween(0.05, 0.15);
    long changedRole = 0;
    for (int i = 0; i < MEMBERS; i++) {
      changedRole += p.members().get(i).role != before.get(i) ? 1 : 0;
    }
    assertThat(changedRole).isGreaterThan(MEMBERS / 20);
    // Faded and silent members, a few of whom came back: most of the start is still around.
    assertThat(activeMembers).isBetween(MEMBERS / 3L, MEMBERS * 9L / 10);
    assertThat(count(p, Member.Stage.GONE)).isPositive();
  }

  @Test
  void readersWhoReceivedHelpStartContributingFarSooner() {
    Population helped = population(3, Member.Role.READER, true);
    Population unhelped = population(3, Member.Role.READER, false);

    helped.startDay(DAY + 28);
    unhelped.startDay(DAY + 28);

    long fromHelped = contributors(helped);
    long fromUnhelped = contributors(unhelped);
    assertThat(fromUnhelped).isPositive();
    assertThat(fromHelped).isGreaterThan(5 * fromUnhelped);
  }

  private static long contributors(Population p) {
    return p.members().stream().filter(m -> m.role != Member.Role.READER).count();
  }

  @Test
  void aPromotedMemberVisitsMoreOftenAndADemotedOneLess() {
    Population p = population(4, Member.Role.CONTRIBUTOR, false);
    p.startDay(DAY + 60);

    assertThat(p.members())
        .anySatisfy(m -> assertThat(m.role).isEqualTo(Member.Role.CREATOR))
        .anySatisfy(m -> assertThat(m.role).isEqualTo(Member.Role.READER))
        .allSatisfy(
            m ->
                assertThat(m.propensity)
                    .as("%s", m)
                    .isCloseTo(
                        switch (m.role) {
                          case CREATOR -> Population.PROMOTION_BOOST;
                          case CONTRIBUTOR -> 1.0;
                          case READER -> 1 / Population.PROMOTION_BOOST;
                        },
                        within(1e-9)));
  }

  @Test
  void silentAndWaitingMembersAreNeverDrawnToVisit() {
    Population p = ninetyNineOne(5);
    p.startDay(DAY + 120);

    for (int i = 0; i < 20_000; i++) {
      assertThat(p.sample().stage).isIn(Member.Stage.ACTIVE, Member.Stage.FADING);
    }
  }
}
