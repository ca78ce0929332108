package vn.hocba.checkpoints;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.bson.Document;
import vn.hocba.statementindex.IndexProgress;
import vn.hocba.statements.ChainCheckpointedEvent;

/**
 * Keeps {@code chain_checkpoints} from the log: an upsert keyed by covered position per checkpoint
 * event, so a replay from position 0 rebuilds the same documents. Checkpoints are rare, so each is
 * written as it is handled, before the processor stores its token.
 *
 * <p>Its progress is the position of the last checkpoint applied: the {@link Checkpointer} waits
 * for the checkpoint it appended, and nothing waits for this read model at any other position. It
 * has no handler for other events, so its processor skips them without invoking anything: a handler
 * that only moved the progress cost about 3 % of the server's CPU under ingest, one invocation per
 * statement for a read model that changes every ten minutes.
 */
@ProcessingGroup(CheckpointProjector.GROUP)
public final class CheckpointProjector {

  public static final String GROUP = "checkpoints";

  private final MongoCollection<Document> checkpoints;
  private final IndexProgress progress;

  public CheckpointProjector(MongoDatabase db, IndexProgress progress) {
    this.checkpoints = db.getCollection(Checkpoints.COLLECTION);
    this.progress = progress;
  }

  @EventHandler
  void on(ChainCheckpointedEvent e) {
    Document d = Checkpoint.of(e).toDocument();
    checkpoints.replaceOne(new Document("_id", d.get("_id")), d, new ReplaceOptions().upsert(true));
    progress.advance(e.position(), e.stored());
  }

  @ResetHandler
  void reset() {
    checkpoints.drop();
    progress.reset();
  }
}
