package vn.hocba.lrs.store;

import java.nio.file.Path;
import org.h2.mvstore.MVStore;

/** How the embedded store's H2 file is opened: the same for the LRS and its benchmark. */
public final class EmbeddedStore {

  /**
   * The page cache the LRS opens its store with unless {@code lrs.store.cache-mb} says otherwise
   * (decision 28). H2 puts every page it writes into this cache, so under a steady ingest the cache
   * is mostly pages just written, and its size decides how long they stay on the heap: 256 MB of
   * them survived young collections and filled the old generation, and the collector's CPU per
   * statement halved at 32 MB. Reads did not need more since the {@code _id} maps are behind a
   * Bloom filter (decision 27).
   */
  public static final int DEFAULT_CACHE_MB = 32;

  private EmbeddedStore() {}

  /** Commits are explicit, with the background writer as a safety net. */
  public static MVStore open(Path file, int cacheMb) {
    return new MVStore.Builder()
        // "retry:" reopens the file channel when a thread is interrupted mid-write (NIO closes a
        // channel on interrupt); an interrupt during shutdown otherwise left an unreadable file
        .fileName("retry:" + file)
        .cacheSize(cacheMb)
        .autoCommitBufferSize(16 * 1024)
        .open();
  }
}
