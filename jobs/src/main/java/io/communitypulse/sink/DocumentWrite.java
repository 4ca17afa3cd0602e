package io.communitypulse.sink;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One write for Elasticsearch, what every stage hands to the sink: a whole document (or its
 * delete), or an operation on every document a query matches (delete or update by query, for
 * erasure and retention).
 *
 * <p>A document write's {@code version} is an external version: Elasticsearch keeps the write with
 * the highest one, so a retried older state can never overwrite a newer one. A by-query operation
 * has no version; it is a barrier in the sink, applied after every write the same sink writer
 * received before it and before every write it receives after it. A Flink POJO so it crosses
 * operators without Kryo.
 */
public class DocumentWrite {

  /** What the write does. */
  public enum Kind {
    /** Index {@code source} as document {@code id}, or delete the document if it is null. */
    DOCUMENT,
    /**
     * Deletes every document {@code source}'s query matches; see {@link
     * DocumentWrite#deleteByQuery}.
     */
    DELETE_BY_QUERY,
    /**
     * Transforms every document {@code source}'s query matches; see {@link
     * DocumentWrite#updateByQuery}.
     */
    UPDATE_BY_QUERY
  }

  /** The alias (or index) to write to, e.g. {@code pulse-sessions}. */
  public String index;

  /**
   * Deterministic document id; for a by-query operation its label, a deterministic name such as
   * {@code erase-sessions:c1/m7}.
   */
  public String id;

  /** External version; must grow with every newer state of the same document. 0 when by query. */
  public long version;

  /**
   * The whole document as UTF-8 JSON, null meaning delete; for a by-query operation its body as
   * UTF-8 JSON (see {@link #deleteByQuery} and {@link #updateByQuery}).
   */
  public byte[] source;

  /** For dead-letter feedback when Elasticsearch refuses the document. */
  public String communityId;

  /** What this write does; writes of releases before by-query operations read as a document. */
  public Kind kind = Kind.DOCUMENT;

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

  /**
   * Deletes every document of {@code index} that the query of {@code body} matches once the writes
   * before it are applied, except those written again after it. The body, UTF-8 JSON:
   *
   * <pre>{@code {"query": {...}, "sort": "<field>"}}</pre>
   *
   * <p>{@code sort} names a keyword (or numeric) field that every matching document has, with a
   * value no other document shares (e.g. {@code session_id}, {@code member_id}): the sink pages
   * through the matches sorted by it.
   *
   * @param label a deterministic name of the operation; identical operations buffered together
   *     collapse into one. It may name a member: logs show only its hash
   */
  public static DocumentWrite deleteByQuery(
      String index, String label, byte[] body, String communityId) {
    return byQuery(Kind.DELETE_BY_QUERY, index, label, body, communityId);
  }

  /**
   * Applies a {@link DocumentTransform} to every document of {@code index} the query of {@code
   * body} matches once the writes before it are applied, except those written again after it. The
   * body, UTF-8 JSON:
   *
   * <pre>{@code {"query": {...}, "sort": "<field>", "transform": "<name>", "params": {...}}}</pre>
   *
   * <p>{@code sort} as for {@link #deleteByQuery}; {@code transform} the name the transform was
   * registered under with {@link ElasticsearchSink.Builder#transform}; {@code params} (optional, an
   * object) what the transform receives besides each document. The transform must be idempotent
   * (set a value, never increment one): a restore can run the operation again.
   *
   * @param label a deterministic name of the operation; identical operations buffered together
   *     collapse into one. It may name a member: logs show only its hash
   */
  public static DocumentWrite updateByQuery(
      String index, String label, byte[] body, String communityId) {
    return byQuery(Kind.UPDATE_BY_QUERY, index, label, body, communityId);
  }

  private static DocumentWrite byQuery(
      Kind kind, String index, String label, byte[] body, String communityId) {
    DocumentWrite w = upsert(index, label, 0, body, communityId);
    w.kind = kind;
    return w;
  }

  /** True for a delete or update by query, false for a document write. */
  public boolean isByQuery() {
    return kind() != Kind.DOCUMENT;
  }

  /** True for the delete of one document. */
  public boolean isDelete() {
    return !isByQuery() && source == null;
  }

  /** {@link #kind}, reading a null (set by hand or by an old serializer) as a document. */
  Kind kind() {
    return kind == null ? Kind.DOCUMENT : kind;
  }

  /** A copy that shares the source bytes (they are never changed once handed to the sink). */
  DocumentWrite copy() {
    DocumentWrite w = upsert(index, id, version, source, communityId);
    w.kind = kind;
    return w;
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
        && kind() == w.kind()
        && Objects.equals(index, w.index)
        && Objects.equals(id, w.id)
        && Arrays.equals(source, w.source)
        && Objects.equals(communityId, w.communityId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(index, id, version);
  }

  /**
   * For logs: a by-query operation by its kind, index and {@link #labelHash}, since its label may
   * name a member; a document write by its index, id and version.
   */
  @Override
  public String toString() {
    if (isByQuery()) {
      return kind() + " " + index + " label#" + labelHash(id);
    }
    return (isDelete() ? "DELETE " : "WRITE ") + index + "/" + id + " v" + version;
  }

  /**
   * What logs show of a by-query operation's label: the first 12 hex digits of its UTF-8 bytes'
   * SHA-256 ({@code printf %s 'erase-sessions:c1/m7' | sha256sum | cut -c1-12}), enough to find a
   * known operation in the logs without the logs naming anyone.
   */
  public static String labelHash(String label) {
    if (label == null) {
      return "null";
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(label.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform has SHA-256.
      throw new IllegalStateException(e);
    }
  }
}
