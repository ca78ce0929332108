package vn.hocba.lrs.store;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The {@code _id} index of a collection kept by record number (decision 19): id to record number.
 * New string ids are held in memory in the order they come and merged into a sorted map later, a
 * few per insert, in key order (decisions 25 and 26).
 *
 * <p><b>Why.</b> The LRS's ids are random UUIDs. Put straight into one sorted map, each of the 100
 * ids of a commit lands on a leaf of its own, and H2 rewrites every leaf a commit changed, whole,
 * with the inner pages above it: about 2.7 KB written per statement for each of the two such
 * indexes, the largest part of what the store wrote and serialized. Merged later in key order,
 * consecutive ids share leaves, so each leaf of the sorted map is rewritten about once per
 * generation rather than once per id.
 *
 * <p><b>How.</b> Two generations of new string ids, each a range of record numbers of the
 * collection, held in memory. The <em>taking</em> generation takes every new id. The
 * <em>merging</em> generation is moved into the sorted map {@link #MERGED_PER_ADD} ids per id
 * added, in key order, so its merge ends before the taking one is full. When the taking generation
 * holds {@code generationSize} ids, the two swap roles and the first record numbers of both are
 * written to a small map beside the sorted one. Look-ups ask the two generations (hash probes),
 * then a Bloom filter of the sorted map's ids ({@link IdFilter}), and only when it says "maybe" the
 * sorted map itself: a new id, the common case, is not looked for among random keys on pages.
 * Everything runs inside the collection's calls, which mongo-java-server serializes, and no call
 * waits longer than a few map puts: only the filter is built on a thread of its own, from the
 * sorted map, when the store opens and each time the map has doubled.
 *
 * <p><b>Crashes.</b> The collection's own records are the log of new ids: a document is stored
 * under its record number before its id is added here, and records are numbered in the order they
 * are inserted. Every string id whose record number lies below the merging generation's first is in
 * the sorted map; the first record numbers move on only once a commit begun after the last merged
 * put has started (the store's version moved two past it), so the file never holds the moved bound
 * without those puts. When the store opens, the records from the merging generation's first on are
 * read again, and their ids the sorted map does not hold with the same record number are taken back
 * into memory. (Decision 25 appended each new id to a log map of its own as well; a store that
 * still has those logs has their ids put into the sorted map when it opens, and the logs removed.)
 *
 * <p>A string id is held as the plain string, not wrapped in the {@link KeyValue} the stock index
 * keeps: H2 compares and writes a plain string natively, while a wrapped one goes through {@link
 * StoreDataType}'s key path. Other ids (numbers, whose keys are normalized so that 1, 1L and 1.0
 * collide as in MongoDB; object ids; documents) keep their {@link KeyValue} and go straight into
 * the sorted map, so a string id and a number never meet as the same key.
 */
final class RecordIdIndex extends StringIdIndex {

  /** String ids a generation takes before it is merged: some 9 MB of memory per generation. */
  static final int GENERATION = 65_536;

  /** Ids of the merging generation moved into the sorted map for each id added. */
  static final int MERGED_PER_ADD = 2;

  /**
   * How indexes are made: the ids a generation takes, and where the Bloom filters of the sorted
   * maps are built (from the map, which takes seconds for a large one, so not on the opening or
   * inserting thread).
   */
  record Options(int generation, Executor filters) {

    /** One daemon thread builds every index's filter, one after another. */
    static final Options DEFAULT =
        new Options(
            GENERATION,
            Executors.newSingleThreadExecutor(
                r -> {
                  Thread t = new Thread(r, "id-filter-builder");
                  t.setDaemon(true);
                  return t;
                }));
  }

  /** Keys of the bounds map: the first record number of each generation. */
  static final String MERGING_FROM = "mergingFrom";

  static final String TAKING_FROM = "takingFrom";

  private final MVStore store;
  private final MVMap<Object, Object> ids;
  private final MVMap<Object, Object> bounds;
  private final int generationSize;
  private Generation taking;
  private Generation merging;

  /**
   * The string ids the sorted map holds (and some it held): a new id skips its look-up there. Null
   * until the first build ends; then every look-up asks the sorted map.
   */
  private IdFilter filter;

  /** While a filter is being built: the ids put into the sorted map since the build was started. */
  private List<String> putWhileBuilding;

  private final Executor filterBuilds;

  /** The first record number of each generation, as {@link #bounds} holds them. */
  private long mergingFrom;

  private long takingFrom;

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

  /** New string ids, in memory. */
  private static final class Generation {
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

    void add(String id, long position) {
      table.put(id, position);
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

  /**
   * @param records the collection's documents by record number
   * @param bounds the first record number of each generation; empty for a new index, or one an
   *     earlier version made
   * @param legacyLogs the logs of new ids decision 25 kept beside the sorted map, if the store has
   *     them: their ids are put into the sorted map and the logs removed
   */
  RecordIdIndex(
      MVStore store,
      MVMap<Object, Object> ids,
      MVMap<Object, Document> records,
      MVMap<Object, Object> bounds,
      List<MVMap<Object, Object>> legacyLogs,
      boolean ascending,
      Options options) {
    super(ascending);
    int generationSize = options.generation();
    if (generationSize < 1) {
      throw new IllegalArgumentException("a generation takes at least one id");
    }
    this.store = store;
    this.ids = ids;
    this.bounds = bounds;
    this.generationSize = generationSize;
    this.filterBuilds = options.filters();
    Object last = records.lastKey();
    long next = last == null ? 0 : ((Long) last) + 1;
    for (MVMap<Object, Object> log : legacyLogs) {
      mergeLegacyLog(log, records);
    }
    setBounds(
        bounds.get(MERGING_FROM) instanceof Long m ? m : next,
        bounds.get(TAKING_FROM) instanceof Long t ? t : next);
    this.merging = new Generation();
    this.taking = new Generation();
    Cursor<Object, Document> cursor = records.cursor(mergingFrom);
    while (cursor.hasNext()) {
      long record = (Long) cursor.next();
      if (cursor.getValue().get(ID) instanceof String id
          && !(ids.get(id) instanceof Long p && p == record)) {
        (record < takingFrom ? this.merging : this.taking).add(id, record);
      }
    }
    this.merging.startMerging();
    buildFilter();
  }

  /** Puts the ids of a decision-25 log whose documents still exist into the sorted map. */
  private void mergeLegacyLog(MVMap<Object, Object> log, MVMap<Object, Document> records) {
    for (Object entry : log.values()) {
      KeyValue logged = (KeyValue) entry;
      String id = (String) logged.get(0);
      Long position = (Long) logged.get(1);
      Document document = records.get(position);
      if (document != null && id.equals(document.get(ID))) {
        ids.putIfAbsent(id, position); // the filter is built from the sorted map later
      }
    }
    store.removeMap(log);
  }

  /**
   * Starts building a filter of every string id the sorted map holds, sized for as many again,
   * unless a build is under way. The build reads the map as it is now (its version pinned until the
   * build ends, decision 15), on the builders' thread and without the index's lock; the ids put
   * into the map meanwhile are added when it ends. Until then the previous filter, or none,
   * answers. A build that fails (the store closed, the index dropped) leaves the index as it was.
   */
  private void buildFilter() {
    if (putWhileBuilding != null) {
      return;
    }
    long expected = ids.sizeAsLong();
    MVStore.TxCounter use = store.registerVersionUsage();
    Iterator<Object> keys;
    try {
      keys = ids.keyIterator(null);
    } catch (RuntimeException e) {
      store.deregisterVersionUsage(use);
      return;
    }
    putWhileBuilding = new ArrayList<>();
    filterBuilds.execute(
        () -> {
          IdFilter built = new IdFilter(expected);
          try {
            while (keys.hasNext()) {
              if (keys.next() instanceof String id) {
                built.add(id);
              }
            }
          } catch (RuntimeException e) {
            synchronized (this) {
              putWhileBuilding = null;
            }
            return;
          } finally {
            store.deregisterVersionUsage(use);
          }
          synchronized (this) {
            putWhileBuilding.forEach(built::add);
            putWhileBuilding = null;
            filter = built;
          }
        });
  }

  /** Puts a string id into the sorted map, and into the filter. */
  private void putSorted(String id, Object position) {
    ids.put(id, position);
    if (putWhileBuilding != null) {
      putWhileBuilding.add(id);
    }
    if (filter != null) {
      filter.add(id);
      if (filter.full()) {
        buildFilter();
      }
    }
  }

  /** Whether the sorted map may hold the id: false is certain. */
  private boolean maybeSorted(String id) {
    return filter == null || filter.mightContain(id);
  }

  private void setBounds(long merging, long taking) {
    if (!(bounds.get(MERGING_FROM) instanceof Long m && m == merging)) {
      bounds.put(MERGING_FROM, merging);
    }
    if (!(bounds.get(TAKING_FROM) instanceof Long t && t == taking)) {
      bounds.put(TAKING_FROM, taking);
    }
    mergingFrom = merging;
    takingFrom = taking;
  }

  /** The record number of a new id, or -1 when neither generation holds it. */
  private long fresh(String id) {
    long p = taking.table.position(id);
    return p >= 0 ? p : merging.table.position(id);
  }

  @Override
  synchronized boolean holds(String id) {
    return fresh(id) >= 0 || (maybeSorted(id) && ids.containsKey(id));
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
      return p >= 0 ? (Object) p : maybeSorted(id) ? ids.get(id) : null;
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
      putSorted(id, position); // not a record number: never the case for a collection by record
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
    if (position < takingFrom) {
      // a record the next opening would not read back: a document stored before this index was
      // made (an index built over existing documents), or one numbered again after the last
      // records were deleted and the store reopened (records are numbered on from the last one)
      putSorted(id, position);
      return;
    }
    taking.add(id, position);
    mergeSome(position);
  }

  /** Moves the next few ids of the merging generation into the sorted map; swaps when due. */
  private void mergeSome(long lastRecord) {
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
      putSorted(id, position);
      merging.mergedUpTo = id;
      moved++;
      if (--merging.unmerged == 0) {
        mergedAt = store.getCurrentVersion();
      }
    }
    if (merging.unmerged == 0 && taking.table.size() >= generationSize && mergeIsStored()) {
      // every id below the taking generation's first record is in the sorted map now, on disk too
      setBounds(takingFrom, lastRecord + 1);
      taking.startMerging();
      merging = taking;
      taking = new Generation();
      mergedAt = -1;
    }
  }

  /**
   * Whether the file holds the last merge's puts once a later commit holds the moved bounds: a
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
    long p = taking.table.remove(id);
    if (p >= 0) {
      return p;
    }
    p = merging.table.remove(id);
    if (p >= 0) {
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
