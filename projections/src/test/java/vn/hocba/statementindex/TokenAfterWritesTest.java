package vn.hocba.statementindex;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import vn.hocba.eventlog.MongoTokenStore;
import vn.hocba.statements.StatementRecordedEvent;

/**
 * A tracking processor stores its token in the same prepare-commit phase in which the projector
 * writes its batch, and registers first. The token store must flush the batch before it writes the
 * token, or a crash between the two loses read-model writes behind an advanced token.
 */
class TokenAfterWritesTest {

  MongoServer server = new MongoServer(new MemoryBackend());
  MongoClient client;

  @AfterEach
  void close() {
    client.close();
    server.shutdownNow();
  }

  @Test
  @DisplayName("when the token is stored, the batch's read-model writes are already in the store")
  void tokenIsStoredAfterTheBatchWrites() {
    server.bind("127.0.0.1", 0);
    client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
    MongoDatabase db = client.getDatabase("t");
    StatementIndexProjector projector = new StatementIndexProjector(db, new IndexProgress());
    MongoTokenStore tokens =
        new MongoTokenStore(
            db,
            JacksonSerializer.defaultSerializer(),
            "me",
            Clock.systemUTC(),
            Duration.ofSeconds(10));
    tokens.initializeTokenSegments("p", 1, null);

    List<EventMessage<?>> batch = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String id = "00000000-0000-4000-8000-00000000000" + i;
      batch.add(
          GenericEventMessage.asEventMessage(
              new StatementRecordedEvent(
                  i,
                  id,
                  "{\"id\":\""
                      + id
                      + "\",\"actor\":{\"mbox\":\"mailto:a@example.org\"},"
                      + "\"verb\":{\"id\":\"http://example.org/v\"},\"object\":{\"id\":\"http://example.org/a\"}}",
                  "2.0.0",
                  Instant.EPOCH,
                  "k",
                  "0",
                  "0")));
    }
    AtomicLong seenAtTokenTime = new AtomicLong(-1);
    BatchingUnitOfWork<EventMessage<?>> uow = new BatchingUnitOfWork<>(batch);
    uow.executeWithResult(
        () -> {
          EventMessage<?> m = uow.getMessage();
          if (uow.isFirstMessage()) {
            // registered before any handler runs, as TrackingEventProcessor does
            uow.onPrepareCommit(
                u -> {
                  tokens.storeToken(new GapAwareTrackingToken(2, List.of()), "p", 0);
                  seenAtTokenTime.set(db.getCollection("statements").countDocuments());
                });
          }
          projector.on((StatementRecordedEvent) m.getPayload());
          return null;
        });
    assertThat(seenAtTokenTime.get()).isEqualTo(3);
  }
}
