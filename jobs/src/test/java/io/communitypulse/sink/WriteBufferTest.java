package io.communitypulse.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class WriteBufferTest {

  private static final String INDEX = "pulse-sessions";

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

  @Test
  void aByQueryOperationKeepsTheWritesBeforeAndAfterItApart() {
    WriteBuffer buffer = new WriteBuffer();

    int superseded =
        buffer.add(doc("s1", 1)) + buffer.add(erase("c1/m7")) + buffer.add(doc("s1", 2));

    assertThat(describe(buffer.drain()))
        .containsExactly(
            "WRITE pulse-sessions/s1 v1",
            "DELETE_BY_QUERY pulse-sessions erase-sessions:c1/m7",
            "WRITE pulse-sessions/s1 v2");
    assertThat(superseded).isZero();
  }

  @Test
  void keepsOneWritePerDocumentOnEachSideOfAnOperation() {
    WriteBuffer buffer = new WriteBuffer();

    int superseded =
        buffer.add(doc("s1", 1))
            + buffer.add(doc("s1", 2))
            + buffer.add(erase("c1/m7"))
            + buffer.add(doc("s1", 4))
            + buffer.add(doc("s1", 3));

    assertThat(describe(buffer.drain()))
        .containsExactly(
            "WRITE pulse-sessions/s1 v2",
            "DELETE_BY_QUERY pulse-sessions erase-sessions:c1/m7",
            "WRITE pulse-sessions/s1 v4");
    assertThat(superseded).isEqualTo(2);
  }

  @Test
  void anIdenticalOperationRightAfterAnotherCollapsesIntoIt() {
    WriteBuffer buffer = new WriteBuffer();
    buffer.add(doc("s1", 1));
    buffer.add(erase("c1/m7"));

    int superseded = buffer.add(erase("c1/m7"));

    assertThat(superseded).isEqualTo(1);
    assertThat(buffer.size()).isEqualTo(2);
    assertThat(describe(buffer.drain()))
        .containsExactly(
            "WRITE pulse-sessions/s1 v1", "DELETE_BY_QUERY pulse-sessions erase-sessions:c1/m7");
  }

  @Test
  void aLaterIdenticalOperationTakesTheEarlierOnesPlaceAfterTheWritesBetweenThem() {
    // Two upstream subtasks emit the same erasure; writes of a third arrive in between. The
    // later copy must still follow those writes, so it stays and the earlier one goes.
    WriteBuffer buffer = new WriteBuffer();
    buffer.add(doc("s1", 1));
    buffer.add(erase("c1/m7"));
    buffer.add(doc("s1", 2));
    buffer.add(doc("s2", 1));
    DocumentWrite later = erase("c1/m7");

    int superseded = buffer.add(later);

    List<DocumentWrite> batch = buffer.drain();
    assertThat(describe(batch))
        .containsExactly(
            "WRITE pulse-sessions/s1 v2",
            "WRITE pulse-sessions/s2 v1",
            "DELETE_BY_QUERY pulse-sessions erase-sessions:c1/m7");
    assertThat(batch.get(2)).isSameAs(later);
    assertThat(superseded).as("the earlier operation and s1 v1").isEqualTo(2);
    assertThat(buffer.isEmpty()).isTrue();
  }

  @Test
  void operationsThatDifferInKindLabelIndexOrBodyNeverCollapse() {
    WriteBuffer buffer = new WriteBuffer();
    DocumentWrite erase = erase("c1/m7");
    List<DocumentWrite> others =
        List.of(
            DocumentWrite.updateByQuery(INDEX, erase.id, erase.source, "c1"),
            DocumentWrite.deleteByQuery(INDEX, "erase-sessions:c1/m8", erase.source, "c1"),
            DocumentWrite.deleteByQuery("pulse-members", erase.id, erase.source, "c1"),
            DocumentWrite.deleteByQuery(INDEX, erase.id, body("m8"), "c1"));
    for (DocumentWrite other : others) {
      buffer.add(erase);

      assertThat(buffer.add(other)).as(other.toString()).isZero();
    }

    assertThat(buffer.drain()).hasSize(2 * others.size());
  }

  @Test
  void anOperationNeverCollapsesAcrossAnotherOne() {
    WriteBuffer buffer = new WriteBuffer();
    DocumentWrite retention = DocumentWrite.deleteByQuery(INDEX, "retention:c1", body("x"), "c1");
    buffer.add(erase("c1/m7"));
    buffer.add(retention);

    assertThat(buffer.add(erase("c1/m7"))).isZero();

    assertThat(buffer.drain())
        .extracting(w -> w.id)
        .containsExactly("erase-sessions:c1/m7", "retention:c1", "erase-sessions:c1/m7");
  }

  static DocumentWrite erase(String member) {
    String actor = member.substring(member.indexOf('/') + 1);
    return DocumentWrite.deleteByQuery(INDEX, "erase-sessions:" + member, body(actor), "c1");
  }

  private static byte[] body(String actor) {
    return ("{\"query\":{\"term\":{\"actor\":\"" + actor + "\"}}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> describe(List<DocumentWrite> writes) {
    return writes.stream().map(WriteBufferTest::describe).toList();
  }

  /** Like {@link DocumentWrite#toString()}, but with a by-query operation's label in clear. */
  static String describe(DocumentWrite write) {
    return write.isByQuery() ? write.kind() + " " + write.index + " " + write.id : write.toString();
  }
}
