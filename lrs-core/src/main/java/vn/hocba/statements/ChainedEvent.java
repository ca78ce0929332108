package vn.hocba.statements;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An event of the statement log. Each carries its global position and a link of the hash chain
 * (docs/event-log.md): {@code hash = SHA-256(previousHash || canonicalBytes(canonicalFields()))}.
 */
public sealed interface ChainedEvent
    permits StatementRecordedEvent,
        StatementVoidedEvent,
        LearnerPlacedEvent,
        ChainCheckpointedEvent {

  /** Global position in the log, dense from 0. */
  long position();

  /** When the LRS recorded it; never earlier than the event before it. */
  java.time.Instant stored();

  /** Hex SHA-256 of the previous event, or 64 zeros for the first event. */
  String previousHash();

  /** Hex SHA-256 chain link of this event. */
  String hash();

  /** Every field except {@link #hash()}, plus "type" and "revision": what the chain hashes. */
  ObjectNode canonicalFields();

  /** The same event with its chain link set. */
  ChainedEvent withHash(String hash);
}
