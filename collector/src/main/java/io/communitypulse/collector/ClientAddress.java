package io.communitypulse.collector;

import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

/**
 * The visitor's address, for {@code ip} when {@code collector.forward-ip} is on: the first {@code
 * X-Forwarded-For} hop when a load balancer set one (the collector runs behind one,
 * docs/operations.md), else the peer of the connection.
 */
final class ClientAddress {

  private ClientAddress() {}

  static String of(RoutingContext ctx) {
    String forwarded = ctx.request().getHeader("X-Forwarded-For");
    if (forwarded != null && !forwarded.isBlank()) {
      int comma = forwarded.indexOf(',');
      return (comma < 0 ? forwarded : forwarded.substring(0, comma)).trim();
    }
    SocketAddress peer = ctx.request().remoteAddress();
    return peer == null ? null : peer.hostAddress();
  }
}
