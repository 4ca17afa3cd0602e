package io.communitypulse.wire;

import java.util.HexFormat;

/**
 * Renders untrusted values for rejection messages: quoted, with control characters escaped and cut
 * to a fixed length, so that a multi-megabyte or binary payload never ends up verbatim in a dead
 * letter's message or a log line.
 */
final class Excerpts {

  /** Longest value quoted in a message, in characters. */
  static final int MAX_QUOTED_CHARS = 80;

  /** Most bytes shown in hex in a message. */
  static final int MAX_HEX_BYTES = 16;

  private Excerpts() {}

  /** The value in double quotes, escaped and truncated; {@code null} for a null value. */
  static String quote(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_QUOTED_CHARS) + 16);
    out.append('"');
    int shown = Math.min(value.length(), MAX_QUOTED_CHARS);
    for (int i = 0; i < shown; i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
    if (value.length() > shown) {
      out.append("... (").append(value.length()).append(" chars)");
    }
    return out.toString();
  }

  /** The first bytes in hex, e.g. {@code 7b 22 6b ... (123 bytes)}. */
  static String hex(byte[] bytes) {
    int shown = Math.min(bytes.length, MAX_HEX_BYTES);
    String hex = HexFormat.ofDelimiter(" ").formatHex(bytes, 0, shown);
    return bytes.length > shown ? hex + " ... (" + bytes.length + " bytes)" : hex;
  }

  /** A fingerprint as the 16-digit hex form of the CRC-64-AVRO value. */
  static String fingerprint(long fingerprint) {
    return String.format("0x%016x", fingerprint);
  }

  /**
   * The UTF-8 length of {@code text}, or any value above {@code limit} once it is known to exceed
   * it (so checking a huge line against the limit costs no more than the limit).
   */
  static long utf8Length(CharSequence text, long limit) {
    long bytes = 0;
    for (int i = 0; i < text.length() && bytes <= limit; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
