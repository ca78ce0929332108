package vn.hocba.lrs.bench;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;
import org.h2.mvstore.MVStore;
import vn.hocba.lrs.store.EmbeddedStore;
import vn.hocba.lrs.store.StoreBackend;

/**
 * Does the embedded store reopen after a multi-GB load and a stop? Not a test run by the build: a
 * {@code main} that loads statement-like documents into the store opened exactly as the LRS opens
 * it, stops it in one of the LRS's ways, reopens it in a fresh JVM and checks that every
 * acknowledged document is there.
 *
 * <pre>
 * java -cp ... vn.hocba.lrs.bench.StoreReopenHarness cycle DIR GROWTH_MB ROUNDS [MODES]
 *   GROWTH_MB: how much each round grows the file; MODES: comma-separated stop modes, used in
 *   turn: close, interrupt, sigterm
 * </pre>
 *
 * <p>Writes, from 4 threads, a ~1.5 KB document with a random UUID {@code _id} to {@code
 * statements}, its id to the unique-keyed {@code statement_ids}, and now and then a ~100 KB
 * document with an increasing long {@code _id} to {@code event_log}; after each such group it
 * commits and fsyncs as the LRS's H2Durability does, then notes the ids as acknowledged. A fifth
 * thread scans {@code statements} in full now and then (a query on a field without an index), as
 * the LRS's reads do. Each load and each check runs in its own JVM.
 */
public final class StoreReopenHarness {

  private static final int WRITERS = 4;

  /** One ~100 KB event_log document for this many statements (the LRS: one per ~250). */
  private static final int EVENT_EVERY = Integer.getInteger("harness.eventEvery", 200);

  /** After the check, how long to keep scanning the reopened store while H2 tidies it. */
  private static final int SCAN_SECONDS = Integer.getInteger("harness.scanSeconds", 60);

  private StoreReopenHarness() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "cycle" ->
          cycle(
              Path.of(args[1]),
              Long.parseLong(args[2]),
              Integer.parseInt(args[3]),
              args.length > 4
                  ? args[4].split(",")
                  : new String[] {"close", "interrupt", "sigterm"});
      case "load" -> load(Path.of(args[1]), Long.parseLong(args[2]), args[3]);
      case "verify" -> System.exit(verify(Path.of(args[1])) ? 0 : 1);
      default -> throw new IllegalArgumentException(args[0]);
    }
  }

  /** Rounds of load (growing the same file), stop, reopen and check, each in a child JVM. */
  static void cycle(Path dir, long growthMb, int rounds, String[] modes) throws Exception {
    Files.createDirectories(dir);
    Path file = dir.resolve("hocba.mv");
    for (int round = 1; round <= rounds; round++) {
      String mode = modes[(round - 1) % modes.length];
      long target = (Files.exists(file) ? Files.size(file) >> 20 : 0) + growthMb;
      log("round " + round + ": load to " + target + " MB, stop by " + mode);
      Process load = child("load", dir.toString(), Long.toString(target), mode);
      if (mode.equals("sigterm")) {
        while (load.isAlive() && (!Files.exists(file) || Files.size(file) < target << 20)) {
          Thread.sleep(1000);
        }
        Thread.sleep(2000); // stop it in full flight
        log("SIGTERM to " + load.pid());
        load.destroy(); // SIGTERM: the JVM runs its shutdown hooks, as the LRS's Spring context
      }
      int rc = load.waitFor();
      log("load exited " + rc + ", file " + (Files.size(dir.resolve("hocba.mv")) >> 20) + " MB");
      Process check = child("verify", dir.toString());
      int vrc = check.waitFor();
      log(
          "round "
              + round
              + " ("
              + mode
              + "): reopen and check "
              + (vrc == 0 ? "PASSED" : "FAILED"));
    }
  }

  static Process child(String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + System.getProperty("harness.childHeap", "2g"));
    cmd.add("-Dharness.withoutRetry=" + Boolean.getBoolean("harness.withoutRetry"));
    cmd.add("-Dharness.scanSeconds=" + SCAN_SECONDS);
    cmd.add("-Dharness.eventEvery=" + EVENT_EVERY);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(StoreReopenHarness.class.getName());
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).inheritIO().start();
  }

  /** The store as Store.open makes it: the H2 file, the typed backend, loopback, the driver. */
  record Open(MVStore mv, H2Backend backend, MongoServer server, MongoClient client) {
    static Open of(Path dir) {
      MVStore mv =
          Boolean.getBoolean("harness.withoutRetry")
              // EmbeddedStore's settings without its "retry:" path, to see what it mitigates
              ? new MVStore.Builder()
                  .fileName(dir.resolve("hocba.mv").toString())
                  .cacheSize(64)
                  .autoCommitBufferSize(16 * 1024)
                  .open()
              : EmbeddedStore.open(dir.resolve("hocba.mv"), 64);
      H2Backend backend = new StoreBackend(mv);
      MongoServer server = new MongoServer(backend);
      server.bind("127.0.0.1", 0);
      MongoClient client =
          MongoClients.create(
              MongoClientSettings.builder()
                  .applyConnectionString(
                      new ConnectionString(
                          "mongodb://127.0.0.1:"
                              + server.getLocalAddress().getPort()
                              + "/?maxPoolSize=64"))
                  .applyToSocketSettings(s -> s.connectTimeout(5, TimeUnit.SECONDS))
                  .build());
      return new Open(mv, backend, server, client);
    }

    MongoDatabase db() {
      return client.getDatabase("hocba");
    }

    /** Store.close: the client, then MongoServer.shutdown (which closes the backend and H2). */
    void close() {
      client.close();
      server.shutdown();
    }
  }

  static void load(Path dir, long targetMb, String mode) throws Exception {
    Open store = Open.of(dir);
    MongoDatabase db = store.db();
    MongoCollection<Document> statements = db.getCollection("statements");
    MongoCollection<Document> ids = db.getCollection("statement_ids");
    MongoCollection<Document> log = db.getCollection("event_log");
    ids.createIndex(Indexes.ascending("_id"), new IndexOptions().unique(true));
    Document last = log.find().sort(new Document("_id", -1)).limit(1).first();
    AtomicLong nextEvent = new AtomicLong(last == null ? 1 : last.getLong("_id") + 1);
    Path acks = dir.resolve("acks.txt");
    Object syncLock = new Object();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicBoolean interruptNext = new AtomicBoolean();
    AtomicLong written = new AtomicLong();
    List<Thread> writers = new ArrayList<>();
    var ackOut =
        Files.newBufferedWriter(
            acks, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    for (int w = 0; w < WRITERS; w++) {
      int seed = w;
      Thread t =
          new Thread(
              () -> {
                Random random = new Random(seed ^ System.nanoTime());
                while (!stop.get()) {
                  try {
                    String id = UUID.randomUUID().toString();
                    statements.insertOne(statement(id, random));
                    ids.insertOne(new Document("_id", id).append("at", written.get()));
                    long event = -1;
                    if (random.nextInt(EVENT_EVERY) == 0) {
                      event = nextEvent.getAndIncrement();
                      log.insertOne(
                          new Document("_id", event).append("payload", padding(random, 100_000)));
                    }
                    synchronized (syncLock) { // StoreConfiguration.H2Durability
                      if (interruptNext.getAndSet(false)) {
                        // interrupted just as it commits: H2 writes the chunk with the flag set
                        log("interrupting " + Thread.currentThread().getName() + " before commit");
                        Thread.currentThread().interrupt();
                      }
                      store.backend().commit();
                      store.mv().sync();
                    }
                    synchronized (ackOut) {
                      ackOut.write("S " + id + "\n");
                      if (event >= 0) {
                        ackOut.write("E " + event + "\n");
                      }
                      ackOut.flush(); // to the page cache: survives the process, not the machine
                    }
                    written.incrementAndGet();
                  } catch (Throwable e) {
                    log((stop.get() ? "writer stopped: " : "WRITER FAILED: ") + e);
                    return;
                  }
                }
              },
              "writer-" + w);
      writers.add(t);
      t.start();
    }
    Thread scanner =
        new Thread(
            () -> {
              while (!stop.get()) {
                try {
                  Thread.sleep(15_000);
                  long t0 = System.nanoTime();
                  long n = statements.countDocuments(Filters.eq("verb.id", "no such verb"));
                  log(
                      "full scan of statements: "
                          + n
                          + " in "
                          + (System.nanoTime() - t0) / 1_000_000
                          + " ms");
                } catch (InterruptedException e) {
                  return;
                } catch (Throwable e) {
                  if (!stop.get()) {
                    log("SCAN FAILED: " + e);
                  }
                }
              }
            },
            "scanner");
    scanner.start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (!stop.getAndSet(true)) {
                    log("shutdown hook: closing the store as the LRS's Store.close does");
                    try {
                      store.close();
                      log("closed");
                    } catch (Throwable e) {
                      log("CLOSE FAILED: " + e);
                    }
                  }
                }));
    Path file = dir.resolve("hocba.mv");
    long t0 = System.nanoTime();
    do {
      Thread.sleep(5000);
      log(
          written.get()
              + " groups written, file "
              + (Files.size(file) >> 20)
              + " MB, "
              + (System.nanoTime() - t0) / 1_000_000_000
              + " s");
    } while (Files.size(file) < targetMb << 20 || mode.equals("sigterm"));
    // stop in full flight, as an LRS stopped while statements are being posted
    if (mode.equals("interrupt")) {
      // a writer interrupted while it commits or fsyncs (NIO closes the channel on interrupt)
      interruptNext.set(true);
      Thread.sleep(50);
    }
    stop.set(true);
    log("stopping (" + mode + ") after " + written.get() + " groups");
    try {
      store.close();
      log("closed");
    } catch (Throwable e) {
      log("CLOSE FAILED: " + e);
    }
    for (Thread t : writers) {
      t.join(10_000);
    }
    scanner.interrupt();
    synchronized (ackOut) {
      ackOut.close();
    }
    System.exit(0);
  }

  /** Reopens the store as the LRS does and looks up every acknowledged id. */
  static boolean verify(Path dir) throws IOException {
    List<String> statementIds = new ArrayList<>();
    Set<Long> events = new HashSet<>();
    for (String line : Files.readAllLines(dir.resolve("acks.txt"))) {
      if (line.startsWith("S ")) {
        statementIds.add(line.substring(2));
      } else if (line.startsWith("E ")) {
        events.add(Long.parseLong(line.substring(2)));
      }
    }
    log(
        "reopening "
            + (Files.size(dir.resolve("hocba.mv")) >> 20)
            + " MB; acknowledged: "
            + statementIds.size()
            + " statements, "
            + events.size()
            + " events");
    long t0 = System.nanoTime();
    Open store;
    try {
      store = Open.of(dir);
    } catch (Throwable e) {
      log("REOPEN FAILED after " + (System.nanoTime() - t0) / 1_000_000 + " ms: " + e);
      e.printStackTrace(System.out);
      return false;
    }
    log(
        "reopened in "
            + (System.nanoTime() - t0) / 1_000_000
            + " ms; H2 fill rate "
            + store.mv().getFileStore().getFillRate()
            + "%, chunks fill rate "
            + store.mv().getFileStore().getChunksFillRate()
            + "%");
    boolean ok = true;
    try {
      MongoDatabase db = store.db();
      ok &= missing(db.getCollection("statements"), statementIds, "statements");
      ok &= missing(db.getCollection("statement_ids"), statementIds, "statement_ids");
      ok &= missing(db.getCollection("event_log"), events, "event_log");
      // the reopened store serves statements and reads, as the LRS after a restart: a writer
      // commits and fsyncs after each insert while full scans run, and H2 compacts meanwhile
      MongoCollection<Document> statements = db.getCollection("statements");
      AtomicBoolean done = new AtomicBoolean();
      AtomicLong afterRestart = new AtomicLong();
      Thread writer =
          new Thread(
              () -> {
                Random random = new Random();
                while (!done.get()) {
                  try {
                    statements.insertOne(statement(UUID.randomUUID().toString(), random));
                    store.backend().commit();
                    store.mv().sync();
                    afterRestart.incrementAndGet();
                  } catch (Throwable e) {
                    log("WRITE AFTER REOPEN FAILED: " + e);
                    return;
                  }
                }
              },
              "writer-after-reopen");
      writer.start();
      long until = System.nanoTime() + SCAN_SECONDS * 1_000_000_000L;
      int scans = 0;
      try {
        while (System.nanoTime() < until) {
          long s0 = System.nanoTime();
          statements.countDocuments(Filters.eq("verb.id", "none"));
          scans++;
          if (scans == 1) {
            log("full scan of statements: " + (System.nanoTime() - s0) / 1_000_000 + " ms");
          }
        }
      } finally {
        done.set(true);
        writer.join();
      }
      log(
          scans
              + " full scans of statements over "
              + SCAN_SECONDS
              + " s while "
              + afterRestart.get()
              + " statements were written: no failure; chunks fill rate now "
              + store.mv().getFileStore().getChunksFillRate()
              + "%");
    } catch (Throwable e) {
      log("CHECK FAILED: " + e);
      e.printStackTrace(System.out);
      ok = false;
    } finally {
      store.close();
    }
    return ok;
  }

  /** Reads every _id of a collection in one scan and looks the acknowledged ones up in it. */
  static boolean missing(MongoCollection<Document> c, java.util.Collection<?> acked, String what) {
    long t0 = System.nanoTime();
    Set<Object> present = new HashSet<>();
    for (Document d : c.find().projection(new Document("_id", 1)).batchSize(10_000)) {
      present.add(d.get("_id"));
    }
    long found = acked.stream().filter(present::contains).count();
    log(
        what
            + ": "
            + found
            + " of "
            + acked.size()
            + " acknowledged found ("
            + present.size()
            + " stored, read in "
            + (System.nanoTime() - t0) / 1_000_000
            + " ms)");
    return found == acked.size();
  }

  static Document statement(String id, Random random) {
    return new Document("_id", id)
        .append("actor", new Document("mbox", "mailto:learner" + random.nextInt(15000) + "@x.vn"))
        .append("verb", new Document("id", "http://adlnet.gov/expapi/verbs/completed"))
        .append("object", new Document("id", "http://example.org/act/" + random.nextInt(50)))
        .append("stored", Instant.now().toString())
        .append("result", new Document("response", padding(random, 1200)));
  }

  static String padding(Random random, int length) {
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append((char) ('a' + random.nextInt(26)));
    }
    return b.toString();
  }

  static void log(String s) {
    System.out.println(Instant.now() + " [" + ProcessHandle.current().pid() + "] " + s);
  }
}
