package io.communitypulse.bench.e2e;

import java.util.List;
import java.util.OptionalInt;

/**
 * Which input rate to try next. Climb a ladder of rates while each step holds. If the very first
 * rung fails, halve it until a rate holds (a bounded number of times). Then bisect between the
 * highest rate that held (0 if none) and the lowest that failed, a bounded number of times. The
 * figure is the highest rate that held. At most ladder length + descents + refinements steps.
 */
public final class StepSearch {

  /** Rates below the ladder and midpoints are rounded to this many events per second. */
  static final int GRANULARITY = 250;

  private final List<Integer> ladder;
  private final int maxSteps;
  private int steps;
  private int highestHeld;
  private int lowestFailed = Integer.MAX_VALUE;
  private int descentsLeft;
  private int refinementsLeft;
  private Integer pending;

  /**
   * @param ladder strictly increasing positive rates, events per second
   * @param descents how many times to halve the first rung if it fails
   * @param refinements how many midpoints to try once a rate has failed
   */
  public StepSearch(List<Integer> ladder, int descents, int refinements) {
    if (ladder.isEmpty() || descents < 0 || refinements < 0) {
      throw new IllegalArgumentException("need at least one rate; descents, refinements >= 0");
    }
    for (int i = 0; i < ladder.size(); i++) {
      if (ladder.get(i) <= 0 || (i > 0 && ladder.get(i) <= ladder.get(i - 1))) {
        throw new IllegalArgumentException("rates must be positive and increasing: " + ladder);
      }
    }
    this.ladder = List.copyOf(ladder);
    this.descentsLeft = descents;
    this.refinementsLeft = refinements;
    this.maxSteps = ladder.size() + descents + refinements;
  }

  /** The next rate to try, or empty when the search is over. */
  public OptionalInt next() {
    if (pending != null) {
      throw new IllegalStateException("record the result of " + pending + " first");
    }
    Integer rate;
    if (lowestFailed == Integer.MAX_VALUE) {
      rate = steps < ladder.size() ? ladder.get(steps) : null;
    } else if (highestHeld == 0 && descentsLeft > 0) {
      rate = below(lowestFailed / 2);
      descentsLeft--;
    } else {
      rate = midpoint();
    }
    if (rate == null) {
      return OptionalInt.empty();
    }
    pending = rate;
    return OptionalInt.of(rate);
  }

  /** Records whether the rate {@link #next()} returned held. */
  public void record(int rate, boolean held) {
    if (pending == null || pending != rate) {
      throw new IllegalStateException("expected the result of " + pending + ", got " + rate);
    }
    pending = null;
    steps++;
    if (held) {
      highestHeld = Math.max(highestHeld, rate);
    } else {
      lowestFailed = Math.min(lowestFailed, rate);
    }
  }

  private Integer below(int rate) {
    int rounded = round(rate);
    return rounded > 0 && rounded < lowestFailed ? rounded : null;
  }

  private Integer midpoint() {
    if (refinementsLeft == 0) {
      return null;
    }
    int mid = round((highestHeld + lowestFailed) / 2);
    if (mid <= highestHeld || mid >= lowestFailed) {
      return null;
    }
    refinementsLeft--;
    return mid;
  }

  private static int round(int rate) {
    return Math.round(rate / (float) GRANULARITY) * GRANULARITY;
  }

  /** The highest rate that held, 0 if none did. */
  public int highestHeld() {
    return highestHeld;
  }

  /** True when the top of the ladder held: the figure is a lower bound. */
  public boolean topOfLadderHeld() {
    return highestHeld == ladder.get(ladder.size() - 1);
  }

  /** How many steps have been recorded. */
  public int steps() {
    return steps;
  }

  /** The most steps a search can take. */
  public int maxSteps() {
    return maxSteps;
  }
}
