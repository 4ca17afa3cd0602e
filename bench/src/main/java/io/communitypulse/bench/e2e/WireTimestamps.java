package io.communitypulse.bench.e2e;

import io.communitypulse.events.ClickEvent;
import io.communitypulse.events.PostEvent;
import io.communitypulse.wire.WireCodec;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Reads and rewrites the {@code occurred_at} of a ClickEvent or PostEvent in its wire form (Avro
 * single-object encoding) without decoding it. The end-to-end benchmark encodes the simulator's
 * events ahead of time and dates each one the moment it is produced, so the job sees a live site;
 * re-encoding every event on the producer thread would spend the CPU the job is being measured on.
 *
 * <p>It relies on both schemas opening with {@code event_id} (string), {@code community_id}
 * (string), {@code occurred_at} (long, timestamp-millis): in Avro binary a string is a zig-zag
 * varint length and its bytes, a long a zig-zag varint, so the timestamp is found by skipping two
 * strings after the header. The class checks that field order when it loads and refuses to run if a
 * schema changed it.
 */
public final class WireTimestamps {

  static {
    requireLeadingFields(ClickEvent.getClassSchema());
    requireLeadingFields(PostEvent.getClassSchema());
  }

  private WireTimestamps() {}

  /** The {@code occurred_at} of an encoded event, in epoch milliseconds. */
  public static long occurredAt(byte[] wire) {
    int at = timestampOffset(wire);
    return zigZagDecode(readVarint(wire, at));
  }

  /**
   * A copy of {@code wire} whose {@code occurred_at} is {@code epochMillis}; all else unchanged.
   */
  public static byte[] withOccurredAt(byte[] wire, long epochMillis) {
    int at = timestampOffset(wire);
    int oldLength = varintLength(wire, at);
    byte[] value = new byte[10];
    int newLength = writeVarint(zigZagEncode(epochMillis), value);
    byte[] out = new byte[wire.length - oldLength + newLength];
    System.arraycopy(wire, 0, out, 0, at);
    System.arraycopy(value, 0, out, at, newLength);
    System.arraycopy(wire, at + oldLength, out, at + newLength, wire.length - at - oldLength);
    return out;
  }

  /** Where the varint of {@code occurred_at} starts: after the header and two strings. */
  private static int timestampOffset(byte[] wire) {
    if (wire.length < WireCodec.HEADER_LENGTH
        || wire[0] != WireCodec.MAGIC[0]
        || wire[1] != WireCodec.MAGIC[1]) {
      throw new IllegalArgumentException("not an Avro single-object encoded message");
    }
    int at = WireCodec.HEADER_LENGTH;
    for (int field = 0; field < 2; field++) {
      long length = zigZagDecode(readVarint(wire, at));
      at += varintLength(wire, at);
      if (length < 0 || at + length > wire.length) {
        throw new IllegalArgumentException("truncated message: string field " + field);
      }
      at += (int) length;
    }
    return at;
  }

  private static long readVarint(byte[] wire, int at) {
    long value = 0;
    int shift = 0;
    for (int i = at; i < wire.length && shift < 64; i++, shift += 7) {
      value |= (long) (wire[i] & 0x7F) << shift;
      if ((wire[i] & 0x80) == 0) {
        return value;
      }
    }
    throw new IllegalArgumentException("truncated or overlong varint at byte " + at);
  }

  private static int varintLength(byte[] wire, int at) {
    for (int i = at; i < wire.length && i - at < 10; i++) {
      if ((wire[i] & 0x80) == 0) {
        return i - at + 1;
      }
    }
    throw new IllegalArgumentException("truncated or overlong varint at byte " + at);
  }

  private static int writeVarint(long value, byte[] into) {
    int n = 0;
    long v = value;
    while ((v & ~0x7FL) != 0) {
      into[n++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    into[n++] = (byte) v;
    return n;
  }

  private static long zigZagEncode(long n) {
    return (n << 1) ^ (n >> 63);
  }

  private static long zigZagDecode(long n) {
    return (n >>> 1) ^ -(n & 1);
  }

  private static void requireLeadingFields(Schema schema) {
    List<Schema.Field> fields = schema.getFields();
    boolean ok =
        fields.size() >= 3
            && fields.get(0).name().equals("event_id")
            && fields.get(0).schema().getType() == Schema.Type.STRING
            && fields.get(1).name().equals("community_id")
            && fields.get(1).schema().getType() == Schema.Type.STRING
            && fields.get(2).name().equals("occurred_at")
            && fields.get(2).schema().getType() == Schema.Type.LONG;
    if (!ok) {
      throw new IllegalStateException(
          schema.getFullName()
              + " no longer opens with event_id, community_id, occurred_at:"
              + " WireTimestamps must be adapted");
    }
  }
}
