package io.communitypulse.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The latest-day line of the demo's summary, from community day documents as Elasticsearch has
 * them.
 */
class LiveSummaryTest {

  @Test
  void showsTheDayItsHealthQuadrantAndLevelMovement() {
    Map<String, Object> day = new HashMap<>();
    day.put("day", "2026-03-05");
    day.put("final", false);
    day.put("health_index", 61.2);
    day.put("value_quadrant", "productive");
    day.put("promoted_28d", 12);
    day.put("demoted_28d", 4);

    assertThat(LiveSummary.latestDay(day))
        .isEqualTo(
            "latest day 2026-03-05 (open): health 61.2 | quadrant productive"
                + " | levels over 28 days: 12 up, 4 down");
  }

  @Test
  void saysWhenTheDayIsFinal() {
    Map<String, Object> day = new HashMap<>();
    day.put("day", "2026-03-04");
    day.put("final", true);

    assertThat(LiveSummary.latestDay(day)).startsWith("latest day 2026-03-04 (final): ");
  }

  @Test
  void showsADashForWhatAnOlderJobDidNotWriteOrLeftNull() {
    Map<String, Object> day = new HashMap<>();
    day.put("day", "2026-03-05");
    day.put("health_index", null);
    day.put("value_quadrant", null);

    assertThat(LiveSummary.latestDay(day))
        .isEqualTo(
            "latest day 2026-03-05: health - | quadrant - | levels over 28 days: - up, - down");
  }

  @Test
  void saysWhenThereIsNoDayYet() {
    assertThat(LiveSummary.latestDay(null)).isEqualTo("latest day: none yet");
  }
}
