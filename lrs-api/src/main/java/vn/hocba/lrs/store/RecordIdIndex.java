package vn.hocba.lrs.store;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import java.util.AbstractMap;
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
final class RecordIdIndex extends StringIdIndex {

  private final MVMap<Object, Object> ids;

  RecordIdIndex(MVMap<Object, Object> ids, boolean ascending) {
    super(ascending);
    this.ids = ids;
  }

  /** The map key of an index key: the string for a string id, the index key otherwise. */
  private static Object mapKey(KeyValue key) {
    String id = stringId(key);
    return id != null ? id : key;
  }

  @Override
  protected Object getPosition(KeyValue key) {
    return ids.get(mapKey(key));
  }

  @Override
  protected boolean putKeyPosition(KeyValue key, Object position) {
    return ids.putIfAbsent(mapKey(key), position) == null;
  }

  @Override
  MVMap<?, ?> entries() {
    return ids;
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
        throw duplicate(collection, id);
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
}
