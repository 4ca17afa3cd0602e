package io.communitypulse.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

/** The writer's coalescing and its hand-over of one batch per checkpoint. */
class ElasticsearchSinkWriterTest {

  private static final String INDEX = "pulse-sessions";

  private ElasticsearchSinkWriter writer = writer(false);

  @Test
  void aBurstOfUpdatesBecomesOneWritePerDocumentInTheBatch() {
    for (long v = 1; v <= 5; v++) {
      writer.write(doc("s1", v), null);
    }
    writer.write(doc("s2", 1), null);
    writer.write(DocumentWrite.delete(INDEX, "s2", 2, "c1"), null);
    assertThat(writer.bufferedDocuments()).isEqualTo(2);

    Collection<WriteBatch> batches = writer.prepareCommit();

    assertThat(batches)
        .singleElement()
        .extracting(ElasticsearchSinkWriterTest::describe)
        .isEqualTo(List.of("WRITE pulse-sessions/s1 v5", "DELETE pulse-sessions/s2 v2"));
    assertThat(writer.writesSuperseded()).isEqualTo(5);
    assertThat(writer.bufferedDocuments()).isZero();
  }

  @Test
  void eachCheckpointGetsOnlyTheWritesSinceThePreviousOne() {
    writer.write(doc("s1", 1), null);
    writer.flush(false);
    assertThat(writer.prepareCommit()).hasSize(1);

    assertThat(writer.prepareCommit()).as("nothing new, no batch").isEmpty();

    writer.write(doc("s1", 2), null);
    assertThat(writer.prepareCommit())
        .singleElement()
        .extracting(ElasticsearchSinkWriterTest::describe)
        .isEqualTo(List.of("WRITE pulse-sessions/s1 v2"));
  }

  @Test
  void keepsItsOwnCopyWhenFlinkReusesObjects() {
    writer = writer(true);
    DocumentWrite reused = doc("s1", 1);
    writer.write(reused, null);
    reused.id = "s2";
    reused.version = 9;

    assertThat(writer.prepareCommit())
        .singleElement()
        .extracting(ElasticsearchSinkWriterTest::describe)
        .isEqualTo(List.of("WRITE pulse-sessions/s1 v1"));
  }

  @Test
  void aCopyForObjectReuseKeepsTheKind() {
    writer = writer(true);
    DocumentWrite reused =
        DocumentWrite.updateByQuery(
            INDEX, "retention:c1", "{}".getBytes(StandardCharsets.UTF_8), "c1");
    writer.write(reused, null);
    reused.kind = DocumentWrite.Kind.DOCUMENT;

    assertThat(writer.prepareCommit())
        .singleElement()
        .extracting(ElasticsearchSinkWriterTest::describe)
        .isEqualTo(List.of("UPDATE_BY_QUERY pulse-sessions retention:c1"));
  }

  @Test
  void refusesAByQueryOperationWithoutBody() {
    assertThatThrownBy(
            () -> writer.write(DocumentWrite.deleteByQuery(INDEX, "erase:c1/m7", null, "c1"), null))
        .hasMessageContaining("without a request body");
  }

  @Test
  void refusesAWriteWithoutIndexOrId() {
    assertThatThrownBy(
            () -> writer.write(DocumentWrite.upsert(null, "s1", 1, new byte[0], "c1"), null))
        .hasMessageContaining("without index");
    assertThatThrownBy(
            () -> writer.write(DocumentWrite.upsert(INDEX, "", 1, new byte[0], "c1"), null))
        .hasMessageContaining("without id");
    assertThatThrownBy(
            () -> writer.write(DocumentWrite.upsert(INDEX, "s1", -1, new byte[0], "c1"), null))
        .hasMessageContaining("negative version");
  }

  private static ElasticsearchSinkWriter writer(boolean objectReuse) {
    return new ElasticsearchSinkWriter(
        UnregisteredMetricsGroup.createSinkWriterMetricGroup(), objectReuse);
  }

  static DocumentWrite doc(String id, long version) {
    return DocumentWrite.upsert(
        INDEX, id, version, ("{\"v\":" + version + "}").getBytes(StandardCharsets.UTF_8), "c1");
  }

  private static List<String> describe(WriteBatch batch) {
    return batch.writes().stream().map(WriteBufferTest::describe).toList();
  }
}
