package io.communitypulse.community;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthIndexTest {

  private static final HealthSettings DEFAULTS = HealthSettings.DEFAULTS;

  @Test
  void weighsAllFiveComponents() {
    // 25 × 0.5 + 25 × 0.8 + 15 × 0.5 + 15 × 1 + 20 × 0.5 = 65 of 100
    assertThat(HealthIndex.of(0.15, 0.8, 750.0, 0.6, 0.15, DEFAULTS)).isEqualTo(65.0);
  }

  @Test
  void leavesOutANullComponentAndRenormalisesTheOthers() {
    // (25 × 0.5 + 15 × 1 + 15 × 0.5 + 20 × 1) / 75 = 73.33…
    assertThat(HealthIndex.of(0.15, null, 30.0, 0.25, 0.6, DEFAULTS)).isEqualTo(73.3);
  }

  @Test
  void isNullWhenEveryComponentIsNull() {
    assertThat(HealthIndex.of(null, null, null, null, null, DEFAULTS)).isNull();
  }

  @Test
  void scoresSpeedFullWithinAnHourAndZeroFromADay() {
    assertThat(HealthIndex.speed(-5, DEFAULTS)).isEqualTo(1);
    assertThat(HealthIndex.speed(60, DEFAULTS)).isEqualTo(1);
    assertThat(HealthIndex.speed(750, DEFAULTS)).isCloseTo(0.5, within(1e-12));
    assertThat(HealthIndex.speed(1440, DEFAULTS)).isZero();
    assertThat(HealthIndex.speed(5000, DEFAULTS)).isZero();
  }

  @Test
  void capsEachScoreAtOne() {
    assertThat(HealthIndex.of(0.9, null, null, 1.0, null, DEFAULTS)).isEqualTo(100.0);
    assertThat(HealthIndex.of(0.0, 0.0, null, null, null, DEFAULTS)).isEqualTo(0.0);
  }

  @Test
  void everyConstantIsConfiguration() {
    HealthSettings s =
        HealthSettings.of(Map.of("stickiness", 50.0, "speed", 0.0), 0.6, 1, 1, 30, 90);
    // stickiness 0.3 / 0.6 = 0.5 (w 50), responsiveness 1 (w 25), speed left out (w 0),
    // reciprocity 0.5 / 1 (w 15), contribution 0.5 / 1 (w 20): (25 + 25 + 7.5 + 10) / 110.
    assertThat(HealthIndex.of(0.3, 1.0, 10.0, 0.5, 0.5, s)).isEqualTo(61.4);
    assertThat(HealthIndex.speed(60, s)).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void refusesAnUnknownComponentOrAnEmptyScale() {
    assertThatThrownBy(() -> HealthSettings.of(Map.of("speeed", 1.0), 0.3, 0.5, 0.3, 60, 1440))
        .hasMessageContaining("speeed")
        .hasMessageContaining("speed");
    assertThatThrownBy(() -> HealthSettings.of(Map.of(), 0, 0.5, 0.3, 60, 1440))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HealthSettings.of(Map.of(), 0.3, 0.5, 0.3, 1440, 60))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
