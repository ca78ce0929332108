package vn.hocba.lrs.store;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.regex;
import static org.assertj.core.api.Assertions.assertThat;
import static vn.hocba.lrs.store.IdCases.refusesDuplicates;
import static vn.hocba.lrs.store.IdCases.thing;
import static vn.hocba.lrs.store.TestServers.withServer;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.nio.file.Path;
import java.util.ArrayList;
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

  @Test
  @DisplayName("string ids: unique, found, deleted and re-added without a separate index map")
  void stringIds() {
    Path file = earlierCollection(dir.resolve("s.mv"));
    withServer(
        new StoreBackend(EmbeddedStore.open(file, 16)),
        things -> {
          IdCases.stringIds(things);
          return null;
        });
    assertThat(separateEntries(file)).isZero();
    withServer(
        new StoreBackend(EmbeddedStore.open(file, 16)),
        things -> {
          IdCases.stringIdsAfterReopen(things);
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
