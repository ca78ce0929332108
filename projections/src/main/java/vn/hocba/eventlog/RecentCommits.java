package vn.hocba.eventlog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.axonframework.eventhandling.TrackedEventMessage;

/**
 * The last commits this process appended, held as the tracked messages a reader would decode from
 * the store, so that processors tailing the log receive new events without reading back what was
 * just written: no wire round trip, no JSON parse of the commit, no payload deserialization.
 *
 * <p>Bounded by a number of events. A reader further behind, a replay, or a commit another writer
 * appended is read from the store as before: only whole runs of consecutive commits held here are
 * served, from exactly the position asked for.
 */
final class RecentCommits {

  private final int maxEvents;
  private final TreeMap<Long, List<TrackedEventMessage<?>>> byFirstPosition = new TreeMap<>();
  private int held;

  RecentCommits(int maxEvents) {
    this.maxEvents = maxEvents;
  }

  /** Holds a commit that is durably in the store; its events take the positions from first on. */
  synchronized void add(long first, List<TrackedEventMessage<?>> events) {
    List<TrackedEventMessage<?>> previous = byFirstPosition.put(first, List.copyOf(events));
    held += events.size() - (previous == null ? 0 : previous.size());
    while (held > maxEvents && byFirstPosition.size() > 1) {
      held -= byFirstPosition.pollFirstEntry().getValue().size();
    }
  }

  /**
   * The events from {@code position} on, through the consecutive commits held here; empty when the
   * commit containing {@code position} is not held.
   */
  synchronized List<TrackedEventMessage<?>> from(long position) {
    List<TrackedEventMessage<?>> out = new ArrayList<>();
    long next = position;
    Map.Entry<Long, List<TrackedEventMessage<?>>> commit = byFirstPosition.floorEntry(next);
    while (commit != null) {
      long first = commit.getKey();
      List<TrackedEventMessage<?>> events = commit.getValue();
      if (next < first || next >= first + events.size()) {
        break;
      }
      out.addAll(events.subList((int) (next - first), events.size()));
      next = first + events.size();
      commit = byFirstPosition.ceilingEntry(next);
    }
    return out;
  }

  /** How many events are held (for tests). */
  synchronized int size() {
    return held;
  }
}
