package io.communitypulse.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.communitypulse.events.DeadLetter;
import io.communitypulse.events.RejectReason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

  private final EventReader reader =
      new EventReader(new JsonEventFormat(), new EventValidator(TestEvents.CLOCK));

  @Test
  void shouldRecordTheKafkaSourceOfAnUndecodableRecord() {
    byte[] original = {0x01, 0x02, 0x03};
    Decoded<?> decoded = WireCodec.clicks().decode(original);

    DeadLetter letter =
        DeadLetters.fromKafka(original, Topics.CLICKS, 2, 1234L, decoded, TestEvents.NOW);

    assertThat(bytes(letter.getOriginal())).isEqualTo(original);
    assertThat(letter.getSourceTopic()).isEqualTo("pulse.clicks.v1");
    assertThat(letter.getSourcePartition()).isEqualTo(2);
    assertThat(letter.getSourceOffset()).isEqualTo(1234L);
    assertThat(letter.getSourceLocation()).isNull();
    assertThat(letter.getReason()).isEqualTo(RejectReason.BAD_MAGIC);
    assertThat(letter.getMessage()).isEqualTo(decoded.rejection().message());
    assertThat(letter.getFailedAt()).isEqualTo(TestEvents.NOW);
    assertThat(letter.getCommunityId()).isNull();
  }

  @Test
  void shouldKeepTheIdsOfAKafkaRecordThatFailedValidation() {
    var click = TestEvents.fullClick();
    click.setOccurredAt(TestEvents.NOW.plusSeconds(90_000));
    byte[] original = WireCodec.clicks().encode(click);
    Decoded<?> decoded = WireCodec.clicks().decode(original, new EventValidator(TestEvents.CLOCK));

    DeadLetter letter =
        DeadLetters.fromKafka(original, Topics.CLICKS, 0, 7L, decoded, TestEvents.NOW);

    assertThat(letter.getReason()).isEqualTo(RejectReason.FUTURE_TIMESTAMP);
    assertThat(letter.getCommunityId()).isEqualTo("acme-devs");
    assertThat(letter.getEventId()).isEqualTo("c-1");
  }

  @Test
  void shouldRecordTheFileLineOfARejectedLine() {
    String line = "{\"kind\":\"click\",\"community_id\":\"acme\",\"event_id\":\"e-1\"}";
    ParsedLine parsed = reader.read(line);

    DeadLetter letter = DeadLetters.fromFile(line, "events.jsonl", 17, parsed, TestEvents.NOW);

    assertThat(new String(bytes(letter.getOriginal()), StandardCharsets.UTF_8)).isEqualTo(line);
    assertThat(letter.getSourceLocation()).isEqualTo("events.jsonl:17");
    assertThat(letter.getSourceTopic()).isNull();
    assertThat(letter.getReason()).isEqualTo(RejectReason.MISSING_FIELD);
    assertThat(letter.getMessage()).contains("occurred_at");
    assertThat(letter.getCommunityId()).isEqualTo("acme");
    assertThat(letter.getEventId()).isEqualTo("e-1");
  }

  @Test
  void shouldCutAnOversizedOriginalAndSaySo() {
    byte[] original = new byte[DeadLetters.MAX_ORIGINAL_BYTES + 10];
    Decoded<?> decoded = WireCodec.clicks().decode(original);

    DeadLetter letter =
        DeadLetters.fromKafka(original, Topics.CLICKS, 0, 0L, decoded, TestEvents.NOW);

    assertThat(letter.getOriginal().remaining()).isEqualTo(DeadLetters.MAX_ORIGINAL_BYTES);
    assertThat(letter.getMessage())
        .contains("original cut to its first " + DeadLetters.MAX_ORIGINAL_BYTES);
    // The dead letter itself stays under the default payload limit.
    assertThat(WireCodec.deadLetters().encode(letter).length)
        .isLessThan(WireCodec.DEFAULT_MAX_BYTES);
  }

  @Test
  void shouldTreatANullOriginalAsEmpty() {
    DeadLetter letter =
        DeadLetters.fromKafka(
            null, Topics.POSTS, 0, 0L, WireCodec.posts().decode(null), TestEvents.NOW);

    assertThat(letter.getOriginal().remaining()).isZero();
    assertThat(letter.getReason()).isEqualTo(RejectReason.BAD_MAGIC);
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }
}
