package io.communitypulse.indicators;

import java.util.Locale;

/**
 * A member's level over the 28-day window (SPEC §5), highest first: the first that holds wins. The
 * rules and their thresholds live in {@link IndicatorSettings}.
 */
public enum MemberLevel {
  CREATOR,
  CONTRIBUTOR,
  LURKER,
  DORMANT;

  /** The value in the member document: lower case. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
