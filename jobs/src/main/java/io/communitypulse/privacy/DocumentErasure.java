package io.communitypulse.privacy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.communitypulse.ingest.UrlMemberIds;
import io.communitypulse.sink.DocumentWrite;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The Elasticsearch side of forgetting a member's sessions (docs/privacy.md): one update by query
 * over the session documents of their community that name them, run by the sink with {@link
 * SessionDocumentErasure}: their own sessions are deleted, the sessions of others cleaned. It goes
 * to the sink like any write, so it is exactly-once with the rest and ordered after the sessions
 * the same subtask emitted before it.
 */
public final class DocumentErasure implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The session document fields that may hold a URL. */
  public static final List<String> SESSION_URL_FIELDS =
      List.of("entry_url", "exit_url", "referrer");

  private final List<String> urlPatterns;

  /**
   * @param urls where member ids stand in URLs (the job's {@code privacy.member-url-patterns})
   */
  public DocumentErasure(UrlMemberIds urls) {
    this.urlPatterns = urls.patterns();
  }

  /** The operation that removes {@code memberId} from the session documents of {@code index}. */
  public DocumentWrite sessions(String index, String communityId, String memberId) {
    ObjectNode body = MAPPER.createObjectNode();
    ObjectNode bool = body.putObject("query").putObject("bool");
    bool.putArray("filter").addObject().putObject("term").put("community_id", communityId);
    ArrayNode should = bool.putArray("should");
    should.addObject().putObject("term").put("actor", memberId);
    should.addObject().putObject("term").put("member_id", memberId);
    should.addObject().putObject("term").put("referred_by", memberId);
    for (String field : SESSION_URL_FIELDS) {
      should
          .addObject()
          .putObject("wildcard")
          .putObject(field)
          .put("value", "*" + escapeWildcard(memberId) + "*");
    }
    bool.put("minimum_should_match", 1);
    body.put("sort", "session_id");
    body.put("transform", SessionDocumentErasure.NAME);
    ObjectNode params = body.putObject("params");
    params.put("member", memberId);
    ArrayNode patterns = params.putArray("url_patterns");
    urlPatterns.forEach(patterns::add);
    return DocumentWrite.updateByQuery(
        index,
        "erase-sessions:" + ErasedMembers.hash(communityId, memberId),
        bytes(body),
        communityId);
  }

  static byte[] bytes(ObjectNode body) {
    try {
      return MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e); // a tree of strings always serialises
    }
  }

  private static String escapeWildcard(String value) {
    return value.replace("\\", "\\\\").replace("*", "\\*").replace("?", "\\?");
  }
}
