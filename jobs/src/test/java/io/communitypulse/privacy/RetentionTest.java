package io.communitypulse.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.communitypulse.sink.DocumentWrite;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetentionTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Retention RETENTION =
      new Retention("s", "m", Duration.ofDays(400), Duration.ofDays(30));
  private static final long DAY = LocalDate.parse("2027-02-10").toEpochDay();

  /** A first event day old enough for both retentions. */
  private static final long LONG_AGO = DAY - 1000;

  @Test
  void cutsOffAtTheStartOfTheAsOfDayMinusTheRetention() {
    assertThat(Instant.ofEpochMilli(RETENTION.sessionsCutoff(DAY)))
        .isEqualTo(Instant.parse("2026-01-06T00:00:00Z"));
    assertThat(Instant.ofEpochMilli(RETENTION.membersCutoff(DAY)))
        .isEqualTo(Instant.parse("2027-01-11T00:00:00Z"));
  }

  @Test
  void deletesStrictlyOlderDocumentsOfTheCommunityOnly() throws Exception {
    List<DocumentWrite> sweep = RETENTION.sweep("c1", DAY, LONG_AGO);

    assertThat(sweep).hasSize(2).allMatch(w -> w.kind == DocumentWrite.Kind.DELETE_BY_QUERY);
    JsonNode sessions = MAPPER.readTree(sweep.get(0).source);
    assertThat(sweep.get(0).index).isEqualTo("s");
    assertThat(sessions.at("/query/bool/filter/0/term/community_id").asText()).isEqualTo("c1");
    assertThat(sessions.at("/query/bool/filter/1/range/start/lt").asLong())
        .isEqualTo(RETENTION.sessionsCutoff(DAY));
    assertThat(sessions.get("sort").asText()).isEqualTo("session_id");
    JsonNode members = MAPPER.readTree(sweep.get(1).source);
    assertThat(sweep.get(1).index).isEqualTo("m");
    assertThat(members.at("/query/bool/filter/1/range/last_seen/lt").asLong())
        .isEqualTo(RETENTION.membersCutoff(DAY));
    assertThat(members.get("sort").asText()).isEqualTo("member_id");
  }

  @Test
  void aLaterDayIsADifferentOperationTheSameDayTheSame() {
    assertThat(RETENTION.sweep("c1", DAY, LONG_AGO).get(0).id)
        .isEqualTo(RETENTION.sweep("c1", DAY, LONG_AGO).get(0).id)
        .isNotEqualTo(RETENTION.sweep("c1", DAY + 1, LONG_AGO).get(0).id)
        .isNotEqualTo(RETENTION.sweep("c2", DAY, LONG_AGO).get(0).id);
  }

  @Test
  void sweepsOnlyWhatTheCommunitysHistoryCanHold() {
    assertThat(RETENTION.sweep("c1", DAY, DAY - 400))
        .as("no session can start before the sessions' cutoff; members can be past theirs")
        .extracting(w -> w.index)
        .containsExactly("m");
    assertThat(RETENTION.sweep("c1", DAY, DAY - 401))
        .extracting(w -> w.index)
        .containsExactly("s", "m");
    assertThat(RETENTION.sweep("c1", DAY, DAY - 31)).extracting(w -> w.index).containsExactly("m");
    assertThat(RETENTION.sweep("c1", DAY, DAY - 30)).isEmpty();
  }
}
