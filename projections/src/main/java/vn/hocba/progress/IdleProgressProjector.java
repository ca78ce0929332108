package vn.hocba.progress;

import java.util.List;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import vn.hocba.statements.LearnerPlacedEvent;

/**
 * The {@code progress} group when no programme is configured: there is no learner progress to
 * project, so it declares no handler for statements or voidings. Axon then skips those events
 * without a unit of work and only moves the group's token, where {@link ProgressProjector} would
 * invoke a handler that returns at once for every event (about 5 % of the LRS's CPU under ingest).
 * The group, its segments and its token stay as they are, so dashboards, rebuilds and the lag
 * metric find it, and configuring a programme later rebuilds the read model from event zero.
 */
@ProcessingGroup(ProgressProjector.GROUP)
public final class IdleProgressProjector {

  private final ProgressStore store;

  public IdleProgressProjector(ProgressStore store) {
    this.store = store;
  }

  /** A roster placement names a programme, and none is configured: nothing to apply. */
  @EventHandler
  void on(LearnerPlacedEvent e) {
    // no programme: the placement belongs to a programme that is not configured here
  }

  @ResetHandler
  void reset() {
    store.drop();
    store.markBuiltFor(List.of());
  }
}
