package vn.hocba.lrs.store;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.util.function.Function;

/** A backend served on loopback for one piece of work through the real driver, then shut. */
final class TestServers {

  private TestServers() {}

  /** Runs {@code work} on the collection {@code hocba.things}. */
  static <T> T withServer(H2Backend backend, Function<MongoCollection<org.bson.Document>, T> work) {
    return withDatabase(backend, db -> work.apply(db.getCollection("things")));
  }

  /** Runs {@code work} on the database {@code hocba}. */
  static <T> T withDatabase(H2Backend backend, Function<MongoDatabase, T> work) {
    MongoServer server = new MongoServer(backend);
    try {
      var address = server.bind();
      try (MongoClient client =
          MongoClients.create(
              new ConnectionString(
                  "mongodb://" + address.getHostString() + ":" + address.getPort()))) {
        return work.apply(client.getDatabase("hocba"));
      }
    } finally {
      server.shutdownNow();
    }
  }
}
