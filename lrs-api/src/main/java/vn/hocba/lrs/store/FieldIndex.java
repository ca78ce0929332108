package vn.hocba.lrs.store;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.DuplicateKeyError;
import java.util.List;
import java.util.Map;
import org.h2.mvstore.MVMap;

/**
 * A unique index on one top-level field (say the statement index's {@code pos}), with the same map
 * and entries as mongo-java-server's own H2 unique index (decision 29).
 *
 * <p>For every document stored, the stock index finds its key by splitting the field's path with a
 * regular expression, gathering the values into a map and a set, and does so twice: once to check
 * the key is free, once more to add it, after checking it again. A string or a number in a field
 * that is not a path has one key, the value normalized as the stock index normalizes it ({@link
 * KeyValue#normalized()}: numbers a double can hold exactly become that double), so that is the key
 * used here, looked up once when checked and put (refused if taken) when added. Any other value
 * (arrays, documents, null or a missing field, dates) takes the inherited path, so the map holds
 * the same entries whichever path wrote them.
 */
final class FieldIndex extends AbstractUniqueIndex<Object> {

  private final MVMap<KeyValue, Object> map;
  private final String field;

  private FieldIndex(MVMap<KeyValue, Object> map, String name, IndexKey key) {
    super(name, List.of(key), false);
    this.map = map;
    this.field = key.getKey();
  }

  /** This index for these keys, or null when they are not one plain field of a non-sparse index. */
  static FieldIndex of(
      MVMap<KeyValue, Object> map, String name, List<IndexKey> keys, boolean sparse) {
    if (sparse || keys.size() != 1) {
      return null;
    }
    String field = keys.get(0).getKey();
    if (field.isEmpty() || field.indexOf('.') >= 0 || field.startsWith("$")) {
      return null;
    }
    return new FieldIndex(map, name, keys.get(0));
  }

  /**
   * The one key of a document whose field holds a string or a number, as the stock index computes
   * it; null for anything else.
   */
  static KeyValue simpleKey(Object value) {
    if (value instanceof String || value instanceof Long || value instanceof Integer) {
      return new KeyValue(value).normalized();
    }
    return null;
  }

  @Override
  public synchronized void checkAdd(Document document, MongoCollection<Object> collection) {
    KeyValue key = simpleKey(document.get(field));
    if (key == null) {
      super.checkAdd(document, collection);
    } else if (map.containsKey(key)) {
      throw duplicate(document, collection);
    }
  }

  /** The collection calls this after {@link #checkAdd}; a key taken since is refused here. */
  @Override
  public synchronized void add(
      Document document, Object position, MongoCollection<Object> collection) {
    KeyValue key = simpleKey(document.get(field));
    if (key == null) {
      super.add(document, position, collection);
    } else if (map.putIfAbsent(key, Missing.ofNullable(position)) != null) {
      throw duplicate(document, collection);
    }
  }

  /** Names the value as the stock index does: as sent, not normalized. */
  private DuplicateKeyError duplicate(Document document, MongoCollection<Object> collection) {
    return new DuplicateKeyError(this, collection, getKeys(), new KeyValue(document.get(field)));
  }

  @Override
  public synchronized Object remove(Document document) {
    KeyValue key = simpleKey(document.get(field));
    return key != null ? map.remove(key) : super.remove(document);
  }

  @Override
  public Object getPosition(Document document) {
    KeyValue key = simpleKey(document.get(field));
    return key != null ? map.get(key) : super.getPosition(document);
  }

  /** A document whose field keeps its value keeps its entry: nothing to check or move. */
  @Override
  public synchronized void checkUpdate(
      Document oldDocument, Document newDocument, MongoCollection<Object> collection) {
    if (sameSimpleKey(oldDocument, newDocument)) {
      return;
    }
    super.checkUpdate(oldDocument, newDocument, collection);
  }

  @Override
  public void updateInPlace(
      Document oldDocument, Document newDocument, Object position, MongoCollection<Object> c) {
    if (sameSimpleKey(oldDocument, newDocument)) {
      return;
    }
    super.updateInPlace(oldDocument, newDocument, position, c);
  }

  private boolean sameSimpleKey(Document oldDocument, Document newDocument) {
    KeyValue before = simpleKey(oldDocument.get(field));
    return before != null && before.equals(simpleKey(newDocument.get(field)));
  }

  @Override
  protected Object removeDocument(KeyValue keyValue) {
    return map.remove(keyValue);
  }

  @Override
  protected boolean putKeyPosition(KeyValue keyValue, Object position) {
    return map.putIfAbsent(keyValue, Missing.ofNullable(position)) == null;
  }

  @Override
  protected Iterable<Map.Entry<KeyValue, Object>> getIterable() {
    return map.entrySet();
  }

  @Override
  protected Object getPosition(KeyValue keyValue) {
    return map.get(keyValue);
  }

  @Override
  public long getCount() {
    return map.sizeAsLong();
  }

  @Override
  public boolean isEmpty() {
    return map.isEmpty();
  }

  @Override
  public long getDataSize() {
    return getCount();
  }
}
