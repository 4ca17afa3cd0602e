package io.communitypulse.community;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HealthIndexTest {

  @Test
  void weighsAllFiveComponents() {
    // 25 × 0.5 + 25 × 0.8 + 15 × 0.5 + 15 × 1 + 20 × 0.5 = 65 of 100
    assertThat(HealthIndex.of(0.15, 0.8, 750.0, 0.6, 0.15)).isEqualTo(65.0);
  }

  @Test
  void leavesOutANullComponentAndRenormalisesTheOthers() {
    // (25 × 0.5 + 15 × 1 + 15 × 0.5 + 20 × 1) / 75 = 73.33…
    assertThat(HealthIndex.of(0.15, null, 30.0, 0.25, 0.6)).isEqualTo(73.3);
  }

  @Test
  void isNullWhenEveryComponentIsNull() {
    assertThat(HealthIndex.of(null, null, null, null, null)).isNull();
  }

  @Test
  void scoresResponsivenessFullWithinAnHourAndZeroFromADay() {
    assertThat(HealthIndex.responsiveness(-5)).isEqualTo(1);
    assertThat(HealthIndex.responsiveness(60)).isEqualTo(1);
    assertThat(HealthIndex.responsiveness(750)).isCloseTo(0.5, within(1e-12));
    assertThat(HealthIndex.responsiveness(1440)).isZero();
    assertThat(HealthIndex.responsiveness(5000)).isZero();
  }

  @Test
  void capsEachScoreAtOne() {
    assertThat(HealthIndex.of(0.9, null, null, 1.0, null)).isEqualTo(100.0);
    assertThat(HealthIndex.of(0.0, 0.0, null, null, null)).isEqualTo(0.0);
  }
}
