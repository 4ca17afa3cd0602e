package io.communitypulse.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A test transform, shaped like erasure's: in the sessions of {@code params.actor} it nulls {@code
 * actor}, and deletes those still {@code open}; every other document it leaves alone. Idempotent:
 * once nulled, a session is no longer the actor's.
 */
final class ForgetActor implements DocumentTransform {

  static final String NAME = "forget-actor";

  private static final long serialVersionUID = 1L;

  @Override
  public ObjectNode apply(ObjectNode document, JsonNode params) {
    if (!document.path("actor").asText().equals(params.path("actor").asText())) {
      return document;
    }
    if ("open".equals(document.path("status").asText())) {
      return null;
    }
    document.putNull("actor");
    return document;
  }
}
