package io.communitypulse.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

class StepSearchTest {

  private static final List<Integer> LADDER = List.of(5_000, 10_000, 20_000, 30_000, 40_000);

  @Test
  void climbsWhileStepsHoldThenBisects() {
    StepSearch search = new StepSearch(LADDER, 3, 2);

    assertThat(run(search, rate -> rate <= 17_000))
        .containsExactly(5_000, 10_000, 20_000, 15_000, 17_500);
    assertThat(search.highestHeld()).isEqualTo(15_000);
    assertThat(search.topOfLadderHeld()).isFalse();
  }

  @Test
  void whenTheFirstRungFailsItHalvesUntilARateHoldsThenBisects() {
    StepSearch search = new StepSearch(LADDER, 3, 1);

    assertThat(run(search, rate -> rate <= 1_600)).containsExactly(5_000, 2_500, 1_250, 2_000);
    assertThat(search.highestHeld()).isEqualTo(1_250);
  }

  @Test
  void halvesOnlyAsOftenAsAllowedThenBisectsTowardsZero() {
    StepSearch search = new StepSearch(LADDER, 2, 1);

    assertThat(run(search, rate -> false)).containsExactly(5_000, 2_500, 1_250, 750);
    assertThat(search.highestHeld()).isZero();
  }

  @Test
  void whenTheWholeLadderHoldsTheFigureIsALowerBound() {
    StepSearch search = new StepSearch(LADDER, 3, 1);

    assertThat(run(search, rate -> true)).isEqualTo(LADDER);
    assertThat(search.highestHeld()).isEqualTo(40_000);
    assertThat(search.topOfLadderHeld()).isTrue();
  }

  @Test
  void neverTakesMoreThanItsBoundAndNeverOverstates() {
    for (int limit = 0; limit <= 45_000; limit += 125) {
      int capacity = limit;
      StepSearch search = new StepSearch(LADDER, 3, 2);
      List<Integer> tried = run(search, rate -> rate <= capacity);
      assertThat(tried).hasSizeLessThanOrEqualTo(search.maxSteps()).doesNotHaveDuplicates();
      assertThat(search.highestHeld()).isLessThanOrEqualTo(capacity);
    }
  }

  @Test
  void stopsBisectingWhenTheMidpointIsNoNewRate() {
    StepSearch search = new StepSearch(List.of(1_000, 1_250), 0, 3);

    assertThat(run(search, rate -> rate <= 1_000)).containsExactly(1_000, 1_250);
  }

  @Test
  void refusesALadderThatDoesNotClimb() {
    assertThatThrownBy(() -> new StepSearch(List.of(10_000, 5_000), 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new StepSearch(List.of(), 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aResultMustAnswerTheRateAskedFor() {
    StepSearch search = new StepSearch(LADDER, 1, 1);
    search.next();

    assertThatThrownBy(() -> search.record(10_000, true)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(search::next).isInstanceOf(IllegalStateException.class);
  }

  private static List<Integer> run(StepSearch search, IntPredicate holds) {
    List<Integer> tried = new ArrayList<>();
    for (OptionalInt next = search.next(); next.isPresent(); next = search.next()) {
      int rate = next.getAsInt();
      tried.add(rate);
      search.record(rate, holds.test(rate));
    }
    return tried;
  }
}
