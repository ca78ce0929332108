package vn.hocba.eventlog;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;

/**
 * The event log as tracking processors read it: the event store's streams, except that a run of
 * events a processor handles none of reaches it as the run's last event only (decision 30).
 *
 * <p>A tracking processor tells its stream which payload types none of its handlers takes ({@link
 * BlockingStream#skipMessagesWithPayloadTypeOf}). The event store's own streams ignore that, so a
 * processor that handles no statements (checkpoints; progress without a programme) still took every
 * statement through Axon's per-event checks. Here such an event that is followed, already, by
 * another of a skipped type is passed over; the last of the run is handed out, so the processor
 * still sees where the log is and stores that token. Nothing the processor handles is passed over,
 * and the order of what it sees is the log's.
 */
public final class SkippingEventSource implements StreamableMessageSource<TrackedEventMessage<?>> {

  private final StreamableMessageSource<TrackedEventMessage<?>> events;

  public SkippingEventSource(StreamableMessageSource<TrackedEventMessage<?>> events) {
    this.events = events;
  }

  @Override
  public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken token) {
    return new RunSkippingStream(events.openStream(token));
  }

  @Override
  public TrackingToken createTailToken() {
    return events.createTailToken();
  }

  @Override
  public TrackingToken createHeadToken() {
    return events.createHeadToken();
  }

  @Override
  public TrackingToken createTokenAt(Instant dateTime) {
    return events.createTokenAt(dateTime);
  }

  @Override
  public TrackingToken createTokenSince(Duration duration) {
    return events.createTokenSince(duration);
  }

  /** One processor thread's stream; not shared between threads (Axon opens one per segment). */
  static final class RunSkippingStream implements BlockingStream<TrackedEventMessage<?>> {

    private final BlockingStream<TrackedEventMessage<?>> events;
    private final Set<Class<?>> skipped = new HashSet<>();

    /** The event handed out next, taken from {@link #events} already; null when none is. */
    private TrackedEventMessage<?> next;

    RunSkippingStream(BlockingStream<TrackedEventMessage<?>> events) {
      this.events = events;
    }

    @Override
    public Optional<TrackedEventMessage<?>> peek() {
      try {
        return hasNextAvailable(0, TimeUnit.MILLISECONDS) ? Optional.of(next) : Optional.empty();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }

    @Override
    public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
      if (next == null) {
        if (!events.hasNextAvailable(timeout, unit)) {
          return false;
        }
        next = events.nextAvailable();
      }
      passOverRun();
      return true;
    }

    @Override
    public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
      if (next == null) {
        next = events.nextAvailable();
      }
      passOverRun();
      TrackedEventMessage<?> out = next;
      next = null;
      return out;
    }

    /**
     * While the next event is of a skipped type and the one after it, available now, is too, moves
     * to that one. Never waits for an event.
     */
    private void passOverRun() {
      while (skipped.contains(next.getPayloadType())) {
        Optional<TrackedEventMessage<?>> following = events.peek();
        if (following.isEmpty() || !skipped.contains(following.get().getPayloadType())) {
          return;
        }
        try {
          next = events.nextAvailable();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }

    @Override
    public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
      skipped.add(ignoredMessage.getPayloadType());
    }

    @Override
    public boolean setOnAvailableCallback(Runnable callback) {
      return events.setOnAvailableCallback(callback);
    }

    @Override
    public void close() {
      events.close();
    }
  }
}
