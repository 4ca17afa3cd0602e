package io.communitypulse.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class WriteBatchSerializerTest {

  private final WriteBatchSerializer serializer = WriteBatchSerializer.INSTANCE;

  @Test
  void aBatchSurvivesTheRoundTripThroughACheckpoint() throws IOException {
    WriteBatch batch =
        new WriteBatch(
            List.of(
                DocumentWrite.upsert(
                    "pulse-sessions",
                    "c1/s-ü",
                    1_764_000_000_123L,
                    "{\"actor\":\"ü\"}".getBytes(StandardCharsets.UTF_8),
                    "c1"),
                DocumentWrite.delete("pulse-sessions", "c1/s2", 7, "c1"),
                DocumentWrite.upsert("pulse-communities", "c2", 0, new byte[0], null)));

    WriteBatch back = serializer.deserialize(serializer.getVersion(), serializer.serialize(batch));

    assertThat(back.writes()).containsExactlyElementsOf(batch.writes());
    assertThat(back.writes().get(1).isDelete()).isTrue();
    assertThat(back.writes().get(2).isDelete()).isFalse();
    assertThat(back.writes().get(2).communityId).isNull();
  }

  @Test
  void refusesAnUnknownVersion() {
    assertThatThrownBy(() -> serializer.deserialize(99, new byte[0]))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("version 99");
  }
}
