package io.communitypulse.identity;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * Identity stitching (docs/semantics.md, "Identity stitching") as a pure function: who each click
 * of one device belongs to, given the device's clicks in {@link TimelineClick#ORDER}. A binding
 * click belongs to its own member. An unbound click belongs
 *
 * <ol>
 *   <li>to the member of the next binding click when every consecutive gap from the click to that
 *       binding, the last one included, is strictly under the session gap and the binding is less
 *       than the maximum session length after the click (the cap keeps the stitcher's state
 *       bounded), even if another member bound the device earlier;
 *   <li>otherwise to the member of the latest earlier binding, if that binding is less than the
 *       binding TTL older than the click (shared devices: the latest binding wins; a sign-in stops
 *       claiming a device's later clicks after the TTL);
 *   <li>otherwise to nobody (a visitor: {@code null} here).
 * </ol>
 *
 * <p>{@link #assign} works on a contiguous slice of the timeline so that the stitcher can recompute
 * only what a new click may change: the answer is exact for every click of the slice when {@code
 * before} is the latest binding preceding the slice and every click's next binding is in the slice
 * or at least the maximum session length after it (for instance, the slice ends at a binding or at
 * the device's last click).
 */
public final class StitchingRules implements Serializable {
  private static final long serialVersionUID = 1L;

  private final long sessionGapMs;
  private final long maxSessionLengthMs;
  private final long bindingTtlMs;

  public StitchingRules(Duration sessionGap, Duration maxSessionLength, Duration bindingTtl) {
    this.sessionGapMs = positiveMillis(sessionGap, "sessionGap");
    this.maxSessionLengthMs = positiveMillis(maxSessionLength, "maxSessionLength");
    this.bindingTtlMs = positiveMillis(bindingTtl, "bindingTtl");
  }

  /**
   * The member of each click of {@code slice} (sorted), null for a visitor, in slice order.
   *
   * @param before the latest binding preceding the slice, or null if there is none
   */
  public String[] assign(TimelineClick before, List<? extends TimelineClick> slice) {
    int n = slice.size();
    String[] members = new String[n];

    // Forward pass, rule 2: the latest binding at or before each click.
    TimelineClick[] latestBefore = new TimelineClick[n];
    TimelineClick latest = before;
    for (int i = 0; i < n; i++) {
      TimelineClick c = slice.get(i);
      if (c.isBinding()) {
        latest = c;
      }
      latestBefore[i] = latest;
    }

    // Backward pass, rule 1: the binding that ends the unbroken run a click is in, if any.
    TimelineClick runEnd = null;
    for (int i = n - 1; i >= 0; i--) {
      TimelineClick c = slice.get(i);
      if (c.isBinding()) {
        members[i] = c.boundMemberId();
        runEnd = c;
        continue;
      }
      if (runEnd != null
          && (slice.get(i + 1).timestamp() - c.timestamp() >= sessionGapMs
              || runEnd.timestamp() - c.timestamp() >= maxSessionLengthMs)) {
        // Once broken, the run cannot resume further back: the gap or the distance only grows.
        runEnd = null;
      }
      if (runEnd != null) {
        members[i] = runEnd.boundMemberId();
      } else if (latestBefore[i] != null
          && c.timestamp() - latestBefore[i].timestamp() < bindingTtlMs) {
        members[i] = latestBefore[i].boundMemberId();
      } // else rule 3: a visitor.
    }
    return members;
  }

  /** Convenience for a device's whole timeline. */
  public String[] assignAll(List<? extends TimelineClick> sortedTimeline) {
    return assign(null, sortedTimeline);
  }

  long maxSessionLengthMs() {
    return maxSessionLengthMs;
  }

  long bindingTtlMs() {
    return bindingTtlMs;
  }

  private static long positiveMillis(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
    }
    return d.toMillis();
  }

  @Override
  public String toString() {
    return "StitchingRules{sessionGap="
        + Duration.ofMillis(sessionGapMs)
        + ", maxSessionLength="
        + Duration.ofMillis(maxSessionLengthMs)
        + ", bindingTtl="
        + Duration.ofMillis(bindingTtlMs)
        + "}";
  }
}
