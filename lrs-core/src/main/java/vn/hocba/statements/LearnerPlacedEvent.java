package vn.hocba.statements;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import org.axonframework.serialization.Revision;
import vn.hocba.xapi.json.StrictJson;

/**
 * A roster placed a learner in a programme's population group and locality from a date on: one
 * event per roster row, so that moves and corrections stay history. A later placement of the same
 * person in the same programme supersedes the earlier one from its effective date. Permanent
 * contract: never rename or move; add a new revision with an upcaster instead.
 *
 * @param programme the programme id (docs/programmes.md)
 * @param person the person key of the learner (an IFI key, docs/programmes.md)
 * @param group the population group id, or null to take the learner out of the programme
 * @param locality the locality code (commune or a higher unit), or null when withdrawn
 * @param effective the first day the placement holds, in the programme's time zone
 * @param source where the row came from, e.g. {@code roster.csv:17} (no personal data)
 * @param credential the key of the credential that imported it
 */
@Revision("1")
public record LearnerPlacedEvent(
    long position,
    String programme,
    String person,
    String group,
    String locality,
    LocalDate effective,
    String source,
    Instant stored,
    String credential,
    String previousHash,
    String hash)
    implements ChainedEvent {

  public static final String TYPE = "LearnerPlacedEvent";

  @Override
  public ObjectNode canonicalFields() {
    ObjectNode n = StrictJson.mapper().createObjectNode();
    n.put("type", TYPE);
    n.put("revision", "1");
    n.put("position", position);
    n.put("programme", programme);
    n.put("person", person);
    n.put("group", group);
    n.put("locality", locality);
    n.put("effective", effective.toString());
    n.put("source", source);
    n.put("stored", stored.toString());
    n.put("credential", credential);
    n.put("previousHash", previousHash);
    return n;
  }

  @Override
  public LearnerPlacedEvent withHash(String hash) {
    return new LearnerPlacedEvent(
        position,
        programme,
        person,
        group,
        locality,
        effective,
        source,
        stored,
        credential,
        previousHash,
        hash);
  }
}
