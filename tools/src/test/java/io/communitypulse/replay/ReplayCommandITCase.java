package io.communitypulse.replay;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.communitypulse.infra.testing.SharedInfrastructure;
import io.communitypulse.simulator.CommunitySimulator;
import io.communitypulse.simulator.JsonLinesWriter;
import io.communitypulse.simulator.SimulationCounts;
import io.communitypulse.simulator.SimulatorSettings;
import io.communitypulse.sink.ElasticsearchClients;
import io.communitypulse.testing.PulseCommandLine;
import io.communitypulse.testing.PulseCommandLine.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./pulse replay} end to end through its Java entry point, on the real broker and node: a
 * simulated file with duplicates and malformed lines; the printed counts must match the file and
 * what Elasticsearch holds afterwards.
 */
@ExtendWith(SharedInfrastructure.class)
class ReplayCommandITCase {

  private static final Pattern SUMMARY =
      Pattern.compile(
          "replay: read=(\\d+) dead_lettered=(\\d+) duplicates=(\\d+) sessions=(\\d+) members=(\\d+)");

  @Test
  void printsTheCountsThatTheFileAndElasticsearchBearOut(@TempDir Path dir) throws Exception {
    SimulatorSettings settings =
        SimulatorSettings.defaults()
            .withSeed(11)
            .withCommunities(2)
            .withMembersPerCommunity(30)
            .withVisitorsPerCommunity(40)
            .withDays(1)
            .withStart(Instant.parse("2026-02-02T00:00:00Z"))
            .withDuplicateShare(0.02)
            .withMalformedShare(0.01);
    Path file = dir.resolve("events.jsonl");
    SimulationCounts written =
        JsonLinesWriter.forSettings(settings)
            .write(new CommunitySimulator(settings).iterator(), file);
    String name = SharedInfrastructure.uniqueName("replay");

    List<String> args = PulseCommandLine.replayOnSharedInfrastructure(file, name);
    Run run = PulseCommandLine.run(args);

    assertThat(run.exit()).as(run.stderr()).isZero();
    List<String> lines = run.stdout().lines().toList();
    Matcher summary = SUMMARY.matcher(lines.get(lines.size() - 1));
    assertThat(summary.matches()).as("last line: %s", lines).isTrue();

    long nonBlankLines = Files.readAllLines(file).stream().filter(l -> !l.isBlank()).count();
    assertThat(Long.parseLong(summary.group(1))).isEqualTo(nonBlankLines);
    assertThat(Long.parseLong(summary.group(2))).isEqualTo(written.malformed()).isPositive();
    assertThat(Long.parseLong(summary.group(3))).isEqualTo(written.duplicates()).isPositive();

    try (ElasticsearchClient es =
        ElasticsearchClients.create(SharedInfrastructure.elasticsearchUrl())) {
      String sessions = name + "-pulse-sessions";
      es.indices().refresh(r -> r.index(sessions));
      long inElasticsearch = es.count(c -> c.index(sessions)).count();
      assertThat(Long.parseLong(summary.group(4))).isEqualTo(inElasticsearch).isPositive();
      long closed =
          es.count(
                  c -> c.index(sessions).query(q -> q.term(t -> t.field("status").value("closed"))))
              .count();
      assertThat(closed).as("a bounded replay closes every session").isEqualTo(inElasticsearch);
    }
    try (ElasticsearchClient es =
        ElasticsearchClients.create(SharedInfrastructure.elasticsearchUrl())) {
      String members = name + "-pulse-members";
      es.indices().refresh(r -> r.index(members));
      assertThat(Long.parseLong(summary.group(5)))
          .isEqualTo(es.count(c -> c.index(members)).count())
          .isPositive();
    }
  }
}
