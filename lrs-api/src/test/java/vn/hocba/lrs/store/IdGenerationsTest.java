package vn.hocba.lrs.store;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static org.assertj.core.api.Assertions.assertThat;
import static vn.hocba.lrs.store.IdCases.refusesDuplicates;
import static vn.hocba.lrs.store.IdCases.thing;
import static vn.hocba.lrs.store.StoreFiles.inFile;
import static vn.hocba.lrs.store.StoreFiles.typed;
import static vn.hocba.lrs.store.TestServers.withDatabase;
import static vn.hocba.lrs.store.TestServers.withServer;

import com.mongodb.MongoNamespace;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.backend.KeyValue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * New string ids appended to a log and merged into the sorted {@code _id} map in generations
 * (decision 25): whatever state an id is in (just appended, in a generation being merged, merged,
 * or in a log the store reopened with), it is found, unique, deletable and counted once.
 */
class IdGenerationsTest {

  private static final String SORTED = "hocba.things._index__id_";
  private static final String LOG_0 = SORTED + ".appended.0";
  private static final String LOG_1 = SORTED + ".appended.1";

  @TempDir Path dir;

  /**
   * The store the last {@link #backend} opened: a merged generation's log is cleared only after the
   * store committed, as the LRS's store does after every acknowledged write.
   */
  private static MVStore opened;

  private static StoreBackend backend(Path file, int generation) {
    opened = EmbeddedStore.open(file, 16);
    return new StoreBackend(opened, generation);
  }

  /** The string ids the file's two logs hold, and those its sorted map holds. */
  private record Held(List<String> logged, Set<String> sorted) {}

  private static Held held(Path file) {
    return inFile(
        file,
        store -> {
          List<String> logged = new ArrayList<>();
          for (String log : List.of(LOG_0, LOG_1)) {
            typed(store, log).values().forEach(v -> logged.add((String) ((KeyValue) v).get(0)));
          }
          Set<String> sorted = new TreeSet<>();
          typed(store, SORTED).keySet().forEach(k -> sorted.add((String) k));
          return new Held(logged, sorted);
        });
  }

  private static List<String> randomIds(Random random, int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(new UUID(random.nextLong(), random.nextLong()).toString());
    }
    return ids;
  }

  /** Inserts in batches of 10, each committed. */
  private static void insertAll(MongoCollection<Document> things, List<String> ids) {
    for (int from = 0; from < ids.size(); from += 10) {
      things.insertMany(
          ids.subList(from, Math.min(ids.size(), from + 10)).stream().map(IdCases::thing).toList());
      opened.commit();
    }
  }

  private static void everyIdFound(MongoCollection<Document> things, List<String> ids) {
    for (String id : ids) {
      assertThat(things.find(eq("_id", id)).first()).as(id).isEqualTo(thing(id));
    }
  }

  @Test
  @DisplayName("ids appended and merged in generations are found, unique and counted once")
  void generationsMerge() {
    Path file = dir.resolve("g.mv");
    List<String> ids = randomIds(new Random(7), 300);
    withServer(
        backend(file, 40),
        things -> {
          insertAll(things, ids);
          everyIdFound(things, ids);
          for (String id : List.of(ids.get(0), ids.get(150), ids.get(299))) {
            refusesDuplicates(things, id);
          }
          assertThat(things.countDocuments()).isEqualTo(300);
          assertThat(
                  things.find(in("_id", ids.get(3), ids.get(280), "nope")).into(new ArrayList<>()))
              .containsExactlyInAnyOrder(thing(ids.get(3)), thing(ids.get(280)));
          return null;
        });
    Held held = held(file);
    // most ids were merged into the sorted map; the newest are still only in a log; an id merged
    // from a log that is not cleared yet is in both, never in neither
    assertThat(held.sorted()).hasSizeGreaterThan(200);
    Set<String> everywhere = new HashSet<>(held.logged());
    everywhere.addAll(held.sorted());
    assertThat(everywhere).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(held.logged()).doesNotHaveDuplicates();
    assertThat(held.logged().size() + held.sorted().size()).isGreaterThan(300).isLessThan(400);
  }

  @Test
  @DisplayName("a merged generation's log is kept until the store has committed after the merge")
  void logKeptUntilCommitted() {
    Path file = dir.resolve("k.mv");
    List<String> ids = randomIds(new Random(5), 300);
    withServer(
        backend(file, 40),
        things -> {
          // no commit between the inserts: the first generation merges, but its log stays, so the
          // file can never hold the cleared log without the merged entries
          things.insertMany(ids.stream().map(IdCases::thing).toList());
          everyIdFound(things, ids);
          return null;
        });
    Held held = held(file);
    assertThat(held.logged()).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(held.sorted()).hasSize(40);
  }

  @Test
  @DisplayName("after a reopen every id is found and unique, and the log no longer repeats the map")
  void acrossReopen() {
    Path file = dir.resolve("r.mv");
    List<String> ids = randomIds(new Random(11), 250);
    withServer(
        backend(file, 40),
        things -> {
          insertAll(things, ids);
          return null;
        });
    withServer(
        backend(file, 40),
        things -> {
          everyIdFound(things, ids);
          refusesDuplicates(things, ids.get(10));
          refusesDuplicates(things, ids.get(249));
          assertThat(things.countDocuments()).isEqualTo(250);
          return null;
        });
    Held held = held(file);
    // reopening dropped from the logs what the sorted map already held
    assertThat(held.logged()).doesNotContainAnyElementsOf(held.sorted());
    assertThat(held.logged().size() + held.sorted().size()).isEqualTo(250);
  }

  @Test
  @DisplayName("an id deleted in any state stays deleted, and can be stored again, across a reopen")
  void deletesInEveryState() {
    Path file = dir.resolve("d.mv");
    List<String> ids = randomIds(new Random(13), 200);
    List<String> deleted = new ArrayList<>();
    withServer(
        backend(file, 40),
        things -> {
          insertAll(things, ids);
          // an id of every age: long merged, in the generation being merged, just appended
          for (int i = 0; i < 200; i += 9) {
            things.deleteOne(eq("_id", ids.get(i)));
            deleted.add(ids.get(i));
          }
          for (String id : deleted) {
            assertThat(things.find(eq("_id", id)).first()).isNull();
          }
          assertThat(things.countDocuments()).isEqualTo(200 - deleted.size());
          things.insertOne(thing(deleted.get(0)));
          return null;
        });
    withServer(
        backend(file, 40),
        things -> {
          assertThat(things.find(eq("_id", deleted.get(0))).first())
              .isEqualTo(thing(deleted.get(0)));
          for (String id : deleted.subList(1, deleted.size())) {
            assertThat(things.find(eq("_id", id)).first()).as(id).isNull();
            things.insertOne(thing(id)); // free again
          }
          refusesDuplicates(things, deleted.get(5));
          everyIdFound(things, ids);
          assertThat(things.countDocuments()).isEqualTo(200);
          return null;
        });
  }

  @Test
  @DisplayName(
      "a log the store closed with after merging it (a crash before it was cleared) is read once")
  void mergedLogLeftBehind() {
    Path file = dir.resolve("c.mv");
    withServer(
        backend(file, 1000),
        things -> {
          things.insertMany(List.of(thing("a"), thing("b"), thing("c")));
          return null;
        });
    // as a crash could leave it: "a" and "b" merged into the sorted map, still in their log
    inFile(
        file,
        store -> {
          MVMap<Object, Object> sorted = typed(store, SORTED);
          sorted.put("a", 0L);
          sorted.put("b", 1L);
          store.commit();
          return null;
        });
    withServer(
        backend(file, 1000),
        things -> {
          assertThat(things.countDocuments()).isEqualTo(3);
          refusesDuplicates(things, "a");
          refusesDuplicates(things, "c");
          things.deleteOne(eq("_id", "a"));
          assertThat(things.find(eq("_id", "a")).first()).isNull();
          assertThat(things.find(eq("_id", "b")).first()).isEqualTo(thing("b"));
          return null;
        });
    Held held = held(file);
    assertThat(held.sorted()).containsExactly("b");
    assertThat(held.logged()).containsExactly("c");
  }

  @Test
  @DisplayName("a dropped or renamed collection leaves no id behind in a log")
  void dropAndRename() {
    Path file = dir.resolve("x.mv");
    withDatabase(
        backend(file, 40),
        db -> {
          MongoCollection<Document> things = db.getCollection("things");
          things.insertMany(List.of(thing("a"), thing("b")));
          things.drop();
          things.insertOne(thing("a")); // free in the collection made anew
          things.renameCollection(new MongoNamespace("hocba", "moved"));
          db.getCollection("things").insertOne(thing("a"));
          refusesDuplicates(db.getCollection("moved"), "a");
          refusesDuplicates(db.getCollection("things"), "a");
          return null;
        });
    withDatabase(
        backend(file, 40),
        db -> {
          assertThat(db.getCollection("moved").countDocuments()).isEqualTo(1);
          assertThat(db.getCollection("things").countDocuments()).isEqualTo(1);
          refusesDuplicates(db.getCollection("things"), "a");
          db.getCollection("moved").insertOne(thing("b"));
          db.drop();
          return null;
        });
    inFile(
        file,
        store -> {
          assertThat(store.getMapNames()).noneMatch(n -> n.contains("appended"));
          return null;
        });
  }

  @Test
  @DisplayName("generations larger than a sorted run merge in key order from several runs")
  void severalRuns() {
    Path file = dir.resolve("l.mv");
    int generation = RecordIdIndex.RUN * 2 + 100;
    List<String> ids = randomIds(new Random(17), generation * 3);
    Set<String> live = new HashSet<>(ids);
    withServer(
        backend(file, generation),
        things -> {
          for (int from = 0; from < ids.size(); from += 500) {
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + 500));
            things.insertMany(batch.stream().map(IdCases::thing).toList());
            // deleted and stored again while in the taking generation: twice in its runs
            things.deleteOne(eq("_id", batch.get(0)));
            things.insertOne(thing(batch.get(0)));
            // deleted for good, in whatever state it is by now
            things.deleteOne(eq("_id", batch.get(1)));
            live.remove(batch.get(1));
            opened.commit();
          }
          assertThat(things.countDocuments()).isEqualTo(live.size());
          for (String id : ids) {
            Document found = things.find(eq("_id", id)).first();
            assertThat(found).as(id).isEqualTo(live.contains(id) ? thing(id) : null);
          }
          refusesDuplicates(things, ids.get(0));
          return null;
        });
    Held held = held(file);
    assertThat(held.sorted()).hasSizeGreaterThan(generation);
    Set<String> everywhere = new HashSet<>(held.logged());
    everywhere.addAll(held.sorted());
    assertThat(everywhere).isEqualTo(live);
    withServer(
        backend(file, generation),
        things -> {
          everyIdFound(things, new ArrayList<>(live));
          refusesDuplicates(things, ids.get(ids.size() - 500));
          assertThat(things.countDocuments()).isEqualTo(live.size());
          return null;
        });
  }

  @Test
  @DisplayName("the id scenario of every layout holds while generations of three merge")
  void idCasesWithSmallGenerations() {
    Path file = dir.resolve("s.mv");
    withServer(
        backend(file, 3),
        things -> {
          IdCases.stringIds(things);
          return null;
        });
    withServer(
        backend(file, 3),
        things -> {
          IdCases.stringIdsAfterReopen(things);
          return null;
        });
  }
}
