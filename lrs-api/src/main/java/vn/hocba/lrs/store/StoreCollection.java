package vn.hocba.lrs.store;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.mvstore.MVMap;

/**
 * An H2 collection that does not keep a running data size.
 *
 * <p>mongo-java-server keeps a collection's total BSON size for {@code collStats} by encoding every
 * document it inserts, and the old and new document of every update, into a buffer just to measure
 * it, then writing the total into the collection's meta map. For the LRS's commits of 100
 * statements (one document of about 250 KB) that measuring was most of the embedded store's CPU per
 * insert. The LRS never asks for the size; {@code collStats} still answers it, computed when asked
 * from the documents (a scan, as a validate would do).
 */
final class StoreCollection extends H2Collection {

  /** False while H2Collection's constructor runs (it logs the stored size). */
  private final boolean opened;

  /** The map of a collection kept by record number, or null when it is kept by {@code _id}. */
  private final MVMap<Object, Document> records;

  /** The record number the next insert takes. */
  private final AtomicLong nextRecord;

  /**
   * @param byRecord true for a collection this version made: it keeps its documents by record
   *     number, in insertion order, as MongoDB's storage engine does (decision 19), so an insert
   *     appends to the map's last page whatever its {@code _id}, and the {@code _id} index, a map
   *     of small entries, takes the random keys; false for one an earlier version made, whose data
   *     map keeps documents by {@code _id}
   */
  StoreCollection(
      MongoDatabase database,
      String collectionName,
      CollectionOptions options,
      MVMap<Object, Document> dataMap,
      MVMap<String, Object> metaMap,
      CursorRegistry cursorRegistry,
      boolean byRecord) {
    super(database, collectionName, options, dataMap, metaMap, cursorRegistry);
    this.opened = true;
    this.records = byRecord ? dataMap : null;
    Object last = byRecord ? dataMap.lastKey() : null;
    this.nextRecord = new AtomicLong(last == null ? 0 : ((Long) last) + 1);
  }

  @Override
  protected Object addDocumentInternal(Document document) {
    if (records == null) {
      return super.addDocumentInternal(document);
    }
    Long record = nextRecord.getAndIncrement();
    records.put(record, document);
    return record;
  }

  @Override
  protected boolean tracksDataSize() {
    return false;
  }

  @Override
  protected int getDataSize() {
    if (!opened) {
      return super.getDataSize();
    }
    long total = 0;
    ByteBuf buffer = Unpooled.buffer();
    try {
      Iterable<Document> documents =
          () -> streamAllDocumentsWithPosition().map(p -> p.getDocument()).iterator();
      for (Document d : documents) {
        buffer.clear();
        BsonEncoder.encodeDocument(d, buffer);
        total += buffer.writerIndex();
      }
    } finally {
      buffer.release();
    }
    return (int) Math.min(Integer.MAX_VALUE, total);
  }
}
