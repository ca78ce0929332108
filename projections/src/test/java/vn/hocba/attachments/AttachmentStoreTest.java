package vn.hocba.attachments;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Attachment bytes in MongoDB: chunked under the 16 MB document limit, deduplicated by sha2. */
class AttachmentStoreTest {

  MongoServer server = new MongoServer(new MemoryBackend());
  MongoClient client;
  MongoDatabase db;

  @BeforeEach
  void open() {
    server.bind("127.0.0.1", 0);
    client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
    db = client.getDatabase("t");
  }

  @AfterEach
  void close() {
    client.close();
    server.shutdownNow();
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  @DisplayName("an attachment larger than one chunk comes back byte for byte")
  void multiChunkRoundTrip() throws Exception {
    byte[] bytes = new byte[AttachmentStore.CHUNK_BYTES * 2 + 12345];
    new Random(7).nextBytes(bytes);
    String sha2 = sha256(bytes);
    AttachmentStore store = new AttachmentStore(db);
    store.store(sha2, "application/octet-stream", bytes);
    assertThat(db.getCollection(AttachmentStore.CHUNKS).countDocuments()).isEqualTo(3);
    AttachmentStore.Stored back = store.load(sha2).orElseThrow();
    assertThat(back.bytes()).isEqualTo(bytes);
    assertThat(back.contentType()).isEqualTo("application/octet-stream");
  }

  @Test
  @DisplayName("the same bytes stored twice are kept once")
  void deduplicatedBySha2() throws Exception {
    byte[] bytes = "hello học bạ".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    String sha2 = sha256(bytes);
    AttachmentStore store = new AttachmentStore(db);
    store.store(sha2, "text/plain", bytes);
    store.store(sha2, "text/plain", bytes);
    assertThat(db.getCollection(AttachmentStore.HEADS).countDocuments()).isEqualTo(1);
    assertThat(db.getCollection(AttachmentStore.CHUNKS).countDocuments()).isEqualTo(1);
    assertThat(store.contains(sha2)).isTrue();
  }
}
