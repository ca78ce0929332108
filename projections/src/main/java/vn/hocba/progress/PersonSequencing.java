package vn.hocba.progress;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.function.Function;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import vn.hocba.programme.PersonKeys;
import vn.hocba.projection.ParsedStatements;
import vn.hocba.statements.LearnerPlacedEvent;
import vn.hocba.statements.StatementRecordedEvent;
import vn.hocba.statements.StatementVoidedEvent;

/**
 * Sequences the progress processor's events by learner: a statement by its actor's person key, a
 * voiding by the learner of the voided statement, a roster placement by its person. Events without
 * a learner (Group actors, checkpoints) may run in any order.
 */
public final class PersonSequencing implements SequencingPolicy<EventMessage<?>> {

  private final Function<String, Optional<String>> personOfStatement;
  private final boolean anyProgramme;

  /**
   * @param anyProgramme false when no programme is configured: then the projector ignores every
   *     event and sequencing by learner would only cost parsing
   */
  public PersonSequencing(
      Function<String, Optional<String>> personOfStatement, boolean anyProgramme) {
    this.personOfStatement = personOfStatement;
    this.anyProgramme = anyProgramme;
  }

  @Override
  public Object getSequenceIdentifierFor(EventMessage<?> message) {
    Object p = message.getPayload();
    if (!anyProgramme) {
      return message.getIdentifier();
    }
    if (p instanceof StatementRecordedEvent r) {
      return personOf(ParsedStatements.of(r.statementId(), r.statement())).orElse(r.statementId());
    }
    if (p instanceof StatementVoidedEvent v) {
      return personOfStatement.apply(v.voidedStatementId()).orElse(v.voidedStatementId());
    }
    if (p instanceof LearnerPlacedEvent l) {
      return l.person();
    }
    return message.getIdentifier();
  }

  static Optional<String> personOf(JsonNode statement) {
    return PersonKeys.ofActor(statement.get("actor"));
  }
}
