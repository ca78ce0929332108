package vn.hocba.lrs.store;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The {@code _id} index of a collection kept by record number (decision 19): id to record number.
 * New string ids are appended in the order they come and merged into a sorted map later, a few per
 * insert, in key order (decision 25).
 *
 * <p><b>Why.</b> The LRS's ids are random UUIDs. Put straight into one sorted map, each of the 100
 * ids of a commit lands on a leaf of its own, and H2 rewrites every leaf a commit changed, whole,
 * with the inner pages above it: about 2.7 KB written per statement for each of the two such
 * indexes, the largest part of what the store wrote and serialized. Appended instead, the ids of a
 * commit fill one or two pages at the end of a log; merged later in key order, consecutive ids
 * share leaves, so each leaf of the sorted map is rewritten about once per generation rather than
 * once per id.
 *
 * <p><b>How.</b> Two generations of new string ids, each a map persisted by sequence number ({@code
 * seq -> [id, position]}, appended to) and the same entries sorted in memory. The <em>taking</em>
 * generation takes every new id. The <em>merging</em> generation is moved into the sorted map
 * {@link #MERGED_PER_ADD} ids per id added, in key order, so its merge ends before the taking one
 * is full. When the taking generation holds {@code generationSize} ids, the merged log is cleared
 * and the two swap roles. Everything runs inside the collection's calls, which mongo-java-server
 * serializes: no thread of its own, no pause longer than a few map puts.
 *
 * <p><b>Crashes.</b> A merged entry stays in its log until that log is cleared, so at any moment an
 * id is in its log, in the sorted map, or in both with the same record number, never in neither.
 * The log is cleared only when a commit begun after the last merged put has started (the store's
 * version moved two past it), so the file never holds the cleared log without those puts. When the
 * store opens, logged entries that the sorted map already holds are dropped from their log; the
 * others are taken back into memory, and the older generation merges first.
 *
 * <p>A string id is held as the plain string, not wrapped in the {@link KeyValue} the stock index
 * keeps: H2 compares and writes a plain string natively, while a wrapped one goes through {@link
 * StoreDataType}'s key path. Other ids (numbers, whose keys are normalized so that 1, 1L and 1.0
 * collide as in MongoDB; object ids; documents) keep their {@link KeyValue} and go straight into
 * the sorted map, so a string id and a number never meet as the same key.
 */
final class RecordIdIndex extends StringIdIndex {

  /** String ids a generation takes before it is merged: some 8 MB of memory per generation. */
  static final int GENERATION = 65_536;

  /** Ids of the merging generation moved into the sorted map for each id added. */
  static final int MERGED_PER_ADD = 2;

  private final MVStore store;
  private final MVMap<Object, Object> ids;
  private final int generationSize;
  private Generation taking;
  private Generation merging;
  private long nextSeq;

  /** The store's version when the merging generation was last fully merged, or -1. */
  private long mergedAt = -1;

  /**
   * The id {@link #checkAdd} just found free, the very string of the document it checked: {@link
   * #add} of that document, called next under the collection's lock, need not look again. Cleared
   * by every change.
   */
  private String checkedFree;

  /** Ids are sorted in runs of this many as they come, and a generation merged from its runs. */
  static final int RUN = 4_096;

  /** New string ids, as their log holds them and in memory. */
  private static final class Generation {
    final MVMap<Object, Object> log;
    final IdTable table = new IdTable();

    /**
     * The ids added, in sorted runs: a generation is merged in key order by merging its runs, so no
     * insert waits for a whole generation to be sorted. An id removed later stays in its run and is
     * skipped; one added again appears twice, next to itself in key order.
     */
    final List<String[]> runs = new ArrayList<>();

    String[] filling = new String[RUN];
    int filled;

    /** Once merging: the index of the next id of each run. */
    int[] heads;

    /** The last id moved into the sorted map, or null: ids up to it are in both. */
    String mergedUpTo;

    /** Ids held and not merged yet. */
    int unmerged;

    /** The smallest sequence number loaded from the log, for the order of generations. */
    long firstSeq = Long.MAX_VALUE;

    Generation(MVMap<Object, Object> log) {
      this.log = log;
    }

    void add(String id, long position, long seq) {
      table.put(id, position, seq);
      filling[filled++] = id;
      if (filled == RUN) {
        Arrays.sort(filling);
        runs.add(filling);
        filling = new String[RUN];
        filled = 0;
      }
    }

    void startMerging() {
      if (filled > 0) {
        String[] last = Arrays.copyOf(filling, filled);
        Arrays.sort(last);
        runs.add(last);
      }
      filling = null;
      filled = 0;
      heads = new int[runs.size()];
      unmerged = table.size();
    }

    /** The next id of the runs in key order, or null when all are done. */
    String nextInOrder() {
      int best = -1;
      String min = null;
      for (int r = 0; r < heads.length; r++) {
        String[] run = runs.get(r);
        if (heads[r] < run.length && (min == null || run[heads[r]].compareTo(min) < 0)) {
          min = run[heads[r]];
          best = r;
        }
      }
      if (best >= 0) {
        heads[best]++;
      }
      return min;
    }

    boolean merged(String id) {
      return mergedUpTo != null && id.compareTo(mergedUpTo) <= 0;
    }
  }

  RecordIdIndex(
      MVStore store,
      MVMap<Object, Object> ids,
      MVMap<Object, Object> logA,
      MVMap<Object, Object> logB,
      boolean ascending,
      int generationSize) {
    super(ascending);
    if (generationSize < 1) {
      throw new IllegalArgumentException("a generation takes at least one id");
    }
    this.store = store;
    this.ids = ids;
    this.generationSize = generationSize;
    Generation a = load(logA);
    Generation b = load(logB);
    // the older generation merges first, one left alone after a restart at once; a new index
    // appends to its first log
    boolean aFirst = a.firstSeq < b.firstSeq;
    this.merging = aFirst ? a : b;
    this.taking = aFirst ? b : a;
    merging.startMerging();
  }

  /** A generation as its log holds it, less the entries the sorted map already has. */
  private Generation load(MVMap<Object, Object> log) {
    Generation g = new Generation(log);
    List<Object> alreadyMerged = new ArrayList<>();
    for (Map.Entry<Object, Object> e : log.entrySet()) {
      long seq = (Long) e.getKey();
      KeyValue entry = (KeyValue) e.getValue();
      String id = (String) entry.get(0);
      long position = (Long) entry.get(1);
      nextSeq = Math.max(nextSeq, seq + 1);
      if (ids.get(id) instanceof Long p && p == position) {
        alreadyMerged.add(seq);
        continue;
      }
      g.add(id, position, seq);
      g.firstSeq = Math.min(g.firstSeq, seq);
    }
    if (alreadyMerged.size() == log.size()) {
      log.clear();
    } else {
      alreadyMerged.forEach(log::remove);
    }
    return g;
  }

  /** The record number of a new id, or -1 when neither generation holds it. */
  private long fresh(String id) {
    long p = taking.table.position(id);
    return p >= 0 ? p : merging.table.position(id);
  }

  @Override
  synchronized boolean holds(String id) {
    return fresh(id) >= 0 || ids.containsKey(id);
  }

  @Override
  public synchronized void checkAdd(Document document, MongoCollection<Object> collection) {
    checkedFree = null;
    super.checkAdd(document, collection);
    if (document.get(ID) instanceof String id) {
      checkedFree = id;
    }
  }

  @Override
  protected synchronized Object getPosition(KeyValue key) {
    String id = stringId(key);
    if (id != null) {
      long p = fresh(id);
      return p >= 0 ? (Object) p : ids.get(id);
    }
    return ids.get(key);
  }

  @Override
  protected synchronized boolean putKeyPosition(KeyValue key, Object position) {
    checkedFree = null;
    String id = stringId(key);
    if (id == null) {
      return ids.putIfAbsent(key, position) == null;
    }
    if (holds(id)) {
      return false;
    }
    if (position instanceof Long record) {
      append(id, record);
    } else {
      ids.put(id, position); // not a record number: never the case for a collection by record
    }
    return true;
  }

  /**
   * Called after the collection stored the document, and after {@link #checkAdd} found the id free:
   * the stock method looks the key up twice more before it puts it. When the id is not the one just
   * checked (an index built over existing documents), it is looked up once, and a taken one is
   * refused.
   */
  @Override
  public synchronized void add(
      Document document, Object position, MongoCollection<Object> collection) {
    Object idValue = document.get(ID);
    boolean checked = checkedFree != null && idValue == checkedFree;
    checkedFree = null;
    if (idValue instanceof String id && position instanceof Long record) {
      if (!checked && holds(id)) {
        throw duplicate(collection, id);
      }
      append(id, record);
      return;
    }
    super.add(document, position, collection);
  }

  private void append(String id, long position) {
    long seq = nextSeq++;
    taking.log.put(seq, new KeyValue(id, position));
    taking.add(id, position, seq);
    mergeSome();
  }

  /** Moves the next few ids of the merging generation into the sorted map; swaps when due. */
  private void mergeSome() {
    int moved = 0;
    while (moved < MERGED_PER_ADD && merging.unmerged > 0) {
      String id = merging.nextInOrder();
      if (id == null) { // every id counted was in a run: not reached
        merging.unmerged = 0;
        mergedAt = store.getCurrentVersion();
        break;
      }
      long position = id.equals(merging.mergedUpTo) ? -1 : merging.table.position(id);
      if (position < 0) {
        continue; // removed since it was added, or added again and merged just now
      }
      ids.put(id, position);
      merging.mergedUpTo = id;
      moved++;
      if (--merging.unmerged == 0) {
        mergedAt = store.getCurrentVersion();
      }
    }
    if (merging.unmerged == 0 && taking.table.size() >= generationSize && mergeIsStored()) {
      merging.log.clear();
      Generation emptied = new Generation(merging.log);
      taking.startMerging();
      merging = taking;
      taking = emptied;
      mergedAt = -1;
    }
  }

  /**
   * Whether the file holds the last merge's puts once a later commit holds the cleared log: a
   * commit that began after those puts has started (the version moved twice), and H2 writes its
   * commits in order.
   */
  private boolean mergeIsStored() {
    return mergedAt < 0
        || store.getFileStore() == null
        || store.getCurrentVersion() >= mergedAt + 2;
  }

  @Override
  protected synchronized Object removeDocument(KeyValue key) {
    checkedFree = null;
    String id = stringId(key);
    if (id == null) {
      return ids.remove(key);
    }
    long p = taking.table.position(id);
    if (p >= 0) {
      taking.log.remove(taking.table.remove(id));
      return p;
    }
    p = merging.table.position(id);
    if (p >= 0) {
      merging.log.remove(merging.table.remove(id));
      if (merging.merged(id)) {
        ids.remove(id);
      } else if (--merging.unmerged == 0) {
        mergedAt = store.getCurrentVersion();
      }
      return p;
    }
    return ids.remove(id);
  }

  @Override
  public synchronized long getCount() {
    return ids.sizeAsLong() + taking.table.size() + merging.unmerged;
  }

  /** Every entry once: the sorted map's, then the ids of both generations it does not hold yet. */
  @Override
  protected synchronized Iterable<Map.Entry<KeyValue, Object>> getIterable() {
    List<Map.Entry<KeyValue, Object>> fresh = new ArrayList<>();
    IdTable.Entry collect =
        (id, position) ->
            fresh.add(new AbstractMap.SimpleImmutableEntry<>(new KeyValue(id), position));
    taking.table.forEach(collect);
    merging.table.forEach(
        (id, position) -> {
          if (!merging.merged(id)) {
            collect.accept(id, position);
          }
        });
    return () ->
        Stream.concat(
                ids.entrySet().stream()
                    .map(
                        e ->
                            (Map.Entry<KeyValue, Object>)
                                new AbstractMap.SimpleImmutableEntry<>(
                                    e.getKey() instanceof KeyValue k ? k : new KeyValue(e.getKey()),
                                    e.getValue())),
                fresh.stream())
            .iterator();
  }
}
