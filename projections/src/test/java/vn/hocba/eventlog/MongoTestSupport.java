package vn.hocba.eventlog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * An in-memory mongo-java-server reached through the real driver, as the app uses it. Public for
 * the read models' tests in other packages.
 */
public final class MongoTestSupport implements AutoCloseable {

  final MongoServer server = new MongoServer(new MemoryBackend());
  final MongoClient client;
  public final MongoDatabase db;

  public MongoTestSupport() {
    client = MongoClients.create("mongodb://" + hostPort(server));
    db = client.getDatabase("test");
  }

  private static String hostPort(MongoServer server) {
    server.bind("127.0.0.1", 0);
    return "127.0.0.1:" + server.getLocalAddress().getPort();
  }

  static Serializer serializer() {
    return JacksonSerializer.builder()
        .objectMapper(
            new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(
                    com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS))
        .build();
  }

  @Override
  public void close() {
    client.close();
    server.shutdownNow();
  }
}
