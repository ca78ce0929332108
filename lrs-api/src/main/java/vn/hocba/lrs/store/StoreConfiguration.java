package vn.hocba.lrs.store;

import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.IOException;
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

  @Bean(destroyMethod = "close")
  Store store(
      @Value("${lrs.mongodb.uri:}") String uri,
      @Value("${lrs.mongodb.database:hocba}") String database,
      @Value("${lrs.store.embedded:h2}") String embedded,
      @Value("${lrs.data-dir:./data}") String dataDir,
      @Value("${lrs.store.cache-mb:" + EmbeddedStore.DEFAULT_CACHE_MB + "}") int cacheMb)
      throws IOException {
    Store store = Store.open(uri, database, embedded, dataDir, cacheMb);
    log.info("store: {}", store.description());
    return store;
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
