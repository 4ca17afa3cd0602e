package io.communitypulse.badinput;

import static org.assertj.core.api.Assertions.assertThat;

import io.communitypulse.badinput.BadInputCorpus.Case;
import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.RejectReason;
import io.communitypulse.wire.Decoded;
import io.communitypulse.wire.EventValidator;
import io.communitypulse.wire.JsonEventFormat;
import io.communitypulse.wire.ParsedLine;
import io.communitypulse.wire.WireCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * The committed bad-input corpus is complete and each case means what its manifest says, decided by
 * the very codec and validator the job runs (the job itself runs the Kafka cases in {@link
 * BadInputCorpusITCase}).
 */
class BadInputCorpusTest {

  /** Processing time for the validator: the corpus's events are dated 2026-03. */
  private static final EventValidator VALIDATOR =
      new EventValidator(Clock.fixed(Instant.parse("2026-03-10T00:00:00Z"), ZoneOffset.UTC));

  /** Outcomes decided after decoding, so the codec and validator must let the case through. */
  private static final Set<String> DECIDED_LATER =
      Set.of(
          BadInputCorpus.DUPLICATE,
          RejectReason.LATE.name(),
          RejectReason.REJECTED_BY_ELASTICSEARCH.name());

  @Test
  void everyRejectReasonHasACaseOrASaidReasonWhyNone() {
    Set<String> expected =
        BadInputCorpus.cases().stream().map(Case::expected).collect(Collectors.toSet());

    assertThat(expected)
        .as("a new RejectReason needs a bad-input case (or a '-' row saying why there is none)")
        .containsAll(Arrays.stream(RejectReason.values()).map(Enum::name).toList());
    assertThat(expected)
        .allSatisfy(
            e ->
                assertThat(
                        e.equals(BadInputCorpus.DUPLICATE)
                            || Arrays.stream(RejectReason.values())
                                .anyMatch(r -> r.name().equals(e)))
                    .as("%s is a RejectReason or DUPLICATE", e)
                    .isTrue());
    assertThat(BadInputCorpus.cases())
        .filteredOn(c -> c.file().equals("-"))
        .extracting(Case::expected)
        .as("only OTHER has no input")
        .containsExactly(RejectReason.OTHER.name());
  }

  @Test
  void everyRequiredFieldOfBothRecordsHasAMissingFieldCase() {
    List<String> lines =
        BadInputCorpus.cases().stream()
            .filter(c -> c.expected().equals(RejectReason.MISSING_FIELD.name()))
            .map(Case::file)
            .toList();
    for (String field : EventValidator.requiredFields(ClickEvent.getClassSchema())) {
      assertThat(lines).as("click " + field).contains("line-click-without-" + field + ".jsonl");
    }
    for (String field :
        EventValidator.requiredFields(io.communitypulse.events.PostEvent.getClassSchema())) {
      assertThat(lines).as("post " + field).contains("line-post-without-" + field + ".jsonl");
    }
  }

  @Test
  void theManifestAndTheFilesMatchOneToOne() throws IOException {
    Set<String> listed =
        BadInputCorpus.cases().stream()
            .map(Case::file)
            .filter(f -> !f.equals("-"))
            .collect(Collectors.toSet());
    Set<String> present;
    try (Stream<Path> files = Files.list(BadInputCorpus.DIRECTORY)) {
      present =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> !n.equals(BadInputCorpus.MANIFEST))
              .collect(Collectors.toSet());
    }
    assertThat(present).isEqualTo(listed);
    assertThat(BadInputCorpus.cases())
        .allSatisfy(
            c ->
                assertThat(c.topic())
                    .isIn(
                        BadInputCorpus.CLICKS,
                        BadInputCorpus.POSTS,
                        BadInputCorpus.REPLAY_LINE,
                        BadInputCorpus.NONE));
  }

  @Test
  void everyKafkaCaseDecodesToItsExpectedReasonOrPassesWhenTheJobDecidesLater() {
    for (Case c : BadInputCorpus.kafkaCases()) {
      WireCodec<? extends SpecificRecord> codec =
          c.topic().equals(BadInputCorpus.CLICKS) ? WireCodec.clicks() : WireCodec.posts();
      Decoded<? extends SpecificRecord> decoded = codec.decode(c.bytes(), VALIDATOR);
      if (DECIDED_LATER.contains(c.expected())) {
        assertThat(decoded.ok()).as("%s is a valid event", c).isTrue();
      } else {
        assertThat(decoded.ok()).as("%s is refused", c).isFalse();
        assertThat(decoded.rejection().reason().name()).as("%s", c).isEqualTo(c.expected());
        assertThat(decoded.rejection().message()).as("%s explains", c).isNotBlank();
      }
    }
  }

  @Test
  void everyReplayLineParsesOrValidatesToItsExpectedReason() {
    JsonEventFormat json = new JsonEventFormat();
    List<Case> lines =
        BadInputCorpus.cases().stream()
            .filter(c -> c.topic().equals(BadInputCorpus.REPLAY_LINE))
            .toList();
    assertThat(lines).isNotEmpty();
    for (Case c : lines) {
      ParsedLine parsed = json.parse(c.line());
      RejectReason reason =
          parsed.ok()
              ? VALIDATOR.validate(parsed.event()).map(r -> r.reason()).orElse(null)
              : parsed.rejection().reason();
      assertThat(reason).as("%s", c).isNotNull();
      assertThat(reason.name()).as("%s", c).isEqualTo(c.expected());
    }
  }

  @Test
  void theOversizedCaseIsJustOverTheLimitAndOtherwiseWellFormed() {
    Case oversized =
        BadInputCorpus.kafkaCases().stream()
            .filter(c -> c.expected().equals(RejectReason.OVERSIZED.name()))
            .findFirst()
            .orElseThrow();
    byte[] bytes = oversized.bytes();

    assertThat(bytes).hasSize(WireCodec.DEFAULT_MAX_BYTES + 1);
    assertThat(WireCodec.clicks().withMaxBytes(WireCodec.DEFAULT_MAX_BYTES + 1).decode(bytes).ok())
        .isTrue();
  }
}
