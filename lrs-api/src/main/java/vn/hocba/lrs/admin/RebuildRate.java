package vn.hocba.lrs.admin;

import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** How fast a rebuild goes and how long it has left: pure functions of position samples. */
final class RebuildRate {

  private RebuildRate() {}

  /** A processor's position (last event applied, -1 for none) at a monotonic instant. */
  record Sample(long nanos, long position) {}

  /**
   * Events per second between the oldest and the newest sample (the caller keeps only a recent
   * window); empty when the samples span no time.
   */
  static OptionalDouble perSecond(List<Sample> window) {
    if (window.size() < 2) {
      return OptionalDouble.empty();
    }
    Sample first = window.get(0);
    Sample last = window.get(window.size() - 1);
    long nanos = last.nanos() - first.nanos();
    if (nanos <= 0) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(Math.max(0, last.position() - first.position()) * 1e9 / nanos);
  }

  /**
   * Seconds until {@code position} reaches {@code target} at {@code perSecond}, rounded up; 0 when
   * there; empty when nothing moves (no estimate is better than an infinite one).
   */
  static OptionalLong secondsLeft(long position, long target, OptionalDouble perSecond) {
    if (position >= target) {
      return OptionalLong.of(0);
    }
    if (perSecond.isEmpty() || perSecond.getAsDouble() <= 0) {
      return OptionalLong.empty();
    }
    return OptionalLong.of((long) Math.ceil((target - position) / perSecond.getAsDouble()));
  }
}
