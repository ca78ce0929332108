package vn.hocba.checkpoints;

import java.security.PrivateKey;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import vn.hocba.audit.Ed25519Signatures;
import vn.hocba.audit.SignedCheckpoint;
import vn.hocba.eventlog.StatementLedger;
import vn.hocba.statementindex.IndexProgress;
import vn.hocba.statements.ChainCheckpointedEvent;

/**
 * Signs the chain head into the log when it moved since the last checkpoint. The checkpoint is
 * drafted inside the writer's lock, so it signs exactly the event it follows: {@code
 * coveredPosition = position - 1}, {@code coveredHash = previousHash}.
 */
public final class Checkpointer {

  private final StatementLedger ledger;
  private final PrivateKey key;
  private final String keyId;
  private final Checkpoints checkpoints;
  private final IndexProgress progress;
  private final Duration projectionWait;
  private long lastWritten = -1;

  /**
   * @param keyId the {@link Ed25519Signatures#keyId} of the public key that belongs to {@code key}
   * @param progress how far {@link CheckpointProjector} has applied the log
   * @param projectionWait how long a new checkpoint waits to be listed by the read model
   */
  public Checkpointer(
      StatementLedger ledger,
      PrivateKey key,
      String keyId,
      Checkpoints checkpoints,
      IndexProgress progress,
      Duration projectionWait) {
    this.ledger = ledger;
    this.key = key;
    this.keyId = keyId;
    this.checkpoints = checkpoints;
    this.progress = progress;
    this.projectionWait = projectionWait;
  }

  /** A checkpoint, and whether this call created it (false: the head had not moved). */
  public record Outcome(Optional<Checkpoint> checkpoint, boolean created) {}

  /**
   * Signs the head unless the log is empty or its last event is already the latest checkpoint; then
   * waits (briefly) until the read model lists the new checkpoint.
   */
  public synchronized Outcome checkpoint() throws InterruptedException {
    StatementLedger.Head head = ledger.head();
    Optional<Checkpoint> latest = checkpoints.latest();
    long lastCheckpoint = Math.max(lastWritten, latest.map(Checkpoint::position).orElse(-1L));
    if (head.position() < 0 || head.position() <= lastCheckpoint) {
      return new Outcome(latest, false);
    }
    ChainCheckpointedEvent event =
        (ChainCheckpointedEvent)
            ledger
                .append(
                    List.of(
                        (position, stored, previousHash) -> {
                          SignedCheckpoint s =
                              SignedCheckpoint.sign(key, keyId, position - 1, previousHash, stored);
                          return new ChainCheckpointedEvent(
                              position,
                              position - 1,
                              previousHash,
                              keyId,
                              Ed25519Signatures.ALGORITHM,
                              s.signature(),
                              stored,
                              previousHash,
                              null);
                        }))
                .get(0);
    lastWritten = event.position();
    progress.awaitPosition(event.position(), projectionWait);
    return new Outcome(Optional.of(Checkpoint.of(event)), true);
  }
}
