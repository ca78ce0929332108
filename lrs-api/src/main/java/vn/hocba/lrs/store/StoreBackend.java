package vn.hocba.lrs.store;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import java.util.List;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's H2 backend with the embedded store's maps opened with {@link StoreDataType}.
 *
 * <p>The backend opens maps by name with H2's default types; {@link MVStore#openMap(String)}
 * returns a map that is already open whatever builder is passed. So each map is opened here first,
 * typed, before the backend asks for it: the maps of a database that exists when it is resolved,
 * and the maps of a collection or index made later.
 */
public final class StoreBackend extends H2Backend {

  private static final String DATA_PREFIX = "databases.";
  private static final String INDEX_INFIX = "._index_";

  public StoreBackend(MVStore store) {
    super(prepared(store));
  }

  /** Opens, typed, every data and index map the file holds, before H2Backend resolves them. */
  private static MVStore prepared(MVStore store) {
    for (String name : store.getMapNames()) {
      if (name.startsWith(DATA_PREFIX) || name.contains(INDEX_INFIX)) {
        openTyped(store, name);
      }
    }
    return store;
  }

  /** Data maps hold documents by {@code _id}, index maps positions by key: both use the type. */
  private static void openTyped(MVStore store, String name) {
    store.openMap(
        name,
        new MVMap.Builder<Object, Object>()
            .keyType(new StoreDataType())
            .valueType(new StoreDataType()));
  }

  @Override
  protected MongoDatabase openOrCreateDatabase(String databaseName) {
    return new Database(databaseName, getMvStore(), getCursorRegistry());
  }

  /** Opens the maps of new collections and indexes typed before H2Database opens them. */
  private static final class Database extends H2Database {
    // null while H2Database's constructor opens the existing maps, which prepared() has opened
    private final MVStore store;

    Database(String name, MVStore store, CursorRegistry cursors) {
      super(name, store, cursors);
      this.store = store;
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(
        String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
      if (store != null) {
        openTyped(store, getFullCollectionNamespace(collectionName) + INDEX_INFIX + indexName);
      }
      return super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
    }

    @Override
    protected MongoCollection<Object> openOrCreateCollection(
        String collectionName, CollectionOptions options) {
      if (store != null) {
        openTyped(store, DATA_PREFIX + getFullCollectionNamespace(collectionName));
      }
      return super.openOrCreateCollection(collectionName, options);
    }
  }
}
