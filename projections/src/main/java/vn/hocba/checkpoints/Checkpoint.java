package vn.hocba.checkpoints;

import java.time.Instant;
import org.bson.Document;
import vn.hocba.audit.SignedCheckpoint;
import vn.hocba.statements.ChainCheckpointedEvent;

/**
 * A signed checkpoint as the read model keeps it.
 *
 * @param position where the checkpoint event itself stands in the log
 * @param coveredPosition the last position it covers
 * @param coveredHash the chain hash at {@code coveredPosition} it signed
 * @param eventHash the chain hash of the checkpoint event itself
 */
public record Checkpoint(
    long position,
    long coveredPosition,
    String coveredHash,
    String keyId,
    String algorithm,
    String signature,
    Instant stored,
    String eventHash) {

  static Checkpoint of(ChainCheckpointedEvent e) {
    return new Checkpoint(
        e.position(),
        e.coveredPosition(),
        e.coveredHash(),
        e.keyId(),
        e.algorithm(),
        e.signature(),
        e.stored(),
        e.hash());
  }

  /** What the signature covers, for verification with the public key alone. */
  public SignedCheckpoint signed() {
    return new SignedCheckpoint(coveredPosition, coveredHash, stored, keyId, signature);
  }

  Document toDocument() {
    return new Document("_id", coveredPosition)
        .append("position", position)
        .append("coveredHash", coveredHash)
        .append("keyId", keyId)
        .append("algorithm", algorithm)
        .append("signature", signature)
        .append("stored", stored.toString())
        .append("eventHash", eventHash);
  }

  static Checkpoint fromDocument(Document d) {
    return new Checkpoint(
        d.getLong("position"),
        d.getLong("_id"),
        d.getString("coveredHash"),
        d.getString("keyId"),
        d.getString("algorithm"),
        d.getString("signature"),
        Instant.parse(d.getString("stored")),
        d.getString("eventHash"));
  }
}
