package io.communitypulse.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.DeadLetter;
import io.communitypulse.events.ErasureRequest;
import io.communitypulse.events.PostEvent;
import io.communitypulse.events.RejectReason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WireCodecTest {

  private final WireCodec<ClickEvent> clicks = WireCodec.clicks();
  private final WireCodec<PostEvent> posts = WireCodec.posts();
  private final EventValidator validator = new EventValidator(TestEvents.CLOCK);

  // ---- encoding -------------------------------------------------------------------------------

  @Test
  void shouldWriteMagicThenLittleEndianFingerprintOfTheWriterSchema() {
    byte[] bytes = clicks.encode(TestEvents.minimalClick());

    long expected = SchemaNormalization.parsingFingerprint64(ClickEvent.getClassSchema());
    assertThat(bytes[0]).isEqualTo((byte) 0xC3);
    assertThat(bytes[1]).isEqualTo((byte) 0x01);
    assertThat(Arrays.copyOfRange(bytes, 2, 10)).isEqualTo(littleEndian(expected));
    assertThat(clicks.fingerprint()).isEqualTo(expected);
  }

  @Test
  void shouldWritePostFingerprintForPosts() {
    byte[] bytes = posts.encode(TestEvents.minimalPost());

    long expected = SchemaNormalization.parsingFingerprint64(PostEvent.getClassSchema());
    assertThat(Arrays.copyOfRange(bytes, 0, 2)).containsExactly(0xC3, 0x01);
    assertThat(Arrays.copyOfRange(bytes, 2, 10)).isEqualTo(littleEndian(expected));
  }

  @Test
  void shouldRefuseToEncodeARecordWithANullRequiredField() {
    ClickEvent click = TestEvents.minimalClick();
    click.put("anonymous_id", null);

    assertThatThrownBy(() -> clicks.encode(click))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("anonymous_id");
  }

  // ---- round trips ----------------------------------------------------------------------------

  @Test
  void shouldRoundTripAClickWithEveryField() {
    assertRoundTrip(clicks, TestEvents.fullClick());
  }

  @Test
  void shouldRoundTripAClickWithOnlyRequiredFields() {
    ClickEvent decoded = assertRoundTrip(clicks, TestEvents.minimalClick());
    assertThat(decoded.getMemberId()).isNull();
    assertThat(decoded.getProperties()).isEmpty();
  }

  @Test
  void shouldRoundTripAPostWithEveryField() {
    assertRoundTrip(posts, TestEvents.fullPost());
  }

  @Test
  void shouldRoundTripAPostWithOnlyRequiredFields() {
    PostEvent decoded = assertRoundTrip(posts, TestEvents.minimalPost());
    assertThat(decoded.getTags()).isEmpty();
    assertThat(decoded.getTargetMemberId()).isNull();
  }

  @Test
  void shouldRoundTripADeadLetter() {
    DeadLetter letter =
        DeadLetters.fromKafka(
            new byte[] {1, 2, 3},
            Topics.CLICKS,
            3,
            42L,
            new Rejection(RejectReason.BAD_MAGIC, "bad"),
            TestEvents.NOW,
            "acme",
            null);

    assertRoundTrip(WireCodec.deadLetters(), letter);
  }

  @Test
  void shouldRoundTripAnErasureRequest() {
    ErasureRequest decoded =
        assertRoundTrip(WireCodec.erasureRequests(), TestEvents.erasureRequest());

    assertThat(decoded.getRequestedAt()).isEqualTo(TestEvents.NOW);
    assertThat(decoded.getPseudonymized()).isFalse();
  }

  @Test
  void shouldNotDecodeAnErasureRequestAsAnEvent() {
    byte[] request = WireCodec.erasureRequests().encode(TestEvents.erasureRequest());

    Decoded<ClickEvent> decoded = clicks.decode(request);

    assertThat(decoded.ok()).isFalse();
    assertThat(decoded.rejection().reason()).isEqualTo(RejectReason.UNKNOWN_SCHEMA);
    assertThat(decoded.rejection().message()).contains("ErasureRequest", "wrong topic?");
  }

  @Test
  void shouldKeepOccurredAtToTheMillisecondAsAnInstant() {
    ClickEvent decoded = clicks.decode(clicks.encode(TestEvents.fullClick())).value();

    assertThat(decoded.getOccurredAt()).isEqualTo(TestEvents.OCCURRED_AT);
  }

  // ---- bad bytes ------------------------------------------------------------------------------

  @Test
  void shouldRejectNullBytesAsBadMagic() {
    assertRejected(clicks.decode(null), RejectReason.BAD_MAGIC).contains("null");
  }

  @Test
  void shouldRejectEmptyBytesAsBadMagic() {
    assertRejected(clicks.decode(new byte[0]), RejectReason.BAD_MAGIC).contains("0 bytes");
  }

  @Test
  void shouldRejectGarbageAsBadMagicShowingTheFirstBytes() {
    byte[] garbage = "{\"kind\":\"click\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    assertRejected(clicks.decode(garbage), RejectReason.BAD_MAGIC)
        .contains("C3 01")
        .contains("7b 22 6b");
  }

  @Test
  void shouldRejectAOneByteRecordAsBadMagic() {
    assertRejected(clicks.decode(new byte[] {(byte) 0xC3}), RejectReason.BAD_MAGIC);
  }

  @Test
  void shouldRejectWrongMagicAsBadMagic() {
    byte[] bytes = clicks.encode(TestEvents.minimalClick());
    bytes[1] = 0x02;

    assertRejected(clicks.decode(bytes), RejectReason.BAD_MAGIC).contains("c3 02");
  }

  @Test
  void shouldRejectAnUnknownFingerprintShowingItInHex() {
    byte[] bytes = clicks.encode(TestEvents.minimalClick());
    bytes[2] ^= 0x5A;
    long unknown = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();

    assertRejected(clicks.decode(bytes), RejectReason.UNKNOWN_SCHEMA)
        .contains(String.format("0x%016x", unknown));
  }

  @Test
  void shouldRejectARecordOfAnotherSchemaAsUnknownSchema() {
    byte[] post = posts.encode(TestEvents.minimalPost());

    assertRejected(clicks.decode(post), RejectReason.UNKNOWN_SCHEMA)
        .contains("io.communitypulse.events.PostEvent")
        .contains("ClickEvent");
  }

  @Test
  void shouldRejectATruncatedHeaderAsCorruptBody() {
    byte[] bytes = Arrays.copyOf(clicks.encode(TestEvents.minimalClick()), 6);

    assertRejected(clicks.decode(bytes), RejectReason.CORRUPT_BODY).contains("truncated");
  }

  @Test
  void shouldRejectATruncatedBodyAsCorruptBody() {
    byte[] full = clicks.encode(TestEvents.fullClick());
    byte[] bytes = Arrays.copyOf(full, full.length - 3);

    assertRejected(clicks.decode(bytes), RejectReason.CORRUPT_BODY).contains("truncated");
  }

  @Test
  void shouldRejectEveryPrefixOfAValidRecordWithoutThrowing() {
    byte[] full = posts.encode(TestEvents.fullPost());

    for (int length = 0; length < full.length; length++) {
      Decoded<PostEvent> decoded = posts.decode(Arrays.copyOf(full, length));
      assertThat(decoded.ok()).as("prefix of %d bytes", length).isFalse();
      assertThat(decoded.rejection().reason())
          .as("prefix of %d bytes", length)
          .isEqualTo(length < 2 ? RejectReason.BAD_MAGIC : RejectReason.CORRUPT_BODY);
    }
  }

  @Test
  void shouldRejectTrailingBytesAsCorruptBody() {
    byte[] full = clicks.encode(TestEvents.minimalClick());
    byte[] bytes = Arrays.copyOf(full, full.length + 2);

    assertRejected(clicks.decode(bytes), RejectReason.CORRUPT_BODY)
        .contains("2 unexpected bytes after the end");
  }

  @Test
  void shouldRejectAHugeStringLengthWithoutAllocatingIt() throws IOException {
    byte[] bytes = header(clicks.fingerprint(), out -> out.writeLong(Integer.MAX_VALUE - 16L));

    assertRejected(clicks.decode(bytes), RejectReason.CORRUPT_BODY);
  }

  @Test
  void shouldRejectAHugeMapCountWithoutAllocatingIt() throws IOException {
    byte[] bytes =
        header(
            clicks.fingerprint(),
            out -> {
              writeMinimalClickUpToProperties(out, 0);
              out.writeMapStart();
              out.setItemCount(Integer.MAX_VALUE - 16L);
              out.flush();
            });

    assertRejected(clicks.decode(bytes), RejectReason.CORRUPT_BODY);
  }

  @Test
  void shouldRejectANegativeStringLengthAsCorruptBody() throws IOException {
    byte[] bytes = header(clicks.fingerprint(), out -> out.writeLong(-5));

    assertRejected(clicks.decode(bytes), RejectReason.CORRUPT_BODY);
  }

  @Test
  void shouldRejectAnEnumIndexOutOfRangeAsCorruptBody() throws IOException {
    byte[] bytes =
        header(
            clicks.fingerprint(),
            out -> {
              writeMinimalClickUpToProperties(out, 99);
              out.writeMapStart();
              out.setItemCount(0);
              out.writeMapEnd();
            });

    assertRejected(clicks.decode(bytes), RejectReason.CORRUPT_BODY);
  }

  @Test
  void shouldAcceptTheHandWrittenBodyWhenTheEnumIndexIsValid() throws IOException {
    // Guards the test above: the same bytes with a valid index decode.
    byte[] bytes =
        header(
            clicks.fingerprint(),
            out -> {
              writeMinimalClickUpToProperties(out, 2);
              out.writeMapStart();
              out.setItemCount(0);
              out.writeMapEnd();
            });

    assertThat(clicks.decode(bytes).value().getType())
        .isEqualTo(io.communitypulse.events.ClickType.SEARCH);
  }

  @Test
  void shouldRejectAPayloadOverTheDefaultMaximumAsOversized() {
    ClickEvent click = TestEvents.minimalClick();
    Map<String, String> properties = new HashMap<>();
    properties.put("blob", "x".repeat(WireCodec.DEFAULT_MAX_BYTES));
    click.setProperties(properties);
    byte[] bytes = clicks.encode(click);

    assertRejected(clicks.decode(bytes), RejectReason.OVERSIZED)
        .contains(String.valueOf(bytes.length))
        .contains(String.valueOf(WireCodec.DEFAULT_MAX_BYTES));
  }

  @Test
  void shouldAcceptAPayloadOfExactlyTheMaximum() {
    byte[] bytes = clicks.encode(TestEvents.fullClick());

    assertThat(clicks.withMaxBytes(bytes.length).decode(bytes).ok()).isTrue();
    assertRejected(clicks.withMaxBytes(bytes.length - 1).decode(bytes), RejectReason.OVERSIZED);
  }

  @Test
  void shouldNeverThrowOnRandomOrMutatedInput() {
    Random random = new Random(20250601L);
    byte[] valid = clicks.encode(TestEvents.fullClick());
    for (int i = 0; i < 5_000; i++) {
      byte[] input;
      if (i % 2 == 0) {
        input = new byte[random.nextInt(64)];
        random.nextBytes(input);
      } else {
        input = valid.clone();
        // Keep the header so that the body decoder is exercised.
        int at = 10 + random.nextInt(input.length - 10);
        input[at] = (byte) random.nextInt(256);
      }
      Decoded<ClickEvent> decoded = clicks.decode(input);
      assertThat(decoded.ok() || decoded.rejection() != null).isTrue();
    }
  }

  // ---- decode then validate ------------------------------------------------------------------

  static Stream<Arguments> requiredStringFields() {
    return Stream.of(
        Arguments.of(TestEvents.fullClick(), "event_id"),
        Arguments.of(TestEvents.fullClick(), "community_id"),
        Arguments.of(TestEvents.fullClick(), "anonymous_id"),
        Arguments.of(TestEvents.fullPost(), "event_id"),
        Arguments.of(TestEvents.fullPost(), "community_id"),
        Arguments.of(TestEvents.fullPost(), "member_id"),
        Arguments.of(TestEvents.fullPost(), "content_id"));
  }

  @ParameterizedTest(name = "{1} of {0}")
  @MethodSource("requiredStringFields")
  void shouldRejectAnEmptyRequiredFieldOfABinaryRecordAsMissingField(
      SpecificRecord record, String field) {
    record.put(record.getSchema().getField(field).pos(), "");
    WireCodec<SpecificRecord> codec = codecFor(record);

    Decoded<SpecificRecord> decoded = codec.decode(codec.encode(record), validator);

    assertRejected(decoded, RejectReason.MISSING_FIELD).contains(field).contains("empty");
  }

  @Test
  void shouldKeepTheIdsOfARecordThatDecodedButFailedValidation() {
    ClickEvent click = TestEvents.fullClick();
    click.setCommunityId("Acme");

    Decoded<ClickEvent> decoded = clicks.decode(clicks.encode(click), validator);

    assertRejected(decoded, RejectReason.INVALID_COMMUNITY_ID).contains("\"Acme\"");
    assertThat(decoded.communityId()).contains("Acme");
    assertThat(decoded.eventId()).contains("c-1");
  }

  @Test
  void shouldPassAValidRecordThroughDecodeAndValidate() {
    ClickEvent click = TestEvents.fullClick();

    assertThat(clicks.decode(clicks.encode(click), validator).value()).isEqualTo(click);
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static <T extends SpecificRecord> T assertRoundTrip(WireCodec<T> codec, T record) {
    Decoded<T> decoded = codec.decode(codec.encode(record));
    assertThat(decoded.ok()).as("%s", decoded).isTrue();
    assertThat(decoded.value()).isEqualTo(record);
    return decoded.value();
  }

  static org.assertj.core.api.AbstractStringAssert<?> assertRejected(
      Decoded<?> decoded, RejectReason reason) {
    assertThat(decoded.ok()).as("expected a rejection, got %s", decoded).isFalse();
    assertThat(decoded.rejection().reason())
        .as("%s", decoded.rejection().message())
        .isEqualTo(reason);
    return assertThat(decoded.rejection().message());
  }

  @SuppressWarnings("unchecked")
  private static WireCodec<SpecificRecord> codecFor(SpecificRecord record) {
    return (WireCodec<SpecificRecord>) (WireCodec<?>) WireCodec.of(record.getClass());
  }

  private static byte[] littleEndian(long value) {
    return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
  }

  private interface BodyWriter {
    void write(BinaryEncoder out) throws IOException;
  }

  /** The C3 01 header with {@code fingerprint}, followed by a hand-written body. */
  private static byte[] header(long fingerprint, BodyWriter body) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(WireCodec.MAGIC);
    bytes.write(littleEndian(fingerprint));
    BinaryEncoder out = EncoderFactory.get().directBinaryEncoder(bytes, null);
    body.write(out);
    out.flush();
    return bytes.toByteArray();
  }

  /** ClickEvent fields in schema order, every nullable one null, up to (not incl.) properties. */
  private static void writeMinimalClickUpToProperties(BinaryEncoder out, int typeIndex)
      throws IOException {
    out.writeString("c-1");
    out.writeString("acme");
    out.writeLong(TestEvents.OCCURRED_AT.toEpochMilli());
    out.writeString("dev-1");
    out.writeIndex(0); // member_id: null
    out.writeEnum(typeIndex);
    for (int i = 0; i < 7; i++) {
      out.writeIndex(0); // url .. ip: null
    }
  }
}
