package io.communitypulse.indicators;

import io.communitypulse.indicators.MemberSignal.Field;
import java.util.Arrays;

/**
 * A member's totals over one rolling window (the {@code d7} or {@code d28} object of the member
 * document): for every {@link Field} the sum over the window's days, except {@link Field#ACTIVE},
 * which is the number of active days, and {@link Field#MEMBER_HELPED}, the number of distinct
 * members helped. Immutable.
 *
 * <p>Totals are never negative: a withdrawal that arrives before the signal it withdraws (they can
 * travel different partitions) leaves a negative sum for a moment, which reads as zero.
 */
public final class WindowTotals {

  private static final WindowTotals ZERO = new WindowTotals(new double[Field.values().length]);

  private final double[] values;

  private WindowTotals(double[] values) {
    this.values = values;
  }

  /** All zero. */
  public static WindowTotals zero() {
    return ZERO;
  }

  /** From a value per field ordinal; negative values and binary dust read as zero. */
  static WindowTotals ofValues(double[] byOrdinal) {
    double[] v = Arrays.copyOf(byOrdinal, Field.values().length);
    for (int i = 0; i < v.length; i++) {
      v[i] = v[i] > DailyTally.EPSILON ? v[i] : 0;
    }
    return new WindowTotals(v);
  }

  /** A copy with one total replaced (for tests and what-if scoring). */
  public WindowTotals with(Field field, double value) {
    double[] v = values.clone();
    v[field.ordinal()] = value;
    return ofValues(v);
  }

  /** The total of a field (active days for ACTIVE, distinct members for MEMBER_HELPED). */
  public double get(Field field) {
    return values[field.ordinal()];
  }

  /** The total rounded to a whole count, for count fields. */
  public long count(Field field) {
    return Math.round(values[field.ordinal()]);
  }

  /** True when every total is zero. */
  public boolean isZero() {
    for (double v : values) {
      if (v != 0) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WindowTotals w && Arrays.equals(values, w.values);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("{");
    for (Field f : Field.values()) {
      if (get(f) != 0) {
        b.append(b.length() > 1 ? ", " : "").append(f.jsonName()).append('=').append(get(f));
      }
    }
    return b.append('}').toString();
  }
}
