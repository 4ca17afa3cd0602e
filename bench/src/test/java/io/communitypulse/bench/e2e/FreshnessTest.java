package io.communitypulse.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class FreshnessTest {

  @Test
  void percentilesAreNearestRankValuesOfTheProbes() {
    List<Long> millis = new ArrayList<>();
    for (long i = 100; i >= 1; i--) {
      millis.add(i * 10); // 10 .. 1000, in any order
    }
    Freshness f = Freshness.of(100, millis);

    assertThat(f.percentile(0.5)).hasValue(500);
    assertThat(f.percentile(0.9)).hasValue(900);
    assertThat(f.percentile(0.99)).hasValue(990);
    assertThat(f.max()).hasValue(1000);
  }

  @Test
  void withOneHundredFiftyProbesP99IsTheSecondSlowest() {
    List<Long> millis = new ArrayList<>();
    for (long i = 1; i <= 150; i++) {
      millis.add(i);
    }
    assertThat(Freshness.of(150, millis).percentile(0.99)).hasValue(149);
  }

  @Test
  void aProbeNeverSeenCountsAsSlowerThanAllOthers() {
    Freshness f = Freshness.of(4, List.of(100L, 200L, 300L));

    assertThat(f.seen()).isEqualTo(3);
    assertThat(f.percentile(0.5)).hasValue(200);
    assertThat(f.percentile(0.75)).hasValue(300);
    assertThat(f.percentile(0.99)).isEqualTo(OptionalLong.empty());
    assertThat(f.max()).isEmpty();
  }

  @Test
  void aPercentileOnAnUnseenProbeIsShownAsALowerBound() {
    Freshness f = Freshness.of(4, List.of(1_200L, 2_340L, 3_000L), 15_400);

    assertThat(f.describe(0.5)).isEqualTo("2.34 s");
    assertThat(f.describe(0.99)).isEqualTo("> 15.4 s");
  }

  @Test
  void noProbesHaveNoPercentiles() {
    assertThat(Freshness.of(0, List.of()).percentile(0.5)).isEmpty();
  }

  @Test
  void refusesNonsense() {
    assertThatThrownBy(() -> Freshness.of(1, List.of(1L, 2L)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Freshness.of(1, List.of(1L)).percentile(0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
