package io.communitypulse.identity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.ValueState;

/**
 * The clicks the stitcher still remembers for the current device, read from and written back to
 * keyed state for one call. Clicks live in {@link ClickBucket}s of {@link #BUCKET_WIDTH} of event
 * time, one map-state entry each, listed by a {@link BucketIndex}; buckets are loaded only when
 * touched and only changed buckets are written back by {@link #flush}. Positions are (bucket,
 * offset) pairs in {@link TimelineClick#ORDER}.
 */
final class DeviceTimeline {

  /**
   * Width of one bucket. Part of the state layout: changing it needs a state migration. Small
   * enough that appending a click rewrites little, large enough that the index stays short.
   */
  static final Duration BUCKET_WIDTH = Duration.ofMinutes(10);

  static final long BUCKET_WIDTH_MS = BUCKET_WIDTH.toMillis();

  /** Where a click is: bucket position in the index, offset in the bucket. */
  record Position(int bucket, int offset) {}

  private final MapState<Long, ClickBucket> store;
  private final BucketIndex index;
  private boolean indexChanged;
  private final Map<Long, ClickBucket> loaded = new HashMap<>();
  private final Set<Long> changed = new HashSet<>();

  DeviceTimeline(BucketIndex storedIndex, MapState<Long, ClickBucket> store) {
    this.index = storedIndex != null ? storedIndex : new BucketIndex();
    this.store = store;
  }

  static long bucketStart(long timestamp) {
    return Math.floorDiv(timestamp, BUCKET_WIDTH_MS) * BUCKET_WIDTH_MS;
  }

  boolean isEmpty() {
    return index.size() == 0;
  }

  boolean hasBucket(long start) {
    return index.find(start) >= 0;
  }

  StitchedClick get(Position p) {
    return bucket(p.bucket()).clicks.get(p.offset());
  }

  /** The click at {@code p} was changed in place and must be written back. */
  void markChanged(Position p) {
    changed.add(index.starts[p.bucket()]);
  }

  /**
   * Inserts {@code click} in order. Returns its position, or null when a click with the same time
   * and event id is already there (a replayed duplicate: nothing to do).
   */
  Position insert(StitchedClick click) {
    long start = bucketStart(click.timestamp());
    int b = index.find(start);
    if (b < 0) {
      b = -b - 1;
      index.insert(b, start);
      indexChanged = true;
      loaded.put(start, new ClickBucket());
    }
    List<StitchedClick> clicks = bucket(b).clicks;
    int lo = 0;
    int hi = clicks.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      int cmp = TimelineClick.ORDER.compare(clicks.get(mid), click);
      if (cmp == 0) {
        return null;
      } else if (cmp < 0) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    clicks.add(lo, click);
    changed.add(start);
    if (click.isBinding() && !index.withBinding[b]) {
      index.withBinding[b] = true;
      indexChanged = true;
    }
    return new Position(b, lo);
  }

  /**
   * The latest binding strictly before {@code p}, else {@code anchor} (which precedes them all).
   */
  TimelineClick latestBindingBefore(Position p, Binding anchor) {
    List<StitchedClick> home = bucket(p.bucket()).clicks;
    for (int i = p.offset() - 1; i >= 0; i--) {
      if (home.get(i).isBinding()) {
        return home.get(i);
      }
    }
    for (int b = p.bucket() - 1; b >= 0; b--) {
      if (index.withBinding[b]) {
        List<StitchedClick> clicks = bucket(b).clicks;
        for (int i = clicks.size() - 1; i >= 0; i--) {
          if (clicks.get(i).isBinding()) {
            return clicks.get(i);
          }
        }
      }
    }
    return anchor;
  }

  /**
   * The first binding strictly after {@code p} if it happened before {@code beforeTs}, else null.
   */
  Position firstBindingAfter(Position p, long beforeTs) {
    for (int b = p.bucket(); b < index.size() && index.starts[b] < beforeTs; b++) {
      if (!index.withBinding[b]) {
        continue; // no need to load it
      }
      List<StitchedClick> clicks = bucket(b).clicks;
      for (int i = b == p.bucket() ? p.offset() + 1 : 0; i < clicks.size(); i++) {
        if (clicks.get(i).isBinding()) {
          return clicks.get(i).timestamp() < beforeTs ? new Position(b, i) : null;
        }
      }
    }
    return null;
  }

  /** The device's last click; the timeline must not be empty. */
  Position last() {
    int b = index.size() - 1;
    return new Position(b, bucket(b).clicks.size() - 1);
  }

  /**
   * Positions, in order, of the clicks later than {@code afterTs}, after {@code after} (if not
   * null) and not after {@code last}.
   */
  List<Position> slice(long afterTs, TimelineClick after, Position last) {
    List<Position> out = new ArrayList<>();
    for (int b = 0; b <= last.bucket(); b++) {
      long bucketEnd = index.starts[b] + BUCKET_WIDTH_MS - 1;
      if (bucketEnd <= afterTs || (after != null && bucketEnd < after.timestamp())) {
        continue; // every click of this bucket is too early: do not load it
      }
      List<StitchedClick> clicks = bucket(b).clicks;
      int end = b == last.bucket() ? last.offset() : clicks.size() - 1;
      for (int i = 0; i <= end; i++) {
        StitchedClick c = clicks.get(i);
        if (c.timestamp() > afterTs
            && (after == null || TimelineClick.ORDER.compare(c, after) > 0)) {
          out.add(new Position(b, i));
        }
      }
    }
    return out;
  }

  /**
   * Forgets the buckets starting at or before {@code lastStart} and returns the latest binding they
   * held, or null.
   */
  Binding forgetThrough(long lastStart) throws Exception {
    int count = 0;
    Binding latest = null;
    while (count < index.size() && index.starts[count] <= lastStart) {
      long start = index.starts[count];
      if (index.withBinding[count]) {
        List<StitchedClick> clicks = bucket(count).clicks;
        for (int i = clicks.size() - 1; i >= 0; i--) {
          if (clicks.get(i).isBinding()) {
            latest = Binding.of(clicks.get(i));
            break;
          }
        }
      }
      store.remove(start);
      loaded.remove(start);
      changed.remove(start);
      count++;
    }
    if (count > 0) {
      index.removeFirst(count);
      indexChanged = true;
    }
    return latest;
  }

  /** Writes back the changed buckets and, if it changed, the index (cleared when empty). */
  void flush(ValueState<BucketIndex> indexState) throws Exception {
    for (long start : changed) {
      store.put(start, loaded.get(start));
    }
    changed.clear();
    if (indexChanged) {
      if (isEmpty()) {
        indexState.clear();
      } else {
        indexState.update(index);
      }
      indexChanged = false;
    }
  }

  private ClickBucket bucket(int position) {
    long start = index.starts[position];
    ClickBucket bucket = loaded.get(start);
    if (bucket == null) {
      try {
        bucket = store.get(start);
      } catch (Exception e) {
        throw new IllegalStateException("cannot read click bucket " + start, e);
      }
      if (bucket == null) {
        throw new IllegalStateException("click bucket " + start + " is indexed but missing");
      }
      loaded.put(start, bucket);
    }
    return bucket;
  }
}
