package io.communitypulse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CorrectnessGateTest {

  private static Map<String, Map<String, Double>> sessions(Object... keyEndEvents) {
    Map<String, Map<String, Double>> out = new TreeMap<>();
    for (int i = 0; i < keyEndEvents.length; i += 3) {
      out.put(
          (String) keyEndEvents[i],
          Map.of(
              "end", ((Number) keyEndEvents[i + 1]).doubleValue(),
              "events", ((Number) keyEndEvents[i + 2]).doubleValue()));
    }
    return out;
  }

  private static Map<String, Map<String, Double>> members(String key, double pageViews7) {
    return Map.of(key, Map.of("d7.page_views", pageViews7, "d28.session_minutes", 12.5));
  }

  @Test
  void passesWhenBothComputeTheSameSessionsAndCounts() {
    CorrectnessGate.Verdict verdict =
        CorrectnessGate.compare(
            sessions("c/m1/1000", 5000, 3, "c/anon:d/7000", 7000, 1),
            sessions("c/m1/1000", 5000, 3, "c/anon:d/7000", 7000, 1),
            members("c/m1", 2),
            members("c/m1", 2));

    assertThat(verdict.passed()).isTrue();
    assertThat(verdict.sessionsJ()).isEqualTo(2);
    assertThat(verdict.shown()).isEmpty();
  }

  @Test
  void failsOnASessionEndingElsewhere() {
    CorrectnessGate.Verdict verdict =
        CorrectnessGate.compare(
            sessions("c/m1/1000", 5000, 3),
            sessions("c/m1/1000", 5001, 3),
            members("c/m1", 2),
            members("c/m1", 2));

    assertThat(verdict.passed()).isFalse();
    assertThat(verdict.differences()).isEqualTo(1);
    assertThat(verdict.shown()).singleElement().asString().contains("end", "5000", "5001");
  }

  @Test
  void failsOnASessionOnlyOneSideHas() {
    CorrectnessGate.Verdict verdict =
        CorrectnessGate.compare(
            sessions("c/m1/1000", 5000, 3, "c/m1/9000000", 9000000, 1),
            sessions("c/m1/1000", 9000000, 4),
            members("c/m1", 2),
            members("c/m1", 2));

    assertThat(verdict.differences()).isEqualTo(2);
    assertThat(verdict.shown()).anySatisfy(d -> assertThat(d).contains("only in J"));
  }

  @Test
  void failsOnAMemberCountThatDiffers() {
    CorrectnessGate.Verdict verdict =
        CorrectnessGate.compare(
            sessions("c/m1/1000", 5000, 3),
            sessions("c/m1/1000", 5000, 3),
            members("c/m1", 2),
            members("c/m1", 3));

    assertThat(verdict.passed()).isFalse();
    assertThat(verdict.shown()).singleElement().asString().contains("d7.page_views");
  }

  @Test
  void doesNotPassOnNothingCompared() {
    assertThat(
            CorrectnessGate.compare(
                    new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), new TreeMap<>())
                .passed())
        .isFalse();
  }

  @Test
  void leavesOutActorsTheJobCutAtTheMaximumSessionLength() {
    // J cut m1's activity at 12 h (the next session starts 1 min after the last one ended); the
    // SQL window has no such rule and sees one long session. Neither is compared; m2 still is.
    long h12 = 12 * 3_600_000L;
    CorrectnessGate.Verdict verdict =
        CorrectnessGate.compare(
            sessions("c/m1/0", h12 - 60_000, 500, "c/m1/" + h12, h12, 1, "c/m2/0", 10, 2),
            sessions("c/m1/0", h12, 501, "c/m2/0", 10, 2),
            Map.of("c/m1", Map.of("d7.sessions", 2.0), "c/m2", Map.of("d7.sessions", 1.0)),
            Map.of("c/m1", Map.of("d7.sessions", 1.0), "c/m2", Map.of("d7.sessions", 1.0)));

    assertThat(verdict.actorsCutAtMaxLength()).isEqualTo(1);
    assertThat(verdict.sessionsJ()).isEqualTo(1);
    assertThat(verdict.passed()).isTrue();
  }
}
