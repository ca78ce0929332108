package vn.hocba.lrs.store;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Collections that do not measure every document they write (StoreCollection). */
class StoreCollectionTest {

  @TempDir Path dir;

  private static int bsonSize(Document d) {
    return new RawBsonDocument(d, new DocumentCodec()).getByteBuffer().remaining();
  }

  @Test
  @DisplayName("collStats still gives the exact size, and no running size is written per insert")
  void sizeWhenAsked() {
    Path file = dir.resolve("c.mv");
    MVStore mv = EmbeddedStore.open(file, 16);
    MongoServer server = new MongoServer(new StoreBackend(mv));
    var address = server.bind();
    List<Document> kept = new ArrayList<>();
    try (MongoClient client =
        MongoClients.create(
            new ConnectionString(
                "mongodb://" + address.getHostString() + ":" + address.getPort()))) {
      MongoDatabase db = client.getDatabase("hocba");
      var things = db.getCollection("things");
      for (int i = 0; i < 50; i++) {
        things.insertOne(new Document("_id", "id-" + i).append("text", "x".repeat(i * 10)));
      }
      things.updateOne(eq("_id", "id-3"), Updates.set("text", "longer ".repeat(40)));
      things.deleteOne(eq("_id", "id-4"));
      things.find().into(kept);
      long expected = kept.stream().mapToLong(StoreCollectionTest::bsonSize).sum();

      BsonDocument stats = db.runCommand(new Document("collStats", "things"), BsonDocument.class);
      assertThat(stats.getNumber("count").longValue()).isEqualTo(49);
      assertThat(stats.getNumber("size").longValue()).isEqualTo(expected);
      assertThat(stats.getNumber("avgObjSize").longValue()).isEqualTo(expected / 49);
      // the meta map's running size, which the stock collection rewrites at every insert
      assertThat(mv.<String, Object>openMap("meta.hocba.things").get("dataSize")).isEqualTo(0L);
    } finally {
      server.shutdownNow();
    }
  }
}
