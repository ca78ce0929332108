package vn.hocba.lrs.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import vn.hocba.lrs.admin.RebuildRate.Sample;

/** The rate and the time left that a rebuild reports. */
class RebuildRateTest {

  private static final long SECOND = 1_000_000_000L;

  @Nested
  @DisplayName("events per second")
  class PerSecond {
    @Test
    @DisplayName("is the advance between the oldest and the newest sample of the window")
    void overTheWindow() {
      List<Sample> window =
          List.of(
              new Sample(10 * SECOND, 999),
              new Sample(11 * SECOND, 1500),
              new Sample(12 * SECOND, 2999));
      assertThat(RebuildRate.perSecond(window)).hasValue(1000.0);
    }

    @Test
    @DisplayName("is unknown from one sample or from samples taken at the same instant")
    void unknownWithoutElapsedTime() {
      assertThat(RebuildRate.perSecond(List.of(new Sample(SECOND, 5)))).isEmpty();
      assertThat(RebuildRate.perSecond(List.of(new Sample(SECOND, 5), new Sample(SECOND, 9))))
          .isEmpty();
    }

    @Test
    @DisplayName("is zero, never negative, when the processor stands still")
    void standingStill() {
      assertThat(RebuildRate.perSecond(List.of(new Sample(0, 50), new Sample(3 * SECOND, 50))))
          .hasValue(0.0);
    }
  }

  @Nested
  @DisplayName("seconds left")
  class SecondsLeft {
    @Test
    @DisplayName("are the events left at the current rate, rounded up")
    void atTheCurrentRate() {
      assertThat(RebuildRate.secondsLeft(499, 1_000, OptionalDouble.of(200))).hasValue(3);
      assertThat(RebuildRate.secondsLeft(0, 1_000_000, OptionalDouble.of(25_000))).hasValue(40);
    }

    @Test
    @DisplayName("are zero once the target position is applied")
    void zeroWhenThere() {
      assertThat(RebuildRate.secondsLeft(1_000, 1_000, OptionalDouble.empty())).hasValue(0);
    }

    @Test
    @DisplayName("are unknown while nothing moves")
    void unknownWithoutProgress() {
      assertThat(RebuildRate.secondsLeft(10, 1_000, OptionalDouble.of(0)))
          .isEqualTo(OptionalLong.empty());
      assertThat(RebuildRate.secondsLeft(10, 1_000, OptionalDouble.empty())).isEmpty();
    }
  }
}
