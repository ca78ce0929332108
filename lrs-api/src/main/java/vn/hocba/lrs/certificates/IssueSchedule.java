package vn.hocba.lrs.certificates;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.EventProcessingConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import vn.hocba.checkpoints.Checkpoint;
import vn.hocba.checkpoints.Checkpoints;
import vn.hocba.lrs.dashboard.ProgressPosition;

/**
 * Runs issuing after each new checkpoint: every {@code lrs.certificates.interval} it looks whether
 * a checkpoint newer than the last complete run exists, and issues once the progress projection has
 * applied the log up to it (so no learner the checkpoint covers is missed). A run that left
 * learners waiting is repeated at the next checkpoint.
 */
final class IssueSchedule implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(IssueSchedule.class);

  private final CertificateIssuer issuer;
  private final Checkpoints checkpoints;
  private final EventProcessingConfiguration processing;
  private final Duration interval;
  private ScheduledExecutorService executor;
  private long done = -1;

  IssueSchedule(
      CertificateIssuer issuer,
      Checkpoints checkpoints,
      EventProcessingConfiguration processing,
      Duration interval) {
    this.issuer = issuer;
    this.checkpoints = checkpoints;
    this.processing = processing;
    this.interval = interval;
  }

  void run() {
    try {
      long covered = checkpoints.latest().map(Checkpoint::coveredPosition).orElse(-1L);
      if (covered < 0 || covered <= done || ProgressPosition.of(processing) < covered) {
        return;
      }
      issuer.issue();
      done = covered;
    } catch (RuntimeException e) {
      log.warn("issuing certificates failed; the next run tries again", e);
    }
  }

  @Override
  public synchronized void start() {
    if (interval.isZero() || interval.isNegative()) {
      log.info("scheduled certificate issuing is off (lrs.certificates.interval={})", interval);
      return;
    }
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "certificates");
              t.setDaemon(true);
              return t;
            });
    long millis = interval.toMillis();
    executor.scheduleWithFixedDelay(this::run, millis, millis, TimeUnit.MILLISECONDS);
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
