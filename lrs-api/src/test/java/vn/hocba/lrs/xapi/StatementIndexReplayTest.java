package vn.hocba.lrs.xapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.bson.Document;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import vn.hocba.eventlog.MongoEventLog;
import vn.hocba.statementindex.IndexProgress;
import vn.hocba.statementindex.StatementIndexProjector;

/** The statement index is a pure function of the log: reset, replay from zero, same documents. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class StatementIndexReplayTest {

  @LocalServerPort int port;
  @Autowired EventProcessingConfiguration processing;
  @Autowired MongoDatabase db;
  @Autowired IndexProgress progress;
  @Autowired MongoEventLog log;

  @Test
  @DisplayName(
      "resetting the statement index and replaying from event zero rebuilds it identically")
  void replayFromZeroRebuildsTheSameReadModel() throws Exception {
    XapiClient lrs = new XapiClient(port);
    String mbox = Statements.mbox();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String id = Statements.id();
      ids.add(id);
      assertThat(
              lrs.post(Statements.completed(id, mbox, "http://example.org/a/" + (i % 3)))
                  .statusCode())
          .isEqualTo(200);
    }
    // voiding, a voiding that arrives before its target, and a StatementRef chain
    assertThat(lrs.post(Statements.voiding(Statements.id(), mbox, ids.get(0))).statusCode())
        .isEqualTo(200);
    String late = Statements.id();
    lrs.post(Statements.voiding(Statements.id(), mbox, late));
    lrs.post(Statements.completed(late, mbox, "http://example.org/late"));
    String ref = Statements.id();
    lrs.post(Statements.referring(ref, Statements.mbox(), ids.get(1)));
    lrs.post(Statements.referring(Statements.id(), Statements.mbox(), ref));

    List<Document> before = snapshot();
    assertThat(before).hasSizeGreaterThanOrEqualTo(17);

    TrackingEventProcessor processor =
        processing
            .eventProcessor(StatementIndexProjector.GROUP, TrackingEventProcessor.class)
            .orElseThrow();
    processor.shutDown();
    processor.resetTokens();
    assertThat(db.getCollection("statements").countDocuments()).isZero();
    processor.start();
    // polled: during a replay, waits on the progress return at once (decision 12)
    long head = log.nextPosition() - 1;
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (progress.position() < head && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(progress.position()).isEqualTo(head);

    assertThat(snapshot()).isEqualTo(before);
    assertThat(lrs.get("?statementId=" + ids.get(0)).statusCode()).isEqualTo(404);
    assertThat(lrs.get("?voidedStatementId=" + late).statusCode()).isEqualTo(200);
  }

  private List<Document> snapshot() {
    return db.getCollection("statements")
        .find()
        .sort(Sorts.ascending("_id"))
        .into(new ArrayList<>());
  }
}
