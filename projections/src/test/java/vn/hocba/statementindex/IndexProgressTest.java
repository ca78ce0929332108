package vn.hocba.statementindex;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Read-your-writes waits on a projection's progress, except while a rebuild replays history. */
class IndexProgressTest {

  private static final Instant T = Instant.parse("2025-09-08T01:00:00Z");

  @Nested
  @DisplayName("without a rebuild")
  class Live {
    @Test
    @DisplayName("a wait ends when the projection applies the target position")
    void waitEndsAtTarget() throws Exception {
      IndexProgress p = new IndexProgress("g");
      p.advance(4, T);
      CompletableFuture<Boolean> waiting = waitFor(p, 5, Duration.ofSeconds(10));
      Thread.sleep(50);
      assertThat(waiting).isNotDone();
      p.advance(5, T.plusSeconds(1));
      assertThat(waiting.get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    @DisplayName("a wait for a position never applied times out with false")
    void waitTimesOut() throws Exception {
      IndexProgress p = new IndexProgress("g");
      assertThat(p.awaitPosition(0, Duration.ofMillis(30))).isFalse();
    }
  }

  @Nested
  @DisplayName("during a rebuild")
  class DuringRebuild {
    @Test
    @DisplayName("a writer already waiting is released when the rebuild starts")
    void waiterReleasedWhenRebuildStarts() throws Exception {
      IndexProgress p = new IndexProgress("statement-index");
      p.advance(9, T);
      CompletableFuture<Boolean> waiting = waitFor(p, 10, Duration.ofSeconds(30));
      Thread.sleep(50);
      p.rebuildingThrough(9);
      p.reset();
      assertThat(waiting.get(2, TimeUnit.SECONDS)).isFalse();
      assertThat(p.rebuilding()).isTrue();
      assertThat(p.position()).isEqualTo(-1);
      assertThat(p.stored()).isEqualTo(Instant.EPOCH);
    }

    @Test
    @DisplayName("new waits return at once until the replay passes the head it started from")
    void waitsReturnUntilHeadPassed() throws Exception {
      IndexProgress p = new IndexProgress("statement-index");
      p.rebuildingThrough(99);
      p.reset();
      long started = System.nanoTime();
      assertThat(p.awaitPosition(120, Duration.ofSeconds(10))).isFalse();
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));

      p.advance(98, T);
      assertThat(p.rebuilding()).isTrue();
      p.advance(99, T.plusSeconds(1));
      assertThat(p.rebuilding()).isFalse();
      // caught up: writers wait again for what they wrote
      CompletableFuture<Boolean> waiting = waitFor(p, 120, Duration.ofSeconds(10));
      Thread.sleep(50);
      assertThat(waiting).isNotDone();
      p.advance(120, T.plusSeconds(2));
      assertThat(waiting.get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    @DisplayName("batches applied between the start of a rebuild and its reset do not end it")
    void advancesBeforeTheResetDoNotEndIt() {
      IndexProgress p = new IndexProgress("statement-index");
      p.advance(40, T);
      p.rebuildingThrough(41);
      p.advance(42, T.plusSeconds(1)); // the last live batch before the processor stopped
      assertThat(p.rebuilding()).isTrue();
      p.reset();
      assertThat(p.rebuilding()).isTrue();
      p.advance(41, T);
      assertThat(p.rebuilding()).isFalse();
    }

    @Test
    @DisplayName("a replay found after a restart holds waits until it reaches its reset position")
    void replayAfterRestart() throws Exception {
      IndexProgress p = new IndexProgress("catalog");
      p.advance(10, T); // the replay token survived the restart: replaying from 11
      p.replayingThrough(30);
      assertThat(p.awaitPosition(31, Duration.ofSeconds(10))).isFalse();
      p.advance(30, T);
      assertThat(p.rebuilding()).isFalse();
    }

    @Test
    @DisplayName("a rebuild that could not start ends the rebuild state")
    void abandonedRebuild() {
      IndexProgress p = new IndexProgress("catalog");
      p.rebuildingThrough(50);
      assertThat(p.rebuilding()).isTrue();
      p.rebuildingThrough(-1);
      assertThat(p.rebuilding()).isFalse();
    }
  }

  private static CompletableFuture<Boolean> waitFor(IndexProgress p, long target, Duration d) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return p.awaitPosition(target, d);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
          }
        });
  }
}
