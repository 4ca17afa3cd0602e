package io.communitypulse.ingest;

import static io.communitypulse.ingest.IngestFixtures.T0;
import static io.communitypulse.ingest.IngestFixtures.click;
import static org.assertj.core.api.Assertions.assertThat;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.RejectReason;
import io.communitypulse.wire.WireCodec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

class EventDeserializerTest {

  private final EventDeserializer<ClickEvent> deserializer = EventDeserializer.clicks();

  EventDeserializerTest() {
    deserializer.init(new UnregisteredMetricsGroup(), Clock.fixed(T0, ZoneOffset.UTC));
  }

  @Test
  void aValidRecordBecomesAnEventWithItsSourceCoordinates() {
    DecodedInput input =
        deserializer.decode(WireCodec.clicks().encode(click("e1", T0)), "clicks", 2, 41);

    assertThat(input.isDeadLetter()).isFalse();
    assertThat(input.click.getEventId()).isEqualTo("e1");
    assertThat(input.sourcePartition).isEqualTo(2);
    assertThat(input.sourceOffset).isEqualTo(41);
  }

  @Test
  void garbageBecomesADeadLetterWithTheOriginalBytesAndWhereItCameFrom() {
    byte[] garbage = "hello".getBytes(StandardCharsets.UTF_8);
    DecodedInput input = deserializer.decode(garbage, "clicks", 1, 9);

    assertThat(input.isDeadLetter()).isTrue();
    assertThat(input.deadLetter.getReason()).isEqualTo(RejectReason.BAD_MAGIC);
    assertThat(input.deadLetter.getOriginal().array()).isEqualTo(garbage);
    assertThat(input.deadLetter.getSourceTopic()).isEqualTo("clicks");
    assertThat(input.deadLetter.getSourcePartition()).isEqualTo(1);
    assertThat(input.deadLetter.getSourceOffset()).isEqualTo(9L);
  }

  @Test
  void aValidlyEncodedButInvalidEventIsRejectedBeforeItCanMoveEventTime() {
    ClickEvent future = click("f", T0.plusSeconds(25 * 3600));
    DecodedInput input = deserializer.decode(WireCodec.clicks().encode(future), "clicks", 0, 0);

    assertThat(input.deadLetter.getReason()).isEqualTo(RejectReason.FUTURE_TIMESTAMP);
    assertThat(input.deadLetter.getEventId()).isEqualTo("f");
    assertThat(input.deadLetter.getCommunityId()).isEqualTo("acme");
  }

  @Test
  void aNullValueIsADeadLetterNotACrash() {
    DecodedInput input = deserializer.decode(null, "clicks", 0, 3);

    assertThat(input.isDeadLetter()).isTrue();
  }
}
