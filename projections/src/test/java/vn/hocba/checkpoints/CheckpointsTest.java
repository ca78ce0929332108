package vn.hocba.checkpoints;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.Indexes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import vn.hocba.eventlog.MongoTestSupport;
import vn.hocba.projection.IndexCoverage;
import vn.hocba.statementindex.IndexProgress;
import vn.hocba.statements.ChainCheckpointedEvent;
import vn.hocba.statements.StatementVoidedEvent;

/** The checkpoint read model: which checkpoint covers a position, rebuilt by a replay. */
class CheckpointsTest {

  MongoTestSupport mongo;
  MongoDatabase db;
  CheckpointProjector projector;
  Checkpoints checkpoints;
  IndexProgress progress = new IndexProgress();

  @BeforeEach
  void open() {
    mongo = new MongoTestSupport();
    db = mongo.db;
    projector = new CheckpointProjector(db, progress);
    checkpoints = new Checkpoints(db);
  }

  @AfterEach
  void close() {
    mongo.close();
  }

  static ChainCheckpointedEvent checkpoint(long position) {
    String hash = String.format("%064x", position - 1);
    return new ChainCheckpointedEvent(
        position,
        position - 1,
        hash,
        "0123456789abcdef",
        "Ed25519",
        "c2lnbmF0dXJl",
        Instant.parse("2026-01-01T00:00:00Z").plusSeconds(position),
        hash,
        String.format("%064x", position));
  }

  @Test
  @DisplayName("covering(p) is the earliest checkpoint whose covered position is at or after p")
  void covering() {
    projector.on(checkpoint(10));
    projector.on(checkpoint(20));
    projector.on(checkpoint(30));
    assertThat(checkpoints.covering(0).orElseThrow().coveredPosition()).isEqualTo(9);
    assertThat(checkpoints.covering(9).orElseThrow().coveredPosition()).isEqualTo(9);
    assertThat(checkpoints.covering(10).orElseThrow().coveredPosition()).isEqualTo(19);
    assertThat(checkpoints.covering(29).orElseThrow().coveredPosition()).isEqualTo(29);
    assertThat(checkpoints.covering(30)).isEmpty();
    assertThat(checkpoints.latest().orElseThrow().position()).isEqualTo(30);
    assertThat(checkpoints.newest(2)).extracting(Checkpoint::position).containsExactly(30L, 20L);
  }

  @Test
  @DisplayName(
      "a checkpoint read back is the event's content; progress is the last checkpoint applied")
  void roundTrip() {
    ChainCheckpointedEvent e = checkpoint(7);
    projector.on(e);
    Checkpoint c = checkpoints.latest().orElseThrow();
    assertThat(c).isEqualTo(Checkpoint.of(e));
    assertThat(c.signed()).isEqualTo(e.signed());
    assertThat(progress.position()).isEqualTo(7);
  }

  @Test
  @DisplayName("only checkpoint events reach the projector: the processor skips every other event")
  void handlesOnlyCheckpoints() {
    AnnotationEventHandlerAdapter handlers = new AnnotationEventHandlerAdapter(projector);
    ChainCheckpointedEvent c = checkpoint(7);
    StatementVoidedEvent voided =
        new StatementVoidedEvent(8, "a", "b", c.stored(), c.hash(), "f".repeat(64));
    assertThat(handlers.canHandle(GenericEventMessage.asEventMessage(c))).isTrue();
    assertThat(handlers.canHandle(GenericEventMessage.asEventMessage(voided))).isFalse();
  }

  @Test
  @DisplayName(
      "a replay after a reset rebuilds the same documents; a replay without one is idempotent")
  void replay() {
    List<ChainCheckpointedEvent> log = List.of(checkpoint(5), checkpoint(9), checkpoint(14));
    log.forEach(projector::on);
    List<Checkpoint> before = checkpoints.newest(10);
    log.forEach(projector::on);
    assertThat(checkpoints.newest(10)).isEqualTo(before);
    projector.reset();
    assertThat(checkpoints.latest()).isEmpty();
    assertThat(progress.position()).isEqualTo(-1);
    log.forEach(projector::on);
    assertThat(checkpoints.newest(10)).isEqualTo(before);
  }

  @Test
  @DisplayName("every query is served by the _id index a real MongoDB always has")
  void indexCoverage() {
    List<IndexModel> withId = new ArrayList<>(Checkpoints.indexes());
    withId.add(new IndexModel(Indexes.ascending("_id")));
    assertThat(IndexCoverage.covered(Checkpoints.coveringFilter(3), List.of("_id"), withId))
        .isTrue();
    assertThat(IndexCoverage.covered(new org.bson.Document(), List.of("_id"), withId)).isTrue();
  }
}
