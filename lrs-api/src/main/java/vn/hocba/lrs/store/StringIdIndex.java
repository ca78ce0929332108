package vn.hocba.lrs.store;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.DuplicateKeyError;
import java.util.List;

/**
 * What both layouts' {@code _id} indexes share (decisions 16 and 19): a string id is its own
 * normalized key, so it is looked up as the plain string, without mongo-java-server's generic key
 * extraction (a path split, a map of values, a set of keys) for an {@code _id} that cannot be
 * nested or an array. Other ids (numbers, whose keys are normalized so that 1, 1L and 1.0 collide;
 * object ids; documents) take the inherited path.
 */
abstract class StringIdIndex extends AbstractUniqueIndex<Object> {

  static final String NAME = "_id_";
  static final String ID = "_id";

  StringIdIndex(boolean ascending) {
    super(NAME, List.of(new IndexKey(ID, ascending)), false);
  }

  /** The string id an index key is, or null for any other key. */
  static String stringId(KeyValue key) {
    return key.size() == 1 && key.get(0) instanceof String s ? s : null;
  }

  /** Whether a document with this string id is stored. */
  abstract boolean holds(String id);

  /** The collection calls this for every index before it stores a document: one look-up. */
  @Override
  public synchronized void checkAdd(Document document, MongoCollection<Object> collection) {
    if (document.get(ID) instanceof String id) {
      if (holds(id)) {
        throw duplicate(collection, id);
      }
      return;
    }
    super.checkAdd(document, collection);
  }

  DuplicateKeyError duplicate(MongoCollection<?> collection, String id) {
    return new DuplicateKeyError(this, collection, getKeys(), new KeyValue(id));
  }

  @Override
  public boolean isEmpty() {
    return getCount() == 0;
  }

  @Override
  public long getDataSize() {
    return getCount();
  }
}
