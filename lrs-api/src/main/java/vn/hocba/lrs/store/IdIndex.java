package vn.hocba.lrs.store;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Document;
import java.util.AbstractMap;
import java.util.Map;
import java.util.stream.Stream;
import org.h2.mvstore.MVMap;

/**
 * A collection's {@code _id} index served, for string ids, by the collection's data map, which the
 * H2 backend already keys by {@code _id} (decision 16).
 *
 * <p>mongo-java-server keeps every unique index, {@code _id} included, as a second H2 map from key
 * to position; for {@code _id} the position is the id itself. Every statement the LRS stores has a
 * string id in two collections (its write-side key and its statement-index document), and ids are
 * random, so each of those two maps cost a B-tree insert on a page of its own, rewritten whole at
 * the commit. A string id is its own normalized key and its own position, so the data map answers
 * everything this index is asked: whether an id is taken, and where its document is.
 *
 * <p>Other ids (numbers, whose index keys are normalized so that 1, 1L and 1.0 collide, object ids,
 * documents) keep the separate map. Entries for string ids that an earlier version wrote to that
 * map are no longer read: this index never looks a string up there.
 */
final class IdIndex extends StringIdIndex {

  private final MVMap<Object, Document> data;
  private final MVMap<KeyValue, Object> others;

  IdIndex(MVMap<Object, Document> data, MVMap<KeyValue, Object> others, boolean ascending) {
    super(ascending);
    this.data = data;
    this.others = others;
  }

  @Override
  protected Object getPosition(KeyValue key) {
    String id = stringId(key);
    if (id != null) {
      return holds(id) ? id : null;
    }
    return others.get(key);
  }

  /** The data map is keyed by {@code _id}: a string id is taken when it is a key there. */
  @Override
  boolean holds(String id) {
    return data.containsKey(id);
  }

  /** Every document has an {@code _id}, so the index has one entry per document. */
  @Override
  public long getCount() {
    return data.sizeAsLong();
  }

  /**
   * The collection calls this after its data map took the document, and this index's own {@code
   * checkAdd} before that: for a string id there is nothing left to do (the inherited method would
   * check again and find the document it is adding).
   */
  @Override
  public synchronized void add(Document document, Object position, MongoCollection<Object> c) {
    if (document.get(ID) instanceof String) {
      return;
    }
    super.add(document, position, c);
  }

  @Override
  protected boolean putKeyPosition(KeyValue key, Object position) {
    if (stringId(key) != null) {
      return true; // not reached through add; held by the data map in any case
    }
    return others.putIfAbsent(key, Missing.ofNullable(position)) == null;
  }

  /** Called before the collection removes the document from its data map. */
  @Override
  protected Object removeDocument(KeyValue key) {
    return stringId(key) != null ? getPosition(key) : others.remove(key);
  }

  @Override
  protected Iterable<Map.Entry<KeyValue, Object>> getIterable() {
    return () -> {
      Stream<Map.Entry<KeyValue, Object>> strings =
          data.keySet().stream()
              .filter(String.class::isInstance)
              .map(id -> new AbstractMap.SimpleImmutableEntry<>(new KeyValue(id), id));
      Stream<Map.Entry<KeyValue, Object>> rest =
          others.entrySet().stream()
              .filter(e -> stringId(e.getKey()) == null)
              .map(e -> new AbstractMap.SimpleImmutableEntry<>(e.getKey(), e.getValue()));
      return Stream.concat(strings, rest).iterator();
    };
  }
}
