package io.communitypulse.collector;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * The bodies and headers of the collector's answers (docs/producing-events.md, "The HTTP
 * collector"): {@code {"accepted": n, "rejected": [{"index", "reason", "message"}]}} for a request
 * whose events were read, {@code {"error": cause, "message": …}} for a refused one, with {@code
 * Retry-After} on a 503.
 */
final class Answers {

  static final String JSON = "application/json";

  private static final JsonFactory FACTORY = new JsonFactory();

  private final long retryAfterSeconds;

  Answers(Duration retryAfter) {
    this.retryAfterSeconds = Math.max(1, retryAfter.toSeconds());
  }

  /** 200 with the accepted count and every rejection. */
  void result(HttpServerResponse response, Intake intake) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 + 128 * intake.rejected().size());
    try (JsonGenerator json = FACTORY.createGenerator(out)) {
      json.writeStartObject();
      json.writeNumberField("accepted", intake.accepted());
      json.writeArrayFieldStart("rejected");
      for (Intake.Rejected r : intake.rejected()) {
        json.writeStartObject();
        json.writeNumberField("index", r.index());
        json.writeStringField("reason", r.rejection().reason().name());
        json.writeStringField("message", r.rejection().message());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    response
        .setStatusCode(200)
        .putHeader("Content-Type", JSON)
        .end(Buffer.buffer(out.toByteArray()));
  }

  /** The refusal's status and {@code {"error", "message"}}; {@code detail} is appended if given. */
  void refuse(HttpServerResponse response, Refusal refusal, String detail) {
    if (response.ended()) {
      return;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    try (JsonGenerator json = FACTORY.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("error", refusal.cause());
      json.writeStringField(
          "message", detail == null ? refusal.message() : refusal.message() + ": " + detail);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (refusal.retriable()) {
      response.putHeader("Retry-After", Long.toString(retryAfterSeconds));
    }
    response
        .setStatusCode(refusal.status())
        .putHeader("Content-Type", JSON)
        .end(Buffer.buffer(out.toByteArray()));
  }
}
