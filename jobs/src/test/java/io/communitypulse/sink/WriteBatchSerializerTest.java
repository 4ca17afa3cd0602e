package io.communitypulse.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
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
  void byQueryOperationsKeepTheirKindAndPlace() throws IOException {
    byte[] body = "{\"query\":{\"term\":{\"actor\":\"m7\"}}}".getBytes(StandardCharsets.UTF_8);
    WriteBatch batch =
        new WriteBatch(
            List.of(
                DocumentWrite.upsert("pulse-sessions", "s1", 1, body, "c1"),
                DocumentWrite.deleteByQuery("pulse-sessions", "erase-sessions:c1/m7", body, "c1"),
                DocumentWrite.updateByQuery("pulse-members", "anonymize:c1/m7", body, null),
                DocumentWrite.delete("pulse-sessions", "s1", 2, "c1")));

    WriteBatch back = serializer.deserialize(serializer.getVersion(), serializer.serialize(batch));

    assertThat(back.writes()).containsExactlyElementsOf(batch.writes());
    assertThat(back.writes())
        .extracting(w -> w.kind)
        .containsExactly(
            DocumentWrite.Kind.DOCUMENT,
            DocumentWrite.Kind.DELETE_BY_QUERY,
            DocumentWrite.Kind.UPDATE_BY_QUERY,
            DocumentWrite.Kind.DOCUMENT);
  }

  @Test
  void readsBatchesThatCheckpointsOfThePreviousReleaseHold() throws IOException {
    // Version 1 as the previous release wrote it: no kind byte.
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(2);
      out.writeUTF("pulse-sessions");
      out.writeUTF("c1/s1");
      out.writeLong(1_764_000_000_123L);
      out.writeInt(2);
      out.write(new byte[] {'{', '}'});
      out.writeBoolean(true);
      out.writeUTF("c1");
      out.writeUTF("pulse-members");
      out.writeUTF("c1/m1");
      out.writeLong(9);
      out.writeInt(-1);
      out.writeBoolean(false);
    }

    WriteBatch back = serializer.deserialize(WriteBatchSerializer.VERSION_1, bytes.toByteArray());

    assertThat(serializer.getVersion()).isGreaterThan(WriteBatchSerializer.VERSION_1);
    assertThat(back.writes())
        .containsExactly(
            DocumentWrite.upsert(
                "pulse-sessions", "c1/s1", 1_764_000_000_123L, new byte[] {'{', '}'}, "c1"),
            DocumentWrite.delete("pulse-members", "c1/m1", 9, null));
    assertThat(back.writes())
        .allSatisfy(w -> assertThat(w.kind).isEqualTo(DocumentWrite.Kind.DOCUMENT));
  }

  @Test
  void refusesAnUnknownKind() throws IOException {
    byte[] bytes =
        serializer.serialize(new WriteBatch(List.of(DocumentWrite.delete("i", "d", 1, null))));
    bytes[4] = 7;

    assertThatThrownBy(() -> serializer.deserialize(serializer.getVersion(), bytes))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("kind code 7");
  }

  @Test
  void refusesAnUnknownVersion() {
    assertThatThrownBy(() -> serializer.deserialize(99, new byte[0]))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("version 99");
  }
}
