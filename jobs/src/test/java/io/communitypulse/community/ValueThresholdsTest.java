package io.communitypulse.community;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ValueThresholdsTest {

  @Test
  void placesADayInOneOfFourQuadrantsAtTheDefaults() {
    ValueThresholds v = ValueThresholds.DEFAULTS;
    assertThat(v.quadrant("c", 60.0, 1)).isEqualTo("productive");
    assertThat(v.quadrant("c", 60.0, 0)).isEqualTo("engaged_only");
    assertThat(v.quadrant("c", 59.9, 1)).isEqualTo("marketing_only");
    assertThat(v.quadrant("c", 59.9, 0)).isEqualTo("struggling");
    assertThat(v.quadrant("c", null, 5)).as("no health index, no quadrant").isNull();
  }

  @Test
  void aCommunityMayHaveItsOwnThresholds() {
    ValueThresholds v =
        new ValueThresholds(60, 1, Map.of("acme", 70.0), Map.of("acme", 5.0, "globex", 0.0));
    assertThat(v.quadrant("acme", 65.0, 4)).isEqualTo("struggling");
    assertThat(v.quadrant("acme", 70.0, 5)).isEqualTo("productive");
    assertThat(v.quadrant("globex", 65.0, 0)).isEqualTo("productive");
    assertThat(v.quadrant("initech", 65.0, 1)).isEqualTo("productive");
  }
}
