package vn.hocba.attachments;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Date;
import java.util.Locale;
import java.util.Optional;
import org.bson.Document;
import org.bson.types.Binary;

/**
 * Attachment bytes, content-addressed and deduplicated by sha2 (Data 2.4.11): {@code attachments}
 * holds one head per sha2 ({@code _id} = lower-case sha2 hex, contentType, length, chunk count),
 * {@code attachment_chunks} the bytes in chunks of at most {@value #CHUNK_BYTES} bytes keyed {@code
 * <sha2>/<n>}, so that no document nears MongoDB's 16 MB limit. Chunks are written before their
 * head, and a head is only written when absent: a head therefore always has all its chunks, and an
 * interrupted write leaves only chunks no head points to, which the next write of the same sha2
 * overwrites with the same bytes. Every read is a keyed look-up.
 *
 * <p>Callers store the bytes before the statements that reference them are committed, so an
 * acknowledged statement never lacks its bytes; bytes of a request that failed later (409, a crash)
 * stay as harmless orphans.
 */
public final class AttachmentStore {

  public static final String HEADS = "attachments";
  public static final String CHUNKS = "attachment_chunks";
  public static final int CHUNK_BYTES = 4 * 1024 * 1024;
  private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);

  private final MongoCollection<Document> heads;
  private final MongoCollection<Document> chunks;

  public AttachmentStore(MongoDatabase db) {
    this.heads = db.getCollection(HEADS);
    this.chunks = db.getCollection(CHUNKS);
  }

  /** The bytes of one sha2 with the content type they were first stored with. */
  public record Stored(String sha2, String contentType, byte[] bytes) {}

  /** Stores the bytes under their sha2 unless they are already there (insert-if-absent). */
  public void store(String sha2, String contentType, byte[] bytes) {
    String key = sha2.toLowerCase(Locale.ROOT);
    if (heads.find(new Document("_id", key)).projection(new Document("_id", 1)).first() != null) {
      return;
    }
    int n = Math.max(1, (bytes.length + CHUNK_BYTES - 1) / CHUNK_BYTES);
    for (int i = 0; i < n; i++) {
      byte[] chunk =
          Arrays.copyOfRange(bytes, i * CHUNK_BYTES, Math.min(bytes.length, (i + 1) * CHUNK_BYTES));
      chunks.replaceOne(
          new Document("_id", key + "/" + i),
          new Document("_id", key + "/" + i).append("data", new Binary(chunk)),
          UPSERT);
    }
    try {
      heads.insertOne(
          new Document("_id", key)
              .append("contentType", contentType)
              .append("length", (long) bytes.length)
              .append("chunks", n)
              .append("created", new Date()));
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
        throw e; // a concurrent request stored the same bytes first: fine
      }
    }
  }

  /** Whether bytes for this sha2 are stored. */
  public boolean contains(String sha2) {
    return heads.find(new Document("_id", sha2.toLowerCase(Locale.ROOT))).first() != null;
  }

  /** The stored bytes of a sha2, if any. */
  public Optional<Stored> load(String sha2) {
    String key = sha2.toLowerCase(Locale.ROOT);
    Document head = heads.find(new Document("_id", key)).first();
    if (head == null) {
      return Optional.empty();
    }
    int n = head.getInteger("chunks");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < n; i++) {
      Document chunk = chunks.find(new Document("_id", key + "/" + i)).first();
      if (chunk == null) {
        throw new IllegalStateException("attachment " + key + " lacks chunk " + i);
      }
      out.writeBytes(chunk.get("data", Binary.class).getData());
    }
    return Optional.of(new Stored(key, head.getString("contentType"), out.toByteArray()));
  }
}
