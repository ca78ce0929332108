package vn.hocba.progress;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import vn.hocba.programme.PersonRecord;
import vn.hocba.programme.PersonRecord.Placement;
import vn.hocba.programme.ProgrammeIndex;
import vn.hocba.projection.ParsedStatements;
import vn.hocba.projection.PendingWrites;
import vn.hocba.statements.LearnerPlacedEvent;
import vn.hocba.statements.StatementRecordedEvent;
import vn.hocba.statements.StatementVoidedEvent;

/**
 * Projects statements, voidings and roster placements into each learner's {@link PersonRecord}.
 * Events are sequenced per learner ({@link PersonSequencing}), so a learner's events apply in order
 * while different learners are applied by different segments in parallel.
 *
 * <p>Idempotent: facts are keyed by statement id, placements by log position, and a voiding marks
 * what is already marked, so replaying any event changes nothing and a replay from position 0
 * rebuilds the same documents.
 */
@ProcessingGroup(ProgressProjector.GROUP)
public final class ProgressProjector {

  public static final String GROUP = "progress";
  private static final String BATCH = ProgressProjector.class.getName() + ".batch";
  private static final String VOIDED = "http://adlnet.gov/expapi/verbs/voided";

  private final ProgressStore store;
  private final List<ProgrammeIndex> programmes;
  private final Function<String, Optional<String>> personOfStatement;

  /** Records last written, by document id; each learner is written by one segment only. */
  private final Map<String, PersonRecord> cache =
      java.util.Collections.synchronizedMap(
          new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, PersonRecord> eldest) {
              return size() > 20_000;
            }
          });

  /**
   * @param personOfStatement the learner of a stored statement, by id (for voidings, which carry
   *     only ids)
   */
  public ProgressProjector(
      ProgressStore store,
      List<ProgrammeIndex> programmes,
      Function<String, Optional<String>> personOfStatement) {
    this.store = store;
    this.programmes = List.copyOf(programmes);
    this.personOfStatement = personOfStatement;
  }

  private final class Batch implements PendingWrites {
    private boolean flushed;
    final Map<String, PersonRecord> records = new LinkedHashMap<>();
    final Set<String> changed = new HashSet<>();

    PersonRecord get(String programme, String person) {
      String id = ProgressStore.id(programme, person);
      PersonRecord r = records.get(id);
      if (r == null) {
        r = cache.get(id);
        if (r == null) {
          r = store.findAll(List.of(id)).get(id);
        }
        if (r == null) {
          r = PersonRecord.empty(programme, person);
        }
        records.put(id, r);
      }
      return r;
    }

    void put(PersonRecord before, PersonRecord after) {
      if (after != before) {
        String id = ProgressStore.id(after.programme(), after.person());
        records.put(id, after);
        changed.add(id);
      }
    }

    @Override
    public void flush() {
      if (flushed) {
        return;
      }
      flushed = true;
      List<PersonRecord> out = new ArrayList<>();
      for (String id : changed) {
        out.add(records.get(id));
      }
      store.replaceAll(out);
      for (String id : changed) {
        cache.put(id, records.get(id));
      }
    }
  }

  private <T> void inBatch(java.util.function.Consumer<Batch> work) {
    Batch b = PendingWrites.ofCurrentBatch(BATCH, Batch::new).orElse(null);
    Batch target = b != null ? b : new Batch();
    work.accept(target);
    if (b == null) {
      target.flush();
    }
  }

  @EventHandler
  void on(StatementRecordedEvent e) {
    if (programmes.isEmpty()) {
      return; // no programme configured: nothing to learn, not even worth parsing
    }
    JsonNode statement = ParsedStatements.of(e.statementId(), e.statement());
    if (VOIDED.equals(statement.path("verb").path("id").asText())) {
      return; // a voiding statement teaches nothing; its StatementVoidedEvent does the work
    }
    inBatch(
        b -> {
          for (ProgrammeIndex p : programmes) {
            p.extract(statement, e.position(), e.stored())
                .ifPresent(
                    x -> {
                      PersonRecord before = b.get(p.programme().id(), x.person());
                      PersonRecord after = before.withFacts(x.facts(), x.name());
                      if (x.placement().isPresent()) {
                        after = after.withPlacement(x.placement().get());
                      }
                      b.put(before, after);
                    });
          }
        });
  }

  @EventHandler
  void on(StatementVoidedEvent e) {
    if (programmes.isEmpty()) {
      return;
    }
    Optional<String> person = personOfStatement.apply(e.voidedStatementId());
    if (person.isEmpty()) {
      return;
    }
    inBatch(
        b -> {
          for (ProgrammeIndex p : programmes) {
            PersonRecord before = b.get(p.programme().id(), person.get());
            b.put(before, before.voided(e.voidedStatementId(), e.stored()));
          }
        });
  }

  @EventHandler
  void on(LearnerPlacedEvent e) {
    if (programmes.stream().noneMatch(p -> p.programme().id().equals(e.programme()))) {
      return; // a programme no longer configured
    }
    inBatch(
        b -> {
          PersonRecord before = b.get(e.programme(), e.person());
          b.put(
              before,
              before.withPlacement(
                  new Placement(
                      e.position(),
                      Placement.ROSTER,
                      null,
                      e.group(),
                      e.locality(),
                      e.effective(),
                      e.stored(),
                      null)));
        });
  }

  @ResetHandler
  void reset() {
    cache.clear();
    store.drop();
    store.markBuiltFor(programmes);
  }
}
