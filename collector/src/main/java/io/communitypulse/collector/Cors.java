package io.communitypulse.collector;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Cross-origin rules for browsers (docs/producing-events.md, "The HTTP collector"). A preflight
 * ({@code OPTIONS /v1/events}) carries no write key, so it is answered for an origin that any
 * community allows; the actual request is then held to the origins of its key's community ({@link
 * EventsEndpoint#authorize}). {@code navigator.sendBeacon} sends {@code text/plain}, a "simple"
 * request without preflight: that is why the actual request is checked again.
 */
final class Cors {

  static final String ALLOWED_HEADERS =
      EventsEndpoint.KEY_HEADER + ", " + EventsEndpoint.SENT_AT_HEADER + ", Content-Type";

  /** How long a browser may reuse a preflight answer, in seconds. */
  static final String MAX_AGE = "600";

  private Cors() {}

  /** Lets {@code origin} read the answer (and its Retry-After). */
  static void allow(HttpServerResponse response, String origin) {
    response
        .putHeader("Access-Control-Allow-Origin", origin)
        .putHeader("Access-Control-Expose-Headers", "Retry-After")
        .putHeader("Vary", "Origin");
  }

  /** {@code OPTIONS /v1/events}: 204 for an origin some community allows, else 403. */
  static void preflight(RoutingContext ctx, Collector collector) {
    String origin = ctx.request().getHeader("Origin");
    if (origin == null || !collector.settings().origins().allowsAny(origin)) {
      collector.metrics().refused(Refusal.ORIGIN_NOT_ALLOWED);
      ctx.response().setStatusCode(403).putHeader("Vary", "Origin").end();
      return;
    }
    allow(ctx.response(), origin);
    ctx.response()
        .putHeader("Access-Control-Allow-Methods", "POST, OPTIONS")
        .putHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS)
        .putHeader("Access-Control-Max-Age", MAX_AGE)
        .setStatusCode(204)
        .end();
  }
}
