package vn.hocba.statements;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.axonframework.serialization.Revision;
import vn.hocba.xapi.json.StrictJson;

/**
 * A statement was accepted and stored. Permanent contract: never rename or move; add a new revision
 * with an upcaster instead.
 *
 * @param statement the statement JSON exactly as stored (with LRS-set id, stored, authority,
 *     version), so that the Java model can change without upcasting history
 * @param xapiVersion the X-Experience-API-Version of the request that carried it
 * @param credential the key of the credential that sent it (not personal data)
 */
@Revision("1")
public record StatementRecordedEvent(
    long position,
    String statementId,
    String statement,
    String xapiVersion,
    Instant stored,
    String credential,
    String previousHash,
    String hash)
    implements ChainedEvent {

  public static final String TYPE = "StatementRecordedEvent";

  @Override
  public ObjectNode canonicalFields() {
    ObjectNode n = StrictJson.mapper().createObjectNode();
    n.put("type", TYPE);
    n.put("revision", "1");
    n.put("position", position);
    n.put("statementId", statementId);
    n.put("statement", statement);
    n.put("xapiVersion", xapiVersion);
    n.put("stored", stored.toString());
    n.put("credential", credential);
    n.put("previousHash", previousHash);
    return n;
  }

  @Override
  public StatementRecordedEvent withHash(String hash) {
    return new StatementRecordedEvent(
        position, statementId, statement, xapiVersion, stored, credential, previousHash, hash);
  }
}
