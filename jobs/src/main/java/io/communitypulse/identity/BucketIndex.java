package io.communitypulse.identity;

import java.util.Arrays;

/**
 * The sorted start times of a device's non-empty {@link ClickBucket}s, each with a flag telling
 * whether it holds a binding click. Map state cannot be range-scanned portably, so this small index
 * lets the stitcher find neighbouring buckets and the nearest binding without loading every bucket.
 * A Flink POJO of primitive arrays.
 */
public class BucketIndex {
  public long[] starts = new long[0];
  public boolean[] withBinding = new boolean[0];

  public BucketIndex() {}

  int size() {
    return starts.length;
  }

  /** The position of the bucket starting at {@code start}, or {@code -(insertion point) - 1}. */
  int find(long start) {
    return Arrays.binarySearch(starts, start);
  }

  void insert(int position, long start) {
    long[] s = new long[starts.length + 1];
    boolean[] b = new boolean[s.length];
    System.arraycopy(starts, 0, s, 0, position);
    System.arraycopy(withBinding, 0, b, 0, position);
    s[position] = start;
    System.arraycopy(starts, position, s, position + 1, starts.length - position);
    System.arraycopy(withBinding, position, b, position + 1, starts.length - position);
    starts = s;
    withBinding = b;
  }

  void removeFirst(int count) {
    starts = Arrays.copyOfRange(starts, count, starts.length);
    withBinding = Arrays.copyOfRange(withBinding, count, withBinding.length);
  }
}
