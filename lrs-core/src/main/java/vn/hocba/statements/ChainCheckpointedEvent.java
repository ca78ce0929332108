package vn.hocba.statements;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.axonframework.serialization.Revision;
import vn.hocba.audit.SignedCheckpoint;
import vn.hocba.xapi.json.StrictJson;

/**
 * The LRS signed the head of the hash chain (docs/tamper-evidence.md): the event at {@code
 * coveredPosition} had chain hash {@code coveredHash}. The writer makes it right after that event,
 * so {@code coveredPosition = position - 1} and {@code coveredHash = previousHash}; the checkpoint
 * is itself linked into the chain like any other event. Permanent contract: never rename or move;
 * add a new revision with an upcaster instead.
 *
 * @param keyId id of the Ed25519 key that signed (first 16 hex of SHA-256 of its X.509 encoding)
 * @param algorithm always {@code Ed25519} in revision 1
 * @param signature base64 Ed25519 signature of {@link SignedCheckpoint#signedBytes()}
 */
@Revision("1")
public record ChainCheckpointedEvent(
    long position,
    long coveredPosition,
    String coveredHash,
    String keyId,
    String algorithm,
    String signature,
    Instant stored,
    String previousHash,
    String hash)
    implements ChainedEvent {

  public static final String TYPE = "ChainCheckpointedEvent";

  /** The signed statement this event carries, for verification. */
  public SignedCheckpoint signed() {
    return new SignedCheckpoint(coveredPosition, coveredHash, stored, keyId, signature);
  }

  @Override
  public ObjectNode canonicalFields() {
    ObjectNode n = StrictJson.mapper().createObjectNode();
    n.put("type", TYPE);
    n.put("revision", "1");
    n.put("position", position);
    n.put("coveredPosition", coveredPosition);
    n.put("coveredHash", coveredHash);
    n.put("keyId", keyId);
    n.put("algorithm", algorithm);
    n.put("signature", signature);
    n.put("stored", stored.toString());
    n.put("previousHash", previousHash);
    return n;
  }

  @Override
  public ChainCheckpointedEvent withHash(String hash) {
    return new ChainCheckpointedEvent(
        position,
        coveredPosition,
        coveredHash,
        keyId,
        algorithm,
        signature,
        stored,
        previousHash,
        hash);
  }
}
