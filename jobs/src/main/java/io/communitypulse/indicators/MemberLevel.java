package io.communitypulse.indicators;

import java.util.Locale;

/**
 * A member's level over a 28-day window (docs/indicators.md, "Scores and levels"), highest first:
 * the first rule that holds wins. The rules and their thresholds live in {@link IndicatorSettings}.
 * Levels are ordered {@code dormant < lurker < contributor < creator}, which is what a promotion or
 * a demotion compares.
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

  /** True when this level ranks above {@code other} (creator is the highest). */
  public boolean isAbove(MemberLevel other) {
    return ordinal() < other.ordinal();
  }

  /** {@code up}, {@code down} or {@code same}: this level compared with an earlier one. */
  public String changeSince(MemberLevel earlier) {
    return isAbove(earlier) ? "up" : earlier.isAbove(this) ? "down" : "same";
  }
}
