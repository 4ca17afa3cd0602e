package io.communitypulse.sink;

import java.time.Duration;

/**
 * Exponential back-off between attempts to send writes Elasticsearch could not take yet: the first
 * delay is {@code initial}, each next one doubles, capped at {@code max}; a fully acknowledged bulk
 * resets it.
 *
 * <p>No jitter: each committer backs off on its own schedule and the cap bounds the wait; the
 * delays stay predictable for operators and tests.
 */
final class RetryBackoff {

  private final long initialMillis;
  private final long maxMillis;
  private int attempt;

  RetryBackoff(Duration initial, Duration max) {
    this.initialMillis = initial.toMillis();
    this.maxMillis = max.toMillis();
  }

  /** The delay before the next attempt; each call grows the next one until the cap. */
  Duration nextDelay() {
    // Shift only while it cannot overflow; past that the cap applies anyway.
    long delay = attempt >= 30 ? maxMillis : Math.min(maxMillis, initialMillis << attempt);
    attempt++;
    return Duration.ofMillis(delay);
  }

  /** Called after a bulk without retryable failures. */
  void reset() {
    attempt = 0;
  }

  /** How many delays have been handed out since the last reset. */
  int attempts() {
    return attempt;
  }
}
