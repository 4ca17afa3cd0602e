package io.communitypulse.collector;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /v1/p.gif?key=…&anonymous_id=…}: a 1×1 transparent GIF for pages without JavaScript
 * (docs/producing-events.md, "The HTTP collector"). The page always gets its GIF, whatever
 * happened, so no error reaches it; refusals, rejected events (dead-lettered as for a POST) and
 * events Kafka did not take are counted in the metrics instead. The GIF is sent after Kafka
 * answered, so a slow Kafka slows pixels down rather than letting them pile up.
 */
final class PixelEndpoint {

  static final String PATH = "/v1/p.gif";
  static final String SOURCE = "collector GET " + PATH;

  /** The smallest transparent GIF (43 bytes). */
  static final byte[] GIF =
      Base64.getDecoder().decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

  private final Collector collector;

  PixelEndpoint(Collector collector) {
    this.collector = collector;
  }

  void handle(RoutingContext ctx) {
    Instant receivedAt = collector.clock().instant();
    HttpServerRequest request = ctx.request();
    MultiMap params = request.params();
    Optional<String> community =
        collector.settings().writeKeys().communityOf(params.get(EventsEndpoint.KEY_PARAM));
    if (community.isEmpty()) {
      boolean missing = params.get(EventsEndpoint.KEY_PARAM) == null;
      lost(ctx, missing ? Refusal.MISSING_KEY : Refusal.UNKNOWN_KEY);
      return;
    }
    JsonNode event =
        PixelEvent.from(params::get, community.get(), receivedAt, request.getHeader("Referer"));
    List<JsonNode> events = List.of(event);
    if (EventIntake.firstForeignEvent(events, community.get()).isPresent()) {
      lost(ctx, Refusal.FOREIGN_COMMUNITY);
      return;
    }
    if (!collector.kafkaReady().getAsBoolean()) {
      lost(ctx, Refusal.KAFKA_UNAVAILABLE);
      return;
    }
    Instant sentAt;
    try {
      String text = params.get(EventsEndpoint.SENT_AT_PARAM);
      sentAt = text == null || text.isBlank() ? null : Instant.ofEpochMilli(Long.parseLong(text));
    } catch (NumberFormatException e) {
      sentAt = null; // the pixel cannot be refused: take the device's time as it is
    }
    RequestFacts facts =
        RequestFacts.of(
            ctx, community.get(), receivedAt, sentAt, collector.settings().forwardIp(), SOURCE);
    collector.publish(ctx, events, facts, intake -> gif(ctx), refusal -> lost(ctx, refusal));
  }

  private void lost(RoutingContext ctx, Refusal refusal) {
    collector.metrics().refused(refusal);
    collector.metrics().pixelLost();
    gif(ctx);
  }

  private static void gif(RoutingContext ctx) {
    ctx.response()
        .setStatusCode(200)
        .putHeader("Content-Type", "image/gif")
        // Every page view must reach us: no browser or proxy may answer from a cache.
        .putHeader("Cache-Control", "no-store, max-age=0")
        .end(Buffer.buffer(GIF));
  }
}
