package vn.hocba.eventlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.monitoring.NoOpMessageMonitorCallback;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Decision 30: runs of events a processor handles none of reach it as their last event. */
class SkippingEventSourceTest {

  record Handled(int n) {}

  record Other(int n) {}

  /** A stream over a list; only the first {@code available} events can be had without waiting. */
  static final class ListStream implements BlockingStream<TrackedEventMessage<?>> {
    final Deque<TrackedEventMessage<?>> events = new ArrayDeque<>();
    int available;
    boolean closed;

    ListStream(Object... payloads) {
      for (Object p : payloads) {
        events.add(tracked(events.size(), p));
      }
      available = events.size();
    }

    @Override
    public Optional<TrackedEventMessage<?>> peek() {
      return available > 0 ? Optional.of(events.peekFirst()) : Optional.empty();
    }

    @Override
    public boolean hasNextAvailable(int timeout, TimeUnit unit) {
      return available > 0;
    }

    @Override
    public TrackedEventMessage<?> nextAvailable() {
      if (available == 0) {
        throw new AssertionError("the stream would wait here");
      }
      available--;
      return events.pollFirst();
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  static TrackedEventMessage<?> tracked(long position, Object payload) {
    return new GenericTrackedEventMessage<>(
        new GlobalSequenceTrackingToken(position), GenericEventMessage.asEventMessage(payload));
  }

  static long position(TrackedEventMessage<?> m) {
    return ((GlobalSequenceTrackingToken) m.trackingToken()).getGlobalIndex();
  }

  /** Positions handed out until the stream has nothing available. */
  static List<Long> drain(BlockingStream<TrackedEventMessage<?>> s) throws InterruptedException {
    List<Long> out = new ArrayList<>();
    while (s.hasNextAvailable(0, TimeUnit.MILLISECONDS)) {
      out.add(position(s.nextAvailable()));
    }
    return out;
  }

  static Object[] log() {
    // positions 0..9
    return new Object[] {
      new Other(0),
      new Other(1),
      new Other(2),
      new Handled(3),
      new Other(4),
      new Other(5),
      new Handled(6),
      new Other(7),
      new Other(8),
      new Other(9)
    };
  }

  @Nested
  class Stream {

    @Test
    @DisplayName("without a skipped type every event is handed out, in order")
    void nothingSkipped() throws InterruptedException {
      var s = new SkippingEventSource.RunSkippingStream(new ListStream(log()));
      assertThat(drain(s)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    }

    @Test
    @DisplayName(
        "a run of a skipped type is handed out as its last event; nothing else is left out")
    void runsBecomeTheirLastEvent() throws InterruptedException {
      var s = new SkippingEventSource.RunSkippingStream(new ListStream(log()));
      s.skipMessagesWithPayloadTypeOf(tracked(0, new Other(0)));
      assertThat(drain(s)).containsExactly(2L, 3L, 5L, 6L, 9L);
    }

    @Test
    @DisplayName("peek shows the event the run ends in, and that is the one handed out next")
    void peekAgreesWithNext() throws InterruptedException {
      var s = new SkippingEventSource.RunSkippingStream(new ListStream(log()));
      s.skipMessagesWithPayloadTypeOf(tracked(0, new Other(0)));
      assertThat(s.peek().map(SkippingEventSourceTest::position)).contains(2L);
      assertThat(s.peek().map(SkippingEventSourceTest::position)).contains(2L);
      assertThat(position(s.nextAvailable())).isEqualTo(2L);
      assertThat(s.peek().map(SkippingEventSourceTest::position)).contains(3L);
    }

    @Test
    @DisplayName("a run is never extended by waiting: what is not available yet comes later")
    void neverWaits() throws InterruptedException {
      ListStream events = new ListStream(log());
      events.available = 2; // positions 0 and 1 only, for now
      var s = new SkippingEventSource.RunSkippingStream(events);
      s.skipMessagesWithPayloadTypeOf(tracked(0, new Other(0)));
      assertThat(drain(s)).containsExactly(1L);
      assertThat(s.peek()).isEmpty();
      events.available = events.events.size();
      assertThat(drain(s)).containsExactly(2L, 3L, 5L, 6L, 9L);
    }

    @Test
    @DisplayName("closing closes the event store's stream")
    void closes() {
      ListStream events = new ListStream(log());
      new SkippingEventSource.RunSkippingStream(events).close();
      assertThat(events.closed).isTrue();
    }
  }

  /** The event handler of {@link Processor}: takes {@link Handled} only. */
  static final class Handler {
    final List<Integer> seen = new ArrayList<>();

    @EventHandler
    void on(Handled h) {
      seen.add(h.n());
    }
  }

  @Nested
  class Processor {

    /**
     * Runs Axon's tracking processor over the log until its token reaches the end, and returns how
     * many events it took in (handled and ignored, as its message monitor is told).
     */
    int run(boolean skipping, Handler handler, InMemoryTokenStore tokens) throws Exception {
      EmbeddedEventStore store =
          EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
      List<EventMessage<?>> events = new ArrayList<>();
      for (Object p : log()) {
        events.add(GenericEventMessage.asEventMessage(p));
      }
      store.publish(events);
      AtomicInteger ingested = new AtomicInteger();
      MessageMonitor<EventMessage<?>> monitor =
          m -> {
            ingested.incrementAndGet();
            return NoOpMessageMonitorCallback.INSTANCE;
          };
      TrackingEventProcessor processor =
          TrackingEventProcessor.builder()
              .name("p")
              .eventHandlerInvoker(
                  SimpleEventHandlerInvoker.builder().eventHandlers(handler).build())
              .messageSource(skipping ? new SkippingEventSource(store) : store)
              .tokenStore(tokens)
              .transactionManager(NoTransactionManager.INSTANCE)
              .messageMonitor(monitor)
              .trackingEventProcessorConfiguration(
                  TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                      .andBatchSize(100)
                      // from the first event, not as a replay: Axon's replay stream would not
                      // pass the processor's skipped types on (decision 30)
                      .andInitialTrackingToken(source -> null))
              .build();
      processor.start();
      try {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!atEnd(tokens) && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
      } finally {
        processor.shutDown();
        store.shutDown();
      }
      return ingested.get();
    }

    boolean atEnd(InMemoryTokenStore tokens) {
      try {
        return tokens.fetchToken("p", 0) instanceof GlobalSequenceTrackingToken t
            && t.getGlobalIndex() == 9;
      } catch (RuntimeException e) {
        return false; // not initialized yet
      }
    }

    @Test
    @DisplayName(
        "Axon's processor passes over the runs: it handles the same events, its token reaches the"
            + " end, and it takes in fewer events")
    void processorSkipsRuns() throws Exception {
      Handler plain = new Handler();
      InMemoryTokenStore plainTokens = new InMemoryTokenStore();
      int plainIngested = run(false, plain, plainTokens);
      Handler skipping = new Handler();
      InMemoryTokenStore skippingTokens = new InMemoryTokenStore();
      int skippingIngested = run(true, skipping, skippingTokens);

      assertThat(plain.seen).containsExactly(3, 6);
      assertThat(skipping.seen).containsExactly(3, 6);
      assertThat(atEnd(plainTokens)).isTrue();
      assertThat(atEnd(skippingTokens)).isTrue();
      assertThat(plainIngested).isEqualTo(10);
      // 0 (before the processor has said it skips Other), 2, 5, 9 ignored; 3 and 6 handled
      assertThat(skippingIngested).isEqualTo(6);
    }
  }
}
