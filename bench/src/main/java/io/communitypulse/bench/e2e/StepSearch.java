package io.communitypulse.bench.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Which input rate to try next: climb a ladder of rates while each step holds; after the first step
 * that does not, try the midpoint between the highest rate that held (0 if none) and the lowest
 * that failed, a fixed number of times (bisection), then stop. The figure is the highest rate that
 * held. Bounded: at most the ladder's length plus the refinements.
 */
public final class StepSearch {

  /** Midpoints are rounded to this many events per second. */
  static final int GRANULARITY = 500;

  private final List<Integer> ladder;
  private final int refinements;
  private final List<int[]> tried = new ArrayList<>();
  private int highestHeld;
  private int lowestFailed = Integer.MAX_VALUE;
  private int refinementsLeft;
  private Integer pending;

  /**
   * @param ladder strictly increasing positive rates, events per second
   * @param refinements how many midpoints to try after the first failure
   */
  public StepSearch(List<Integer> ladder, int refinements) {
    if (ladder.isEmpty() || refinements < 0) {
      throw new IllegalArgumentException("need at least one rate and refinements >= 0");
    }
    for (int i = 0; i < ladder.size(); i++) {
      if (ladder.get(i) <= 0 || (i > 0 && ladder.get(i) <= ladder.get(i - 1))) {
        throw new IllegalArgumentException("rates must be positive and increasing: " + ladder);
      }
    }
    this.ladder = List.copyOf(ladder);
    this.refinements = refinements;
    this.refinementsLeft = refinements;
  }

  /** The next rate to try, or empty when the search is over. */
  public OptionalInt next() {
    if (pending != null) {
      throw new IllegalStateException("record the result of " + pending + " first");
    }
    Integer rate = lowestFailed == Integer.MAX_VALUE ? nextOnLadder() : nextMidpoint();
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
    tried.add(new int[] {rate, held ? 1 : 0});
    if (held) {
      highestHeld = Math.max(highestHeld, rate);
    } else {
      lowestFailed = Math.min(lowestFailed, rate);
    }
  }

  private Integer nextOnLadder() {
    int steps = tried.size();
    return steps < ladder.size() ? ladder.get(steps) : null;
  }

  private Integer nextMidpoint() {
    if (refinementsLeft == 0) {
      return null;
    }
    int mid =
        (int) Math.round((highestHeld + (double) lowestFailed) / 2 / GRANULARITY) * GRANULARITY;
    if (mid <= highestHeld || mid >= lowestFailed) {
      return null;
    }
    refinementsLeft--;
    return mid;
  }

  /** The highest rate that held, 0 if none did. */
  public int highestHeld() {
    return highestHeld;
  }

  /** True when every rate of the ladder held: the figure is a lower bound. */
  public boolean topOfLadderHeld() {
    return highestHeld == ladder.get(ladder.size() - 1);
  }

  /** How many steps have been recorded. */
  public int steps() {
    return tried.size();
  }

  /** The most steps a search can take. */
  public int maxSteps() {
    return ladder.size() + refinements;
  }
}
