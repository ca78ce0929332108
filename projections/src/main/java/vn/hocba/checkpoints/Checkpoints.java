package vn.hocba.checkpoints;

import static com.mongodb.client.model.Filters.gte;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Which signed checkpoint covers a position of the log: {@code chain_checkpoints}, one document per
 * checkpoint keyed by the position it covers, kept by {@link CheckpointProjector} and rebuilt by a
 * replay. Every query is a range or sort on {@code _id}, which the {@code _id} index serves.
 */
public final class Checkpoints {

  public static final String COLLECTION = "chain_checkpoints";

  private final MongoCollection<Document> checkpoints;

  public Checkpoints(MongoDatabase db) {
    this.checkpoints = db.getCollection(COLLECTION);
  }

  /** Indexes beyond {@code _id}: none, every query is on {@code _id}. */
  public static List<IndexModel> indexes() {
    return List.of();
  }

  static Bson coveringFilter(long position) {
    return gte("_id", position);
  }

  /** The earliest checkpoint whose covered position is at or after {@code position}. */
  public Optional<Checkpoint> covering(long position) {
    return Optional.ofNullable(
            checkpoints
                .find(coveringFilter(position))
                .sort(Sorts.ascending("_id"))
                .limit(1)
                .first())
        .map(Checkpoint::fromDocument);
  }

  /** The checkpoint covering the most of the log. */
  public Optional<Checkpoint> latest() {
    return Optional.ofNullable(checkpoints.find().sort(Sorts.descending("_id")).limit(1).first())
        .map(Checkpoint::fromDocument);
  }

  /** The newest checkpoints first, at most {@code limit}. */
  public List<Checkpoint> newest(int limit) {
    List<Checkpoint> out = new ArrayList<>();
    for (Document d : checkpoints.find().sort(Sorts.descending("_id")).limit(limit)) {
      out.add(Checkpoint.fromDocument(d));
    }
    return out;
  }
}
