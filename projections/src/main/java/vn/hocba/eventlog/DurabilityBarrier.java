package vn.hocba.eventlog;

/**
 * Makes appended commits durable before a request is acknowledged. On a real MongoDB the write
 * concern does this; the embedded store needs an explicit commit and fsync.
 */
public interface DurabilityBarrier {

  /** Returns once every commit up to {@code position} survives a crash. */
  void syncTo(long position);

  /** For stores whose write concern already guarantees durability. */
  DurabilityBarrier WRITE_CONCERN = position -> {};
}
