package io.communitypulse.collector;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.SecurityPolicyHandler;

/**
 * The collector's routes (docs/producing-events.md, "The HTTP collector"; docs/operations.md, "The
 * collector"): events, the pixel, the tracker, health, readiness and metrics. Every answer is
 * counted by endpoint and status.
 */
final class CollectorRouter {

  static final String TRACKER_PATH = "/pulse.js";

  private CollectorRouter() {}

  static Router create(Vertx vertx, Collector collector) {
    Router router = Router.router(vertx);
    EventsEndpoint events = new EventsEndpoint(collector);
    PixelEndpoint pixel = new PixelEndpoint(collector);
    router.route().handler(ctx -> countAnswer(ctx, collector.metrics()));
    router.options(EventsEndpoint.PATH).handler(ctx -> Cors.preflight(ctx, collector));
    router
        .post(EventsEndpoint.PATH)
        // A security policy handler, so Vert.x lets it run before the body is read.
        .handler((SecurityPolicyHandler) events::authorize)
        .handler(
            BodyHandler.create(false)
                .setBodyLimit(collector.settings().maxBodyBytes())
                .setDeleteUploadedFilesOnEnd(true))
        .handler(events::accept)
        .failureHandler(events::failure);
    router.get(PixelEndpoint.PATH).handler(pixel::handle);
    router.get(TRACKER_PATH).handler(ctx -> tracker(ctx, collector.tracker()));
    router.get("/healthz").handler(ctx -> text(ctx, 200, "ok\n"));
    router
        .get("/readyz")
        .handler(
            ctx -> {
              boolean ready = collector.kafkaReady().getAsBoolean();
              text(ctx, ready ? 200 : 503, ready ? "ready\n" : "Kafka is not reachable\n");
            });
    router
        .get("/metrics")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                    .end(collector.metrics().render()));
    return router;
  }

  private static void countAnswer(RoutingContext ctx, CollectorMetrics metrics) {
    String endpoint = endpoint(ctx.request().path());
    ctx.addHeadersEndHandler(v -> metrics.request(endpoint, ctx.response().getStatusCode()));
    ctx.next();
  }

  /** A bounded label: the known paths, everything else is "other". */
  static String endpoint(String path) {
    if (path == null) {
      return "other";
    }
    return switch (path) {
      case EventsEndpoint.PATH -> "events";
      case PixelEndpoint.PATH -> "pixel";
      case TRACKER_PATH -> "tracker";
      case "/healthz" -> "healthz";
      case "/readyz" -> "readyz";
      case "/metrics" -> "metrics";
      default -> "other";
    };
  }

  private static void tracker(RoutingContext ctx, TrackerScript script) {
    ctx.response()
        .putHeader("Cache-Control", TrackerScript.CACHE_CONTROL)
        .putHeader("ETag", script.etag());
    if (script.etag().equals(ctx.request().getHeader("If-None-Match"))) {
      ctx.response().setStatusCode(304).end();
      return;
    }
    ctx.response()
        .putHeader("Content-Type", "application/javascript; charset=utf-8")
        .end(Buffer.buffer(script.content()));
  }

  private static void text(RoutingContext ctx, int status, String body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "text/plain; charset=utf-8")
        .end(body);
  }
}
