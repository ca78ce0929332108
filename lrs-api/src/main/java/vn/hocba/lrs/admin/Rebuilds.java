package vn.hocba.lrs.admin;

import com.mongodb.client.MongoDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import vn.hocba.eventlog.MongoEventLog;
import vn.hocba.lrs.config.LogConfiguration.DeclaredIndexes;
import vn.hocba.statementindex.IndexProgress;

/**
 * Rebuilds a read model from event zero: stops its tracking processor, resets its tokens (its
 * {@code @ResetHandler}s drop the read model), recreates the declared indexes and starts it again,
 * then follows its position until it has passed the log head it started from. Works for every
 * streaming processor Axon has registered, looked up by processing group. Ingestion goes on: the
 * group's {@link IndexProgress} is told that history is being replayed, so nothing waits for it
 * (decision 13).
 */
@Component
class Rebuilds implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(Rebuilds.class);
  static final Duration WINDOW = Duration.ofSeconds(10);
  private static final long SAMPLE_MILLIS = 500;

  private final EventProcessingConfiguration processing;
  private final MongoEventLog eventLog;
  private final List<IndexProgress> progress;
  private final DeclaredIndexes indexes;
  private final MongoDatabase db;
  private final Clock clock;
  private final Map<String, Rebuild> rebuilds = new TreeMap<>();
  private final ScheduledExecutorService sampler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "rebuild-progress");
            t.setDaemon(true);
            return t;
          });

  Rebuilds(
      EventProcessingConfiguration processing,
      MongoEventLog eventLog,
      List<IndexProgress> progress,
      DeclaredIndexes indexes,
      MongoDatabase db,
      Clock clock) {
    this.processing = processing;
    this.eventLog = eventLog;
    this.progress = progress;
    this.indexes = indexes;
    this.db = db;
    this.clock = clock;
  }

  /** Sampling starts once the application is up: the processors exist and have started. */
  @EventListener(ApplicationReadyEvent.class)
  void follow() {
    sampler.scheduleWithFixedDelay(this::sampleAll, 0, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
  }

  enum State {
    RUNNING("running"),
    CAUGHT_UP("caught-up"),
    FAILED("failed");

    final String json;

    State(String json) {
      this.json = json;
    }
  }

  /**
   * What a client sees of one rebuild.
   *
   * @param eventsDone events the processor has applied since event zero
   * @param targetPosition the last log position when the rebuild started: caught up once applied
   * @param headPosition the last log position now (ingestion goes on)
   * @param eventsPerSecond over the last {@link #WINDOW}; once caught up, over the whole rebuild
   * @param resumed the rebuild was found replaying after a restart, not started by this process
   */
  record Status(
      String processingGroup,
      State state,
      boolean resumed,
      Instant startedAt,
      Optional<Instant> caughtUpAt,
      long eventsDone,
      long targetPosition,
      long headPosition,
      OptionalDouble eventsPerSecond,
      OptionalLong secondsLeft,
      Optional<String> error) {}

  /** The outcome of asking for a rebuild. */
  sealed interface Started {
    record Accepted(Status status) implements Started {}

    record UnknownGroup() implements Started {}

    record AlreadyRunning(Status status) implements Started {}

    record NotResettable() implements Started {}
  }

  /** The processing groups whose read models can be rebuilt (their streaming processors). */
  List<String> groups() {
    List<String> out = new ArrayList<>();
    processing
        .eventProcessors()
        .forEach(
            (name, p) -> {
              if (p instanceof StreamingEventProcessor) {
                out.add(name);
              }
            });
    out.sort(null);
    return out;
  }

  /**
   * How many events of the log the processor of {@code group} has still to apply: the log's head
   * position minus the lowest position its segments reached; empty while it has no segment running
   * (before it starts, while stopped for a reset, on a node that does not hold its claim).
   */
  OptionalLong behind(String group) {
    Optional<StreamingEventProcessor> p = processor(group);
    if (p.isEmpty()) {
      return OptionalLong.empty();
    }
    Map<Integer, EventTrackerStatus> status = p.get().processingStatus();
    if (status.isEmpty()) {
      return OptionalLong.empty();
    }
    long reached =
        status.values().stream().mapToLong(s -> s.getCurrentPosition().orElse(-1)).min().orElse(-1);
    return OptionalLong.of(Math.max(0, eventLog.nextPosition() - 1 - reached));
  }

  private Optional<StreamingEventProcessor> processor(String group) {
    return processing
        .eventProcessorByProcessingGroup(group, StreamingEventProcessor.class)
        .or(() -> processing.eventProcessor(group, StreamingEventProcessor.class));
  }

  private List<IndexProgress> progressOf(String group) {
    return progress.stream()
        .filter(p -> p.processingGroup().filter(group::equals).isPresent())
        .toList();
  }

  /** Starts rebuilding the read model of {@code group} from event zero. */
  synchronized Started start(String group) {
    Optional<StreamingEventProcessor> found = processor(group);
    if (found.isEmpty()) {
      return new Started.UnknownGroup();
    }
    Rebuild current = rebuilds.get(group);
    if (current != null && current.state() == State.RUNNING) {
      return new Started.AlreadyRunning(current.status());
    }
    StreamingEventProcessor processor = found.get();
    if (!processor.supportsReset()) {
      return new Started.NotResettable();
    }
    long head = eventLog.nextPosition() - 1;
    Rebuild r = new Rebuild(group, processor, clock.instant(), head, false);
    rebuilds.put(group, r);
    List<IndexProgress> models = progressOf(group);
    // first, so that writers stop waiting before the processor is stopped
    models.forEach(p -> p.rebuildingThrough(head));
    log.info("rebuild of {} from event zero through log position {}", group, head);
    try {
      processor.shutDown();
      processor.resetTokens();
      indexes.apply(db);
    } catch (RuntimeException e) {
      models.forEach(p -> p.rebuildingThrough(-1));
      r.failed = "the read model could not be reset, nothing was replayed: " + describe(e);
      log.warn("rebuild of {} could not reset the processor", group, e);
    } finally {
      if (!processor.isRunning()) {
        processor.start();
      }
    }
    r.sample();
    return new Started.Accepted(r.status());
  }

  /** The rebuild of {@code group} since this process started, if any. */
  synchronized Optional<Status> status(String group) {
    Rebuild r = rebuilds.get(group);
    if (r == null) {
      return Optional.empty();
    }
    r.sample();
    return Optional.of(r.status());
  }

  boolean known(String group) {
    return processor(group).isPresent();
  }

  synchronized List<Status> all() {
    List<Status> out = new ArrayList<>();
    for (Rebuild r : rebuilds.values()) {
      r.sample();
      out.add(r.status());
    }
    return out;
  }

  /**
   * Follows running rebuilds, and adopts a replay found after a restart (its replay token
   * survived), so that writers do not wait for it either.
   */
  private synchronized void sampleAll() {
    try {
      for (Rebuild r : rebuilds.values()) {
        r.sample();
      }
      processing
          .eventProcessors()
          .forEach(
              (name, p) -> {
                if (p instanceof StreamingEventProcessor s) {
                  adoptReplay(name, s);
                }
              });
    } catch (RuntimeException e) {
      log.debug("rebuild progress sampling failed", e);
    }
  }

  private void adoptReplay(String group, StreamingEventProcessor processor) {
    Rebuild current = rebuilds.get(group);
    if (current != null && current.inProgress()) {
      return;
    }
    // a replay token stays until an event beyond the reset position arrives: only a segment still
    // short of its reset position is replaying history
    long target = -1;
    for (EventTrackerStatus s : processor.processingStatus().values()) {
      long reset = s.getResetPosition().orElse(-1);
      if (s.isReplaying() && s.getCurrentPosition().orElse(-1) < reset) {
        target = Math.max(target, reset);
      }
    }
    if (target < 0 || (current != null && current.target == target)) {
      return;
    }
    Rebuild r = new Rebuild(group, processor, clock.instant(), target, true);
    rebuilds.put(group, r);
    long through = target;
    progressOf(group).forEach(p -> p.replayingThrough(through));
    log.info("{} is replaying history (after a restart?) through log position {}", group, target);
    r.sample();
  }

  /** A failure in one line for the operator: its type and the start of its message. */
  private static String describe(Throwable e) {
    String m = e.getMessage() == null ? "" : ": " + e.getMessage();
    m = m.length() > 200 ? m.substring(0, 200) + "..." : m;
    return e.getClass().getSimpleName() + m;
  }

  @Override
  public void destroy() {
    sampler.shutdownNow();
  }

  /** One rebuild of one processing group; guarded by the enclosing service. */
  private final class Rebuild {
    final String group;
    final StreamingEventProcessor processor;
    final Instant startedAt;
    final long startedNanos = System.nanoTime();
    final long target;
    final boolean resumed;
    final Deque<RebuildRate.Sample> window = new ArrayDeque<>();
    long position = -1;
    String failed; // the reset failed: the rebuild did not happen
    String processorError; // the processor is in error and retrying
    Instant caughtUpAt;
    long caughtUpNanos;

    Rebuild(
        String group,
        StreamingEventProcessor processor,
        Instant startedAt,
        long target,
        boolean resumed) {
      this.group = group;
      this.processor = processor;
      this.startedAt = startedAt;
      this.target = target;
      this.resumed = resumed;
    }

    /** Neither caught up nor abandoned: still followed, even while the processor retries. */
    boolean inProgress() {
      return failed == null && caughtUpAt == null;
    }

    State state() {
      if (failed != null || processorError != null) {
        return State.FAILED;
      }
      return caughtUpAt != null ? State.CAUGHT_UP : State.RUNNING;
    }

    void sample() {
      if (!inProgress()) {
        return;
      }
      Map<Integer, EventTrackerStatus> status = processor.processingStatus();
      processorError =
          status.values().stream()
              .filter(EventTrackerStatus::isErrorState)
              .findFirst()
              .map(
                  s ->
                      "the processor failed and retries: "
                          + (s.getError() == null ? "" : describe(s.getError())))
              .orElse(null);
      if (!status.isEmpty()) {
        position =
            status.values().stream()
                .mapToLong(s -> s.getCurrentPosition().orElse(-1))
                .min()
                .orElse(-1);
      }
      long now = System.nanoTime();
      window.addLast(new RebuildRate.Sample(now, position));
      while (window.size() > 2 && now - window.peekFirst().nanos() > WINDOW.toNanos()) {
        window.removeFirst();
      }
      // not isReplaying(): Axon keeps the replay token until an event beyond the target arrives
      if (processor.isRunning()
          && !status.isEmpty()
          && processorError == null
          && position >= target) {
        caughtUpAt = clock.instant();
        caughtUpNanos = now;
        log.info("rebuild of {} caught up at log position {}", group, position);
      }
    }

    Status status() {
      State state = state();
      OptionalDouble rate;
      if (state == State.CAUGHT_UP) {
        rate =
            RebuildRate.perSecond(
                List.of(
                    new RebuildRate.Sample(startedNanos, -1),
                    new RebuildRate.Sample(caughtUpNanos, position)));
      } else {
        rate = RebuildRate.perSecond(List.copyOf(window));
      }
      return new Status(
          group,
          state,
          resumed,
          startedAt,
          Optional.ofNullable(caughtUpAt),
          position + 1,
          target,
          eventLog.nextPosition() - 1,
          rate,
          state == State.FAILED
              ? OptionalLong.empty()
              : RebuildRate.secondsLeft(position, target, rate),
          Optional.ofNullable(failed != null ? failed : processorError));
    }
  }
}
