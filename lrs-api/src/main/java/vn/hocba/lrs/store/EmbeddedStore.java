package vn.hocba.lrs.store;

import java.nio.file.Path;
import org.h2.mvstore.MVStore;

/** How the embedded store's H2 file is opened: the same for the LRS and its benchmark. */
public final class EmbeddedStore {

  private EmbeddedStore() {}

  /**
   * A page cache large enough that index pages stay decoded in memory (mongo-java-server stores
   * keys with Java serialization, so a cache miss is expensive); commits are explicit, with the
   * background writer as a safety net.
   */
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
