package vn.hocba.lrs.store;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.regex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vn.hocba.lrs.store.TestServers.withServer;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.ReplaceOptions;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code _id} index served by the data map for string ids (decision 16), in collections an
 * earlier version made; the collections this version makes keep their documents by record number
 * ({@link RecordLayoutTest}, decision 19).
 */
class IdIndexTest {

  @TempDir Path dir;

  private static Document thing(Object id) {
    return new Document("_id", id).append("v", String.valueOf(id));
  }

  /** Entries in the separate {@code _id} index map of the collection. */
  private long separateEntries(Path file) {
    MVStore store = EmbeddedStore.open(file, 16);
    try {
      return store
          .openMap(
              "hocba.things._index__id_",
              new MVMap.Builder<Object, Object>()
                  .keyType(new StoreDataType())
                  .valueType(new StoreDataType()))
          .sizeAsLong();
    } finally {
      store.close();
    }
  }

  /** Makes {@code hocba.things} as earlier versions did: its data map keyed by {@code _id}. */
  private static Path earlierCollection(Path file) {
    withServer(
        new H2Backend(EmbeddedStore.open(file, 16)),
        things -> {
          things.insertOne(thing("seed"));
          return things.deleteOne(eq("_id", "seed"));
        });
    return file;
  }

  private static void refusesDuplicates(MongoCollection<Document> things, Object id) {
    assertThatThrownBy(() -> things.insertOne(thing(id)))
        .isInstanceOfSatisfying(
            MongoWriteException.class,
            e -> assertThat(e.getError().getCategory()).isEqualTo(ErrorCategory.DUPLICATE_KEY));
  }

  @Test
  @DisplayName("string ids: unique, found, deleted and re-added without a separate index map")
  void stringIds() {
    Path file = earlierCollection(dir.resolve("s.mv"));
    withServer(
        new StoreBackend(EmbeddedStore.open(file, 16)),
        things -> {
          List<Document> docs = new ArrayList<>();
          for (int i = 0; i < 500; i++) {
            docs.add(thing("id-" + i));
          }
          things.insertMany(docs);
          refusesDuplicates(things, "id-7");
          // a batch with one taken id stores the others and names the taken one
          assertThatThrownBy(
                  () ->
                      things.insertMany(
                          List.of(thing("id-600"), thing("id-8"), thing("id-601")),
                          new InsertManyOptions().ordered(false)))
              .isInstanceOfSatisfying(
                  MongoBulkWriteException.class,
                  e ->
                      assertThat(e.getWriteErrors())
                          .singleElement()
                          .extracting("index")
                          .isEqualTo(1));
          assertThat(things.find(eq("_id", "id-42")).first()).isEqualTo(thing("id-42"));
          assertThat(things.find(in("_id", "id-1", "id-2", "nope")).into(new ArrayList<>()))
              .containsExactlyInAnyOrder(thing("id-1"), thing("id-2"));
          assertThat(things.find(regex("_id", "^id-60")).into(new ArrayList<>()))
              .containsExactlyInAnyOrder(thing("id-60"), thing("id-600"), thing("id-601"));
          things.deleteOne(eq("_id", "id-3"));
          assertThat(things.find(eq("_id", "id-3")).first()).isNull();
          things.insertOne(thing("id-3"));
          things.replaceOne(
              eq("_id", "id-4"), new Document("v", "changed"), new ReplaceOptions().upsert(true));
          things.replaceOne(
              eq("_id", "id-new"),
              new Document("v", "upserted"),
              new ReplaceOptions().upsert(true));
          assertThat(things.find(eq("_id", "id-4")).first()).containsEntry("v", "changed");
          assertThat(things.countDocuments()).isEqualTo(503);
          return null;
        });
    assertThat(separateEntries(file)).isZero();
    withServer(
        new StoreBackend(EmbeddedStore.open(file, 16)),
        things -> {
          refusesDuplicates(things, "id-9");
          refusesDuplicates(things, "id-new");
          assertThat(things.find(eq("_id", "id-499")).first()).isEqualTo(thing("id-499"));
          assertThat(things.countDocuments()).isEqualTo(503);
          return null;
        });
  }

  @Test
  @DisplayName("other ids keep the separate map: 1, 1L and 1.0 are the same key, as in MongoDB")
  void otherIds() {
    Path file = earlierCollection(dir.resolve("o.mv"));
    ObjectId oid = new ObjectId();
    withServer(
        new StoreBackend(EmbeddedStore.open(file, 16)),
        things -> {
          things.insertOne(thing(1L));
          things.insertOne(thing(oid));
          things.insertOne(thing("1")); // a string is another id than the number 1
          refusesDuplicates(things, 1);
          refusesDuplicates(things, 1.0);
          refusesDuplicates(things, oid);
          assertThat(things.find(eq("_id", 1)).first()).isEqualTo(thing(1L));
          assertThat(things.find(eq("_id", "1")).first()).isEqualTo(thing("1"));
          things.deleteOne(eq("_id", 1L));
          things.insertOne(thing(1.0));
          return null;
        });
    assertThat(separateEntries(file)).isEqualTo(2);
  }

  @Test
  @DisplayName("a store whose _id index map holds string ids (earlier versions) reads the same")
  void earlierStore() {
    Path file = dir.resolve("e.mv");
    withServer(
        new H2Backend(EmbeddedStore.open(file, 16)),
        things -> {
          for (int i = 0; i < 300; i++) {
            things.insertOne(thing("id-" + i));
          }
          return null;
        });
    assertThat(separateEntries(file)).isEqualTo(300);
    withServer(
        new StoreBackend(EmbeddedStore.open(file, 16)),
        things -> {
          refusesDuplicates(things, "id-5");
          things.deleteOne(eq("_id", "id-6"));
          things.insertOne(thing("id-6").append("again", true)); // its stale entry is not read
          assertThat(things.find(eq("_id", "id-6")).first()).containsEntry("again", true);
          assertThat(things.find(regex("_id", "^id-29")).into(new ArrayList<>()))
              .hasSize(11); // id-29 and id-290..299, each once
          things.insertOne(thing("id-300"));
          assertThat(things.countDocuments()).isEqualTo(301);
          return null;
        });
  }
}
