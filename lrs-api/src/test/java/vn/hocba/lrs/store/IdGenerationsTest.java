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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
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
 * New string ids held in memory and merged into the sorted {@code _id} map in generations
 * (decisions 25 and 26): whatever state an id is in (just added, in a generation being merged,
 * merged, or read back from the records when the store opens), it is found, unique, deletable and
 * counted once.
 */
class IdGenerationsTest {

  private static final String SORTED = "hocba.things._index__id_";
  private static final String BOUNDS = SORTED + ".generations";
  private static final String RECORDS = "records.hocba.things";
  private static final String LEGACY_LOG = SORTED + ".appended.0";

  @TempDir Path dir;

  /**
   * The store the last {@link #backend} opened: a generation's bounds move only after the store
   * committed, as the LRS's store does after every acknowledged write.
   */
  private static MVStore opened;

  private static StoreBackend backend(Path file, int generation) {
    opened = EmbeddedStore.open(file, 16);
    return new StoreBackend(opened, generation);
  }

  /**
   * What the file holds: the ids of the records from the merging generation's first on that the
   * sorted map does not hold with their record number (those an opening takes back into memory),
   * the ids the sorted map holds, and the merging generation's first record number.
   */
  private record Held(List<String> pending, Set<String> sorted, long mergingFrom) {}

  private static Held held(Path file) {
    return inFile(
        file,
        store -> {
          MVMap<Object, Object> ids = typed(store, SORTED);
          long mergingFrom = (Long) typed(store, BOUNDS).get(RecordIdIndex.MERGING_FROM);
          List<String> pending = new ArrayList<>();
          MVMap<Object, Object> records = typed(store, RECORDS);
          for (Object record : records.keySet()) {
            String id =
                (String) ((de.bwaldvogel.mongo.bson.Document) records.get(record)).get("_id");
            if ((Long) record >= mergingFrom && !record.equals(ids.get(id))) {
              pending.add(id);
            }
          }
          Set<String> sorted = new TreeSet<>();
          ids.keySet().forEach(k -> sorted.add((String) k));
          return new Held(pending, sorted, mergingFrom);
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

  /** Stores "a", "b" and "c", all in the taking generation, and closes the store. */
  private static void storeABC(Path file) {
    withServer(
        backend(file, 1000),
        things -> {
          things.insertMany(List.of(thing("a"), thing("b"), thing("c")));
          return null;
        });
  }

  /** What {@link #storeABC} stored is all there, and its ids are taken. */
  private static void holdsABC(MongoCollection<Document> things) {
    assertThat(things.countDocuments()).isEqualTo(3);
    refusesDuplicates(things, "a");
    refusesDuplicates(things, "c");
  }

  /** Runs the filter builds the indexes have handed over, in order. */
  private static void runAll(Deque<Runnable> builds) {
    while (!builds.isEmpty()) {
      builds.poll().run();
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
    // most ids were merged into the sorted map; the newest are only in the records an opening
    // reads back; each id is in one of the two, never in neither
    assertThat(held.sorted()).hasSizeGreaterThan(200);
    assertThat(held.mergingFrom()).isGreaterThan(0);
    Set<String> everywhere = new HashSet<>(held.pending());
    everywhere.addAll(held.sorted());
    assertThat(everywhere).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(held.pending()).doesNotHaveDuplicates();
    assertThat(held.pending().size() + held.sorted().size()).isEqualTo(300);
  }

  @Test
  @DisplayName("a generation's bounds move only once the store has committed after its merge")
  void boundsMoveAfterCommit() {
    Path file = dir.resolve("k.mv");
    List<String> ids = randomIds(new Random(5), 300);
    withServer(
        backend(file, 40),
        things -> {
          // no commit between the inserts: the first generation merges, but the bounds stay, so
          // the file can never hold moved bounds without the merged entries
          things.insertMany(ids.stream().map(IdCases::thing).toList());
          everyIdFound(things, ids);
          return null;
        });
    Held held = held(file);
    assertThat(held.mergingFrom()).isZero();
    assertThat(held.sorted()).hasSize(40);
    Set<String> everywhere = new HashSet<>(held.pending());
    everywhere.addAll(held.sorted());
    assertThat(everywhere).containsExactlyInAnyOrderElementsOf(ids);
  }

  @Test
  @DisplayName("after a reopen every id is found and unique, and an opening reads few records back")
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
    assertThat(held.pending()).doesNotContainAnyElementsOf(held.sorted());
    assertThat(held.pending().size() + held.sorted().size()).isEqualTo(250);
    // at most the two generations' ids (and a batch) are taken back into memory at an opening
    assertThat(held.pending().size()).isLessThanOrEqualTo(2 * 40 + 10);
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
  @DisplayName("ids merged before the bounds moved (a crash between the two) are read back once")
  void mergedBeforeBoundsMoved() {
    Path file = dir.resolve("c.mv");
    storeABC(file);
    // as a crash could leave it: "a" and "b" merged into the sorted map, the bounds not moved
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
          holdsABC(things);
          things.deleteOne(eq("_id", "a"));
          assertThat(things.find(eq("_id", "a")).first()).isNull();
          assertThat(things.find(eq("_id", "b")).first()).isEqualTo(thing("b"));
          return null;
        });
    Held held = held(file);
    assertThat(held.sorted()).containsExactly("b");
    assertThat(held.pending()).containsExactly("c");
  }

  @Test
  @DisplayName("a store with decision 25's logs of new ids has them merged and removed at opening")
  void legacyLogsConverted() {
    Path file = dir.resolve("v.mv");
    storeABC(file);
    // as the previous version left it: the new ids only in its log (one of them, "z", of a
    // document deleted since), no bounds
    inFile(
        file,
        store -> {
          store.removeMap(BOUNDS);
          MVMap<Object, Object> log = typed(store, LEGACY_LOG);
          log.put(0L, new KeyValue("a", 0L));
          log.put(1L, new KeyValue("b", 1L));
          log.put(2L, new KeyValue("c", 2L));
          log.put(3L, new KeyValue("z", 3L));
          store.commit();
          return null;
        });
    withServer(
        backend(file, 1000),
        things -> {
          holdsABC(things);
          things.insertOne(thing("z"));
          things.insertOne(thing("d"));
          return null;
        });
    inFile(
        file,
        store -> {
          assertThat(store.getMapNames()).noneMatch(n -> n.contains("appended"));
          return null;
        });
    Held held = held(file);
    assertThat(held.sorted()).containsExactly("a", "b", "c");
    assertThat(held.pending()).containsExactly("z", "d");
    withServer(
        backend(file, 1000),
        things -> {
          everyIdFound(things, List.of("a", "b", "c", "z", "d"));
          refusesDuplicates(things, "z");
          return null;
        });
  }

  @Test
  @DisplayName("records numbered again after the last ones were deleted are still read back")
  void recordNumbersReused() {
    Path file = dir.resolve("n.mv");
    List<String> ids = randomIds(new Random(19), 30);
    withServer(
        backend(file, 3),
        things -> {
          for (String id : ids) {
            things.insertOne(thing(id));
            opened.commit();
          }
          return null;
        });
    long mergingFrom = held(file).mergingFrom();
    assertThat(mergingFrom).isGreaterThan(3);
    // the documents from just below the merging generation on are deleted: the next opening
    // numbers new records from below the bounds the file holds
    List<String> gone = ids.subList((int) mergingFrom - 2, ids.size());
    List<String> fresh = randomIds(new Random(23), 6);
    withServer(
        backend(file, 3),
        things -> {
          gone.forEach(id -> things.deleteOne(eq("_id", id)));
          opened.commit();
          return null;
        });
    withServer(
        backend(file, 3),
        things -> {
          for (String id : fresh) {
            things.insertOne(thing(id));
            opened.commit();
          }
          return null;
        });
    List<String> live = new ArrayList<>(ids.subList(0, (int) mergingFrom - 2));
    live.addAll(fresh);
    withServer(
        backend(file, 3),
        things -> {
          everyIdFound(things, live);
          for (String id : gone) {
            assertThat(things.find(eq("_id", id)).first()).isNull();
          }
          refusesDuplicates(things, fresh.get(0));
          refusesDuplicates(things, fresh.get(5));
          assertThat(things.countDocuments()).isEqualTo(live.size());
          return null;
        });
  }

  @Test
  @DisplayName(
      "ids put into the sorted map while its filter is built are in the filter it ends with")
  void filterBuiltWhileMerging() {
    Path file = dir.resolve("f.mv");
    List<String> ids = randomIds(new Random(29), 300);
    Deque<Runnable> builds = new ArrayDeque<>();
    opened = EmbeddedStore.open(file, 16);
    withServer(
        new StoreBackend(opened, new RecordIdIndex.Options(40, builds::add)),
        things -> {
          // the filter's build waits: every look-up asks the sorted map meanwhile
          insertAll(things, ids);
          assertThat(builds).isNotEmpty();
          runAll(builds);
          // now new ids skip the sorted map, and every id merged meanwhile is still refused
          for (String id : ids) {
            refusesDuplicates(things, id);
          }
          everyIdFound(things, ids);
          return null;
        });
    Held held = held(file);
    assertThat(held.sorted()).hasSizeGreaterThan(200);
    // reopened, the filter is built from the sorted map before anything else is asked
    opened = EmbeddedStore.open(file, 16);
    withServer(
        new StoreBackend(opened, new RecordIdIndex.Options(40, builds::add)),
        things -> {
          runAll(builds);
          for (String id : held.sorted()) {
            refusesDuplicates(things, id);
          }
          return null;
        });
  }

  @Test
  @DisplayName("a dropped or renamed collection leaves no id or bound behind")
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
          assertThat(store.getMapNames()).noneMatch(n -> n.contains("generations"));
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
    Set<String> everywhere = new HashSet<>(held.pending());
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
