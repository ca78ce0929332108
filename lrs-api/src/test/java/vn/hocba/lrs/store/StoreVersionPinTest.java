package vn.hocba.lrs.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A read that lasts while the store commits must not lose the chunks it reads: the embedded store's
 * "Chunk N not found" at start and during long scans (see {@link StoreBackend}).
 *
 * <p>H2 drops a dead chunk only once it is older than the retention time (45 s); the stores that
 * failed had minutes-old chunks, so these tests set the retention time to 0 to get the same state
 * in a second. The end-to-end evidence is not a unit test: a copy of a store that "failed to
 * reopen" failed three times in three at the index rebuild of its start ({@code Chunk 819 not
 * found}, a chunk its file lists) and opened three times in three with the pin (StoreReopenHarness
 * verify).
 */
class StoreVersionPinTest {

  @TempDir Path dir;

  /** Fills a map over many chunks, starts reading it, then rewrites every entry and commits. */
  static long readWhileRewritten(MVStore store, MVMap<Long, byte[]> map) {
    Iterator<Map.Entry<Long, byte[]>> it = map.entrySet().iterator();
    long n = 0;
    for (int i = 0; i < 10; i++, n++) {
      it.next();
    }
    for (long k = 0; k < 20_000; k++) {
      map.put(k, new byte[1000]);
      if (k % 500 == 0) {
        store.commit(); // every chunk the iterator's version uses is now dead, then dropped
      }
    }
    store.commit();
    while (it.hasNext()) {
      it.next();
      n++;
    }
    return n;
  }

  static MVMap<Long, byte[]> filled(MVStore store, String name) {
    MVMap<Long, byte[]> map = store.openMap(name);
    for (long k = 0; k < 20_000; k++) {
      map.put(k, new byte[1000]);
      if (k % 500 == 0) {
        store.commit();
      }
    }
    store.commit();
    return map;
  }

  @Test
  @DisplayName("an iterator over a version no one pinned fails once its chunks are dropped (H2)")
  void unpinnedReadLosesChunks() {
    MVStore store = EmbeddedStore.open(dir.resolve("unpinned.mv"), 8);
    try {
      store.setRetentionTime(0);
      MVMap<Long, byte[]> map = filled(store, "data");
      // what mongo-java-server's scans did before StoreBackend pinned their version
      assertThatThrownBy(() -> readWhileRewritten(store, map))
          .isInstanceOf(MVStoreException.class)
          .hasMessageContaining("not found");
    } finally {
      store.closeImmediately();
    }
  }

  @Test
  @DisplayName("the same read pinned by StoreBackend reads every entry")
  void pinnedReadKeepsChunks() {
    MVStore store = EmbeddedStore.open(dir.resolve("pinned.mv"), 8);
    try {
      store.setRetentionTime(0);
      MVMap<Long, byte[]> map = filled(store, "data");
      assertThat(StoreBackend.pinned(store, () -> readWhileRewritten(store, map)))
          .isEqualTo(20_000);
    } finally {
      store.close();
    }
  }
}
