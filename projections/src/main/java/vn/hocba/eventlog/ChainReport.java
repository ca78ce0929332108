package vn.hocba.eventlog;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What {@link ChainVerifier} found: either the whole range links up (then {@code lastPosition} and
 * {@code lastHash} are the head it confirms), or the first event whose content, order or presence
 * disagrees with the chain.
 *
 * @param from first position checked
 * @param lastPosition last position whose link verified (from - 1 when none did)
 * @param lastHash chain hash at {@code lastPosition}
 * @param endOfLog true when the walk reached the end of the log (rather than the requested end)
 * @param checked events whose links verified
 * @param checkpoints signed checkpoints whose signature and covered hash verified
 * @param lastCheckpoint the last of those, if any
 * @param firstBreak the first disagreement, empty when the range is intact
 */
public record ChainReport(
    long from,
    long lastPosition,
    String lastHash,
    boolean endOfLog,
    long checked,
    long checkpoints,
    Optional<CheckpointSeen> lastCheckpoint,
    Optional<Break> firstBreak,
    Duration elapsed) {

  public boolean intact() {
    return firstBreak.isEmpty();
  }

  public double eventsPerSecond() {
    double seconds = elapsed.toNanos() / 1e9;
    return seconds <= 0 ? 0 : checked / seconds;
  }

  /** How an event disagrees with the chain. */
  public enum Kind {
    /** Its fields (or its stored hash) were changed after it was linked. */
    CONTENT,
    /** It stands at a position other than the one it was linked at (swapped, renumbered). */
    ORDER,
    /** Events the chain requires are not in the log (a deleted event or commit). */
    MISSING,
    /** The commit or the event can no longer be read (not JSON, not an event). */
    UNREADABLE,
    /** A signed checkpoint does not verify, or the chain differs from what it signed. */
    CHECKPOINT
  }

  /**
   * The first disagreement.
   *
   * @param position the position of the event concerned
   * @param commit the {@code _id} of the commit document holding it (or expected to), if known
   * @param expected what the chain requires there (usually a hash)
   * @param found what the log holds instead
   * @param message what happened, Vietnamese then English
   */
  public record Break(
      Kind kind, long position, Long commit, String expected, String found, String message) {}

  /** A signed checkpoint the walk verified. */
  public record CheckpointSeen(
      long position, long coveredPosition, String coveredHash, String keyId, Instant stored) {}

  /**
   * Evidence from outside the log that position {@code position} existed with hash {@code hash}:
   * the writer's own head, a checkpoint an auditor kept, a projection's tracking token. It reveals
   * a log rewritten with recomputed hashes, and events deleted at its end, which the log alone
   * cannot show.
   *
   * @param source what recorded it, for the message (no personal data)
   * @param hash the hash it recorded, or null when it only shows that the position existed
   */
  public record Witness(String source, long position, String hash) {}
}
