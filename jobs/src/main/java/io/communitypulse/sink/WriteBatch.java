package io.communitypulse.sink;

import java.util.List;

/**
 * The committable of {@link ElasticsearchSink}: the newest state of every document one writer
 * received between two checkpoints, at most one write per document between two by-query operations,
 * and those operations where they arrived. The writer hands it over when a checkpoint starts; Flink
 * stores it in that checkpoint, and the {@link ElasticsearchCommitter} writes it to Elasticsearch
 * only once the checkpoint has completed.
 *
 * @param writes in the order they must be applied; never empty
 */
public record WriteBatch(List<DocumentWrite> writes) {

  public WriteBatch {
    writes = List.copyOf(writes);
  }

  @Override
  public String toString() {
    return "WriteBatch{" + writes.size() + " writes}";
  }
}
