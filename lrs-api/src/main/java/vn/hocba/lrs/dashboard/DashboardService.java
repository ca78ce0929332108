package vn.hocba.lrs.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.config.EventProcessingConfiguration;
import org.springframework.stereotype.Component;
import vn.hocba.eventlog.StatementLedger;
import vn.hocba.programme.Dashboards;
import vn.hocba.programme.PersonProgress;
import vn.hocba.programme.PersonRecord;
import vn.hocba.programme.ProgrammeIndex;
import vn.hocba.progress.ProgressStore;

/**
 * Serves progress and dashboards from the progress read model. A programme's learners are read into
 * memory once and read again only when the projection has moved on, at most every {@link #REFRESH};
 * every figure is then computed as of the asked moment by the pure rules of {@link PersonProgress}
 * and {@link Dashboards}.
 */
@Component
class DashboardService {

  static final Duration REFRESH = Duration.ofSeconds(2);

  private final ProgressStore store;
  private final EventProcessingConfiguration processing;
  private final StatementLedger ledger;
  private final Clock clock;
  private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();

  /**
   * Learners of a programme as the read model held them when {@code through} was reached.
   *
   * @param through every event up to this log position is in the snapshot (-1: none is sure)
   * @param head the last position of the log when the snapshot was asked for (it may be newer than
   *     the snapshot, which is then complete only up to {@code through})
   */
  record Snapshot(long through, long head, Instant loaded, TreeMap<String, PersonRecord> people) {
    Snapshot askedAt(long currentHead) {
      return new Snapshot(through, currentHead, loaded, people);
    }
  }

  DashboardService(
      ProgressStore store,
      EventProcessingConfiguration processing,
      StatementLedger ledger,
      Clock clock) {
    this.store = store;
    this.processing = processing;
    this.ledger = ledger;
    this.clock = clock;
  }

  /** How far every segment of the progress processor has applied the log. */
  long through() {
    return ProgressPosition.of(processing);
  }

  Snapshot snapshot(ProgrammeIndex programme) {
    String id = programme.programme().id();
    Snapshot s = snapshots.get(id);
    Instant now = clock.instant();
    long head = ledger.head().position();
    if (s != null && (s.through() >= head || now.isBefore(s.loaded().plus(REFRESH)))) {
      return s.askedAt(head);
    }
    synchronized (this) {
      s = snapshots.get(id);
      if (s != null && (s.through() >= head || now.isBefore(s.loaded().plus(REFRESH)))) {
        return s.askedAt(head);
      }
      long through = through(); // taken before reading: the read holds at least this much
      TreeMap<String, PersonRecord> people = new TreeMap<>();
      store.forEach(id, r -> people.put(r.person(), r));
      Snapshot fresh = new Snapshot(through, head, clock.instant(), people);
      snapshots.put(id, fresh);
      return fresh;
    }
  }

  /** Every learner's progress as of a moment. */
  List<PersonProgress> progress(ProgrammeIndex programme, Snapshot s, Instant asOf) {
    Collection<PersonRecord> records = s.people().values();
    List<PersonProgress> out = new ArrayList<>(records.size());
    for (PersonRecord r : records) {
      out.add(PersonProgress.of(programme, r, asOf));
    }
    return out;
  }

  Instant now() {
    return clock.instant();
  }
}
