package vn.hocba.statementindex;

import java.time.Duration;
import java.time.Instant;

/**
 * How far a projection (the statement index, the catalog) has applied the log: the position and
 * stored time of the last event it applied. Writers wait on it for read-your-writes;
 * Consistent-Through reads it.
 */
public final class IndexProgress {

  private long position = -1;
  private Instant stored = Instant.EPOCH;

  public synchronized void advance(long newPosition, Instant newStored) {
    if (newPosition > position) {
      position = newPosition;
      if (newStored.isAfter(stored)) {
        stored = newStored;
      }
      notifyAll();
    }
  }

  public synchronized void reset() {
    position = -1;
    stored = Instant.EPOCH;
  }

  public synchronized long position() {
    return position;
  }

  public synchronized Instant stored() {
    return stored;
  }

  /** Waits until the index has applied {@code target}; false when the wait timed out. */
  public synchronized boolean awaitPosition(long target, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (position < target) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }
}
