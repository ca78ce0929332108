package vn.hocba.statementindex;

import java.time.Instant;
import java.util.Optional;

/**
 * The filters of GET /statements (Communication 2.1.3) after parsing, plus the page cursor.
 *
 * @param agentKey IFI key of the {@code agent} parameter
 * @param after the (stored, id) key of the last statement of the previous page
 */
public record StatementQuery(
    Optional<String> agentKey,
    Optional<String> verb,
    Optional<String> activity,
    Optional<String> registration,
    boolean relatedActivities,
    boolean relatedAgents,
    Optional<Instant> since,
    Optional<Instant> until,
    int limit,
    boolean ascending,
    Optional<PageKey> after) {

  /** Position of a statement in the stable order: stored time, then id. */
  public record PageKey(Instant stored, String id) {}
}
