package vn.hocba.lrs.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import vn.hocba.audit.Ed25519Signatures;
import vn.hocba.checkpoints.Checkpointer;
import vn.hocba.checkpoints.Checkpoints;
import vn.hocba.eventlog.DurabilityBarrier;
import vn.hocba.eventlog.MongoEventLog;
import vn.hocba.eventlog.StatementLedger;
import vn.hocba.statementindex.IndexProgress;
import vn.hocba.statements.ChainCheckpointedEvent;
import vn.hocba.xapi.json.StrictJson;
import vn.hocba.xapi.model.XapiVersion;
import vn.hocba.xapi.statements.StatementEquivalence;

/** lrs.checkpoints.interval: a checkpoint per interval while the head moves, none otherwise. */
class CheckpointScheduleTest {

  MongoServer server;
  MongoClient client;
  MongoEventLog log;
  EmbeddedEventStore store;
  StatementLedger ledger;
  Checkpointer checkpointer;

  @BeforeEach
  void open() {
    server = new MongoServer(new MemoryBackend());
    server.bind("127.0.0.1", 0);
    client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
    MongoDatabase db = client.getDatabase("test");
    log = new MongoEventLog(db, VerifyChainCommand.serializer());
    store = EmbeddedEventStore.builder().storageEngine(log).build();
    ledger =
        new StatementLedger(
            db,
            log,
            store,
            Clock.systemUTC(),
            () -> UUID.randomUUID().toString(),
            DurabilityBarrier.WRITE_CONCERN,
            StatementEquivalence::equivalent);
    KeyPair key = Ed25519Signatures.generate();
    checkpointer =
        new Checkpointer(
            ledger,
            key.getPrivate(),
            Ed25519Signatures.keyId(key.getPublic()),
            new Checkpoints(db),
            new IndexProgress(),
            Duration.ZERO);
  }

  @AfterEach
  void close() {
    store.shutDown();
    client.close();
    server.shutdownNow();
  }

  void record() {
    ledger.record(
        List.of(
            StrictJson.parse(
                """
                {"actor":{"mbox":"mailto:a@example.org"},
                 "verb":{"id":"http://adlnet.gov/expapi/verbs/completed"},
                 "object":{"id":"http://example.org/a"}}""")),
        StrictJson.parse("{\"objectType\":\"Agent\",\"mbox\":\"mailto:lrs@example.org\"}"),
        "k",
        XapiVersion.V2_0_0);
  }

  long checkpointEvents() {
    return log.readEvents((TrackingToken) null, false)
        .filter(m -> m.getPayload() instanceof ChainCheckpointedEvent)
        .count();
  }

  @Test
  @DisplayName("the schedule signs the moved head, then waits for new events")
  void signsWhenTheHeadMoved() throws Exception {
    record();
    CheckpointSchedule schedule = new CheckpointSchedule(checkpointer, Duration.ofMillis(50));
    schedule.start();
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (checkpointEvents() < 1 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(checkpointEvents()).isEqualTo(1);
      Thread.sleep(300); // several intervals without new events
      assertThat(checkpointEvents()).isEqualTo(1);
      record();
      while (checkpointEvents() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(checkpointEvents()).isEqualTo(2);
    } finally {
      schedule.stop();
    }
    assertThat(schedule.isRunning()).isFalse();
  }

  @Test
  @DisplayName("an interval of zero turns the schedule off")
  void zeroIsOff() {
    CheckpointSchedule schedule = new CheckpointSchedule(checkpointer, Duration.ZERO);
    schedule.start();
    assertThat(schedule.isRunning()).isFalse();
  }
}
