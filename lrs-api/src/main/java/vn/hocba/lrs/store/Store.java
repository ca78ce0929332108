package vn.hocba.lrs.store;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.h2.mvstore.MVStore;
import vn.hocba.eventlog.DurabilityBarrier;

/**
 * The MongoDB in use: a real one from a connection string, or the embedded mongo-java-server (H2 on
 * disk, or memory) reached through the real driver on loopback. Used by the application and by the
 * commands that read the store directly (an embedded H2 file can be open in one process only).
 */
public record Store(
    MongoClient client,
    MongoDatabase database,
    DurabilityBarrier durability,
    MongoServer embedded,
    String description)
    implements AutoCloseable {

  /**
   * What the embedded store does with the indexes the LRS declares, said once at start (its own
   * warning for each index, at every start, is turned off in application.yml).
   */
  static final String SCANS =
      "; it keeps the unique indexes the LRS declares and answers other queries by scanning"
          + " (the other indexes are for a real MongoDB: README, \"The embedded store\")";

  /**
   * Opens the store.
   *
   * @param uri a MongoDB connection string, or blank for the embedded store
   * @param database the database name when the URI names none
   * @param embedded "h2" (on disk under dataDir) or "memory"
   */
  public static Store open(
      String uri, String database, String embedded, String dataDir, int cacheMb)
      throws IOException {
    if (uri != null && !uri.isBlank()) {
      ConnectionString cs = new ConnectionString(uri);
      MongoClient client =
          MongoClients.create(
              MongoClientSettings.builder()
                  .applyConnectionString(cs)
                  // acknowledged means on a majority of the replica set, in the journal
                  .writeConcern(WriteConcern.MAJORITY.withJournal(true))
                  .build());
      String db = cs.getDatabase() != null ? cs.getDatabase() : database;
      return new Store(
          client,
          client.getDatabase(db),
          DurabilityBarrier.WRITE_CONCERN,
          null,
          "MongoDB at " + cs.getHosts() + " (database " + db + ")");
    }
    MongoServer server;
    DurabilityBarrier durability;
    String description;
    if ("memory".equals(embedded)) {
      server = new MongoServer(new MemoryBackend());
      durability = DurabilityBarrier.WRITE_CONCERN;
      description =
          "embedded mongo-java-server, memory backend (nothing survives a restart)" + SCANS;
    } else {
      Path dir = Path.of(dataDir).toAbsolutePath();
      Files.createDirectories(dir);
      Path file = dir.resolve("hocba.mv");
      MVStore mv = EmbeddedStore.open(file, cacheMb);
      H2Backend backend;
      try {
        backend = new StoreBackend(mv);
      } catch (RuntimeException e) {
        // a failed start left H2's background writer committing into the file until the JVM
        // ended (chunks written after the failure were seen in a store that did not open)
        mv.closeImmediately();
        throw e;
      }
      server = new MongoServer(backend);
      durability = new StoreConfiguration.H2Durability(backend);
      description = "embedded mongo-java-server, H2 backend at " + file + SCANS;
    }
    server.bind("127.0.0.1", 0); // loopback only
    InetSocketAddress address = server.getLocalAddress();
    MongoClient client =
        MongoClients.create(
            MongoClientSettings.builder()
                .applyConnectionString(
                    new ConnectionString(
                        "mongodb://127.0.0.1:" + address.getPort() + "/?maxPoolSize=64"))
                .applyToSocketSettings(s -> s.connectTimeout(5, TimeUnit.SECONDS))
                .build());
    return new Store(client, client.getDatabase(database), durability, server, description);
  }

  /** The store the LRS's own settings name: LRS_MONGODB_URI, else the H2 file in LRS_DATA_DIR. */
  public static Store fromEnvironment() throws IOException {
    String dataDir = System.getenv().getOrDefault("LRS_DATA_DIR", "./data");
    return open(System.getenv("LRS_MONGODB_URI"), "hocba", "h2", dataDir, 64);
  }

  @Override
  public void close() {
    client.close();
    if (embedded != null) {
      embedded.shutdown();
    }
  }
}
