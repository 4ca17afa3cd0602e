package io.communitypulse.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SimulatorSettingsTest {

  private static final Clock NOW =
      Clock.fixed(Instant.parse("2026-11-25T10:15:30Z"), ZoneOffset.UTC);

  @Test
  void defaultsStartAtMidnightThreeDaysAgoAndLastTwoDays() {
    SimulatorSettings s = SimulatorSettings.defaults(NOW);

    assertThat(s.seed()).isEqualTo(42);
    assertThat(s.communityIds()).containsExactly("acme-devs", "data-guild", "cloud-champions");
    assertThat(s.membersPerCommunity()).isEqualTo(200);
    assertThat(s.visitorsPerCommunity()).isEqualTo(400);
    assertThat(s.start()).isEqualTo(Instant.parse("2026-11-22T00:00:00Z"));
    assertThat(s.end()).isEqualTo(Instant.parse("2026-11-24T00:00:00Z"));
    assertThat(s.duplicateShare()).isEqualTo(0.01);
    assertThat(s.malformedShare()).isZero();
    assertThat(s.lateShare()).isZero();
  }

  @Test
  void withersChangeOneSettingAndKeepTheRest() {
    SimulatorSettings s =
        SimulatorSettings.defaults(NOW).withSeed(7).withDays(5).withLateShare(0.02);

    assertThat(s.seed()).isEqualTo(7);
    assertThat(s.days()).isEqualTo(5);
    assertThat(s.lateShare()).isEqualTo(0.02);
    assertThat(s.membersPerCommunity()).isEqualTo(200);
    assertThat(s.start()).isEqualTo(SimulatorSettings.defaults(NOW).start());
  }

  @Test
  void generatedCommunityIdsFollowTheFixedOnesAndAreDistinctAndValid() {
    var ids = SimulatorSettings.defaults(NOW).withCommunities(200).communityIds();

    assertThat(ids)
        .startsWith("acme-devs", "data-guild", "cloud-champions")
        .doesNotHaveDuplicates();
    assertThat(ids).allMatch(io.communitypulse.wire.EventValidator::isValidCommunityId);
    assertThat(ids.get(3)).isEqualTo("rust-makers");
  }

  @Test
  void rejectsOutOfRangeValuesNamingTheSetting() {
    SimulatorSettings s = SimulatorSettings.defaults(NOW);

    assertThatThrownBy(() -> s.withMembersPerCommunity(5)).hasMessageContaining("members");
    assertThatThrownBy(() -> s.withCommunities(0)).hasMessageContaining("communities");
    assertThatThrownBy(() -> s.withDays(0)).hasMessageContaining("days");
    assertThatThrownBy(() -> s.withVisitorsPerCommunity(-1)).hasMessageContaining("visitors");
    assertThatThrownBy(() -> s.withDuplicateShare(0.9)).hasMessageContaining("duplicates");
    assertThatThrownBy(() -> s.withMalformedShare(-0.1)).hasMessageContaining("malformed");
    assertThatThrownBy(() -> s.withLateShare(Double.NaN)).hasMessageContaining("late");
    assertThatThrownBy(() -> s.withStart(Instant.parse("1999-12-31T23:00:00Z")))
        .hasMessageContaining("2000-01-01");
  }

  @Test
  void startIsReadAsAnIsoDateOrInstant() {
    assertThat(SimulatorSettings.parseStart("2025-03-01"))
        .isEqualTo(Instant.parse("2025-03-01T00:00:00Z"));
    assertThat(SimulatorSettings.parseStart("2025-03-01T08:30:00Z"))
        .isEqualTo(Instant.parse("2025-03-01T08:30:00Z"));
    assertThat(SimulatorSettings.parseStart("2025-03-01T08:30:00+02:00"))
        .isEqualTo(Instant.parse("2025-03-01T06:30:00Z"));
    assertThatThrownBy(() -> SimulatorSettings.parseStart("yesterday"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ISO date");
  }

  @Test
  void startIsCutToMilliseconds() {
    SimulatorSettings s =
        SimulatorSettings.defaults(NOW).withStart(Instant.parse("2025-03-01T00:00:00.123456Z"));

    assertThat(s.start()).isEqualTo(Instant.parse("2025-03-01T00:00:00.123Z"));
  }

  @Test
  void aLivePeriodStartsAtMidnightTwoDaysAgoAndRunsLongEnoughNotToRunDry() {
    SimulatorSettings live = SimulatorSettings.defaults().withLivePeriod(NOW);

    assertThat(live.start()).isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
    assertThat(live.end()).isEqualTo(Instant.parse("2026-12-23T00:00:00Z"));
  }

  @Test
  void aLivePeriodCanStartWithWeeksOfHistory() {
    SimulatorSettings live = SimulatorSettings.defaults().withLivePeriod(NOW, 35);

    assertThat(live.start()).isEqualTo(Instant.parse("2026-10-21T00:00:00Z"));
    assertThat(live.end()).isEqualTo(Instant.parse("2026-12-23T00:00:00Z"));
  }

  @Test
  void refusesANegativeHistory() {
    SimulatorSettings defaults = SimulatorSettings.defaults(NOW);

    assertThatThrownBy(() -> defaults.withLivePeriod(NOW, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("history days must be between 0 and");
  }
}
