package vn.hocba.projection;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * Read-model writes a projector gathered during one processor batch. They must reach the store
 * before the batch's token does: otherwise a crash between the two leaves a token that claims
 * events whose effects were never written. Projectors keep them as a resource of the batch's unit
 * of work; the token store flushes them first ({@link #flushAll()}).
 */
public interface PendingWrites {

  /** Writes what is pending; a second call does nothing. */
  void flush();

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
