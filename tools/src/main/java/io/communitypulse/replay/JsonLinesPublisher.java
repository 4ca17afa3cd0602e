package io.communitypulse.replay;

import io.communitypulse.config.PulseConfig;
import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.DeadLetter;
import io.communitypulse.events.PostEvent;
import io.communitypulse.wire.DeadLetters;
import io.communitypulse.wire.EventValidator;
import io.communitypulse.wire.JsonEventFormat;
import io.communitypulse.wire.ParsedLine;
import io.communitypulse.wire.Topics;
import io.communitypulse.wire.WireCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Feeds a JSON-lines file into the input topics in the wire format, exactly as a site would. Lines
 * it cannot turn into an event (bad JSON, unknown kind or symbol, a missing field) go to the
 * dead-letter topic with their {@code file:line}; everything else is produced, and the job itself
 * validates it like any other record. Blank lines are skipped and not counted.
 */
public final class JsonLinesPublisher {

  /**
   * What publishing a file did; {@code latestValid} is the latest {@code occurred_at} among the
   * lines that also pass validation (null if none): the as-of day of the replay's indicators.
   */
  public record Published(long read, long deadLettered, Instant latestValid) {}

  private final PulseConfig config;
  private final JsonEventFormat format = new JsonEventFormat();
  private final EventValidator validator = new EventValidator();
  private final WireCodec<ClickEvent> clicks = WireCodec.clicks();
  private final WireCodec<PostEvent> posts = WireCodec.posts();
  private final WireCodec<DeadLetter> deadLetters = WireCodec.deadLetters();

  public JsonLinesPublisher(PulseConfig config) {
    this.config = config;
  }

  /** Produces every line of {@code file}; returns once Kafka acknowledged all of them. */
  public Published publish(Path file, Producer<byte[], byte[]> producer) throws IOException {
    AtomicReference<Exception> failure = new AtomicReference<>();
    long read = 0;
    long deadLettered = 0;
    Instant latestValid = null;
    String name = file.getFileName().toString();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      long lineNumber = 0;
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        read++;
        ParsedLine parsed = format.parse(line);
        ProducerRecord<byte[], byte[]> record;
        if (parsed.ok()) {
          record = eventRecord(parsed.event());
          if (validator.validate(parsed.event()).isEmpty()) {
            Instant at =
                parsed.event() instanceof ClickEvent click
                    ? click.getOccurredAt()
                    : ((PostEvent) parsed.event()).getOccurredAt();
            latestValid = latestValid == null || at.isAfter(latestValid) ? at : latestValid;
          }
        } else {
          deadLettered++;
          DeadLetter letter =
              DeadLetters.fromFile(
                  line,
                  name,
                  lineNumber,
                  parsed.rejection(),
                  Instant.now(),
                  parsed.communityId().orElse(null),
                  parsed.eventId().orElse(null));
          record =
              new ProducerRecord<>(
                  config.kafka().deadLetterTopic(), null, deadLetters.encode(letter));
        }
        producer.send(
            record,
            (metadata, error) -> {
              if (error != null) {
                failure.compareAndSet(null, error);
              }
            });
        if (failure.get() != null) {
          break;
        }
      }
    }
    producer.flush();
    if (failure.get() != null) {
      throw new IOException("Kafka refused a record: " + failure.get().getMessage(), failure.get());
    }
    return new Published(read, deadLettered, latestValid);
  }

  private ProducerRecord<byte[], byte[]> eventRecord(SpecificRecord event) {
    byte[] key = Topics.key(event).getBytes(StandardCharsets.UTF_8);
    if (event instanceof ClickEvent click) {
      return new ProducerRecord<>(config.kafka().clicksTopic(), key, clicks.encode(click));
    }
    return new ProducerRecord<>(config.kafka().postsTopic(), key, posts.encode((PostEvent) event));
  }
}
