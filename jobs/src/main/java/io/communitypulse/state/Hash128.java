package io.communitypulse.state;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The 128-bit MurmurHash3 (x64 variant, seed 0) of some bytes: what the job keeps instead of a
 * value it only needs to recognise (an event id in the duplicate filter, the last document written
 * for a member).
 *
 * <p>The function is fixed by the state it is kept in: changing it would make every hash kept in a
 * checkpoint unrecognisable. It is the standard algorithm, checked in tests against published
 * values and another implementation.
 */
public final class Hash128 {
  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long C1 = 0x87c37b91114253d5L;
  private static final long C2 = 0x4cf5ad432745937fL;

  public final long hi;
  public final long lo;

  private Hash128(long hi, long lo) {
    this.hi = hi;
    this.lo = lo;
  }

  public static Hash128 of(byte[] data) {
    int length = data.length;
    long h1 = 0;
    long h2 = 0;
    int blocks = length >>> 4;
    for (int i = 0; i < blocks; i++) {
      long k1 = (long) LONG_LE.get(data, i << 4);
      long k2 = (long) LONG_LE.get(data, (i << 4) + 8);
      h1 ^= mixK1(k1);
      h1 = Long.rotateLeft(h1, 27) + h2;
      h1 = h1 * 5 + 0x52dce729;
      h2 ^= mixK2(k2);
      h2 = Long.rotateLeft(h2, 31) + h1;
      h2 = h2 * 5 + 0x38495ab5;
    }
    int tail = blocks << 4;
    long k1 = 0;
    long k2 = 0;
    for (int i = length - 1; i >= tail + 8; i--) {
      k2 = (k2 << 8) | (data[i] & 0xFFL);
    }
    for (int i = Math.min(length, tail + 8) - 1; i >= tail; i--) {
      k1 = (k1 << 8) | (data[i] & 0xFFL);
    }
    if (length > tail + 8) {
      h2 ^= mixK2(k2);
    }
    if (length > tail) {
      h1 ^= mixK1(k1);
    }
    h1 ^= length;
    h2 ^= length;
    h1 += h2;
    h2 += h1;
    h1 = fmix64(h1);
    h2 = fmix64(h2);
    h1 += h2;
    h2 += h1;
    return new Hash128(h1, h2);
  }

  private static long mixK1(long k1) {
    return Long.rotateLeft(k1 * C1, 31) * C2;
  }

  private static long mixK2(long k2) {
    return Long.rotateLeft(k2 * C2, 33) * C1;
  }

  private static long fmix64(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }
}
