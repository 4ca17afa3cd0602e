package io.communitypulse.testing;

import io.communitypulse.config.PulseConfig;
import io.communitypulse.content.ContentSettings;
import io.communitypulse.indicators.SignalHorizon;
import io.communitypulse.ingest.EventTimeSettings;
import io.communitypulse.session.SessionSettings;
import java.time.Duration;

/**
 * The job's defaults as the tests use them, read from the one place they live ({@code
 * PulseOptions}, through {@link PulseConfig#defaults()}), so code and tests speak of the same
 * numbers.
 */
public final class JobDefaults {

  public static final PulseConfig CONFIG = PulseConfig.defaults();

  public static final EventTimeSettings EVENT_TIME = CONFIG.eventTime();
  public static final SessionSettings SESSIONS = CONFIG.sessions();
  public static final ContentSettings CONTENT = CONFIG.content();
  public static final SignalHorizon HORIZON = CONFIG.signalHorizon();

  public static final Duration SESSION_GAP = CONFIG.sessions().gap();
  public static final Duration MAX_SESSION_LENGTH = CONFIG.sessions().maxLength();
  public static final Duration ALLOWED_LATENESS = CONFIG.eventTime().allowedLateness();
  public static final Duration BINDING_TTL = CONFIG.sessions().bindingTtl();
  public static final Duration AUTHOR_TTL = CONFIG.content().authorTtl();
  public static final Duration RESOLVE_TIMEOUT = CONFIG.content().resolveTimeout();

  private JobDefaults() {}
}
