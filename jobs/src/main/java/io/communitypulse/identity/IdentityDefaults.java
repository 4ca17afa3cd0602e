package io.communitypulse.identity;

import java.time.Duration;

/**
 * The one place where the identity stage's defaults live (docs/semantics.md, "Identity stitching"
 * and "Sessions"): the session gap and maximum session length that bound a pre-sign-in run, the
 * allowed lateness the stage must tolerate, and how long a binding keeps claiming a device's later
 * unbound clicks. The job configuration overrides them; tests share them with the code so both
 * speak of the same numbers.
 */
public final class IdentityDefaults {

  /**
   * Consecutive clicks this far apart or more are not in one pre-sign-in run
   * (docs/configuration.md, {@code session.gap}).
   */
  public static final Duration SESSION_GAP = Duration.ofMinutes(30);

  /**
   * A pre-sign-in run reaches at most this far back from its sign-in (docs/semantics.md, "Identity
   * stitching").
   */
  public static final Duration MAX_SESSION_LENGTH = Duration.ofHours(12);

  /**
   * How far behind the watermark an accepted event may still arrive (docs/configuration.md, {@code
   * events.allowed-lateness}).
   */
  public static final Duration ALLOWED_LATENESS = Duration.ofHours(1);

  /** A binding claims later unbound clicks of its device for this long (event time). */
  public static final Duration BINDING_TTL = Duration.ofDays(90);

  private IdentityDefaults() {}
}
