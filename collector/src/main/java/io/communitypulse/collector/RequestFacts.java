package io.communitypulse.collector;

import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Objects;

/**
 * What the collector knows about one request besides its events: the community its write key
 * belongs to, when it arrived, the device's send time (null when not given), the {@code User-Agent}
 * header and client address (each may be null), and where it came from, for the dead letters'
 * {@code source_location} (e.g. {@code collector POST /v1/events}).
 */
record RequestFacts(
    String community,
    Instant receivedAt,
    Instant sentAt,
    String userAgent,
    String clientIp,
    String source) {

  RequestFacts {
    Objects.requireNonNull(community, "community");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(source, "source");
  }

  /** The facts of the request in {@code ctx}; the client address only when it is forwarded. */
  static RequestFacts of(
      RoutingContext ctx,
      String community,
      Instant receivedAt,
      Instant sentAt,
      boolean forwardIp,
      String source) {
    return new RequestFacts(
        community,
        receivedAt,
        sentAt,
        ctx.request().getHeader("User-Agent"),
        forwardIp ? ClientAddress.of(ctx) : null,
        source);
  }
}
