package vn.hocba.lrs.store;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.regex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vn.hocba.lrs.store.TestServers.withDatabase;
import static vn.hocba.lrs.store.TestServers.withServer;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoNamespace;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Collections kept by record number, with their {@code _id} index in a map of its own (decision
 * 19).
 */
class RecordLayoutTest {

  @TempDir Path dir;

  private static Document thing(Object id) {
    return new Document("_id", id).append("v", String.valueOf(id));
  }

  private StoreBackend backend(Path file) {
    return new StoreBackend(EmbeddedStore.open(file, 16));
  }

  /** Reads the file's maps directly, typed as the store types them. */
  private static <T> T inFile(Path file, Function<MVStore, T> read) {
    MVStore store = EmbeddedStore.open(file, 16);
    try {
      return read.apply(store);
    } finally {
      store.close();
    }
  }

  private static MVMap<Object, Object> typed(MVStore store, String name) {
    return store.openMap(
        name,
        new MVMap.Builder<Object, Object>()
            .keyType(new StoreDataType())
            .valueType(new StoreDataType()));
  }

  private static void refusesDuplicates(MongoCollection<Document> things, Object id) {
    assertThatThrownBy(() -> things.insertOne(thing(id)))
        .isInstanceOfSatisfying(
            MongoWriteException.class,
            e -> assertThat(e.getError().getCategory()).isEqualTo(ErrorCategory.DUPLICATE_KEY));
  }

  @Test
  @DisplayName("a new collection keeps documents by record number in insertion order, ids aside")
  void recordsInInsertionOrder() {
    Path file = dir.resolve("r.mv");
    withServer(
        backend(file),
        things -> {
          for (String id : List.of("m", "c", "x", "a")) {
            things.insertOne(thing(id));
          }
          return null;
        });
    inFile(
        file,
        store -> {
          assertThat(store.hasMap("databases.hocba.things")).isFalse();
          MVMap<Object, Object> records = typed(store, "records.hocba.things");
          assertThat(new ArrayList<>(records.keySet())).containsExactly(0L, 1L, 2L, 3L);
          assertThat(((de.bwaldvogel.mongo.bson.Document) records.get(2L)).get("_id"))
              .isEqualTo("x");
          // string ids are held as plain strings (RecordIdIndex), each with its record number
          MVMap<Object, Object> ids = typed(store, "hocba.things._index__id_");
          assertThat(ids).hasSize(4).containsEntry("x", 2L).containsEntry("m", 0L);
          return null;
        });
  }

  @Test
  @DisplayName("ids are unique, found, updated, deleted and re-added, also after a reopen")
  void idsAcrossReopen() {
    Path file = dir.resolve("i.mv");
    withServer(
        backend(file),
        things -> {
          List<Document> docs = new ArrayList<>();
          for (int i = 0; i < 500; i++) {
            docs.add(thing("id-" + i));
          }
          things.insertMany(docs);
          refusesDuplicates(things, "id-7");
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
          things.updateOne(eq("_id", "id-5"), Updates.set("v", "updated"));
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
    // the next record number continues after the last one: nothing written before is overwritten
    withServer(
        backend(file),
        things -> {
          refusesDuplicates(things, "id-9");
          refusesDuplicates(things, "id-new");
          things.insertOne(thing("after-reopen"));
          assertThat(things.find(eq("_id", "id-499")).first()).isEqualTo(thing("id-499"));
          assertThat(things.find(eq("_id", "id-3")).first()).isEqualTo(thing("id-3"));
          assertThat(things.find(eq("_id", "id-5")).first()).containsEntry("v", "updated");
          assertThat(things.find(eq("_id", "after-reopen")).first())
              .isEqualTo(thing("after-reopen"));
          assertThat(things.countDocuments()).isEqualTo(504);
          return null;
        });
  }

  @Test
  @DisplayName("numeric ids keep MongoDB's equality: 1, 1L and 1.0 are one key, \"1\" another")
  void numericIds() {
    withServer(
        backend(dir.resolve("n.mv")),
        things -> {
          things.insertOne(thing(1L));
          things.insertOne(thing("1"));
          refusesDuplicates(things, 1);
          refusesDuplicates(things, 1.0);
          assertThat(things.find(eq("_id", 1)).first()).isEqualTo(thing(1L));
          things.deleteOne(eq("_id", 1L));
          things.insertOne(thing(1.0));
          assertThat(things.countDocuments()).isEqualTo(2);
          return null;
        });
  }

  @Test
  @DisplayName("drop, rename and database drop remove or move the record map too")
  void dropAndRename() {
    Path file = dir.resolve("d.mv");
    withDatabase(
        backend(file),
        db -> {
          MongoCollection<Document> things = db.getCollection("things");
          things.insertMany(List.of(thing("a"), thing("b")));
          things.drop();
          things.insertOne(thing("c")); // made anew, without the dropped documents
          assertThat(things.find().into(new ArrayList<>())).containsExactly(thing("c"));
          things.renameCollection(new MongoNamespace("hocba", "moved"));
          db.getCollection("moved").insertOne(thing("d"));
          db.getCollection("things").insertOne(thing("e"));
          return null;
        });
    inFile(
        file,
        store -> {
          assertThat(store.getMapNames())
              .contains("records.hocba.moved", "records.hocba.things")
              .doesNotContain("databases.hocba.moved", "databases.hocba.things");
          return null;
        });
    withDatabase(
        backend(file),
        db -> {
          assertThat(db.getCollection("moved").find().into(new ArrayList<>()))
              .containsExactly(thing("c"), thing("d"));
          assertThat(db.getCollection("things").find().into(new ArrayList<>()))
              .containsExactly(thing("e"));
          db.drop();
          return null;
        });
    inFile(
        file,
        store -> {
          assertThat(store.getMapNames()).noneMatch(n -> n.startsWith("records.hocba."));
          return null;
        });
  }

  @Test
  @DisplayName("a collection an earlier version made keeps its layout beside new ones")
  void earlierCollectionsKeepTheirLayout() {
    Path file = dir.resolve("e.mv");
    withServer(
        new H2Backend(EmbeddedStore.open(file, 16)),
        things -> {
          for (int i = 0; i < 200; i++) {
            things.insertOne(thing("id-" + i));
          }
          return null;
        });
    withDatabase(
        backend(file),
        db -> {
          MongoCollection<Document> things = db.getCollection("things");
          refusesDuplicates(things, "id-5");
          things.insertOne(thing("id-200"));
          db.getCollection("fresh").insertOne(thing("f"));
          assertThat(things.countDocuments()).isEqualTo(201);
          return null;
        });
    inFile(
        file,
        store -> {
          Map<Object, Object> byId = typed(store, "databases.hocba.things");
          assertThat(byId).containsKey("id-200");
          assertThat(store.hasMap("records.hocba.things")).isFalse();
          assertThat(typed(store, "records.hocba.fresh").keySet()).containsExactly(0L);
          return null;
        });
  }

  @Test
  @DisplayName("a database whose collections are all new is found when the store opens")
  void newDatabaseOpensAtStart() {
    Path file = dir.resolve("o.mv");
    withServer(backend(file), things -> things.insertOne(thing("x")));
    withDatabase(
        backend(file),
        db -> {
          assertThat(db.listCollectionNames().into(new ArrayList<>())).contains("things");
          assertThat(db.getCollection("things").find(eq("_id", "x")).first()).isEqualTo(thing("x"));
          return null;
        });
  }
}
