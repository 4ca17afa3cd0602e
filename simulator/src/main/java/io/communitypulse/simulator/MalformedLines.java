package io.communitypulse.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.communitypulse.wire.JsonEventFormat;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * Breaks a good JSON line in one of the ways that must be dead-lettered (docs/producing-events.md,
 * "Reasons"): truncated JSON, an unknown {@code kind}, an unknown enum symbol, a missing required
 * field, an invalid {@code community_id}. A broken line gets a fresh {@code event_id}, so it never
 * shares an id with the good event it was made from.
 */
final class MalformedLines {

  /** The ways a line is broken. */
  enum Defect {
    TRUNCATED,
    UNKNOWN_KIND,
    UNKNOWN_SYMBOL,
    MISSING_FIELD,
    INVALID_COMMUNITY_ID
  }

  private static final JsonMapper MAPPER = new JsonMapper();

  private MalformedLines() {}

  static String breakLine(String goodLine, Defect defect, SimRandom random) {
    ObjectNode node = parse(goodLine);
    node.put("event_id", "bad-" + random.uuid());
    boolean click = JsonEventFormat.CLICK.equals(node.path(JsonEventFormat.KIND).asText());
    switch (defect) {
      case TRUNCATED -> {
        String line = write(node);
        // Any proper prefix of a JSON object is unterminated, hence invalid.
        return line.substring(0, random.between(1, line.length() - 1));
      }
      case UNKNOWN_KIND -> node.put(JsonEventFormat.KIND, click ? "pageview" : "comment");
      case UNKNOWN_SYMBOL -> node.put("type", click ? "TAP" : "LIKE");
      case MISSING_FIELD -> {
        String[] required =
            click
                ? new String[] {"occurred_at", "anonymous_id", "type"}
                : new String[] {"occurred_at", "member_id", "content_id"};
        node.remove(random.pick(required));
      }
      case INVALID_COMMUNITY_ID ->
          node.put(
              "community_id",
              random.chance(0.5)
                  ? node.path("community_id").asText().toUpperCase(Locale.ROOT)
                  : node.path("community_id").asText().replace('-', ' ') + "!");
    }
    return write(node);
  }

  private static ObjectNode parse(String line) {
    try {
      return (ObjectNode) MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String write(ObjectNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
