package vn.hocba.statements;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An event of the statement log. Each carries its global position and a link of the hash chain
 * (docs/event-log.md): {@code hash = SHA-256(previousHash || canonicalBytes(canonicalFields()))}.
 */
public sealed interface ChainedEvent permits StatementRecordedEvent, StatementVoidedEvent {

  /** Global position in the log, dense from 0. */
  long position();

  /** Hex SHA-256 of the previous event, or 64 zeros for the first event. */
  String previousHash();

  /** Hex SHA-256 chain link of this event. */
  String hash();

  /** Every field except {@link #hash()}, plus "type" and "revision": what the chain hashes. */
  ObjectNode canonicalFields();
}
