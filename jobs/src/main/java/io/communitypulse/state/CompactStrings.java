package io.communitypulse.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Nullable strings as a varint length and their UTF-8 bytes, in one bulk write. Flink's own {@code
 * StringSerializer} writes one call per character; for the id- and URL-heavy types the job keeps in
 * state and sends between stages that per-character work dominated serialization (checkpoints
 * especially), while {@link String#getBytes} on the ASCII ids here is a plain array copy.
 */
public final class CompactStrings {

  private CompactStrings() {}

  /** Writes {@code s} (or null) to {@code out}. */
  public static void write(String s, DataOutputView out) throws IOException {
    if (s == null) {
      out.writeByte(0);
      return;
    }
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    // Length + 1, so that 0 can mean null.
    Varints.write(bytes.length + 1, out);
    out.write(bytes);
  }

  /** Reads what {@link #write} wrote. */
  public static String read(DataInputView in) throws IOException {
    int lengthPlusOne = Varints.read(in);
    if (lengthPlusOne == 0) {
      return null;
    }
    byte[] bytes = new byte[lengthPlusOne - 1];
    in.readFully(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
