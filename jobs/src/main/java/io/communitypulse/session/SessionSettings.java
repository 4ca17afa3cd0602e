package io.communitypulse.session;

import io.communitypulse.ingest.EventTimeSettings;
import java.io.Serializable;
import java.time.Duration;

/**
 * How visits are stitched to members and cut into sessions ({@code session.*} and {@code
 * identity.*} options, docs/configuration.md; the rules are docs/semantics.md, "Identity stitching"
 * and "Sessions").
 *
 * @param gap a session ends after this long without events
 * @param maxLength a session is split after this long
 * @param liveUpdateInterval the least event time between two documents of a still-open session
 * @param bindingTtl how long a sign-in claims a device's later clicks
 */
public record SessionSettings(
    Duration gap, Duration maxLength, Duration liveUpdateInterval, Duration bindingTtl)
    implements Serializable {

  public SessionSettings {
    if (gap.isNegative() || gap.isZero()) {
      throw new IllegalArgumentException("session gap must be positive, was " + gap);
    }
    if (maxLength.compareTo(gap) < 0) {
      throw new IllegalArgumentException(
          "max session length " + maxLength + " is shorter than the gap " + gap);
    }
    if (liveUpdateInterval.isNegative() || bindingTtl.isNegative()) {
      throw new IllegalArgumentException(
          "live update interval and binding TTL must not be negative");
    }
  }

  public SessionSettings withMaxLength(Duration length) {
    return new SessionSettings(gap, length, liveUpdateInterval, bindingTtl);
  }

  public SessionSettings withLiveUpdateInterval(Duration interval) {
    return new SessionSettings(gap, maxLength, interval, bindingTtl);
  }

  /**
   * How far behind the watermark a stitched event can reach the session stage: an input event may
   * be up to the allowed lateness behind, and a sign-in can then move the pre-sign-in pages before
   * it, up to one maximum session length earlier, to its member. Sessions must stay revisable that
   * long or a moved page would leave a stale visitor session behind.
   */
  public Duration stitchedEventLateness(EventTimeSettings eventTime) {
    return eventTime.allowedLateness().plus(maxLength);
  }

  /**
   * How far behind the watermark a revised session can still reach the indicator stages: a session
   * is revisable for the stitched-event lateness after it closes, which is a gap after its last
   * event, at most one maximum length after its start, and it counts on its start day
   * (docs/semantics.md, "When a day is final").
   */
  public Duration signalLateness(EventTimeSettings eventTime) {
    return maxLength.plus(gap).plus(stitchedEventLateness(eventTime));
  }
}
