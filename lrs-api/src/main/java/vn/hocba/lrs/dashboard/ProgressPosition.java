package vn.hocba.lrs.dashboard;

import java.util.Map;
import java.util.OptionalLong;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingEventProcessor;
import vn.hocba.progress.ProgressProjector;

/** How far the progress read model has applied the log. */
public final class ProgressPosition {

  private ProgressPosition() {}

  /**
   * The position every segment of the progress processor has applied (-1: unknown), for the
   * dashboards and for certificate issuing, which must not read the read model before it.
   */
  public static long of(EventProcessingConfiguration processing) {
    return processing
        .eventProcessor(ProgressProjector.GROUP, TrackingEventProcessor.class)
        .map(
            p -> {
              Map<Integer, EventTrackerStatus> status = p.processingStatus();
              if (status.isEmpty()) {
                return -1L;
              }
              long min = Long.MAX_VALUE;
              for (EventTrackerStatus s : status.values()) {
                OptionalLong at = s.getCurrentPosition();
                min = Math.min(min, at.isPresent() ? at.getAsLong() : -1);
              }
              return min;
            })
        .orElse(-1L);
  }
}
