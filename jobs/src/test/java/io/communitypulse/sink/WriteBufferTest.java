package io.communitypulse.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class WriteBufferTest {

  private static DocumentWrite doc(String id, long version) {
    return DocumentWrite.upsert(
        "pulse-sessions",
        id,
        version,
        ("{\"v\":" + version + "}").getBytes(StandardCharsets.UTF_8),
        "c1");
  }

  @Test
  void keepsOnlyTheHighestVersionOfADocument() {
    WriteBuffer buffer = new WriteBuffer();

    int superseded = buffer.add(doc("s1", 3)) + buffer.add(doc("s1", 1)) + buffer.add(doc("s1", 2));

    assertThat(buffer.drain()).extracting(w -> w.version).containsExactly(3L);
    assertThat(superseded).isEqualTo(2);
  }

  @Test
  void aBurstOfUpdatesBecomesOneWrite() {
    WriteBuffer buffer = new WriteBuffer();
    for (long v = 1; v <= 50; v++) {
      buffer.add(doc("s1", v));
    }
    buffer.add(doc("s2", 7));

    List<DocumentWrite> batch = buffer.drain();

    assertThat(batch).extracting(w -> w.id + "@" + w.version).containsExactly("s1@50", "s2@7");
    assertThat(buffer.isEmpty()).isTrue();
  }

  @Test
  void aDeleteAfterAnUpsertOfTheSameIdReplacesIt() {
    WriteBuffer buffer = new WriteBuffer();
    buffer.add(doc("s1", 4));
    buffer.add(DocumentWrite.delete("pulse-sessions", "s1", 5, "c1"));

    List<DocumentWrite> batch = buffer.drain();

    assertThat(batch).hasSize(1);
    assertThat(batch.get(0).isDelete()).isTrue();
    assertThat(batch.get(0).version).isEqualTo(5);
  }

  @Test
  void anOlderUpsertDoesNotResurrectADeletedDocument() {
    WriteBuffer buffer = new WriteBuffer();
    buffer.add(DocumentWrite.delete("pulse-sessions", "s1", 5, "c1"));
    buffer.add(doc("s1", 4));

    assertThat(buffer.drain()).singleElement().satisfies(w -> assertThat(w.isDelete()).isTrue());
  }

  @Test
  void onEqualVersionsTheLaterArrivalWins() {
    WriteBuffer buffer = new WriteBuffer();
    DocumentWrite first = doc("s1", 2);
    DocumentWrite second = doc("s1", 2);
    buffer.add(first);
    buffer.add(second);

    assertThat(buffer.drain()).singleElement().isSameAs(second);
  }

  @Test
  void theSameIdInAnotherIndexIsAnotherDocument() {
    WriteBuffer buffer = new WriteBuffer();
    buffer.add(doc("c1/m1", 1));
    buffer.add(DocumentWrite.upsert("pulse-members", "c1/m1", 1, new byte[] {'{', '}'}, "c1"));

    assertThat(buffer.size()).isEqualTo(2);
  }
}
