package io.communitypulse.wire;

import io.communitypulse.events.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * Builds {@link DeadLetter} records: the original bytes, where they came from (Kafka topic,
 * partition and offset, or {@code file:line} for a line the replay command could not encode), the
 * {@link Rejection}, the processing time and, when they could be read, the community and event ids
 * that let each site find its own rejects.
 *
 * <p>The original is kept verbatim up to {@link #MAX_ORIGINAL_BYTES}; a longer one is cut and the
 * message says so. Without the cap, an oversized input (which is itself a reason to dead-letter)
 * would make the dead letter too large for Kafka's default 1 MB message limit and its write would
 * fail.
 */
public final class DeadLetters {

  /** Most bytes of the original kept in a dead letter (512 KiB). */
  public static final int MAX_ORIGINAL_BYTES = 512 * 1024;

  /** Longest message kept, in characters. */
  public static final int MAX_MESSAGE_CHARS = 2000;

  private DeadLetters() {}

  /** A dead letter for a Kafka record (any of the ids may be null). */
  public static DeadLetter fromKafka(
      byte[] original,
      String topic,
      int partition,
      long offset,
      Rejection rejection,
      Instant failedAt,
      String communityId,
      String eventId) {
    DeadLetter.Builder builder =
        start(original, rejection, failedAt, communityId, eventId)
            .setSourceTopic(Objects.requireNonNull(topic, "topic"))
            .setSourcePartition(partition)
            .setSourceOffset(offset);
    return builder.build();
  }

  /** A dead letter for a Kafka record that could not be decoded or did not validate. */
  public static DeadLetter fromKafka(
      byte[] original,
      String topic,
      int partition,
      long offset,
      Decoded<?> decoded,
      Instant failedAt) {
    return fromKafka(
        original,
        topic,
        partition,
        offset,
        decoded.rejection(),
        failedAt,
        decoded.communityId().orElse(null),
        decoded.eventId().orElse(null));
  }

  /** A dead letter for line {@code lineNumber} (1-based) of {@code file} (any id may be null). */
  public static DeadLetter fromFile(
      String line,
      String file,
      long lineNumber,
      Rejection rejection,
      Instant failedAt,
      String communityId,
      String eventId) {
    byte[] original = line == null ? new byte[0] : line.getBytes(StandardCharsets.UTF_8);
    return start(original, rejection, failedAt, communityId, eventId)
        .setSourceLocation(location(file, lineNumber))
        .build();
  }

  /** A dead letter for a rejected line, with the ids the line carried. */
  public static DeadLetter fromFile(
      String line, String file, long lineNumber, ParsedLine parsed, Instant failedAt) {
    return fromFile(
        line,
        file,
        lineNumber,
        parsed.rejection(),
        failedAt,
        parsed.communityId().orElse(null),
        parsed.eventId().orElse(null));
  }

  /**
   * A dead letter for input that came neither from Kafka nor from a file, e.g. an event the HTTP
   * collector refused; {@code location} names where it came from and becomes {@code
   * source_location} (any id may be null).
   */
  public static DeadLetter fromSource(
      byte[] original,
      String location,
      Rejection rejection,
      Instant failedAt,
      String communityId,
      String eventId) {
    return start(original, rejection, failedAt, communityId, eventId)
        .setSourceLocation(Objects.requireNonNull(location, "location"))
        .build();
  }

  /** The {@code source_location} of a file line: {@code file:line}. */
  public static String location(String file, long lineNumber) {
    return Objects.requireNonNull(file, "file") + ":" + lineNumber;
  }

  private static DeadLetter.Builder start(
      byte[] original, Rejection rejection, Instant failedAt, String communityId, String eventId) {
    Objects.requireNonNull(rejection, "rejection");
    Objects.requireNonNull(failedAt, "failedAt");
    byte[] bytes = original == null ? new byte[0] : original;
    String message = rejection.message();
    if (bytes.length > MAX_ORIGINAL_BYTES) {
      message =
          message
              + " [original cut to its first "
              + MAX_ORIGINAL_BYTES
              + " of "
              + bytes.length
              + " bytes]";
      bytes = Arrays.copyOf(bytes, MAX_ORIGINAL_BYTES);
    }
    if (message.length() > MAX_MESSAGE_CHARS) {
      message = message.substring(0, MAX_MESSAGE_CHARS) + "...";
    }
    return DeadLetter.newBuilder()
        .setOriginal(ByteBuffer.wrap(bytes))
        .setReason(rejection.reason())
        .setMessage(message)
        .setFailedAt(failedAt)
        .setCommunityId(cut(communityId))
        .setEventId(cut(eventId));
  }

  private static String cut(String id) {
    return id == null || id.length() <= ParsedLine.MAX_ID_CHARS
        ? id
        : id.substring(0, ParsedLine.MAX_ID_CHARS);
  }
}
