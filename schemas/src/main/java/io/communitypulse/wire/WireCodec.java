package io.communitypulse.wire;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.DeadLetter;
import io.communitypulse.events.ErasureRequest;
import io.communitypulse.events.PostEvent;
import io.communitypulse.events.RejectReason;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * The Kafka wire format of one record type: Avro single-object encoding ({@code C3 01}, the 8-byte
 * little-endian CRC-64-AVRO fingerprint of the writer schema, the binary body). Encoding and
 * decoding are Avro's own {@link BinaryMessageEncoder} and {@link BinaryMessageDecoder}; the
 * decoder looks writer schemas up in the {@link SchemaHistory}, so a message written with any
 * released version decodes into the current generated record.
 *
 * <p>{@link #decode(byte[])} never throws: every bad input becomes a {@link Rejection} (wrong
 * magic, unknown fingerprint, a schema of another record, truncated or corrupt body, trailing
 * bytes, oversized payload). Before Avro materialises the record, the body is walked once with
 * Avro's allocation-free {@code skip}, so a corrupt length prefix is reported as {@code
 * CORRUPT_BODY} instead of making the decoder allocate gigabytes.
 *
 * <p>Instances are immutable and thread-safe (the Avro encoder and decoder are); one instance may
 * be shared by all tasks of a JVM. They are not {@link java.io.Serializable}: a Flink
 * (de)serialization schema should create its codec in {@code open()} or keep it in a transient
 * field.
 *
 * @param <T> the generated record type
 */
public final class WireCodec<T extends SpecificRecord> {

  /** Largest accepted payload, in bytes, unless configured otherwise (1 MiB). */
  public static final int DEFAULT_MAX_BYTES = 1 << 20;

  /** The two marker bytes that open every single-object-encoded message. */
  public static final byte[] MAGIC = {(byte) 0xC3, (byte) 0x01};

  /** Magic plus fingerprint. */
  public static final int HEADER_LENGTH = MAGIC.length + Long.BYTES;

  private final Class<T> type;
  private final Schema schema;
  private final long fingerprint;
  private final SchemaStore store;
  private final int maxBytes;
  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;

  private WireCodec(Class<T> type, SchemaStore store, int maxBytes) {
    if (maxBytes < HEADER_LENGTH) {
      throw new IllegalArgumentException(
          "maxBytes must be at least " + HEADER_LENGTH + ", got " + maxBytes);
    }
    this.type = Objects.requireNonNull(type, "type");
    this.store = Objects.requireNonNull(store, "store");
    this.maxBytes = maxBytes;
    // The class's own model carries its logical-type conversions (timestamp-millis -> Instant).
    SpecificData model = SpecificData.getForClass(type);
    this.schema = model.getSchema(type);
    this.fingerprint = SchemaNormalization.parsingFingerprint64(schema);
    this.encoder = new BinaryMessageEncoder<>(model, schema);
    this.decoder = new BinaryMessageDecoder<>(model, schema, store);
  }

  /** The codec of {@code pulse.clicks.v1} records. */
  public static WireCodec<ClickEvent> clicks() {
    return of(ClickEvent.class);
  }

  /** The codec of {@code pulse.posts.v1} records. */
  public static WireCodec<PostEvent> posts() {
    return of(PostEvent.class);
  }

  /** The codec of {@code pulse.deadletter.v1} records. */
  public static WireCodec<DeadLetter> deadLetters() {
    return of(DeadLetter.class);
  }

  /** The codec of {@code pulse.erasure.v1} records. */
  public static WireCodec<ErasureRequest> erasureRequests() {
    return of(ErasureRequest.class);
  }

  /**
   * The codec of a generated record type, decoding every version in {@link SchemaHistory#get()}.
   */
  public static <T extends SpecificRecord> WireCodec<T> of(Class<T> type) {
    return new WireCodec<>(type, SchemaHistory.get(), DEFAULT_MAX_BYTES);
  }

  /**
   * The codec of a generated record type that looks writer schemas up in {@code store} (tests use
   * this to register versions that were never released).
   */
  public static <T extends SpecificRecord> WireCodec<T> of(Class<T> type, SchemaStore store) {
    return new WireCodec<>(type, store, DEFAULT_MAX_BYTES);
  }

  /** This codec with another payload limit, in bytes; larger payloads decode as OVERSIZED. */
  public WireCodec<T> withMaxBytes(int maxBytes) {
    return new WireCodec<>(type, store, maxBytes);
  }

  /** The largest payload, in bytes, this codec decodes. */
  public int maxBytes() {
    return maxBytes;
  }

  /** The reader (current) schema. */
  public Schema schema() {
    return schema;
  }

  /** The CRC-64-AVRO fingerprint that {@link #encode} writes. */
  public long fingerprint() {
    return fingerprint;
  }

  /**
   * Encodes {@code record} with the current schema.
   *
   * @throws IllegalArgumentException when Avro cannot write the record (e.g. a required field is
   *     null); the message names the field
   */
  public byte[] encode(T record) {
    Objects.requireNonNull(record, "record");
    try {
      ByteBuffer buffer = encoder.encode(record);
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot encode " + schema.getName() + ": " + e.getMessage(), e);
    }
  }

  /** Decodes one message; never throws, whatever {@code bytes} holds (null included). */
  public Decoded<T> decode(byte[] bytes) {
    Optional<Rejection> framing = checkFraming(bytes);
    if (framing.isPresent()) {
      return Decoded.rejected(framing.get());
    }
    try {
      return Decoded.of(decoder.decode(bytes));
    } catch (IOException | RuntimeException e) {
      // checkFraming walked the body already, so this is a resolution or value error.
      return Decoded.rejected(
          Rejection.of(
              RejectReason.CORRUPT_BODY,
              "cannot decode %s body: %s",
              schema.getName(),
              describe(e)));
    }
  }

  /**
   * Decodes one message and, when it decodes, validates it: the one call a deserializer needs.
   * Never throws.
   */
  public Decoded<T> decode(byte[] bytes, EventValidator validator) {
    Decoded<T> decoded = decode(bytes);
    if (!decoded.ok()) {
      return decoded;
    }
    T value = decoded.value();
    return validator
        .validate(value)
        .<Decoded<T>>map(
            rejection ->
                Decoded.rejected(
                    rejection,
                    RecordIds.string(value, EventValidator.COMMUNITY_ID),
                    RecordIds.string(value, EventValidator.EVENT_ID)))
        .orElse(decoded);
  }

  /** Everything short of materialising the record: size, magic, fingerprint, body structure. */
  private Optional<Rejection> checkFraming(byte[] bytes) {
    String name = schema.getName();
    if (bytes == null || bytes.length == 0) {
      return Optional.of(
          Rejection.of(
              RejectReason.BAD_MAGIC,
              "empty %s record (%s): expected a single-object-encoded Avro record starting with"
                  + " C3 01",
              name,
              bytes == null ? "null value" : "0 bytes"));
    }
    if (bytes.length > maxBytes) {
      return Optional.of(
          Rejection.of(
              RejectReason.OVERSIZED,
              "%s record is %d bytes, more than the maximum of %d bytes",
              name,
              bytes.length,
              maxBytes));
    }
    if (bytes.length < MAGIC.length || bytes[0] != MAGIC[0] || bytes[1] != MAGIC[1]) {
      return Optional.of(
          Rejection.of(
              RejectReason.BAD_MAGIC,
              "%s record does not start with the single-object marker C3 01: first bytes are %s",
              name,
              Excerpts.hex(bytes)));
    }
    if (bytes.length < HEADER_LENGTH) {
      return Optional.of(
          Rejection.of(
              RejectReason.CORRUPT_BODY,
              "%s record is truncated: %d bytes, the header alone (C3 01 + 8-byte fingerprint) is"
                  + " %d",
              name,
              bytes.length,
              HEADER_LENGTH));
    }
    long writerFingerprint =
        ByteBuffer.wrap(bytes, MAGIC.length, Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).getLong();
    Schema writer = writerfor(writerFingerprint);
    if (writer == null) {
      return Optional.of(
          Rejection.of(
              RejectReason.UNKNOWN_SCHEMA,
              "unknown writer schema fingerprint %s: not a released version of %s (or of any"
                  + " schema in this build)",
              Excerpts.fingerprint(writerFingerprint),
              name));
    }
    if (!writer.getFullName().equals(schema.getFullName())
        && !schema.getAliases().contains(writer.getFullName())) {
      return Optional.of(
          Rejection.of(
              RejectReason.UNKNOWN_SCHEMA,
              "writer schema fingerprint %s is %s, not %s: wrong topic?",
              Excerpts.fingerprint(writerFingerprint),
              writer.getFullName(),
              schema.getFullName()));
    }
    return checkBody(bytes, writer);
  }

  private Schema writerfor(long writerFingerprint) {
    if (writerFingerprint == fingerprint) {
      return schema;
    }
    try {
      return store.findByFingerprint(writerFingerprint);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * Walks the body with Avro's {@code skip}, which checks every length against the bytes present
   * without allocating, and requires the record to end exactly at the end of the message.
   */
  private Optional<Rejection> checkBody(byte[] bytes, Schema writer) {
    BinaryDecoder in =
        DecoderFactory.get()
            .binaryDecoder(bytes, HEADER_LENGTH, bytes.length - HEADER_LENGTH, null);
    try {
      GenericDatumReader.skip(writer, in);
      if (!in.isEnd()) {
        int trailing = in.inputStream().available();
        return Optional.of(
            Rejection.of(
                RejectReason.CORRUPT_BODY,
                "%s record has %d unexpected bytes after the end of the body (%d bytes in all)",
                schema.getName(),
                trailing,
                bytes.length));
      }
      return Optional.empty();
    } catch (EOFException e) {
      return Optional.of(
          Rejection.of(
              RejectReason.CORRUPT_BODY,
              "%s body is truncated: the %s schema needs more than the %d bytes present",
              schema.getName(),
              writer.getName(),
              bytes.length - HEADER_LENGTH));
    } catch (IOException | RuntimeException e) {
      return Optional.of(
          Rejection.of(
              RejectReason.CORRUPT_BODY, "%s body is corrupt: %s", schema.getName(), describe(e)));
    }
  }

  private static String describe(Throwable e) {
    StringBuilder out = new StringBuilder();
    for (Throwable t = e; t != null && out.length() < 400; t = t.getCause()) {
      if (!out.isEmpty()) {
        out.append(": ");
      }
      out.append(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
    }
    return out.length() > 400 ? out.substring(0, 400) + "..." : out.toString();
  }

  @Override
  public String toString() {
    return "WireCodec[" + schema.getName() + ", maxBytes=" + maxBytes + "]";
  }
}
