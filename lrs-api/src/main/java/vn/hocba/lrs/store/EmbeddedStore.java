package vn.hocba.lrs.store;

import java.nio.file.Path;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

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

  /**
   * H2's target for how full the file's chunks are kept (decision 31). H2 rewrites chunks below it
   * when the store is idle, and below a much lower bound while it is busy: at H2's default of 90,
   * chunks under about 62 % full were rewritten all through an ingest, live pages and all. At 70 or
   * less H2 compacts only when idle, so an ingest does not pay for it.
   */
  static final int COMPACT_FILL_RATE = 70;

  private EmbeddedStore() {}

  /**
   * Commits are explicit, with the background writer as a safety net.
   *
   * @throws StoreInUseException when another process (or this one) has the file open
   * @throws StoreUnreadableException when the file is damaged or in a format this H2 cannot read
   */
  public static MVStore open(Path file, int cacheMb) {
    MVStore.Builder builder =
        new MVStore.Builder()
            // "retry:" reopens the file channel when a thread is interrupted mid-write (NIO closes
            // a channel on interrupt); an interrupt during shutdown otherwise left an unreadable
            // file
            .fileName("retry:" + file)
            .cacheSize(cacheMb)
            .autoCommitBufferSize(16 * 1024)
            .autoCompactFillRate(COMPACT_FILL_RATE);
    try {
      return builder.open();
    } catch (MVStoreException e) {
      switch (e.getErrorCode()) {
        case DataUtils.ERROR_FILE_LOCKED -> throw new StoreInUseException(file, e);
        case DataUtils.ERROR_FILE_CORRUPT,
            DataUtils.ERROR_READING_FAILED,
            DataUtils.ERROR_UNSUPPORTED_FORMAT,
            DataUtils.ERROR_CHUNK_NOT_FOUND ->
            throw new StoreUnreadableException(file, e);
        default -> throw e;
      }
    }
  }

  /**
   * The store file could not be opened for a reason its operator can act on. Each kind says what is
   * wrong and what to do: on one line for the jar's commands ({@link #oneLine}), and as a
   * description and an action for a failed start ({@link StoreOpenFailureAnalyzer}).
   */
  public abstract static sealed class StoreOpenException extends IllegalStateException
      permits StoreInUseException, StoreUnreadableException {

    private final transient Path file;

    private StoreOpenException(Path file, String message, Throwable cause) {
      super(message, cause);
      this.file = file;
    }

    public Path file() {
      return file;
    }

    /** Vietnamese, then English, on one line. */
    public abstract String oneLine();

    abstract String description();

    abstract String action();
  }

  /**
   * The store file is locked by another process: a second LRS or a command started on the same data
   * directory. H2's own message ("The file is locked") named neither.
   */
  public static final class StoreInUseException extends StoreOpenException {

    StoreInUseException(Path file, Throwable cause) {
      super(
          file,
          "the embedded store "
              + file
              + " is in use by another process (an LRS or a command started with the same"
              + " LRS_DATA_DIR)",
          cause);
    }

    @Override
    public String oneLine() {
      return "kho nhúng đang được tiến trình khác mở (LRS đang chạy?), hãy dừng nó trước / "
          + getMessage()
          + ": stop it first";
    }

    @Override
    String description() {
      return "The embedded store "
          + file()
          + " is in use by another process: an LRS, or a command of java -jar lrs.jar, started"
          + " with the same LRS_DATA_DIR holds its lock.";
    }

    @Override
    String action() {
      return "Stop the other process and start again, or give this LRS another LRS_DATA_DIR.";
    }
  }

  /**
   * The store file cannot be read: damaged (a disk fault, a copy taken while an LRS wrote it), or
   * written in a format this build's H2 does not know. H2's message is kept in the cause.
   */
  public static final class StoreUnreadableException extends StoreOpenException {

    StoreUnreadableException(Path file, MVStoreException cause) {
      super(file, "the embedded store " + file + " cannot be read: " + cause.getMessage(), cause);
    }

    @Override
    public String oneLine() {
      return "không đọc được kho nhúng / " + getMessage();
    }

    @Override
    String description() {
      return "The embedded store "
          + file()
          + " cannot be read: "
          + getCause().getMessage()
          + ". The file is damaged (a disk fault, or a copy taken while an LRS was writing it),"
          + " or it was written by a newer build whose store format this one cannot read.";
    }

    @Override
    String action() {
      return "Start the build that wrote it, or restore the data directory from a copy taken while"
          + " the LRS was stopped. To start afresh, move the data directory aside (keep it) and"
          + " start with an empty LRS_DATA_DIR; statements exported earlier can be imported"
          + " again (docs/migration.md).";
    }
  }
}
