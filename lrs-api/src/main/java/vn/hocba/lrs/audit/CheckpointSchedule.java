package vn.hocba.lrs.audit;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import vn.hocba.checkpoints.Checkpointer;

/**
 * Signs the chain head every {@code lrs.checkpoints.interval} (ISO-8601 duration, default PT10M)
 * when it moved since the last checkpoint; zero or negative turns the schedule off (on-demand
 * checkpoints still work).
 */
final class CheckpointSchedule implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(CheckpointSchedule.class);

  private final Checkpointer checkpointer;
  private final Duration interval;
  private ScheduledExecutorService executor;

  CheckpointSchedule(Checkpointer checkpointer, Duration interval) {
    this.checkpointer = checkpointer;
    this.interval = interval;
  }

  @Override
  public synchronized void start() {
    if (interval.isZero() || interval.isNegative()) {
      log.info("scheduled checkpoints are off (lrs.checkpoints.interval={})", interval);
      return;
    }
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "chain-checkpoints");
              t.setDaemon(true);
              return t;
            });
    long millis = interval.toMillis();
    executor.scheduleWithFixedDelay(this::run, millis, millis, TimeUnit.MILLISECONDS);
  }

  void run() {
    try {
      Checkpointer.Outcome o = checkpointer.checkpoint();
      if (o.created()) {
        o.checkpoint()
            .ifPresent(
                c ->
                    log.info(
                        "signed checkpoint at position {} covering {} with key {}",
                        c.position(),
                        c.coveredPosition(),
                        c.keyId()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.warn("checkpoint failed; the next run tries again", e);
    }
  }

  @Override
  public synchronized void stop() {
    if (executor != null) {
      executor.shutdownNow();
      executor = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return executor != null;
  }
}
