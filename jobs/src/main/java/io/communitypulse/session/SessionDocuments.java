package io.communitypulse.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.communitypulse.ingest.UrlMemberIds;
import io.communitypulse.privacy.DocumentErasure;
import io.communitypulse.sink.DocumentWrite;
import java.io.UncheckedIOException;
import java.util.Locale;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * Turns a {@link Session} into the whole-document write of the session document (docs/semantics.md,
 * "Sessions"): id {@code session_id}, the session's external version, and a JSON source with
 * exactly the document's field names in snake_case, times as epoch milliseconds, null fields left
 * out. A deleted session becomes a delete of its id with its version, so the sink removes stale
 * pieces. {@code signups}, {@code deleted} and {@code version} are not document fields.
 */
public class SessionDocuments implements MapFunction<Session, DocumentWrite> {

  private static final long serialVersionUID = 1L;

  /** The alias session documents are written to. */
  public static final String DEFAULT_INDEX = "pulse-sessions";

  // Thread-safe once configured; one per JVM rather than one per record or per operator.
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final String index;
  private final DocumentErasure erasure;

  public SessionDocuments() {
    this(DEFAULT_INDEX);
  }

  public SessionDocuments(String index) {
    this(index, new DocumentErasure(new UrlMemberIds(UrlMemberIds.DEFAULT_PATTERNS)));
  }

  /**
   * @param erasure how an {@link Session#erasure} marker becomes the erasure of session documents
   */
  public SessionDocuments(String index, DocumentErasure erasure) {
    if (index == null || index.isBlank()) {
      throw new IllegalArgumentException("index must not be blank");
    }
    this.index = index;
    this.erasure = erasure;
  }

  @Override
  public DocumentWrite map(Session session) {
    if (session.isErasure()) {
      return erasure.sessions(index, session.communityId, session.actor);
    }
    if (session.deleted) {
      return DocumentWrite.delete(index, session.sessionId, session.version, session.communityId);
    }
    return DocumentWrite.upsert(
        index, session.sessionId, session.version, source(session), session.communityId);
  }

  /** The document source as UTF-8 JSON. */
  public static byte[] source(Session s) {
    try {
      return MAPPER.writeValueAsBytes(document(s));
    } catch (JsonProcessingException e) {
      // A tree of strings and numbers always serialises.
      throw new UncheckedIOException(e);
    }
  }

  /** The document as a JSON tree, fields in the documented order. */
  static ObjectNode document(Session s) {
    ObjectNode doc = MAPPER.createObjectNode();
    putIfNotNull(doc, "session_id", s.sessionId);
    putIfNotNull(doc, "community_id", s.communityId);
    putIfNotNull(doc, "actor", s.actor);
    putIfNotNull(doc, "member_id", s.memberId);
    if (s.anonymousIds != null) {
      ArrayNode ids = doc.putArray("anonymous_ids");
      s.anonymousIds.forEach(ids::add);
    }
    doc.put("start", s.start);
    doc.put("end", s.end);
    doc.put("duration_s", s.durationS);
    doc.put("events", s.events);
    doc.put("page_views", s.pageViews);
    doc.put("clicks", s.clicks);
    doc.put("searches", s.searches);
    doc.put("posts", s.posts);
    doc.put("replies", s.replies);
    doc.put("reactions", s.reactions);
    doc.put("accepted_answers", s.acceptedAnswers);
    doc.put("mentions", s.mentions);
    doc.put("shares", s.shares);
    doc.put("conversions", s.conversions);
    doc.put("conversion_value", s.conversionValue);
    putIfNotNull(doc, "entry_url", s.entryUrl);
    putIfNotNull(doc, "exit_url", s.exitUrl);
    putIfNotNull(doc, "referrer", s.referrer);
    putIfNotNull(doc, "referred_by", s.referredBy);
    if (s.status != null) {
      doc.put("status", s.status.name().toLowerCase(Locale.ROOT));
    }
    return doc;
  }

  private static void putIfNotNull(ObjectNode doc, String field, String value) {
    if (value != null) {
      doc.put(field, value);
    }
  }
}
