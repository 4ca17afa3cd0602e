package io.communitypulse.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.communitypulse.ingest.UrlMemberIds;
import io.communitypulse.sink.DocumentTransform;
import java.util.ArrayList;
import java.util.List;

/**
 * What the sink does to each session document an erasure's query finds (docs/privacy.md): the
 * member's own session is deleted; in a session of someone else, {@code referred_by} naming them
 * goes and their id in a URL becomes {@link MemberReferences#FORGOTTEN}, by the same URL patterns
 * the job uses at ingest. Parameters: {@code member}, {@code url_patterns}.
 */
public final class SessionDocumentErasure implements DocumentTransform {

  private static final long serialVersionUID = 1L;

  /** The name the job registers this transform under with the sink. */
  public static final String NAME = "erase-member-from-sessions";

  @Override
  public ObjectNode apply(ObjectNode document, JsonNode params) {
    String member = params.path("member").asText();
    if (member.isEmpty()) {
      return document;
    }
    if (member.equals(document.path("actor").asText(null))
        || member.equals(document.path("member_id").asText(null))) {
      return null;
    }
    List<String> patterns = new ArrayList<>();
    params.path("url_patterns").forEach(p -> patterns.add(p.asText()));
    UrlMemberIds urls = new UrlMemberIds(patterns);
    ObjectNode cleaned = document.deepCopy();
    for (String field : DocumentErasure.SESSION_URL_FIELDS) {
      JsonNode url = cleaned.get(field);
      if (url != null && url.isTextual()) {
        cleaned.put(
            field,
            urls.rewrite(url.asText(), id -> member.equals(id) ? MemberReferences.FORGOTTEN : id));
      }
    }
    if (member.equals(cleaned.path("referred_by").asText(null))) {
      cleaned.remove("referred_by");
    }
    return cleaned;
  }
}
