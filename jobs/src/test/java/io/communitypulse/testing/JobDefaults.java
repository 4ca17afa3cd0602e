package io.communitypulse.testing;

import io.communitypulse.config.PulseConfig;
import java.time.Duration;

/**
 * The job's defaults as the tests use them, read from the one place they live ({@code
 * PulseOptions}, through {@link PulseConfig#defaults()}), so code and tests speak of the same
 * numbers.
 */
public final class JobDefaults {

  public static final PulseConfig CONFIG = PulseConfig.defaults();

  public static final Duration SESSION_GAP = CONFIG.sessionGap();
  public static final Duration MAX_SESSION_LENGTH = CONFIG.sessionMaxLength();
  public static final Duration ALLOWED_LATENESS = CONFIG.allowedLateness();
  public static final Duration BINDING_TTL = CONFIG.bindingTtl();
  public static final Duration AUTHOR_TTL = CONFIG.authorTtl();
  public static final Duration RESOLVE_TIMEOUT = CONFIG.resolveTimeout();

  private JobDefaults() {}
}
