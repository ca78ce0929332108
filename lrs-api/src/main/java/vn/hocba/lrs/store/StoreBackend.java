package vn.hocba.lrs.store;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's H2 backend with the embedded store's maps opened with {@link StoreDataType}.
 *
 * <p>The backend opens maps by name with H2's default types; {@link MVStore#openMap(String)}
 * returns a map that is already open whatever builder is passed. So each map is opened here first,
 * typed, before the backend asks for it: the maps of a database that exists when it is resolved,
 * and the maps of a collection or index made later.
 *
 * <p><b>Every call into the backend pins the store's version it reads.</b> mongo-java-server reads
 * H2 maps with plain iterators (a find without an index, the index rebuild when a database is
 * opened), and a plain MVMap iterator keeps reading the tree of the version it started on. H2 2.3
 * drops a chunk from its chunk table once no version newer than {@code getOldestVersionToKeep()}
 * uses it, which is five commits later unless something registered a use of an older version
 * ({@link MVStore#registerVersionUsage}, what H2's own transactions do; mongo-java-server does
 * not). With a commit and an fsync after every acknowledged write, and H2's housekeeping rewriting
 * sparse chunks, a scan that lasts seconds on a multi-GB file then reads a page of a chunk that was
 * dropped under it: {@code MVStoreException: Chunk N not found}. That is what failed the LRS's
 * starts (in {@code AbstractMongoCollection.addIndex}, scanning every document) and a long scan of
 * a running 3 GB store; the file itself was sound (a copy of the store that "failed to reopen"
 * opens read-only and every entry of every map reads). So a call registers a use of the current
 * version before it reads and releases it when it returns: chunks the call may still read stay in
 * the table meanwhile (their space is reused a little later, nothing else changes). A call runs to
 * the end within these methods: the backend's cursors hold documents already read, not map
 * iterators.
 */
public final class StoreBackend extends H2Backend {

  private static final String DATA_PREFIX = "databases.";

  /**
   * The data map of a collection this version made: documents by record number, in insertion order
   * (decision 19). A collection whose {@code databases.} map exists is one an earlier version made
   * and keeps that layout.
   */
  private static final String RECORDS_PREFIX = "records.";

  private static final String INDEX_INFIX = "._index_";
  private static final String META_PREFIX =
      "meta."; // H2Database's name for a collection's meta map

  /**
   * Suffix of the two logs of new ids decision 25 kept beside a {@link RecordIdIndex}'s sorted map;
   * a store that has them is converted when it opens (decision 26).
   */
  private static final String[] LEGACY_ID_LOGS = {".appended.0", ".appended.1"};

  /** Suffix of the map of a {@link RecordIdIndex}'s generation bounds (decision 26). */
  private static final String ID_BOUNDS = ".generations";

  /** How {@link RecordIdIndex}es are made (decisions 25 and 27). */
  private final RecordIdIndex.Options idOptions;

  /**
   * The options while the superclass's constructor opens the databases the file holds, and with
   * them their indexes, before this class's fields are set.
   */
  private static final ThreadLocal<RecordIdIndex.Options> OPENING_OPTIONS = new ThreadLocal<>();

  public StoreBackend(MVStore store) {
    this(store, RecordIdIndex.Options.DEFAULT);
  }

  /** With generations of new ids of another size than the default (tests merge small ones). */
  StoreBackend(MVStore store, int idGeneration) {
    this(store, new RecordIdIndex.Options(idGeneration, RecordIdIndex.Options.DEFAULT.filters()));
  }

  /** With other options (tests run the filters' builds when they choose). */
  StoreBackend(MVStore store, RecordIdIndex.Options idOptions) {
    this(store, store.registerVersionUsage(), idOptions);
  }

  /** Opening the databases scans every collection to rebuild its indexes: pinned too. */
  private StoreBackend(MVStore store, MVStore.TxCounter opening, RecordIdIndex.Options idOptions) {
    super(prepared(store, idOptions));
    this.idOptions = idOptions;
    OPENING_OPTIONS.remove();
    try {
      // H2Backend opens at start the databases it finds by their "databases." maps; a database
      // all of whose collections this version made has only "records." maps
      store.getMapNames().stream()
          .filter(name -> name.startsWith(RECORDS_PREFIX))
          .map(name -> name.substring(RECORDS_PREFIX.length()))
          .map(full -> full.substring(0, full.indexOf('.')))
          .distinct()
          .forEach(this::resolveDatabase);
    } finally {
      store.deregisterVersionUsage(opening);
    }
  }

  /** Runs a call with the store's current version, and every later one, kept readable. */
  static <T> T pinned(MVStore store, Supplier<T> call) {
    MVStore.TxCounter use = store.registerVersionUsage();
    try {
      return call.get();
    } finally {
      store.deregisterVersionUsage(use);
    }
  }

  // OP_MSG carries every command of the driver; OP_QUERY only its connection handshake (whose
  // commands, reaching handleCommand directly, read no collection)
  @Override
  public Document handleMessage(MongoMessage message) {
    return pinned(getMvStore(), () -> super.handleMessage(message));
  }

  @Override
  public QueryResult handleQuery(MongoQuery query) {
    return pinned(getMvStore(), () -> super.handleQuery(query));
  }

  /**
   * Opens, typed, every data and index map the file holds, before H2Backend resolves them. The
   * index options are taken here only to be set before the superclass opens the databases, which
   * opens their indexes.
   */
  private static MVStore prepared(MVStore store, RecordIdIndex.Options idOptions) {
    OPENING_OPTIONS.set(idOptions); // RecordIdIndex refuses a generation under one
    for (String name : store.getMapNames()) {
      if (name.startsWith(DATA_PREFIX)
          || name.startsWith(RECORDS_PREFIX)
          || name.contains(INDEX_INFIX)) {
        openTyped(store, name);
      }
    }
    return store;
  }

  /**
   * Data maps hold documents by {@code _id}, index maps positions by key: both use the type. A map
   * already open is returned as it is.
   */
  private static <K, V> MVMap<K, V> openTyped(MVStore store, String name) {
    return store.openMap(
        name,
        new MVMap.Builder<K, V>().keyType(new StoreDataType()).valueType(new StoreDataType()));
  }

  @Override
  protected MongoDatabase openOrCreateDatabase(String databaseName) {
    return new Database(databaseName, getMvStore(), getCursorRegistry());
  }

  /**
   * Opens the maps of collections and indexes typed before H2Database opens them, and opens
   * collections as {@link StoreCollection}s. A collection this version makes keeps its documents by
   * record number and its {@code _id} index in a map of its own ({@link RecordIdIndex}), as MongoDB
   * does (decision 19); one an earlier version made keeps its documents by {@code _id}, and its
   * {@code _id} index is served from that map for string ids ({@link IdIndex}, decision 16). An
   * inner class: H2Database's constructor opens the existing collections and indexes before this
   * class's constructor body runs, and the outer backend's store is set by then.
   */
  private final class Database extends H2Database {

    Database(String name, MVStore store, CursorRegistry cursors) {
      super(name, store, cursors);
    }

    /** Whether the collection keeps documents by {@code _id}: made by an earlier version. */
    private boolean keyedById(String fullName) {
      return getMvStore().hasMap(DATA_PREFIX + fullName);
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(
        String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
      String collection = getFullCollectionNamespace(collectionName);
      MVStore mv = getMvStore();
      String indexMap = collection + INDEX_INFIX + indexName;
      MVMap<KeyValue, Object> typed = openTyped(mv, indexMap);
      if (StringIdIndex.NAME.equals(indexName)
          && keys.size() == 1
          && "_id".equals(keys.get(0).getKey())
          && !sparse) {
        boolean ascending = keys.get(0).isAscending();
        if (!keyedById(collection)) {
          List<MVMap<Object, Object>> legacyLogs = new ArrayList<>();
          for (String log : LEGACY_ID_LOGS) {
            if (mv.hasMap(indexMap + log)) {
              legacyLogs.add(openTyped(mv, indexMap + log));
            }
          }
          return new RecordIdIndex(
              mv,
              openTyped(mv, indexMap),
              openTyped(mv, RECORDS_PREFIX + collection),
              openTyped(mv, indexMap + ID_BOUNDS),
              legacyLogs,
              ascending,
              idOptions != null ? idOptions : OPENING_OPTIONS.get());
        }
        MVMap<Object, Document> data = mv.openMap(DATA_PREFIX + collection);
        return new IdIndex(data, typed, ascending);
      }
      // other unique indexes: one plain field, its key found without a path split (decision 29)
      FieldIndex field = FieldIndex.of(typed, indexName, keys, sparse);
      return field != null
          ? field
          : super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
    }

    /** As H2Database opens a collection (a data and a meta map), as a {@link StoreCollection}. */
    @Override
    protected MongoCollection<Object> openOrCreateCollection(
        String collectionName, CollectionOptions options) {
      String collection = getFullCollectionNamespace(collectionName);
      MVStore mv = getMvStore();
      MVMap<String, Object> meta = mv.openMap(META_PREFIX + collection);
      boolean byRecord = !keyedById(collection);
      MVMap<Object, Document> data =
          openTyped(mv, (byRecord ? RECORDS_PREFIX : DATA_PREFIX) + collection);
      return new StoreCollection(
          this, collectionName, options, data, meta, cursorRegistry, byRecord);
    }

    /** H2Database removes the index's map; a {@link RecordIdIndex}'s bounds go with it. */
    @Override
    protected void dropIndex(MongoCollection<Object> collection, String indexName) {
      super.dropIndex(collection, indexName);
      String sorted =
          getFullCollectionNamespace(collection.getCollectionName()) + INDEX_INFIX + indexName;
      removeIfPresent(sorted + ID_BOUNDS);
      for (String log : LEGACY_ID_LOGS) {
        removeIfPresent(sorted + log);
      }
    }

    @Override
    public void dropCollection(String collectionName, Oplog oplog) {
      super.dropCollection(collectionName, oplog);
      removeIfPresent(RECORDS_PREFIX + getFullCollectionNamespace(collectionName));
    }

    @Override
    public void moveCollection(
        MongoDatabase oldDatabase, MongoCollection<?> collection, String newCollectionName) {
      String from = collection.getFullName();
      String to = getFullCollectionNamespace(newCollectionName);
      boolean byRecord = !keyedById(from);
      super.moveCollection(oldDatabase, collection, newCollectionName);
      MVStore mv = getMvStore();
      if (byRecord) {
        removeIfPresent(DATA_PREFIX + to); // the empty map H2Database opened to rename
        mv.renameMap(mv.openMap(RECORDS_PREFIX + from), RECORDS_PREFIX + to);
      }
      // H2Database leaves the index maps under the old name: the moved collection's indexes, still
      // open on them, were rebuilt empty under the new name at the next start, and a collection
      // made later under the old name found the old ids taken
      for (String name : mv.getMapNames()) {
        if (name.startsWith(from + INDEX_INFIX)) {
          String moved = to + name.substring(from.length());
          removeIfPresent(moved);
          mv.renameMap(mv.openMap(name), moved);
        }
      }
    }

    @Override
    public void drop(Oplog oplog) {
      super.drop(oplog);
      for (String name : getMvStore().getMapNames()) {
        if (name.startsWith(RECORDS_PREFIX + getDatabaseName() + ".")) {
          removeIfPresent(name);
        }
      }
    }

    private void removeIfPresent(String mapName) {
      MVStore mv = getMvStore();
      if (mv.hasMap(mapName)) {
        mv.removeMap(mv.openMap(mapName));
      }
    }
  }
}
