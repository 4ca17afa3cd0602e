package io.communitypulse.state;

import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Unsigned LEB128 ints, the length prefix of every compact state format here: 7 bits a byte, the
 * high bit set on every byte but the last, so lengths below 128 take one byte. Part of the state
 * format of {@link BulkWritingSerializer}, {@link BulkStringSerializer} and {@link CompactStrings}.
 */
final class Varints {

  private Varints() {}

  /** How many bytes {@code value} (not negative) takes. */
  static int size(int value) {
    int size = 1;
    while ((value & ~0x7F) != 0) {
      value >>>= 7;
      size++;
    }
    return size;
  }

  /** Writes {@code value} into {@code target} from {@code at}; returns the position after it. */
  static int write(int value, byte[] target, int at) {
    while ((value & ~0x7F) != 0) {
      target[at++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    target[at++] = (byte) value;
    return at;
  }

  static void write(int value, DataOutputView out) throws IOException {
    while ((value & ~0x7F) != 0) {
      out.writeByte((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    out.writeByte(value);
  }

  /** Reads a value written by {@link #write}; fails on more than 5 bytes or a negative value. */
  static int read(DataInputView in) throws IOException {
    int value = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      int b = in.readUnsignedByte();
      value |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        if (value < 0) {
          break;
        }
        return value;
      }
    }
    throw new IOException("Corrupt state: malformed length (varint)");
  }
}
