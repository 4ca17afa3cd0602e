package io.communitypulse.simulator;

import static io.communitypulse.simulator.SimulationFixtures.DEFAULTS;
import static io.communitypulse.simulator.SimulationFixtures.json;
import static io.communitypulse.simulator.SimulationFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.communitypulse.events.RejectReason;
import io.communitypulse.wire.EventReader;
import io.communitypulse.wire.EventValidator;
import io.communitypulse.wire.JsonEventFormat;
import io.communitypulse.wire.ParsedLine;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesWriterTest {

  private static final SimulatorSettings SMALL =
      DEFAULTS.withDays(1).withCommunities(1).withMembersPerCommunity(100);

  private final EventReader reader =
      new EventReader(
          new JsonEventFormat(),
          new EventValidator(Clock.fixed(SMALL.end().plus(Duration.ofHours(1)), ZoneOffset.UTC)));

  @Test
  void writesOneJsonLinePerEventInEmissionOrder(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("events.jsonl");
    List<SimulatedEvent> events = run(SMALL);

    SimulationCounts counts =
        JsonLinesWriter.forSettings(SMALL).write(new CommunitySimulator(SMALL).iterator(), file);

    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertThat(lines).isEqualTo(json(events));
    assertThat(Files.readString(file)).endsWith("}\n").doesNotContain("\r");
    assertThat(counts.events()).isEqualTo(lines.size());
    assertThat(counts.clicks() + counts.posts()).isEqualTo(lines.size());
    assertThat(counts.duplicates()).isEqualTo(events.stream().filter(e -> e.duplicate()).count());
    assertThat(counts.malformed()).isZero();
    assertThat(lines).allSatisfy(line -> assertThat(reader.read(line).ok()).isTrue());
  }

  @Test
  void mixesInBrokenLinesThatTheReaderRejectsAndKeepsTheGoodOnesIntact() throws IOException {
    SimulatorSettings withBroken = SMALL.withMalformedShare(0.05);
    List<String> good = json(run(SMALL));

    StringWriter out = new StringWriter();
    SimulationCounts counts =
        JsonLinesWriter.forSettings(withBroken)
            .write(new CommunitySimulator(withBroken).iterator(), out);

    List<String> lines = out.toString().lines().toList();
    List<String> accepted = new ArrayList<>();
    Set<RejectReason> reasons = EnumSet.noneOf(RejectReason.class);
    int rejected = 0;
    for (String line : lines) {
      ParsedLine parsed = reader.read(line);
      if (parsed.ok()) {
        accepted.add(line);
      } else {
        rejected++;
        reasons.add(parsed.rejection().reason());
      }
    }

    assertThat(accepted).isEqualTo(good);
    assertThat(rejected).isEqualTo(counts.malformed());
    assertThat(counts.events()).isEqualTo(lines.size());
    assertThat(rejected / (double) lines.size()).isBetween(0.035, 0.065);
    assertThat(reasons)
        .containsExactlyInAnyOrder(
            RejectReason.BAD_JSON,
            RejectReason.UNKNOWN_KIND,
            RejectReason.UNKNOWN_SYMBOL,
            RejectReason.MISSING_FIELD,
            RejectReason.INVALID_COMMUNITY_ID);
  }

  @Test
  void brokenLinesFailToParseExceptThoseWithABadCommunityIdWhichFailValidation() {
    SimRandom random = new SimRandom(1);
    JsonEventFormat format = new JsonEventFormat();
    List<String> samples = json(run(SMALL)).subList(0, 50);

    for (String line : samples) {
      for (MalformedLines.Defect defect : MalformedLines.Defect.values()) {
        String broken = MalformedLines.breakLine(line, defect, random);
        ParsedLine parsed = format.parse(broken);
        if (defect == MalformedLines.Defect.INVALID_COMMUNITY_ID) {
          assertThat(parsed.ok()).isTrue();
          assertThat(reader.read(broken).rejection().reason())
              .isEqualTo(RejectReason.INVALID_COMMUNITY_ID);
        } else {
          assertThat(parsed.ok()).as("%s: %s", defect, broken).isFalse();
        }
        assertThat(broken).doesNotContain(format.parse(line).eventId().orElseThrow());
      }
    }
  }

  @Test
  void brokenLinesAreDeterministic() throws IOException {
    SimulatorSettings withBroken = SMALL.withMalformedShare(0.05);
    StringWriter first = new StringWriter();
    StringWriter second = new StringWriter();

    JsonLinesWriter.forSettings(withBroken)
        .write(new CommunitySimulator(withBroken).iterator(), first);
    JsonLinesWriter.forSettings(withBroken)
        .write(new CommunitySimulator(withBroken).iterator(), second);

    assertThat(second.toString()).isEqualTo(first.toString());
  }
}
