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
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import vn.hocba.eventlog.DurabilityBarrier;

/** Chooses the store at start and says in the log which one is in use. */
@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

  private static final Logger log = LoggerFactory.getLogger(StoreConfiguration.class);

  /** The store in use; closed with the application context. */
  record Store(
      MongoClient client,
      MongoDatabase database,
      DurabilityBarrier durability,
      MongoServer embedded)
      implements AutoCloseable {
    @Override
    public void close() {
      client.close();
      if (embedded != null) {
        embedded.shutdown();
      }
    }
  }

  @Bean(destroyMethod = "close")
  Store store(
      @Value("${lrs.mongodb.uri:}") String uri,
      @Value("${lrs.mongodb.database:hocba}") String database,
      @Value("${lrs.store.embedded:h2}") String embedded,
      @Value("${lrs.data-dir:./data}") String dataDir,
      @Value("${lrs.store.cache-mb:256}") int cacheMb)
      throws IOException {
    if (!uri.isBlank()) {
      ConnectionString cs = new ConnectionString(uri);
      MongoClient client =
          MongoClients.create(
              MongoClientSettings.builder()
                  .applyConnectionString(cs)
                  // acknowledged means on a majority of the replica set, in the journal
                  .writeConcern(WriteConcern.MAJORITY.withJournal(true))
                  .build());
      String db = cs.getDatabase() != null ? cs.getDatabase() : database;
      log.info("store: MongoDB at {} (database {})", cs.getHosts(), db);
      return new Store(client, client.getDatabase(db), DurabilityBarrier.WRITE_CONCERN, null);
    }
    MongoServer server;
    DurabilityBarrier durability;
    if ("memory".equals(embedded)) {
      server = new MongoServer(new MemoryBackend());
      durability = DurabilityBarrier.WRITE_CONCERN;
      log.info("store: embedded mongo-java-server, memory backend (nothing survives a restart)");
    } else {
      Path dir = Path.of(dataDir).toAbsolutePath();
      Files.createDirectories(dir);
      Path file = dir.resolve("hocba.mv");
      H2Backend backend = new H2Backend(EmbeddedStore.open(file, cacheMb));
      server = new MongoServer(backend);
      durability = new H2Durability(backend);
      log.info("store: embedded mongo-java-server, H2 backend at {}", file);
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
    return new Store(client, client.getDatabase(database), durability, server);
  }

  /**
   * CPU time spent by the embedded store's own threads (wire protocol workers, H2 writers), so that
   * the LRS's CPU can be told apart from the store's, as for an LRS with an external store.
   */
  @Bean
  MeterBinder embeddedStoreCpu(Store store) {
    return registry -> {
      if (store.embedded() != null) {
        Gauge.builder("lrs.store.embedded.cpu", EmbeddedStoreCpu::seconds)
            .baseUnit("seconds")
            .description("CPU time of the embedded store's threads")
            .register(registry);
      }
    };
  }

  /** Sums the CPU time of threads that belong to mongo-java-server and H2. */
  static final class EmbeddedStoreCpu {
    private static final java.lang.management.ThreadMXBean THREADS =
        java.lang.management.ManagementFactory.getThreadMXBean();
    private static final java.util.Map<Long, Long> LAST_SEEN_NANOS =
        new java.util.concurrent.ConcurrentHashMap<>();

    static double seconds() {
      long total = 0;
      for (java.lang.management.ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
        if (t != null && isStoreThread(t.getThreadName())) {
          long nanos = THREADS.getThreadCpuTime(t.getThreadId());
          if (nanos > 0) {
            LAST_SEEN_NANOS.put(t.getThreadId(), nanos);
          }
        }
      }
      for (long n : LAST_SEEN_NANOS.values()) {
        total += n;
      }
      return total / 1e9;
    }

    private static boolean isStoreThread(String name) {
      return name.startsWith("mongo-server-")
          || name.startsWith("H2-")
          || name.startsWith("MVStore");
    }
  }

  @Bean
  MongoDatabase mongoDatabase(Store store) {
    return store.database();
  }

  @Bean
  DurabilityBarrier durabilityBarrier(Store store) {
    return store.durability();
  }

  /**
   * The H2 backend commits its MVStore on a timer; an acknowledged statement must already be on
   * disk, so the writer commits and fsyncs, once for every commit that waited meanwhile.
   */
  static final class H2Durability implements DurabilityBarrier {
    private final H2Backend backend;
    private final Object sync = new Object();
    private long synced = -1;
    private volatile long requested = -1;

    H2Durability(H2Backend backend) {
      this.backend = backend;
    }

    @Override
    public void syncTo(long position) {
      synchronized (this) {
        requested = Math.max(requested, position);
      }
      synchronized (sync) {
        if (synced >= position) {
          return; // another request's fsync already covered this commit
        }
        long target = requested;
        backend.commit();
        backend.getMvStore().sync();
        synced = target;
      }
    }
  }
}
