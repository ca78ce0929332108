package vn.hocba.lrs.store;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vn.hocba.lrs.store.TestServers.withServer;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unique index on one plain field (decision 29) behaves as mongo-java-server's own: each
 * scenario runs on the stock H2 backend and on ours, and both must give the same answers; the map
 * one writes is read by the other.
 */
class FieldIndexTest {

  @TempDir Path dir;

  private static final Function<MVStore, H2Backend> STOCK = H2Backend::new;
  private static final Function<MVStore, H2Backend> OURS = StoreBackend::new;

  private <T> T on(
      Function<MVStore, H2Backend> backend,
      Path file,
      Function<MongoCollection<Document>, T> work) {
    return withServer(backend.apply(EmbeddedStore.open(file, 16)), work);
  }

  private static void uniquePos(MongoCollection<Document> things) {
    things.createIndex(Indexes.ascending("pos"), new IndexOptions().unique(true));
  }

  private static Document at(String id, Object pos) {
    return new Document("_id", id).append("pos", pos);
  }

  /** Inserting this document is refused as a duplicate key of the pos index; nothing is kept. */
  private static void refused(MongoCollection<Document> things, Document d) {
    long before = things.countDocuments();
    assertThatThrownBy(() -> things.insertOne(d))
        .isInstanceOfSatisfying(
            MongoWriteException.class,
            e -> {
              assertThat(e.getError().getCategory()).isEqualTo(ErrorCategory.DUPLICATE_KEY);
              assertThat(e.getError().getMessage()).contains("pos_1");
            });
    assertThat(things.countDocuments()).isEqualTo(before);
    assertThat(things.find(eq("_id", d.get("_id"))).first()).isNull();
  }

  /** What both indexes must answer the same; returns the ids found by pos 1 to 5, in order. */
  private static List<String> scenario(MongoCollection<Document> things) {
    uniquePos(things);
    things.insertMany(List.of(at("a", 1L), at("b", 2), at("c", "three"), at("d", 4.5)));
    // numbers are one key whatever their type, as in MongoDB: 1L, 1 and 1.0; 2 and 2L
    refused(things, at("x", 1));
    refused(things, at("x", 1.0));
    refused(things, at("x", 2L));
    refused(things, at("x", "three"));
    refused(things, at("x", 4.5));
    things.insertOne(at("e", "1")); // the string "1" is not the number 1
    // a missing field is a null key: once
    things.insertOne(new Document("_id", "m"));
    refused(things, new Document("_id", "n"));
    refused(things, at("n", null));
    // an unordered batch with one taken key stores the others and names the taken one
    assertThatThrownBy(
            () ->
                things.insertMany(
                    List.of(at("f", 5L), at("g", 2L), at("h", 6L)),
                    new InsertManyOptions().ordered(false)))
        .isInstanceOfSatisfying(
            MongoBulkWriteException.class,
            e -> assertThat(e.getWriteErrors()).singleElement().extracting("index").isEqualTo(1));
    // an update that keeps the key, one that moves it, one onto a taken key
    things.updateOne(eq("_id", "a"), Updates.set("note", "kept"));
    things.updateOne(eq("_id", "h"), Updates.set("pos", 7L));
    things.insertOne(at("i", 6L)); // the key h left is free again
    assertThatThrownBy(() -> things.updateOne(eq("_id", "i"), Updates.set("pos", 1L)))
        .isInstanceOfSatisfying(
            MongoWriteException.class,
            e -> assertThat(e.getError().getCategory()).isEqualTo(ErrorCategory.DUPLICATE_KEY));
    assertThat(things.find(eq("_id", "i")).first()).containsEntry("pos", 6L);
    // a delete frees its key
    things.deleteOne(eq("_id", "f"));
    things.insertOne(at("j", 5L));
    List<String> found = new ArrayList<>();
    for (long p = 1; p <= 7; p++) {
      Document d = things.find(eq("pos", p)).first();
      found.add(d == null ? null : d.getString("_id"));
    }
    assertThat(things.find(in("pos", List.of(1L, 2L, 6L))).into(new ArrayList<>()))
        .extracting(d -> d.getString("_id"))
        .containsExactlyInAnyOrder("a", "b", "i");
    return found;
  }

  @Test
  @DisplayName("duplicates, nulls, updates and deletes: the same answers as the stock index")
  void sameAnswersAsStock() {
    List<String> stock = on(STOCK, dir.resolve("stock.mv"), FieldIndexTest::scenario);
    List<String> ours = on(OURS, dir.resolve("ours.mv"), FieldIndexTest::scenario);
    assertThat(ours).isEqualTo(stock).containsExactly("a", "b", null, null, "j", "i", "h");
  }

  /** Entries in the pos index's map. */
  private static List<Object> entries(Path file) {
    MVStore store = EmbeddedStore.open(file, 16);
    try {
      MVMap<Object, Object> map =
          store.openMap(
              "hocba.things._index_pos_1",
              new MVMap.Builder<Object, Object>()
                  .keyType(new StoreDataType())
                  .valueType(new StoreDataType()));
      return new ArrayList<>(map.keySet());
    } finally {
      store.close();
    }
  }

  @Test
  @DisplayName("the map holds the keys the stock index writes; ours reads it, and its own reopened")
  void sameMap() {
    Path stock = dir.resolve("s.mv");
    Path ours = dir.resolve("o.mv");
    on(STOCK, stock, FieldIndexTest::scenario);
    on(OURS, ours, FieldIndexTest::scenario);
    assertThat(entries(ours)).isEqualTo(entries(stock)).hasSize(9);
    // written by the stock index, read by ours; ours read again after a reopen
    for (Path file : List.of(stock, ours)) {
      on(
          OURS,
          file,
          things -> {
            refused(things, at("y", 1L));
            refused(things, at("y", 7));
            refused(things, new Document("_id", "y"));
            things.insertOne(at("y", 8L));
            return null;
          });
    }
    assertThat(entries(ours)).isEqualTo(entries(stock)).hasSize(10);
  }

  @Test
  @DisplayName("only one plain field of a non-sparse index gets the fast key")
  void onlyPlainFields() {
    var pos = new de.bwaldvogel.mongo.backend.IndexKey("pos", true);
    assertThat(FieldIndex.of(null, "pos_1", List.of(pos), false)).isNotNull();
    assertThat(FieldIndex.of(null, "pos_1", List.of(pos), true)).isNull();
    assertThat(FieldIndex.of(null, "a.b_1", List.of(key("a.b")), false)).isNull();
    assertThat(FieldIndex.of(null, "a_1_b_1", List.of(key("a"), key("b")), false)).isNull();
    assertThat(FieldIndex.simpleKey(List.of(1L))).isNull();
    assertThat(FieldIndex.simpleKey(new de.bwaldvogel.mongo.bson.Document("a", 1))).isNull();
    assertThat(FieldIndex.simpleKey(null)).isNull();
    assertThat(FieldIndex.simpleKey(3L))
        .isEqualTo(new de.bwaldvogel.mongo.backend.KeyValue(3.0))
        .isEqualTo(FieldIndex.simpleKey(3));
    // a long a double cannot hold stays a long, as the stock index keeps it
    assertThat(FieldIndex.simpleKey((1L << 53) + 1))
        .isEqualTo(new de.bwaldvogel.mongo.backend.KeyValue((1L << 53) + 1));
  }

  private static de.bwaldvogel.mongo.backend.IndexKey key(String field) {
    return new de.bwaldvogel.mongo.backend.IndexKey(field, true);
  }
}
