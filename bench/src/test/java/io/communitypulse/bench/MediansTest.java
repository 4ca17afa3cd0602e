package io.communitypulse.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MediansTest {

  @Test
  void theMedianOfAnOddCountIsTheMiddleValue() {
    assertThat(Medians.of(List.of(9.0, 1.0, 5.0))).isEqualTo(5.0);
  }

  @Test
  void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    assertThat(Medians.of(List.of(4.0, 1.0, 3.0, 100.0))).isEqualTo(3.5);
  }

  @Test
  void anOutlierRunDoesNotMoveTheMedian() {
    assertThat(Medians.of(List.of(10.0, 11.0, 1000.0))).isEqualTo(11.0);
  }

  @Test
  void thereIsNoMedianOfNothing() {
    assertThatThrownBy(() -> Medians.of(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void jobsTakeTurnsRunningFirst() {
    assertThat(Medians.order(0)).containsExactly("J", "B");
    assertThat(Medians.order(1)).containsExactly("B", "J");
    assertThat(Medians.order(2)).containsExactly("J", "B");
  }
}
