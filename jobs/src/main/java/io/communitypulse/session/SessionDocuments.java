package io.communitypulse.session;

import io.communitypulse.privacy.DocumentErasure;
import io.communitypulse.sink.DocumentWrite;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * Turns a {@link Session} into the whole-document write of its {@link SessionDocument}: id {@code
 * session_id} and the session's external version. A deleted session becomes a delete of its id with
 * its version, so the sink removes stale pieces; an {@link Session#erasure} marker becomes the
 * erasure of the member's session documents.
 */
public class SessionDocuments implements MapFunction<Session, DocumentWrite> {

  private static final long serialVersionUID = 1L;

  private final String index;
  private final DocumentErasure erasure;

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
        index,
        session.sessionId,
        session.version,
        SessionDocument.of(session).toJson(),
        session.communityId);
  }
}
