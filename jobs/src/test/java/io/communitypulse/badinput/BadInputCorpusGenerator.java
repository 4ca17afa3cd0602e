package io.communitypulse.badinput;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.ClickType;
import io.communitypulse.events.PostEvent;
import io.communitypulse.events.PostType;
import io.communitypulse.wire.JsonEventFormat;
import io.communitypulse.wire.WireCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;

/**
 * Wrote the committed {@link BadInputCorpus} once; kept so a new case is made the same way. Run it
 * from the {@code jobs} module with the test classpath ({@code java -cp target/test-classes:...
 * io.communitypulse.badinput.BadInputCorpusGenerator}); it rewrites every file and the manifest, so
 * review the diff: the committed bytes are the contract, not this code.
 *
 * <p>Every event of the corpus belongs to community {@code badinput} and is dated 2026-03-08 (LATE
 * cases: 2026-03-01), so it neither collides with nor moves the watermark of the good events an
 * integration test mixes it with.
 */
public final class BadInputCorpusGenerator {

  /** The corpus's own community. */
  public static final String COMMUNITY = "badinput";

  static final Instant AT = Instant.parse("2026-03-08T00:00:00Z");
  static final Instant LATE_AT = Instant.parse("2026-03-01T00:00:00Z");

  private final Path dir;
  private final List<String> manifest = new ArrayList<>();
  private final WireCodec<ClickEvent> clicks = WireCodec.clicks();
  private final WireCodec<PostEvent> posts = WireCodec.posts();
  private final JsonEventFormat json = new JsonEventFormat();
  private final ObjectMapper mapper = new ObjectMapper();

  private BadInputCorpusGenerator(Path dir) {
    this.dir = dir;
  }

  public static void main(String[] args) throws IOException {
    Path dir = args.length > 0 ? Path.of(args[0]) : BadInputCorpus.DIRECTORY;
    new BadInputCorpusGenerator(dir).write();
  }

  static ClickEvent click(String id) {
    return ClickEvent.newBuilder()
        .setEventId("corpus-click-" + id)
        .setCommunityId(COMMUNITY)
        .setOccurredAt(AT)
        .setAnonymousId("corpus-device-" + id)
        .setType(ClickType.PAGE_VIEW)
        .setUrl("https://badinput.example/t/" + id)
        .setUserAgent("CorpusAgent/1.0 (" + id + ")")
        .setIp("198.51.100.23")
        .build();
  }

  static PostEvent post(String id) {
    return PostEvent.newBuilder()
        .setEventId("corpus-post-" + id)
        .setCommunityId(COMMUNITY)
        .setOccurredAt(AT)
        .setMemberId("corpus-member-" + id)
        .setType(PostType.POST)
        .setContentId("corpus-content-" + id)
        .build();
  }

  private void write() throws IOException {
    Files.createDirectories(dir);
    manifest.add("# file\ttopic\texpected\twhat (see BadInputCorpus for the columns)");
    byte[] validClick = clicks.encode(click("framing"));
    byte[] validPost = posts.encode(post("framing"));

    // --- framing: what the codec refuses before it reads a field ---------------------------
    kafka(
        "garbage-text.bin",
        "clicks",
        "BAD_MAGIC",
        "plain text, not Avro",
        "not avro at all, just a line of text\n".getBytes(StandardCharsets.UTF_8));
    kafka("empty.bin", "posts", "BAD_MAGIC", "a record with an empty value", new byte[0]);
    kafka("random-bytes.bin", "posts", "BAD_MAGIC", "64 bytes of noise", noise(64, 0x5eed));
    byte[] wrongMagic = validClick.clone();
    wrongMagic[1] = 0x02;
    kafka(
        "wrong-magic.bin",
        "clicks",
        "BAD_MAGIC",
        "a valid click whose marker is C3 02 instead of C3 01",
        wrongMagic);
    byte[] unknownFingerprint = validClick.clone();
    ByteBuffer.wrap(unknownFingerprint, 2, 8)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putLong(0x0123456789abcdefL);
    kafka(
        "unknown-fingerprint.bin",
        "clicks",
        "UNKNOWN_SCHEMA",
        "a valid click body behind a writer-schema fingerprint no release has",
        unknownFingerprint);
    kafka(
        "post-on-clicks-topic.bin",
        "clicks",
        "UNKNOWN_SCHEMA",
        "a valid PostEvent produced to the clicks topic",
        validPost);
    kafka(
        "click-on-posts-topic.bin",
        "posts",
        "UNKNOWN_SCHEMA",
        "a valid ClickEvent produced to the posts topic",
        validClick);
    kafka(
        "truncated-header.bin",
        "clicks",
        "CORRUPT_BODY",
        "the marker and 3 of the 8 fingerprint bytes",
        Arrays.copyOf(validClick, 5));
    kafka(
        "truncated-click.bin",
        "clicks",
        "CORRUPT_BODY",
        "a valid click without its last 5 bytes",
        Arrays.copyOf(validClick, validClick.length - 5));
    kafka(
        "truncated-post.bin",
        "posts",
        "CORRUPT_BODY",
        "a valid post cut in the middle of its body",
        Arrays.copyOf(validPost, WireCodec.HEADER_LENGTH + (validPost.length - 10) / 2));
    byte[] trailing = Arrays.copyOf(validClick, validClick.length + 3);
    kafka(
        "trailing-bytes.bin",
        "clicks",
        "CORRUPT_BODY",
        "a valid click followed by 3 extra bytes",
        trailing);
    byte[] hugeLength = new byte[WireCodec.HEADER_LENGTH + 5];
    System.arraycopy(validClick, 0, hugeLength, 0, WireCodec.HEADER_LENGTH);
    // event_id's length as a zig-zag varint of ~2^31: the decoder must not allocate it.
    byte[] varint = {(byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f};
    System.arraycopy(varint, 0, hugeLength, WireCodec.HEADER_LENGTH, varint.length);
    kafka(
        "huge-length-prefix.bin",
        "clicks",
        "CORRUPT_BODY",
        "event_id claims to be 2 GiB long in a 15-byte record",
        hugeLength);

    // --- required fields: one case per field of each record ---------------------------------
    for (String field : List.of("event_id", "community_id", "anonymous_id")) {
      ClickEvent event = click("missing-" + field);
      event.put(event.getSchema().getField(field).pos(), "");
      kafka(
          "click-missing-" + field + ".bin",
          "clicks",
          "MISSING_FIELD",
          "click with an empty " + field + " (the binary form's only way to leave a string out)",
          clicks.encode(event));
    }
    for (String field : List.of("event_id", "community_id", "member_id", "content_id")) {
      PostEvent event = post("missing-" + field);
      event.put(event.getSchema().getField(field).pos(), "");
      kafka(
          "post-missing-" + field + ".bin",
          "posts",
          "MISSING_FIELD",
          "post with an empty " + field,
          posts.encode(event));
    }
    for (String field : List.of("occurred_at", "type")) {
      kafka(
          "click-without-" + field + ".bin",
          "clicks",
          "CORRUPT_BODY",
          "a producer that left "
              + field
              + " out of the body but kept the header: binary Avro has no absent fields, so the"
              + " body no longer fits the schema",
          withoutField(click("without-" + field), field));
      kafka(
          "post-without-" + field + ".bin",
          "posts",
          "CORRUPT_BODY",
          "a producer that left " + field + " out of the body but kept the header",
          withoutField(post("without-" + field), field));
    }
    for (String field :
        List.of("event_id", "community_id", "occurred_at", "anonymous_id", "type")) {
      replayLine(
          "line-click-without-" + field + ".jsonl",
          "MISSING_FIELD",
          "a JSON click line without " + field,
          withoutKey(click("line-without-" + field), field));
    }
    for (String field :
        List.of("event_id", "community_id", "occurred_at", "member_id", "type", "content_id")) {
      replayLine(
          "line-post-without-" + field + ".jsonl",
          "MISSING_FIELD",
          "a JSON post line without " + field,
          withoutKey(post("line-without-" + field), field));
    }

    // --- field values the validator refuses ---------------------------------------------------
    ClickEvent badCommunity = click("bad-community");
    badCommunity.setCommunityId("Bad Community!");
    kafka(
        "click-invalid-community-id.bin",
        "clicks",
        "INVALID_COMMUNITY_ID",
        "community_id with upper case, a space and '!'",
        clicks.encode(badCommunity));
    PostEvent longCommunity = post("long-community");
    longCommunity.setCommunityId("c".repeat(64));
    kafka(
        "post-community-id-too-long.bin",
        "posts",
        "INVALID_COMMUNITY_ID",
        "community_id of 64 characters (at most 63)",
        posts.encode(longCommunity));
    ClickEvent future = click("future");
    future.setOccurredAt(Instant.parse("2999-01-01T00:00:00Z"));
    kafka(
        "click-future.bin",
        "clicks",
        "FUTURE_TIMESTAMP",
        "occurred_at in 2999 (the check is against processing time, so the case stays future)",
        clicks.encode(future));
    PostEvent futurePost = post("future");
    futurePost.setOccurredAt(Instant.parse("2999-01-01T00:00:00Z"));
    kafka(
        "post-future.bin",
        "posts",
        "FUTURE_TIMESTAMP",
        "occurred_at in 2999",
        posts.encode(futurePost));
    ClickEvent ancient = click("ancient");
    ancient.setOccurredAt(Instant.parse("1999-12-31T23:59:59.999Z"));
    kafka(
        "click-ancient.bin",
        "clicks",
        "ANCIENT_TIMESTAMP",
        "occurred_at 1 ms before 2000-01-01",
        clicks.encode(ancient));
    PostEvent epoch = post("ancient");
    epoch.setOccurredAt(Instant.EPOCH);
    kafka(
        "post-ancient.bin",
        "posts",
        "ANCIENT_TIMESTAMP",
        "occurred_at 0 (1970), a producer that forgot to set it",
        posts.encode(epoch));
    ClickEvent big = click("oversized");
    byte[] bigBytes = padTo(big, WireCodec.DEFAULT_MAX_BYTES + 1);
    kafka(
        "oversized-click.bin.gz",
        "clicks",
        "OVERSIZED",
        "a well-formed click of 1 MiB + 1 byte (gzipped here; the topic must allow it)",
        bigBytes);

    // --- valid events the job drops or dead-letters later ---------------------------------------
    kafka(
        "duplicate-click.bin",
        "clicks",
        BadInputCorpus.DUPLICATE,
        "a valid click produced twice: the second copy is dropped and counted",
        clicks.encode(click("duplicate")));
    kafka(
        "duplicate-post.bin",
        "posts",
        BadInputCorpus.DUPLICATE,
        "a valid post produced twice",
        posts.encode(post("duplicate")));
    ClickEvent late = click("late");
    late.setOccurredAt(LATE_AT);
    kafka(
        "late-click.bin",
        "clicks",
        "LATE",
        "a valid click dated 2026-03-01, produced after days of later events in its partition",
        clicks.encode(late));
    PostEvent latePost = post("late");
    latePost.setOccurredAt(LATE_AT);
    kafka(
        "late-post.bin",
        "posts",
        "LATE",
        "a valid post dated 2026-03-01, produced after later events in its partition",
        posts.encode(latePost));
    ClickEvent immense = click("immense");
    immense.setAnonymousId("corpus-device-immense-" + "x".repeat(33_000));
    kafka(
        "es-immense-visitor-id.bin",
        "clicks",
        "REJECTED_BY_ELASTICSEARCH",
        "a valid anonymous click whose 33 kB anonymous_id makes the session's actor keyword longer"
            + " than Lucene's 32766-byte term limit: the job accepts it, Elasticsearch refuses the"
            + " session document",
        clicks.encode(immense));

    // --- JSON lines (./pulse replay), the only source of these reasons -------------------------
    String goodLine = json.toJson(click("line"));
    replayLine(
        "line-bad-json.jsonl",
        "BAD_JSON",
        "a JSON line cut in the middle",
        goodLine.substring(0, goodLine.length() / 2));
    replayLine("line-not-an-object.jsonl", "BAD_JSON", "a JSON array, not an object", "[1,2,3]");
    ObjectNode unknownKind = (ObjectNode) mapper.readTree(goodLine);
    unknownKind.put(JsonEventFormat.KIND, "pageview");
    replayLine(
        "line-unknown-kind.jsonl",
        "UNKNOWN_KIND",
        "kind 'pageview' (click or post expected)",
        mapper.writeValueAsString(unknownKind));
    ObjectNode unknownSymbol = (ObjectNode) mapper.readTree(goodLine);
    unknownSymbol.put("type", "TAP");
    replayLine(
        "line-unknown-symbol.jsonl",
        "UNKNOWN_SYMBOL",
        "click type TAP, not a ClickType",
        mapper.writeValueAsString(unknownSymbol));
    ObjectNode invalid = (ObjectNode) mapper.readTree(goodLine);
    invalid.put("occurred_at", "yesterday");
    replayLine(
        "line-invalid-field.jsonl",
        "INVALID_FIELD",
        "occurred_at 'yesterday', not an ISO-8601 time",
        mapper.writeValueAsString(invalid));

    manifest.add(
        "-\tnone\tOTHER\tno input produces it: only the defensive catch around a bug in the codec"
            + " or the JSON reader, which both promise never to throw");
    Files.write(dir.resolve(BadInputCorpus.MANIFEST), manifest, StandardCharsets.UTF_8);
  }

  private void kafka(String file, String topic, String expected, String what, byte[] bytes)
      throws IOException {
    if (file.endsWith(".gz")) {
      ByteArrayOutputStream gz = new ByteArrayOutputStream();
      try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
        out.write(bytes);
      }
      bytes = gz.toByteArray();
    }
    Files.write(dir.resolve(file), bytes);
    manifest.add(file + "\t" + topic + "\t" + expected + "\t" + what);
  }

  private void replayLine(String file, String expected, String what, String line)
      throws IOException {
    Files.writeString(dir.resolve(file), line + "\n", StandardCharsets.UTF_8);
    manifest.add(file + "\t" + BadInputCorpus.REPLAY_LINE + "\t" + expected + "\t" + what);
  }

  private String withoutKey(SpecificRecord event, String field) throws IOException {
    ObjectNode node = (ObjectNode) mapper.readTree(json.toJson(event));
    node.remove(field);
    return mapper.writeValueAsString(node);
  }

  /** The current header, then a body written with the schema minus {@code field}. */
  private static byte[] withoutField(SpecificRecord event, String field) throws IOException {
    Schema full = event.getSchema();
    List<Schema.Field> kept = new ArrayList<>();
    for (Schema.Field f : full.getFields()) {
      if (!f.name().equals(field)) {
        kept.add(new Schema.Field(f, f.schema()));
      }
    }
    Schema reduced = Schema.createRecord(full.getName(), null, full.getNamespace(), false, kept);
    GenericRecord record = new GenericData.Record(reduced);
    GenericData model = new GenericData();
    for (Schema.Field f : reduced.getFields()) {
      Object value = event.get(full.getField(f.name()).pos());
      if (value instanceof Enum<?> e) {
        value = new GenericData.EnumSymbol(f.schema(), e.name());
      } else if (value instanceof Instant i) {
        value = i.toEpochMilli();
      }
      record.put(f.name(), value);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] header =
        event instanceof ClickEvent c
            ? Arrays.copyOf(WireCodec.clicks().encode(c), WireCodec.HEADER_LENGTH)
            : Arrays.copyOf(WireCodec.posts().encode((PostEvent) event), WireCodec.HEADER_LENGTH);
    out.write(header);
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(reduced, model).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }

  /** The click encoded with a {@code padding} property sized so the whole is exactly {@code n}. */
  private byte[] padTo(ClickEvent event, int n) {
    int pad = n - clicks.encode(event).length - 16;
    while (true) {
      event.setProperties(Map.of("padding", "p".repeat(pad)));
      int length = clicks.encode(event).length;
      if (length == n) {
        return clicks.encode(event);
      }
      pad += n - length;
    }
  }

  private static byte[] noise(int n, long seed) {
    byte[] bytes = new byte[n];
    new java.util.Random(seed).nextBytes(bytes);
    bytes[0] = 0x42; // never the marker by chance
    return bytes;
  }
}
