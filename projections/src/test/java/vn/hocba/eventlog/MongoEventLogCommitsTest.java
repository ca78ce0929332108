package vn.hocba.eventlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Looking commits up by position, as the ledger does for the targets of voiding statements. */
class MongoEventLogCommitsTest {

  final MongoTestSupport mongo = new MongoTestSupport();

  @AfterEach
  void close() {
    mongo.close();
  }

  @Test
  @DisplayName("commits whose total exceeds the driver's 48 MB reply limit are all found")
  void commitsBeyondOneReply() {
    MongoEventLog log = new MongoEventLog(mongo.db, MongoTestSupport.serializer());
    String padding = "x".repeat(13_000_000);
    List<Long> positions = new ArrayList<>();
    for (long p = 0; p < 4 * 1000; p += 1000) {
      mongo
          .db
          .getCollection(MongoEventLog.COLLECTION)
          .insertOne(new Document("_id", p).append("n", 1000).append("events", padding));
      positions.add(p);
    }
    assertThat(log.commits(positions)).containsOnlyKeys(positions);
  }
}
