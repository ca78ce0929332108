package vn.hocba.statementindex;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How far a projection (the statement index, the catalog) has applied the log: the position and
 * stored time of the last event it applied. Writers wait on it for read-your-writes;
 * Consistent-Through reads it.
 *
 * <p>While a rebuild replays the log from zero, waiting for a position would mean waiting for the
 * replay of all history, so waits return at once until the replay has passed the log head it
 * started from (decision 12).
 */
public final class IndexProgress {

  private final String processingGroup;
  private long position = -1;
  private Instant stored = Instant.EPOCH;
  private long rebuildThrough = -1;
  private boolean resetPending;

  /** Progress that no processing group is named for: rebuilds cannot find it. */
  public IndexProgress() {
    this(null);
  }

  /** The progress of the read model that this Axon processing group builds. */
  public IndexProgress(String processingGroup) {
    this.processingGroup = processingGroup;
  }

  public Optional<String> processingGroup() {
    return Optional.ofNullable(processingGroup);
  }

  public synchronized void advance(long newPosition, Instant newStored) {
    if (newPosition > position) {
      position = newPosition;
      if (newStored.isAfter(stored)) {
        stored = newStored;
      }
      if (!resetPending && position >= rebuildThrough) {
        rebuildThrough = -1;
      }
      notifyAll();
    }
  }

  /** The read model was dropped: nothing is applied. A rebuild under way stays under way. */
  public synchronized void reset() {
    position = -1;
    stored = Instant.EPOCH;
    resetPending = false;
    notifyAll();
  }

  /**
   * A rebuild is about to reset the projection and replay the log from zero through {@code head}
   * (the last position when it started). From now until the projection has applied {@code head}
   * again after its reset, waits return at once. A negative head ends the rebuild state (a rebuild
   * that could not start).
   */
  public synchronized void rebuildingThrough(long head) {
    rebuildThrough = head;
    resetPending = head >= 0;
    notifyAll();
  }

  /**
   * The projection is replaying from zero through {@code head} after a reset that happened earlier
   * (before a restart, say): waits return at once until it has applied {@code head}.
   */
  public synchronized void replayingThrough(long head) {
    rebuildThrough = head;
    resetPending = false;
    notifyAll();
  }

  /** True while a rebuild replays history that this projection applied before. */
  public synchronized boolean rebuilding() {
    return rebuildThrough >= 0 && (resetPending || position < rebuildThrough);
  }

  public synchronized long position() {
    return position;
  }

  public synchronized Instant stored() {
    return stored;
  }

  /**
   * Waits until the projection has applied {@code target}; false when the wait timed out or a
   * rebuild is replaying history (then the projection will reach {@code target} only after it).
   */
  public synchronized boolean awaitPosition(long target, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (position < target) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || rebuilding()) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }
}
