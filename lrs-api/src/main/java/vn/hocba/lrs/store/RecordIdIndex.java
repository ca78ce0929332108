package vn.hocba.lrs.store;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.DuplicateKeyError;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import org.h2.mvstore.MVMap;

/**
 * The {@code _id} index of a collection kept by record number (decision 19): id to record number,
 * in a map of its own.
 *
 * <p>A string id is held as the plain string, not wrapped in the {@link KeyValue} the stock index
 * keeps. H2 compares and writes a plain string natively; a wrapped one goes through {@link
 * StoreDataType}'s key path, which must check every char of both sides of each comparison to keep
 * H2's order of serialized keys, and that check was a fifth of the store workers' samples in a
 * profile of the benchmark. Other ids (numbers, whose keys are normalized so that 1, 1L and 1.0
 * collide as in MongoDB; object ids; documents) keep their {@link KeyValue}, so a string id and a
 * number never meet as the same key.
 */
final class RecordIdIndex extends AbstractUniqueIndex<Object> {

  private static final String ID = "_id";

  private final MVMap<Object, Object> ids;

  RecordIdIndex(MVMap<Object, Object> ids, boolean ascending) {
    super(IdIndex.NAME, List.of(new IndexKey(ID, ascending)), false);
    this.ids = ids;
  }

  /** The map key of an index key: the string for a string id, the index key otherwise. */
  private static Object mapKey(KeyValue key) {
    return key.size() == 1 && key.get(0) instanceof String s ? s : key;
  }

  @Override
  protected Object getPosition(KeyValue key) {
    return ids.get(mapKey(key));
  }

  @Override
  protected boolean putKeyPosition(KeyValue key, Object position) {
    return ids.putIfAbsent(mapKey(key), position) == null;
  }

  /**
   * A string id is the map key as it stands: one look-up, without the stock path's key extraction
   * (a path split, a map of values, a set of keys) for an {@code _id} that cannot be nested or an
   * array. The collection calls this for every index before it stores the document.
   */
  @Override
  public synchronized void checkAdd(Document document, MongoCollection<Object> collection) {
    if (document.get(ID) instanceof String id) {
      if (ids.containsKey(id)) {
        throw new DuplicateKeyError(this, collection, getKeys(), new KeyValue(id));
      }
      return;
    }
    super.checkAdd(document, collection);
  }

  /**
   * Called after the collection stored the document, and after {@link #checkAdd} found the id free:
   * the stock method looks the key up twice more before it puts it; one put that refuses a taken
   * key is enough, and still refuses one when an index is built over existing documents.
   */
  @Override
  public synchronized void add(
      Document document, Object position, MongoCollection<Object> collection) {
    if (document.get(ID) instanceof String id) {
      if (ids.putIfAbsent(id, position) != null) {
        throw new DuplicateKeyError(this, collection, getKeys(), new KeyValue(id));
      }
      return;
    }
    super.add(document, position, collection);
  }

  @Override
  protected Object removeDocument(KeyValue key) {
    return ids.remove(mapKey(key));
  }

  @Override
  protected Iterable<Map.Entry<KeyValue, Object>> getIterable() {
    return () ->
        ids.entrySet().stream()
            .map(
                e ->
                    (Map.Entry<KeyValue, Object>)
                        new AbstractMap.SimpleImmutableEntry<>(
                            e.getKey() instanceof KeyValue k ? k : new KeyValue(e.getKey()),
                            e.getValue()))
            .iterator();
  }

  @Override
  public long getCount() {
    return ids.sizeAsLong();
  }

  @Override
  public boolean isEmpty() {
    return ids.isEmpty();
  }

  @Override
  public long getDataSize() {
    return getCount();
  }
}
