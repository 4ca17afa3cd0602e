package io.communitypulse.collector;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.concurrent.TimeUnit;

/**
 * One event loop's HTTP server. The collector deploys one instance per event loop; Vert.x spreads
 * connections over them, all on the same port, all sharing the one {@link Collector}.
 */
final class CollectorVerticle extends VerticleBase {

  private final Collector collector;
  private HttpServer server;

  CollectorVerticle(Collector collector) {
    this.collector = collector;
  }

  @Override
  public Future<?> start() {
    HttpServerOptions options =
        new HttpServerOptions()
            .setPort(collector.settings().port())
            .setHost(collector.settings().host())
            // Browsers and load balancers keep connections open; an idle one costs a socket.
            .setIdleTimeout(60)
            // gzip for clients that ask (pulse.js goes from 19 KB to 7 KB over the wire).
            .setCompressionSupported(true);
    server =
        vertx.createHttpServer(options).requestHandler(CollectorRouter.create(vertx, collector));
    return server.listen();
  }

  /**
   * Stops accepting connections and lets requests in progress finish: each waits at most for
   * Kafka's acknowledgement ({@code collector.kafka-timeout}), so none is cut off with its events
   * in flight.
   */
  @Override
  public Future<?> stop() {
    long grace = collector.settings().kafkaTimeout().plusSeconds(1).toMillis();
    return server.shutdown(grace, TimeUnit.MILLISECONDS);
  }

  /** The port this instance listens on (the real one when the settings asked for 0). */
  int port() {
    return server.actualPort();
  }
}
