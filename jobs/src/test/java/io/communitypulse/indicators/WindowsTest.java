package io.communitypulse.indicators;

import static org.assertj.core.api.Assertions.assertThat;

import io.communitypulse.indicators.MemberSignal.Field;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowsTest {

  private static final long AS_OF = 20_000;

  private static DailyTally day(long day, Field field, double delta) {
    DailyTally t = DailyTally.empty(day);
    t.add(field, delta, null);
    return t;
  }

  @Test
  void aWindowIsTheDaysEndingWithTheAsOfDay() {
    assertThat(Windows.contains(AS_OF, 7, AS_OF)).isTrue();
    assertThat(Windows.contains(AS_OF, 7, AS_OF - 6)).isTrue();
    assertThat(Windows.contains(AS_OF, 7, AS_OF - 7)).isFalse();
    assertThat(Windows.contains(AS_OF, 28, AS_OF - 27)).isTrue();
    assertThat(Windows.contains(AS_OF, 28, AS_OF - 28)).isFalse();
    assertThat(Windows.contains(AS_OF, 7, AS_OF + 1)).as("after the as-of day").isFalse();
  }

  @Test
  void totalsSumTheDaysInsideTheWindowOnly() {
    List<DailyTally> days =
        List.of(
            day(AS_OF + 1, Field.POSTS, 100),
            day(AS_OF, Field.POSTS, 1),
            day(AS_OF - 6, Field.POSTS, 2),
            day(AS_OF - 7, Field.POSTS, 4),
            day(AS_OF - 27, Field.POSTS, 8),
            day(AS_OF - 28, Field.POSTS, 16));

    assertThat(Windows.totals(days, AS_OF, 7).get(Field.POSTS)).isEqualTo(3);
    assertThat(Windows.totals(days, AS_OF, 28).get(Field.POSTS)).isEqualTo(15);
  }

  @Test
  void activeDaysCountDaysWithOwnEventsNotTheEvents() {
    List<DailyTally> days =
        List.of(
            day(AS_OF, Field.ACTIVE, 5),
            day(AS_OF - 1, Field.ACTIVE, 1),
            day(AS_OF - 2, Field.ACTIVE, 0));

    assertThat(Windows.totals(days, AS_OF, 7).count(Field.ACTIVE)).isEqualTo(2);
  }

  @Test
  void membersHelpedIsTheDistinctUnionOfTheDaysHelpedMembers() {
    DailyTally first = DailyTally.empty(AS_OF - 1);
    first.add(Field.MEMBER_HELPED, 1, "m-bo");
    first.add(Field.MEMBER_HELPED, 1, "m-cy");
    DailyTally second = DailyTally.empty(AS_OF);
    second.add(Field.MEMBER_HELPED, 2, "m-bo");
    second.add(Field.MEMBER_HELPED, 1, "m-di");
    second.add(Field.MEMBER_HELPED, -1, "m-di");

    assertThat(second.helped).containsOnlyKeys("m-bo");
    assertThat(Windows.totals(List.of(first, second), AS_OF, 7).count(Field.MEMBER_HELPED))
        .isEqualTo(2);
  }

  @Test
  void negativeSumsAndBinaryDustReadAsZero() {
    DailyTally t = DailyTally.empty(AS_OF);
    t.add(Field.PAGE_VIEWS, -1, null);
    t.add(Field.SESSION_MINUTES, 0.1, null);
    t.add(Field.SESSION_MINUTES, 0.2, null);
    t.add(Field.SESSION_MINUTES, -0.3, null);

    WindowTotals totals = Windows.totals(List.of(t), AS_OF, 7);

    assertThat(totals.isZero()).isTrue();
    assertThat(t.isEmpty()).as("the -1 page view is still pending").isFalse();
    t.add(Field.PAGE_VIEWS, 1, null);
    assertThat(t.isEmpty()).isTrue();
  }

  @Test
  void aTallyFromBeforeAFieldWasAppendedIsPadded() {
    DailyTally old = DailyTally.empty(AS_OF);
    old.sums = new double[] {1, 2};

    old.add(Field.REFERRAL_CONVERSION_VALUE, 3, null);

    assertThat(old.sum(Field.ACTIVE)).isEqualTo(1);
    assertThat(old.sum(Field.SESSIONS)).isEqualTo(2);
    assertThat(old.sum(Field.REFERRAL_CONVERSION_VALUE)).isEqualTo(3);
  }
}
