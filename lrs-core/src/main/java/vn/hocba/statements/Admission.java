package vn.hocba.statements;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Decides what a request of statements becomes: new events, no-ops, or a conflict that stores
 * nothing. Pure: everything it needs about the log is passed in.
 */
public sealed interface Admission {

  /** Events to append, in order; empty when every statement was already stored. */
  record Accepted(List<Planned> events, List<String> statementIds) implements Admission {}

  /** A statement id exists with a different statement (Communication 2.1.1/2.1.2: 409). */
  record Conflict(String statementId) implements Admission {}

  /** One event to append, before it gets its position and chain link. */
  sealed interface Planned {}

  record Record(PreparedStatement statement) implements Planned {}

  record Void(String voidedStatementId, String voidingStatementId) implements Planned {}

  /**
   * Data 2.3.1: the same id with an equivalent statement is a no-op; with a different one the whole
   * request is refused. Data 2.3.2: a statement is voided iff it is not itself a voiding statement
   * and a voiding statement refers to it, whichever arrives first.
   *
   * @param batch the request's statements, ids unique within the batch
   * @param existing stored statements for every id in the batch and every voiding target
   * @param voidedBy for each id in the batch or targeted by it: the id of an already stored voiding
   *     statement that targets it
   * @param equivalent the Data 2.3.1 comparison (stored, received)
   */
  static Admission admit(
      List<PreparedStatement> batch,
      Map<String, ExistingStatement> existing,
      Map<String, String> voidedBy,
      BiPredicate<com.fasterxml.jackson.databind.JsonNode, com.fasterxml.jackson.databind.JsonNode>
          equivalent) {
    List<Planned> events = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    Map<String, PreparedStatement> fresh = new HashMap<>();
    for (PreparedStatement s : batch) {
      ids.add(s.id());
      ExistingStatement old = existing.get(s.id());
      if (old != null) {
        if (!equivalent.test(old.stored(), s.received())) {
          return new Conflict(s.id());
        }
        continue;
      }
      fresh.put(s.id(), s);
      events.add(new Record(s));
    }
    Set<String> voidedNow = new HashSet<>();
    for (Planned p : List.copyOf(events)) {
      PreparedStatement s = ((Record) p).statement();
      if (s.voiding()) {
        String target = s.voidedTarget().orElseThrow();
        boolean targetVoiding;
        if (fresh.containsKey(target)) {
          targetVoiding = fresh.get(target).voiding();
        } else if (existing.containsKey(target)) {
          targetVoiding = existing.get(target).voiding();
        } else {
          continue; // Data 2.3.2.s2.b5: not rejected; voided when the target arrives
        }
        if (!targetVoiding && !voidedBy.containsKey(target) && voidedNow.add(target)) {
          events.add(new Void(target, s.id()));
        }
      } else {
        String earlier = voidedBy.get(s.id());
        if (earlier != null && voidedNow.add(s.id())) {
          events.add(new Void(s.id(), earlier));
        }
      }
    }
    return new Accepted(List.copyOf(events), List.copyOf(ids));
  }
}
