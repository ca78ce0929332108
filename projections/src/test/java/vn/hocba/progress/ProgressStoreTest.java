package vn.hocba.progress;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.Document;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import vn.hocba.programme.PersonRecord;

class ProgressStoreTest {

  @Test
  @DisplayName(
      "every learner of a programme is read even when together they exceed the driver's 48 MB"
          + " reply limit (the demo's 14,700 learners did)")
  void learnersBeyondOneReply() {
    MongoServer server = new MongoServer(new MemoryBackend());
    var address = server.bind();
    try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort())) {
      var db = client.getDatabase("t");
      ProgressStore store = new ProgressStore(db);
      String name = "n".repeat(6_000);
      List<Document> batch = new ArrayList<>();
      for (int i = 0; i < 10_000; i++) {
        batch.add(
            ProgressStore.encode(
                new PersonRecord("p", "account:https://x.vn|" + i, name, List.of(), List.of())));
        if (batch.size() == 1_000) {
          db.getCollection(ProgressStore.PEOPLE).insertMany(batch);
          batch.clear();
        }
      }
      AtomicInteger n = new AtomicInteger();
      store.forEach("p", r -> n.incrementAndGet());
      assertThat(n.get()).isEqualTo(10_000);
    } finally {
      server.shutdown();
    }
  }
}
