package vn.hocba.statements;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.axonframework.serialization.Revision;
import vn.hocba.xapi.json.StrictJson;

/**
 * A stored statement became voided (Data 2.3.2): emitted when a voiding statement arrives for a
 * stored, non-voiding statement, or when a statement arrives that an earlier voiding statement
 * already targeted. Permanent contract: never rename or move.
 */
@Revision("1")
public record StatementVoidedEvent(
    long position,
    String voidedStatementId,
    String voidingStatementId,
    Instant stored,
    String previousHash,
    String hash)
    implements ChainedEvent {

  public static final String TYPE = "StatementVoidedEvent";

  @Override
  public ObjectNode canonicalFields() {
    ObjectNode n = StrictJson.mapper().createObjectNode();
    n.put("type", TYPE);
    n.put("revision", "1");
    n.put("position", position);
    n.put("voidedStatementId", voidedStatementId);
    n.put("voidingStatementId", voidingStatementId);
    n.put("stored", stored.toString());
    n.put("previousHash", previousHash);
    return n;
  }

  @Override
  public StatementVoidedEvent withHash(String hash) {
    return new StatementVoidedEvent(
        position, voidedStatementId, voidingStatementId, stored, previousHash, hash);
  }
}
