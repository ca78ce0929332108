package vn.hocba.lrs.store;

/**
 * String ids to record numbers, in three arrays with open addressing (the ids, their hashes, their
 * record numbers): a generation of new ids of a {@link RecordIdIndex} held in memory without an
 * object per entry. Probing compares hashes first, so a look-up of a new id (the common case) reads
 * no other id's characters.
 *
 * <p>A generation lives for minutes, so its entries reach the old generation of the garbage
 * collector; one tree node and one record per id (a {@code TreeMap} was tried first) made the
 * collector's work per statement grow by a fifth. Here an entry is a reference, an int and a long.
 * Not thread-safe: the index calls it under its own lock.
 */
final class IdTable {

  /** Marks a slot whose id was removed, so that probing goes on past it. */
  private static final String REMOVED = new String("removed"); // compared by identity

  private String[] keys;
  private int[] hashes;
  private long[] positions;
  private int size;

  /** Slots holding an id or {@link #REMOVED}. */
  private int used;

  IdTable() {
    allocate(64);
  }

  private void allocate(int capacity) {
    keys = new String[capacity];
    hashes = new int[capacity];
    positions = new long[capacity];
    size = 0;
    used = 0;
  }

  int size() {
    return size;
  }

  private int mask() {
    return keys.length - 1;
  }

  /** The slot of {@code id}, or -1. */
  private int slot(String id) {
    int h = spread(id.hashCode());
    int i = h & mask();
    String k;
    while ((k = keys[i]) != null) {
      if (hashes[i] == h && k != REMOVED && k.equals(id)) {
        return i;
      }
      i = (i + 1) & mask();
    }
    return -1;
  }

  private static int spread(int h) {
    return h ^ (h >>> 16);
  }

  boolean contains(String id) {
    return slot(id) >= 0;
  }

  /** The record number of {@code id}, or -1 when the table does not hold it. */
  long position(String id) {
    int i = slot(id);
    return i < 0 ? -1 : positions[i];
  }

  /** Adds an id the table does not hold. */
  void put(String id, long position) {
    if ((used + 1) * 2 > keys.length) {
      // at most half full: grow when ids fill a quarter, else only drop the removed marks
      rehash((size + 1) * 4 > keys.length ? keys.length * 2 : keys.length);
    }
    insert(id, spread(id.hashCode()), position);
  }

  private void insert(String id, int h, long position) {
    int i = h & mask();
    while (keys[i] != null) {
      i = (i + 1) & mask();
    }
    keys[i] = id;
    hashes[i] = h;
    positions[i] = position;
    size++;
    used++;
  }

  /** Removes {@code id}; returns its record number, or -1 when the table did not hold it. */
  long remove(String id) {
    int i = slot(id);
    if (i < 0) {
      return -1;
    }
    keys[i] = REMOVED;
    size--;
    return positions[i];
  }

  private void rehash(int capacity) {
    String[] k = keys;
    int[] h = hashes;
    long[] p = positions;
    allocate(capacity);
    for (int i = 0; i < k.length; i++) {
      if (k[i] != null && k[i] != REMOVED) {
        insert(k[i], h[i], p[i]); // the new table is large enough: no check, no hash again
      }
    }
  }

  /** Every id held, with its record number, in no particular order. */
  void forEach(Entry action) {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != null && keys[i] != REMOVED) {
        action.accept(keys[i], positions[i]);
      }
    }
  }

  @FunctionalInterface
  interface Entry {
    void accept(String id, long position);
  }
}
