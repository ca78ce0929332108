package vn.hocba.lrs.bench;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import vn.hocba.lrs.store.EmbeddedStore;
import vn.hocba.lrs.store.StoreBackend;

/**
 * What the storage path alone can do: mongo-java-server with the H2 backend (as embedded in the
 * LRS) fed through the official sync driver, with the LRS's durability (commit + fsync after each
 * write), no HTTP, no validation, no event log, no projection.
 */
final class DriverCeiling {

  record Result(int documents, double seconds, double cpuMillisPerDocument) {
    double perSecond() {
      return documents / seconds;
    }
  }

  private DriverCeiling() {}

  static Result run(List<String> statements, List<String> warmup, int batch, int threads)
      throws Exception {
    Path dir = Files.createTempDirectory("hocba-ceiling-");
    // the same store settings as the LRS (EmbeddedStore), so the ceiling is a fair one
    H2Backend backend =
        new StoreBackend(
            EmbeddedStore.open(dir.resolve("ceiling.mv"), EmbeddedStore.DEFAULT_CACHE_MB));
    MongoServer server = new MongoServer(backend);
    Object syncLock = new Object();
    try {
      server.bind("127.0.0.1", 0);
      var address = server.getLocalAddress();
      try (MongoClient client =
          MongoClients.create(
              MongoClientSettings.builder()
                  .applyConnectionString(
                      new ConnectionString(
                          "mongodb://127.0.0.1:" + address.getPort() + "/?maxPoolSize=64"))
                  .build())) {
        var db = client.getDatabase("ceiling");
        List<Document> warm = documents(warmup);
        List<Document> docs = documents(statements); // parsed before the clock starts
        insert(db.getCollection("warmup"), warm, batch, threads, backend, syncLock);
        long self = ProcessHandle.current().pid();
        double cpu0 = ProcStat.cpuMillis(self);
        long t0 = System.nanoTime();
        insert(db.getCollection("statements"), docs, batch, threads, backend, syncLock);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpu = ProcStat.cpuMillis(self) - cpu0;
        long stored = db.getCollection("statements").countDocuments();
        if (stored != docs.size()) {
          throw new IllegalStateException("stored " + stored + " of " + docs.size());
        }
        return new Result(docs.size(), seconds, cpu0 < 0 ? -1 : cpu / docs.size());
      }
    } finally {
      server.shutdown();
      LrsProcess.deleteTree(dir);
    }
  }

  private static List<Document> documents(List<String> statements) {
    List<Document> docs = new ArrayList<>(statements.size());
    for (String s : statements) {
      Document d = Document.parse(s);
      d.put("_id", d.getString("id"));
      docs.add(d);
    }
    return docs;
  }

  private static void insert(
      MongoCollection<Document> coll,
      List<Document> docs,
      int batch,
      int threads,
      H2Backend backend,
      Object syncLock)
      throws Exception {
    AtomicInteger nextBatch = new AtomicInteger();
    int batches = (docs.size() + batch - 1) / batch;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        running.add(
            pool.submit(
                () -> {
                  int b;
                  while ((b = nextBatch.getAndIncrement()) < batches) {
                    coll.insertMany(
                        docs.subList(b * batch, Math.min(docs.size(), (b + 1) * batch)));
                    synchronized (syncLock) { // as the LRS's H2 durability barrier
                      backend.commit();
                      backend.getMvStore().sync();
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : running) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }
}
