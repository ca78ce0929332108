package vn.hocba.lrs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import vn.hocba.audit.Ed25519Signatures;
import vn.hocba.checkpoints.Checkpointer;
import vn.hocba.checkpoints.Checkpoints;
import vn.hocba.eventlog.ChainReport;
import vn.hocba.eventlog.ChainVerifier;
import vn.hocba.eventlog.MongoEventLog;
import vn.hocba.eventlog.StatementLedger;
import vn.hocba.lrs.audit.VerifyChainCommand;
import vn.hocba.lrs.store.Store;
import vn.hocba.statementindex.IndexProgress;
import vn.hocba.xapi.json.StrictJson;
import vn.hocba.xapi.model.XapiVersion;
import vn.hocba.xapi.statements.StatementEquivalence;

/**
 * Speed of the chain verifier (docs/tamper-evidence.md): writes a log of realistic statements
 * through the ledger straight into an embedded store (no HTTP), signs checkpoints along the way,
 * then verifies the whole log and prints events per second. A program, not a test.
 *
 * <pre>
 * java -cp ... vn.hocba.lrs.bench.ChainVerifyBenchmark [--events N] [--batch B] [--store h2|memory]
 * </pre>
 */
final class ChainVerifyBenchmark {

  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean)
          java.lang.management.ManagementFactory.getOperatingSystemMXBean();

  public static void main(String[] args) throws Exception {
    int events = 200_000;
    int batch = 100;
    String kind = "h2";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--events" -> events = Integer.parseInt(args[++i]);
        case "--batch" -> batch = Integer.parseInt(args[++i]);
        case "--store" -> kind = args[++i];
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Path dir = Files.createTempDirectory("hocba-chain-bench");
    try (Store store = Store.open("", "hocba", kind, dir.toString(), 256)) {
      MongoEventLog log = new MongoEventLog(store.database(), VerifyChainCommand.serializer());
      EmbeddedEventStore bus = EmbeddedEventStore.builder().storageEngine(log).build();
      StatementLedger ledger =
          new StatementLedger(
              store.database(),
              log,
              bus,
              Clock.systemUTC(),
              () -> UUID.randomUUID().toString(),
              // no fsync per batch: only the verification is measured, and H2 commits on its timer
              vn.hocba.eventlog.DurabilityBarrier.WRITE_CONCERN,
              StatementEquivalence::equivalent);
      KeyPair key = Ed25519Signatures.generate();
      String keyId = Ed25519Signatures.keyId(key.getPublic());
      Checkpointer checkpointer =
          new Checkpointer(
              ledger,
              key.getPrivate(),
              keyId,
              new Checkpoints(store.database()),
              new IndexProgress(),
              Duration.ZERO);
      JsonNode authority =
          StrictJson.parse(
              "{\"objectType\":\"Agent\",\"account\":{\"homePage\":\"https://hocba.example.vn\","
                  + "\"name\":\"bench\"}}");
      StatementGenerator gen = new StatementGenerator(42, 300);
      long t0 = System.nanoTime();
      int written = 0;
      while (written < events) {
        List<JsonNode> statements = new ArrayList<>(batch);
        for (String s : gen.next(Math.min(batch, events - written))) {
          statements.add(StrictJson.parse(s));
        }
        ledger.record(statements, authority, "bench", XapiVersion.V1_0_3);
        written += statements.size();
        if (written % 10_000 < batch) {
          checkpointer.checkpoint();
        }
        if (written % 100_000 < batch) {
          System.err.printf(Locale.ROOT, "written %,d%n", written);
        }
      }
      checkpointer.checkpoint();
      double writeSeconds = (System.nanoTime() - t0) / 1e9;
      long head = ledger.head().position();
      System.out.printf(
          Locale.ROOT,
          "log: %,d events (%s store, batches of %d, checkpoints every 10,000), written in %.1f s%n",
          head + 1,
          kind,
          batch,
          writeSeconds);

      ChainVerifier verifier =
          new ChainVerifier(
              new MongoEventLog(store.database(), VerifyChainCommand.serializer()),
              id -> id.equals(keyId) ? Optional.of(key.getPublic()) : Optional.empty());
      for (int run = 1; run <= 2; run++) {
        System.gc();
        long threadCpu = THREADS.getCurrentThreadCpuTime();
        long processCpu = OS.getProcessCpuTime();
        ChainReport r = verifier.verify(0, Long.MAX_VALUE, List.of());
        double verifierCpu = (THREADS.getCurrentThreadCpuTime() - threadCpu) / 1e9;
        double allCpu = (OS.getProcessCpuTime() - processCpu) / 1e9;
        Runtime rt = Runtime.getRuntime();
        System.out.printf(
            Locale.ROOT,
            "verify run %d: intact=%s, %,d events, %,d checkpoints, wall %.2f s (%,.0f events/s);"
                + " CPU: verifier thread %.2f s (%,.0f events per CPU-second), whole process incl."
                + " embedded store %.2f s (%,.0f events per CPU-second); heap in use after %d MB%n",
            run,
            r.intact(),
            r.checked(),
            r.checkpoints(),
            r.elapsed().toNanos() / 1e9,
            r.eventsPerSecond(),
            verifierCpu,
            r.checked() / verifierCpu,
            allCpu,
            r.checked() / allCpu,
            (rt.totalMemory() - rt.freeMemory()) >> 20);
      }
      bus.shutDown();
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
