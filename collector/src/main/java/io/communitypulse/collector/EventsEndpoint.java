package io.communitypulse.collector;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST /v1/events} (docs/producing-events.md, "The HTTP collector"). {@link #authorize} runs
 * before the body is read: the write key must name a community (else 401) and a browser's {@code
 * Origin} must be one of that community's (else 403). {@link #accept} then reads the JSON array
 * (400 when it is not one, 413 beyond the batch limit; the body limit is the body handler's),
 * refuses the whole request with 401 if an event names another community, with 503 when Kafka is
 * unreachable or the in-flight buffer is full, and otherwise answers only after Kafka acknowledged
 * every accepted event and every dead letter.
 */
final class EventsEndpoint {

  static final String PATH = "/v1/events";
  static final String KEY_HEADER = "X-Pulse-Key";
  static final String SENT_AT_HEADER = "X-Pulse-Sent-At";
  static final String KEY_PARAM = "key";
  static final String SENT_AT_PARAM = "sent_at";
  static final String SOURCE = "collector POST " + PATH;

  private static final String COMMUNITY = "pulse.community";

  private final Collector collector;
  private final Answers answers;
  private final JsonMapper json =
      JsonMapper.builder()
          // As the job's JSON form: a key given twice is ambiguous, trailing data is an error.
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  EventsEndpoint(Collector collector) {
    this.collector = collector;
    this.answers = collector.answers();
  }

  /** Key and origin, from the headers alone. */
  void authorize(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String key = firstOf(request.getHeader(KEY_HEADER), request.getParam(KEY_PARAM));
    if (key == null) {
      refuse(ctx, Refusal.MISSING_KEY, null);
      return;
    }
    Optional<String> community = collector.settings().writeKeys().communityOf(key);
    if (community.isEmpty()) {
      refuse(ctx, Refusal.UNKNOWN_KEY, null);
      return;
    }
    String origin = request.getHeader("Origin");
    if (origin != null) {
      if (!collector.settings().origins().allows(community.get(), origin)) {
        refuse(ctx, Refusal.ORIGIN_NOT_ALLOWED, origin);
        return;
      }
      Cors.allow(ctx.response(), origin);
    }
    ctx.put(COMMUNITY, community.get());
    ctx.next();
  }

  /** The body, once the body handler read it within the limit. */
  void accept(RoutingContext ctx) {
    Instant receivedAt = collector.clock().instant();
    String community = ctx.get(COMMUNITY);
    HttpServerRequest request = ctx.request();
    Instant sentAt;
    try {
      sentAt = sentAt(request);
    } catch (NumberFormatException e) {
      refuse(ctx, Refusal.BAD_SENT_AT, null);
      return;
    }
    List<JsonNode> events;
    try {
      events = events(ctx.body().buffer());
    } catch (IOException | RuntimeException e) {
      refuse(ctx, Refusal.BAD_JSON, oneLine(e));
      return;
    }
    if (events.size() > collector.settings().maxBatchEvents()) {
      refuse(
          ctx,
          Refusal.BATCH_TOO_LARGE,
          events.size() + " events, at most " + collector.settings().maxBatchEvents());
      return;
    }
    Optional<Integer> foreign = EventIntake.firstForeignEvent(events, community);
    if (foreign.isPresent()) {
      refuse(ctx, Refusal.FOREIGN_COMMUNITY, "event " + foreign.get());
      return;
    }
    if (!collector.kafkaReady().getAsBoolean()) {
      refuse(ctx, Refusal.KAFKA_UNAVAILABLE, null);
      return;
    }
    RequestFacts facts =
        RequestFacts.of(
            ctx, community, receivedAt, sentAt, collector.settings().forwardIp(), SOURCE);
    collector.publish(
        ctx,
        events,
        facts,
        intake -> answers.result(ctx.response(), intake),
        refusal -> refuse(ctx, refusal, null));
  }

  /** The body handler's refusals (413 beyond the body limit), answered and counted like ours. */
  void failure(RoutingContext ctx) {
    if (ctx.statusCode() == 413) {
      refuse(
          ctx, Refusal.BODY_TOO_LARGE, "at most " + collector.settings().maxBodyBytes() + " bytes");
    } else {
      ctx.next();
    }
  }

  private void refuse(RoutingContext ctx, Refusal refusal, String detail) {
    collector.metrics().refused(refusal);
    HttpServerResponse response = ctx.response();
    String origin = ctx.request().getHeader("Origin");
    if (origin != null
        && response.headers().get("Access-Control-Allow-Origin") == null
        && collector.settings().origins().allowsAny(origin)) {
      // A page of a configured site may read why it was refused (a wrong key, another
      // community's origin) and stop retrying; a browser would otherwise see a network error.
      Cors.allow(response, origin);
    }
    answers.refuse(response, refusal, detail);
  }

  private List<JsonNode> events(Buffer body) throws IOException {
    if (body == null || body.length() == 0) {
      throw new IOException("empty body");
    }
    JsonNode root = json.readTree(body.getBytes());
    if (root == null || !root.isArray()) {
      throw new IOException(
          "expected a JSON array of events, got "
              + (root == null ? "nothing" : root.getNodeType()));
    }
    List<JsonNode> events = new ArrayList<>(root.size());
    root.forEach(events::add);
    return events;
  }

  private static Instant sentAt(HttpServerRequest request) {
    String text = firstOf(request.getHeader(SENT_AT_HEADER), request.getParam(SENT_AT_PARAM));
    return text == null ? null : Instant.ofEpochMilli(Long.parseLong(text.trim()));
  }

  static String firstOf(String header, String param) {
    if (header != null && !header.isBlank()) {
      return header.trim();
    }
    return param == null || param.isBlank() ? null : param.trim();
  }

  private static String oneLine(Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    message = message.replaceAll("\\s+", " ");
    return message.length() > 200 ? message.substring(0, 200) + "..." : message;
  }
}
