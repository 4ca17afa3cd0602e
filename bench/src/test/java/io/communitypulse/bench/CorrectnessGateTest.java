package io.communitypulse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.communitypulse.community.CommunityDocument;
import io.communitypulse.sink.DocumentJson;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.types.Row;
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

  /** Sessions and members compared, with one community day both agree on. */
  private static CorrectnessGate.Verdict compare(
      Map<String, Map<String, Double>> sessionsJ,
      Map<String, Map<String, Double>> sessionsB,
      Map<String, Map<String, Double>> membersJ,
      Map<String, Map<String, Double>> membersB) {
    return CorrectnessGate.compare(
        sessionsJ,
        sessionsB,
        membersJ,
        membersB,
        communityDay("c/2024-01-01", 1),
        communityDay("c/2024-01-01", 1));
  }

  private static Map<String, Map<String, Double>> members(String key, double pageViews7) {
    return Map.of(key, Map.of("d7.page_views", pageViews7, "d28.session_minutes", 12.5));
  }

  @Test
  void comparesFiguresTheCommunityDocumentHas() {
    assertThat(DocumentJson.fields(CommunityDocument.class).keySet())
        .contains(CorrectnessGate.COMMUNITY_FIELDS);
  }

  @Test
  void passesWhenBothComputeTheSameSessionsAndCounts() {
    CorrectnessGate.Verdict verdict =
        compare(
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
        compare(
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
        compare(
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
        compare(
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
                    new TreeMap<>(),
                    new TreeMap<>(),
                    new TreeMap<>(),
                    new TreeMap<>(),
                    new TreeMap<>(),
                    new TreeMap<>())
                .passed())
        .isFalse();
  }

  @Test
  void leavesOutActorsTheJobCutAtTheMaximumSessionLength() {
    // J cut m1's activity at 12 h (the next session starts 1 min after the last one ended); the
    // SQL window has no such rule and sees one long session. Neither is compared; m2 still is.
    long h12 = 12 * 3_600_000L;
    CorrectnessGate.Verdict verdict =
        compare(
            sessions("c/m1/0", h12 - 60_000, 500, "c/m1/" + h12, h12, 1, "c/m2/0", 10, 2),
            sessions("c/m1/0", h12, 501, "c/m2/0", 10, 2),
            Map.of("c/m1", Map.of("d7.sessions", 2.0), "c/m2", Map.of("d7.sessions", 1.0)),
            Map.of("c/m1", Map.of("d7.sessions", 1.0), "c/m2", Map.of("d7.sessions", 1.0)));

    assertThat(verdict.actorsCutAtMaxLength()).isEqualTo(1);
    assertThat(verdict.sessionsJ()).isEqualTo(1);
    assertThat(verdict.passed()).isTrue();
  }

  private static Map<String, Map<String, Double>> part(String key, Object... nameValue) {
    Map<String, Double> fields = new LinkedHashMap<>();
    for (int i = 0; i < nameValue.length; i += 2) {
      fields.put((String) nameValue[i], ((Number) nameValue[i + 1]).doubleValue());
    }
    return new TreeMap<>(Map.of(key, fields));
  }

  private static Map<String, Map<String, Double>> communityDay(
      String key, double activeMembers28d) {
    Map<String, Double> fields = new LinkedHashMap<>();
    for (String f : CorrectnessGate.COMMUNITY_FIELDS) {
      fields.put(f, 0.0);
    }
    fields.put("active_members_28d", activeMembers28d);
    return new TreeMap<>(Map.of(key, fields));
  }

  @Test
  void expectsEveryDayFromTheCommunitysFirstToTheAsOfDayWithZerosWhereBHasNoRow() {
    // Events on the 1st and 3rd: the 2nd has no daily row (its counts are 0) but still a 7-day
    // row; the 4th (the as-of day) only a 28-day row.
    Map<String, Map<String, Double>> daily = new TreeMap<>();
    daily.putAll(part("c/2024-01-01", "active_members_1d", 2, "posts", 3, "visitors_1d", 1));
    daily.putAll(part("c/2024-01-03", "active_members_1d", 1, "shares", 1));
    Map<String, Map<String, Double>> d7 = part("c/2024-01-02", "active_members_7d", 2);
    Map<String, Map<String, Double>> d28 = part("c/2024-01-04", "active_members_28d", 3);
    Map<String, Map<String, Double>> newMembers = part("c/2024-01-01", "new_members_1d", 2);

    Map<String, Map<String, Double>> expected =
        CorrectnessGate.expectedCommunityDays(
            List.of(daily, d7, d28, newMembers), LocalDate.parse("2024-01-04"));

    assertThat(expected)
        .containsOnlyKeys("c/2024-01-01", "c/2024-01-02", "c/2024-01-03", "c/2024-01-04");
    assertThat(expected.get("c/2024-01-01"))
        .containsEntry("active_members_1d", 2.0)
        .containsEntry("posts", 3.0)
        .containsEntry("visitors_1d", 1.0)
        .containsEntry("new_members_1d", 2.0)
        .containsEntry("active_members_28d", 0.0);
    assertThat(expected.get("c/2024-01-02"))
        .containsEntry("active_members_1d", 0.0)
        .containsEntry("posts", 0.0)
        .containsEntry("active_members_7d", 2.0);
    assertThat(expected.get("c/2024-01-04"))
        .containsEntry("active_members_28d", 3.0)
        .containsEntry("shares", 0.0)
        .containsOnlyKeys(CorrectnessGate.COMMUNITY_FIELDS);
  }

  @Test
  void failsOnACommunityDayThatDiffersOrIsMissing() {
    Map<String, Map<String, Double>> j = new TreeMap<>(communityDay("c/2024-01-01", 5));
    Map<String, Map<String, Double>> b = new TreeMap<>(communityDay("c/2024-01-01", 4));
    b.putAll(communityDay("c/2024-01-02", 4));

    CorrectnessGate.Verdict verdict =
        CorrectnessGate.compare(
            sessions("c/m1/1000", 5000, 3),
            sessions("c/m1/1000", 5000, 3),
            members("c/m1", 2),
            members("c/m1", 2),
            j,
            b);

    assertThat(verdict.passed()).isFalse();
    assertThat(verdict.communityDayDifferences()).isEqualTo(2);
    assertThat(verdict.sessionDifferences()).isZero();
    assertThat(verdict.shown())
        .containsExactly(
            "community day c/2024-01-01: active_members_28d J=5 B=4",
            "community day c/2024-01-02 only in B: " + b.get("c/2024-01-02"));
  }

  @Test
  void passesOnlyWithCommunityDaysCompared() {
    CorrectnessGate.Verdict withDays =
        CorrectnessGate.compare(
            sessions("c/m1/1000", 5000, 3),
            sessions("c/m1/1000", 5000, 3),
            members("c/m1", 2),
            members("c/m1", 2),
            communityDay("c/2024-01-01", 1),
            communityDay("c/2024-01-01", 1));
    CorrectnessGate.Verdict withoutDays =
        CorrectnessGate.compare(
            sessions("c/m1/1000", 5000, 3),
            sessions("c/m1/1000", 5000, 3),
            members("c/m1", 2),
            members("c/m1", 2),
            Map.of(),
            Map.of());

    assertThat(withDays.passed()).isTrue();
    assertThat(withDays.communityDaysJ()).isEqualTo(1);
    assertThat(withoutDays.passed()).isFalse();
  }

  @Test
  void failsOnAMissingFirstSeen() {
    Map<String, Double> fromJ = new LinkedHashMap<>();
    fromJ.put("first_seen", null);
    CorrectnessGate.Verdict verdict =
        CorrectnessGate.compare(
            sessions("c/m1/1000", 5000, 3),
            sessions("c/m1/1000", 5000, 3),
            Map.of("c/m1", fromJ),
            Map.of("c/m1", Map.of("first_seen", 1000.0)),
            communityDay("c/2024-01-01", 1),
            communityDay("c/2024-01-01", 1));

    assertThat(verdict.memberDifferences()).isEqualTo(1);
    assertThat(verdict.shown()).containsExactly("member c/m1: first_seen J=null B=1000");
  }

  @Test
  void readsBsRowsAsNamedFiguresLeavingOutTheDay() {
    Row row = Row.withNames();
    row.setField("community_id", "c");
    row.setField("day", LocalDate.parse("2024-01-01"));
    row.setField("active_members_1d", 3L);
    row.setField("posts", 2);

    assertThat(CorrectnessGate.figures(Map.of("c/2024-01-01", row)))
        .containsExactly(Map.entry("c/2024-01-01", Map.of("active_members_1d", 3.0, "posts", 2.0)));
  }
}
