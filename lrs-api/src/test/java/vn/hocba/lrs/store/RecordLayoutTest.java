package vn.hocba.lrs.store;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static vn.hocba.lrs.store.IdCases.refusesDuplicates;
import static vn.hocba.lrs.store.IdCases.thing;
import static vn.hocba.lrs.store.StoreFiles.inFile;
import static vn.hocba.lrs.store.StoreFiles.typed;
import static vn.hocba.lrs.store.TestServers.withDatabase;
import static vn.hocba.lrs.store.TestServers.withServer;

import com.mongodb.MongoNamespace;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.h2.mvstore.MVMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Collections kept by record number, with their {@code _id} index in a map of its own (decision
 * 19).
 */
class RecordLayoutTest {

  @TempDir Path dir;

  private StoreBackend backend(Path file) {
    return new StoreBackend(EmbeddedStore.open(file, 16));
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
          // new string ids wait in memory until their generation is merged into the sorted map
          // (RecordIdIndex); the records from the first one the bounds name are their log
          assertThat(typed(store, "hocba.things._index__id_")).isEmpty();
          assertThat(typed(store, "hocba.things._index__id_.generations"))
              .containsEntry(RecordIdIndex.MERGING_FROM, 0L)
              .containsEntry(RecordIdIndex.TAKING_FROM, 0L);
          assertThat(store.getMapNames()).noneMatch(n -> n.contains("appended"));
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
          IdCases.stringIds(things);
          things.updateOne(eq("_id", "id-5"), Updates.set("v", "updated"));
          return null;
        });
    // the next record number continues after the last one: nothing written before is overwritten
    withServer(
        backend(file),
        things -> {
          IdCases.stringIdsAfterReopen(things);
          things.insertOne(thing("after-reopen"));
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
          // a collection made under the old name shares nothing with the moved one, "c" included
          db.getCollection("things").insertOne(thing("c"));
          refusesDuplicates(db.getCollection("moved"), "c");
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
              .containsExactly(thing("c"));
          // the moved collection's index was kept under its new name, not rebuilt
          refusesDuplicates(db.getCollection("moved"), "d");
          refusesDuplicates(db.getCollection("things"), "c");
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
