package io.communitypulse.sink;

import java.util.Arrays;
import java.util.Objects;

/**
 * One whole-document write (or delete) for Elasticsearch: what every stage hands to the sink.
 *
 * <p>{@code version} is an external version: Elasticsearch keeps the write with the highest one, so
 * a retried older state can never overwrite a newer one. A Flink POJO so it crosses operators
 * without Kryo.
 */
public class DocumentWrite {
  /** The alias (or index) to write to, e.g. {@code pulse-sessions}. */
  public String index;

  /** Deterministic document id. */
  public String id;

  /** External version; must grow with every newer state of the same document. */
  public long version;

  /** The whole document as UTF-8 JSON; null means delete. */
  public byte[] source;

  /** For dead-letter feedback when Elasticsearch refuses the document. */
  public String communityId;

  public DocumentWrite() {}

  public static DocumentWrite upsert(
      String index, String id, long version, byte[] source, String communityId) {
    DocumentWrite w = new DocumentWrite();
    w.index = index;
    w.id = id;
    w.version = version;
    w.source = source;
    w.communityId = communityId;
    return w;
  }

  public static DocumentWrite delete(String index, String id, long version, String communityId) {
    return upsert(index, id, version, null, communityId);
  }

  public boolean isDelete() {
    return source == null;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof DocumentWrite w)) {
      return false;
    }
    return version == w.version
        && Objects.equals(index, w.index)
        && Objects.equals(id, w.id)
        && Arrays.equals(source, w.source)
        && Objects.equals(communityId, w.communityId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(index, id, version);
  }

  @Override
  public String toString() {
    return (isDelete() ? "DELETE " : "WRITE ") + index + "/" + id + " v" + version;
  }
}
