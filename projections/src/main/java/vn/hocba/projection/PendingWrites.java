package vn.hocba.projection;

import java.util.Optional;
import java.util.function.Supplier;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Read-model writes a projector gathered during one processor batch. They must reach the store
 * before the batch's token does: otherwise a crash between the two leaves a token that claims
 * events whose effects were never written. Projectors keep them as a resource of the batch's unit
 * of work; the token store flushes them first ({@link #flushAll()}).
 */
public interface PendingWrites {

  /** Writes what is pending; a second call does nothing. */
  void flush();

  /**
   * The pending writes of the current processor batch, created on first use and flushed when the
   * batch commits (or earlier, by the token store); empty outside a unit of work.
   */
  static <B extends PendingWrites> Optional<B> ofCurrentBatch(String key, Supplier<B> create) {
    if (!CurrentUnitOfWork.isStarted()) {
      return Optional.empty();
    }
    UnitOfWork<?> root = CurrentUnitOfWork.get().root();
    return Optional.of(
        root.getOrComputeResource(
            key,
            k -> {
              B batch = create.get();
              root.onPrepareCommit(u -> batch.flush());
              return batch;
            }));
  }

  /** Flushes every pending write of the current unit of work, if any. */
  static void flushAll() {
    if (CurrentUnitOfWork.isStarted()) {
      CurrentUnitOfWork.get()
          .root()
          .resources()
          .values()
          .forEach(
              v -> {
                if (v instanceof PendingWrites p) {
                  p.flush();
                }
              });
    }
  }
}
