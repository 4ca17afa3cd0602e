package io.communitypulse.reference;

import io.communitypulse.config.PulseConfig;
import java.time.Duration;

/**
 * The settings the reference models read: the session and stitching rules, the allowed lateness and
 * {@code member.memory}. Only the durations come from the job's configuration; what follows from
 * them (when a day is final, when a member may be forgotten) is restated here from
 * docs/semantics.md.
 *
 * @param gap {@code session.gap}
 * @param maxLength {@code session.max-length}
 * @param bindingTtl {@code identity.binding-ttl}: how long a sign-in claims a device's later clicks
 * @param allowedLateness {@code events.allowed-lateness}
 * @param memberMemory {@code member.memory}: a member silent longer may be forgotten
 */
public record ReferenceRules(
    Duration gap,
    Duration maxLength,
    Duration bindingTtl,
    Duration allowedLateness,
    Duration memberMemory) {

  private static final long DAY = 86_400_000L;

  /** The rules of a job configuration. */
  public static ReferenceRules of(PulseConfig config) {
    return new ReferenceRules(
        config.sessions().gap(),
        config.sessions().maxLength(),
        config.sessions().bindingTtl(),
        config.eventTime().allowedLateness(),
        config.indicators().memberMemory());
  }

  /** The defaults with other session rules, for callers that only choose those. */
  public static ReferenceRules withSessions(Duration gap, Duration maxLength) {
    PulseConfig defaults = PulseConfig.defaults();
    return new ReferenceRules(
        gap,
        maxLength,
        defaults.sessions().bindingTtl(),
        defaults.eventTime().allowedLateness(),
        defaults.indicators().memberMemory());
  }

  /**
   * How long after the end of a day its community document may still change: 24 h plus the allowed
   * lateness (answers within 24 h), or the indicator signal lateness when that is longer (a session
   * counts on its start day, closes a gap after its last event at most a maximum length after its
   * start, and a sign-in can still move a maximum length of pages to it up to the allowed lateness
   * after that; docs/semantics.md, "When a day is final").
   */
  public Duration finalAfter() {
    Duration answers = Duration.ofHours(24).plus(allowedLateness);
    Duration signals = maxLength.plus(gap).plus(allowedLateness).plus(maxLength);
    return answers.compareTo(signals) >= 0 ? answers : signals;
  }

  /** The moment the watermark must pass for the day {@code epochDay} to be final. */
  public long finalAt(long epochDay) {
    return (epochDay + 1) * DAY + finalAfter().toMillis();
  }

  /** Whether the day {@code epochDay} is final at {@code watermark}. */
  public boolean isFinal(long epochDay, long watermark) {
    return watermark > finalAt(epochDay);
  }
}
