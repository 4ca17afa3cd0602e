package io.communitypulse.collector;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.DeadLetter;
import io.communitypulse.events.PostEvent;
import io.communitypulse.wire.DeadLetters;
import io.communitypulse.wire.EventValidator;
import io.communitypulse.wire.JsonEventFormat;
import io.communitypulse.wire.ParsedLine;
import io.communitypulse.wire.Rejection;
import io.communitypulse.wire.Topics;
import io.communitypulse.wire.WireCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Turns the events of one request into Kafka records, exactly as the job would judge them: each
 * element is read with {@link JsonEventFormat} (the JSON form of docs/producing-events.md), its
 * {@code occurred_at} corrected for the device's clock ({@link ClockSkew}), {@code ip} dropped
 * unless forwarding is on, {@code user_agent} taken from the request when the event has none, then
 * checked by {@link EventValidator}. An accepted event is encoded with {@link WireCodec} and keyed
 * by {@link Topics#key}; a rejected one becomes a {@link DeadLetter} naming the collector as its
 * source, keyed by the community, with the job's Kafka Connect headers. No I/O: the caller sends
 * the records. Immutable and thread-safe.
 */
final class EventIntake {

  /** {@code __connect.errors.stage} of the collector's dead letters (the job's is pulse-ingest). */
  static final String STAGE = "pulse-collector";

  private final JsonEventFormat format = new JsonEventFormat();
  private final WireCodec<ClickEvent> clicks = WireCodec.clicks();
  private final WireCodec<PostEvent> posts = WireCodec.posts();
  private final WireCodec<DeadLetter> deadLetters = WireCodec.deadLetters();
  private final ObjectMapper json = new ObjectMapper();
  private final EventValidator validator;
  private final String clicksTopic;
  private final String postsTopic;
  private final String deadLetterTopic;
  private final boolean forwardIp;

  EventIntake(
      EventValidator validator,
      String clicksTopic,
      String postsTopic,
      String deadLetterTopic,
      boolean forwardIp) {
    this.validator = Objects.requireNonNull(validator, "validator");
    this.clicksTopic = Objects.requireNonNull(clicksTopic, "clicksTopic");
    this.postsTopic = Objects.requireNonNull(postsTopic, "postsTopic");
    this.deadLetterTopic = Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
    this.forwardIp = forwardIp;
  }

  /** An intake for the topics and ip rule of {@code settings}, with the system clock. */
  static EventIntake of(CollectorSettings settings) {
    return new EventIntake(
        new EventValidator(),
        settings.clicksTopic(),
        settings.postsTopic(),
        settings.deadLetterTopic(),
        settings.forwardIp());
  }

  /**
   * The position of the first event that names a community other than {@code community} (as a
   * string {@code community_id}), if any: such a request is refused whole, with nothing sent.
   */
  static Optional<Integer> firstForeignEvent(List<JsonNode> events, String community) {
    for (int i = 0; i < events.size(); i++) {
      JsonNode id = events.get(i).get(EventValidator.COMMUNITY_ID);
      if (id != null && id.isTextual() && !id.textValue().equals(community)) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }

  /** Reads, corrects, validates and encodes {@code events}; never throws for bad events. */
  Intake read(List<JsonNode> events, RequestFacts facts) {
    List<ProducerRecord<String, byte[]>> accepted = new ArrayList<>(events.size());
    List<ProducerRecord<String, byte[]>> letters = new ArrayList<>();
    List<Intake.Rejected> rejected = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      JsonNode node = events.get(i);
      ParsedLine parsed = format.parseValue(node);
      if (parsed.ok()) {
        SpecificRecord event = parsed.event();
        complete(event, facts);
        Optional<Rejection> invalid = validator.validate(event);
        parsed = invalid.isPresent() ? parsed.reject(invalid.get()) : parsed;
      }
      if (parsed.ok()) {
        accepted.add(encode(parsed.event()));
      } else {
        rejected.add(new Intake.Rejected(i, parsed.rejection()));
        letters.add(deadLetter(node, i, parsed, facts));
      }
    }
    accepted.addAll(letters);
    return new Intake(accepted, events.size() - rejected.size(), rejected);
  }

  /** The request's facts applied to a parsed event: clock, ip, user agent. */
  private void complete(SpecificRecord event, RequestFacts facts) {
    if (event instanceof ClickEvent click) {
      click.setOccurredAt(
          ClockSkew.correct(click.getOccurredAt(), facts.receivedAt(), facts.sentAt()));
      if (!forwardIp) {
        click.setIp(null);
      } else if (click.getIp() == null) {
        click.setIp(facts.clientIp());
      }
      if (click.getUserAgent() == null) {
        click.setUserAgent(facts.userAgent());
      }
    } else if (event instanceof PostEvent post) {
      post.setOccurredAt(
          ClockSkew.correct(post.getOccurredAt(), facts.receivedAt(), facts.sentAt()));
    }
  }

  private ProducerRecord<String, byte[]> encode(SpecificRecord event) {
    if (event instanceof ClickEvent click) {
      return new ProducerRecord<>(clicksTopic, Topics.clickKey(click), clicks.encode(click));
    }
    PostEvent post = (PostEvent) event;
    return new ProducerRecord<>(postsTopic, Topics.postKey(post), posts.encode(post));
  }

  private ProducerRecord<String, byte[]> deadLetter(
      JsonNode node, int index, ParsedLine parsed, RequestFacts facts) {
    // The key's community, not the event's: a foreign one was refused before, and an event
    // without a readable community still belongs to the site that sent it.
    DeadLetter letter =
        DeadLetters.fromSource(
            original(node),
            facts.source() + "[" + index + "]",
            parsed.rejection(),
            facts.receivedAt(),
            facts.community(),
            parsed.eventId().orElse(null));
    RecordHeaders headers = new RecordHeaders();
    header(headers, "__connect.errors.stage", STAGE);
    header(headers, "__connect.errors.exception.class.name", letter.getReason().name());
    header(headers, "__connect.errors.exception.message", letter.getMessage());
    return new ProducerRecord<>(
        deadLetterTopic, null, facts.community(), deadLetters.encode(letter), headers);
  }

  private byte[] original(JsonNode node) {
    try {
      return json.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      return node.toString().getBytes(StandardCharsets.UTF_8);
    }
  }

  private static void header(RecordHeaders headers, String name, String value) {
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
