package vn.hocba.lrs.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decision 31: the embedded store does not rewrite live pages to compact its file while it is busy,
 * and still does once it is idle.
 *
 * <p>Each scenario writes a small map {@code a} and a large map {@code b} into one chunk, then
 * keeps rewriting {@code b}: that first chunk soon holds little but {@code a}, a candidate for
 * compaction, which would move {@code a}'s pages to a new chunk. Chunks may be rewritten only after
 * H2's retention time (45 s by default), so the tests set it to zero.
 */
class EmbeddedStoreCompactionTest {

  @TempDir Path dir;

  private static final byte[] VALUE = new byte[1000];

  private static MVMap<Integer, byte[]> fill(MVStore store) {
    store.setRetentionTime(0);
    MVMap<Integer, byte[]> a = store.openMap("a");
    MVMap<Integer, byte[]> b = store.openMap("b");
    for (int k = 0; k < 50; k++) {
      a.put(k, VALUE);
    }
    for (int k = 0; k < 2000; k++) {
      b.put(k, VALUE);
    }
    store.commit();
    return a;
  }

  private static int chunkOf(MVMap<Integer, byte[]> map) {
    return DataUtils.getPageChunkId(map.getRootPage().getPos());
  }

  /** Rewrites {@code b} without a pause until the time is up or {@code a} has moved. */
  private static long churn(MVStore store, MVMap<Integer, byte[]> a, long millis) {
    MVMap<Integer, byte[]> b = store.openMap("b");
    int start = chunkOf(a);
    long began = System.nanoTime();
    long end = began + millis * 1_000_000L;
    for (long n = 1; System.nanoTime() < end && chunkOf(a) == start; n++) {
      b.put((int) (n % 2000), VALUE);
      if (n % 100 == 0) {
        store.commit();
      }
    }
    store.commit();
    return (System.nanoTime() - began) / 1_000_000L;
  }

  @Test
  @DisplayName("H2's default compacts while the store is busy (what the next test rules out)")
  void h2DefaultCompactsWhileBusy() {
    try (MVStore store =
        new MVStore.Builder()
            .fileName(dir.resolve("default.mv.db").toString())
            .cacheSize(8)
            .autoCommitBufferSize(16 * 1024)
            .open()) {
      MVMap<Integer, byte[]> a = fill(store);
      int before = chunkOf(a);
      churn(store, a, 30_000);
      assertThat(chunkOf(a)).isNotEqualTo(before);
    }
  }

  @Test
  @DisplayName("the embedded store leaves live pages in place while busy and compacts once idle")
  void compactsOnlyWhenIdle() {
    try (MVStore store = EmbeddedStore.open(dir.resolve("ours.mv.db"), 8)) {
      MVMap<Integer, byte[]> a = fill(store);
      int before = chunkOf(a);
      churn(store, a, 2_000);
      assertThat(chunkOf(a)).as("moved while busy").isEqualTo(before);

      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> chunkOf(a) != before);
      assertThat(a.get(49)).hasSize(1000);
    }
  }
}
