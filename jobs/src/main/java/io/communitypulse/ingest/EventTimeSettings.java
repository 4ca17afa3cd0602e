package io.communitypulse.ingest;

import java.io.Serializable;
import java.time.Duration;

/**
 * How the job reads event time ({@code events.*} options, docs/configuration.md): the watermark's
 * bounded out-of-orderness and idle timeout, how far behind the watermark an event may still
 * arrive, and how long an event id is remembered to drop its duplicates.
 *
 * @param outOfOrderness bounded out-of-orderness of the watermark
 * @param idleTimeout after this long without events a partition's watermark follows the wall clock
 * @param allowedLateness events further behind the watermark are dead letters ({@code LATE})
 * @param dedupWindow how long an event id is remembered
 */
public record EventTimeSettings(
    Duration outOfOrderness, Duration idleTimeout, Duration allowedLateness, Duration dedupWindow)
    implements Serializable {

  public EventTimeSettings {
    if (outOfOrderness.isNegative() || allowedLateness.isNegative()) {
      throw new IllegalArgumentException(
          "out-of-orderness and allowed lateness must not be negative");
    }
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("idle timeout must be positive, got " + idleTimeout);
    }
    if (dedupWindow.isNegative() || dedupWindow.isZero()) {
      throw new IllegalArgumentException("dedup window must be positive, got " + dedupWindow);
    }
  }
}
