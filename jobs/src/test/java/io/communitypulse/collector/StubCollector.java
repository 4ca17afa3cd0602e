package io.communitypulse.collector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Stands in for the collector in the tracker's unit tests: serves pulse.js (from the collector's
 * resources) and records every {@code POST /v1/events}, answering what the test scripts (by default
 * 200 with every event accepted, as the real collector does).
 */
final class StubCollector {

  static final String PULSE_JS = "io/communitypulse/collector/pulse.js";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One request as the collector saw it (wall-clock ms); header names lowercased. */
  record Request(
      long receivedAt,
      String method,
      Map<String, String> query,
      Map<String, String> headers,
      String body) {

    List<JsonNode> events() {
      try {
        List<JsonNode> events = new ArrayList<>();
        JSON.readTree(body).forEach(events::add);
        return events;
      } catch (IOException e) {
        throw new AssertionError("not a JSON array: " + body, e);
      }
    }

    List<String> eventIds() {
      return events().stream().map(e -> e.get("event_id").asText()).toList();
    }

    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** An answer: status, Retry-After (or null). */
  record Answer(int status, String retryAfter) {
    static Answer ok() {
      return new Answer(200, null);
    }
  }

  private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
  private volatile Function<Request, Answer> answers = request -> Answer.ok();

  /** Serves pulse.js and the events endpoint on {@code site}. */
  static StubCollector on(TrackerSite site) {
    StubCollector stub = new StubCollector();
    site.route("/pulse.js", stub::script);
    site.route("/v1/events", stub::events);
    return stub;
  }

  void answer(Function<Request, Answer> answers) {
    this.answers = answers;
  }

  /** The next request, waiting at most {@code timeout}; fails if none comes. */
  Request next(Duration timeout) throws InterruptedException {
    Request request = requests.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (request == null) {
      throw new AssertionError("no request to /v1/events within " + timeout);
    }
    return request;
  }

  /** Every request received so far and not yet taken by {@link #next}. */
  List<Request> drain() {
    List<Request> drained = new ArrayList<>();
    requests.drainTo(drained);
    return drained;
  }

  private void script(HttpExchange exchange) throws IOException {
    try (exchange) {
      TrackerSite.send(exchange, 200, "text/javascript", TrackerSite.resource(PULSE_JS));
    }
  }

  private void events(HttpExchange exchange) throws IOException {
    try (exchange) {
      Map<String, String> headers = new TreeMap<>();
      exchange
          .getRequestHeaders()
          .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
      Map<String, String> query = new TreeMap<>();
      String raw = exchange.getRequestURI().getRawQuery();
      if (raw != null) {
        for (String pair : raw.split("&")) {
          int eq = pair.indexOf('=');
          query.put(
              pair.substring(0, eq),
              java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Request request =
          new Request(
              System.currentTimeMillis(), exchange.getRequestMethod(), query, headers, body);
      Answer answer = answers.apply(request);
      requests.add(request);
      if (answer.retryAfter() != null) {
        exchange.getResponseHeaders().set("Retry-After", answer.retryAfter());
      }
      String reply =
          answer.status() == 200
              ? "{\"accepted\":" + request.events().size() + ",\"rejected\":[]}"
              : "{\"error\":\"scripted\"}";
      TrackerSite.send(
          exchange, answer.status(), "application/json", reply.getBytes(StandardCharsets.UTF_8));
    }
  }
}
