package vn.hocba.documents;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.result.UpdateResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Binary;
import vn.hocba.xapi.json.StrictJson;
import vn.hocba.xapi.json.StrictJson.InvalidJsonException;

/**
 * The documents of the State, Activity Profile and Agent Profile Resources (Communication 2.2): a
 * versioned read model, one MongoDB document per xAPI document under a deterministic {@code _id}
 * (SHA-256 of its identity), and an append-only {@code document_changes} history that records who
 * changed what, when, and the etags before and after.
 *
 * <p>Every write is a compare-and-set: it reads the current revision, checks the request's
 * preconditions against it, and writes with the current {@code rev} in the update's filter (or an
 * insert of the {@code _id} when there was none), so a write that lost a race changes nothing and
 * is retried against the new state. mongo-java-server does not serialize concurrent updates of one
 * document, so writes of one identity are also serialized in this process by a lock stripe; on a
 * real MongoDB the filter alone decides between instances.
 */
public final class DocumentStore {

  public static final String DOCUMENTS = "documents";
  public static final String CHANGES = "document_changes";
  private static final int ATTEMPTS = 8;
  private static final String JSON = "application/json";

  private final MongoCollection<Document> documents;
  private final MongoCollection<Document> changes;
  private final Clock clock;
  private final ReentrantLock[] stripes = new ReentrantLock[64];

  public DocumentStore(MongoDatabase db, Clock clock) {
    this.documents = db.getCollection(DOCUMENTS);
    this.changes = db.getCollection(CHANGES);
    this.clock = clock;
    for (int i = 0; i < stripes.length; i++) {
      stripes[i] = new ReentrantLock();
    }
  }

  /** Indexes a real MongoDB needs for the listing queries and the history. */
  public static List<IndexModel> indexes() {
    return List.of(
        new IndexModel(Indexes.ascending("kind", "activityId", "agentKey", "updated")),
        new IndexModel(Indexes.ascending("kind", "activityId", "updated")),
        new IndexModel(Indexes.ascending("kind", "agentKey", "updated")));
  }

  public static List<IndexModel> changeIndexes() {
    return List.of(new IndexModel(Indexes.ascending("doc", "at")));
  }

  /** Which resource a document belongs to. */
  public enum Kind {
    STATE("state"),
    ACTIVITY_PROFILE("activity-profile"),
    AGENT_PROFILE("agent-profile");

    final String code;

    Kind(String code) {
      this.code = code;
    }
  }

  /**
   * What names one document.
   *
   * @param activityId null for agent profiles
   * @param agentKey the agent's IFI key (AgentKeys), null for activity profiles
   * @param registration lowercase UUID or null (state only)
   * @param docId stateId or profileId
   */
  public record Identity(
      Kind kind, String activityId, String agentKey, String registration, String docId) {

    /** SHA-256 of the length-prefixed parts: equal identities, equal keys, and nothing else. */
    public String key() {
      StringBuilder b = new StringBuilder(kind.code);
      for (String part : new String[] {activityId, agentKey, registration, docId}) {
        b.append('|');
        if (part == null) {
          b.append('-');
        } else {
          b.append(part.length()).append(':').append(part);
        }
      }
      return HexFormat.of().formatHex(digest("SHA-256", b.toString().getBytes(UTF8)));
    }
  }

  /** One stored document. */
  public record Stored(String contentType, byte[] content, String etag, Instant updated) {}

  /**
   * The request's preconditions (Communication 3.1).
   *
   * @param ifMatch the If-Match header as sent, or null
   * @param ifNoneMatch the If-None-Match header as sent, or null
   * @param conditionRequiredToOverwrite a PUT on an existing document without either header is a
   *     conflict (409) rather than an overwrite
   */
  public record Conditions(
      String ifMatch, String ifNoneMatch, boolean conditionRequiredToOverwrite) {
    public static final Conditions NONE = new Conditions(null, null, false);

    boolean none() {
      return ifMatch == null && ifNoneMatch == null;
    }
  }

  /** A precondition did not hold (412). */
  public static final class PreconditionFailedException extends RuntimeException {
    PreconditionFailedException(String message) {
      super(message);
    }
  }

  /** The document exists and the PUT named no precondition, or writers kept racing (409). */
  public static final class ConflictException extends RuntimeException {
    ConflictException(String message) {
      super(message);
    }
  }

  /** A POST that cannot be merged (400). */
  public static final class NotMergeableException extends RuntimeException {
    NotMergeableException(String message) {
      super(message);
    }
  }

  public Optional<Stored> get(Identity id) {
    return Optional.ofNullable(documents.find(eq("_id", id.key())).first()).map(DocumentStore::of);
  }

  /**
   * Ids of the documents of one activity/agent, updated after {@code since} if given.
   *
   * @param registration null: any registration
   */
  public List<String> ids(
      Kind kind, String activityId, String agentKey, String registration, Instant since) {
    List<String> out = new ArrayList<>();
    for (Document d :
        documents
            .find(filter(kind, activityId, agentKey, registration, since))
            .projection(new Document("docId", 1))) {
      out.add(d.getString("docId"));
    }
    return out;
  }

  /** The latest update time among those documents, if any. */
  public Optional<Instant> lastUpdated(
      Kind kind, String activityId, String agentKey, String registration, Instant since) {
    Instant last = null;
    for (Document d :
        documents
            .find(filter(kind, activityId, agentKey, registration, since))
            .projection(new Document("updated", 1))) {
      Instant u = d.getDate("updated").toInstant();
      if (last == null || u.isAfter(last)) {
        last = u;
      }
    }
    return Optional.ofNullable(last);
  }

  /** The filter of a document list query; its shapes are checked against {@link #indexes()}. */
  static Bson filter(
      Kind kind, String activityId, String agentKey, String registration, Instant since) {
    List<Bson> f = new ArrayList<>();
    f.add(eq("kind", kind.code));
    if (activityId != null) {
      f.add(eq("activityId", activityId));
    }
    if (agentKey != null) {
      f.add(eq("agentKey", agentKey));
    }
    if (registration != null) {
      f.add(eq("registration", registration));
    }
    if (since != null) {
      f.add(gt("updated", Date.from(since)));
    }
    return and(f);
  }

  /** PUT (Communication 2.2.s6): stores the content as sent. */
  public Stored put(
      Identity id, String contentType, byte[] content, Conditions conditions, String who) {
    return write(id, contentType, content, conditions, who, false);
  }

  /**
   * POST (Communication 2.2.s7): a new document is stored as sent; onto an existing one, both JSON
   * objects, the posted top-level properties are merged.
   */
  public Stored post(
      Identity id, String contentType, byte[] content, Conditions conditions, String who) {
    return write(id, contentType, content, conditions, who, true);
  }

  private Stored write(
      Identity id,
      String contentType,
      byte[] content,
      Conditions conditions,
      String who,
      boolean merge) {
    String key = id.key();
    if (merge && isJson(contentType)) {
      jsonObject(content, "the posted document");
    }
    ReentrantLock lock = stripe(key);
    lock.lock();
    try {
      for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        Document current = documents.find(eq("_id", key)).first();
        check(current, conditions, !merge);
        byte[] bytes = content;
        if (merge && current != null) {
          bytes = merged(current, contentType, content);
        }
        String etag = etag(bytes);
        Instant now = now(current);
        String rev = UUID.randomUUID().toString();
        Document fields =
            new Document("kind", id.kind().code)
                .append("activityId", id.activityId())
                .append("agentKey", id.agentKey())
                .append("registration", id.registration())
                .append("docId", id.docId())
                .append("contentType", contentType)
                .append("content", new Binary(bytes))
                .append("etag", etag)
                .append("updated", Date.from(now))
                .append("rev", rev);
        if (current == null) {
          try {
            documents.insertOne(withId(key, fields));
          } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
              continue; // created meanwhile: check the preconditions against it
            }
            throw e;
          }
        } else {
          UpdateResult r =
              documents.replaceOne(
                  and(eq("_id", key), eq("rev", current.getString("rev"))), withId(key, fields));
          if (r.getMatchedCount() == 0) {
            continue; // changed meanwhile
          }
        }
        record(key, id, merge ? "post" : "put", current, etag, bytes.length, now, who);
        return new Stored(contentType, bytes, etag, now);
      }
      throw new ConflictException("the document kept changing; try again");
    } finally {
      lock.unlock();
    }
  }

  /**
   * DELETE of one document; false when there was none. An If-Match that names no current etag fails
   * (Communication 3.1).
   */
  public boolean delete(Identity id, Conditions conditions, String who) {
    String key = id.key();
    ReentrantLock lock = stripe(key);
    lock.lock();
    try {
      for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        Document current = documents.find(eq("_id", key)).first();
        check(current, conditions, false);
        if (current == null) {
          return false;
        }
        long n =
            documents
                .deleteOne(and(eq("_id", key), eq("rev", current.getString("rev"))))
                .getDeletedCount();
        if (n == 0) {
          continue;
        }
        record(key, id, "delete", current, null, 0, clock.instant(), who);
        return true;
      }
      throw new ConflictException("the document kept changing; try again");
    } finally {
      lock.unlock();
    }
  }

  /** DELETE of every state document of an activity and agent (and registration, if given). */
  public int deleteAll(
      Kind kind, String activityId, String agentKey, String registration, String who) {
    List<Identity> found = new ArrayList<>();
    for (Document d : documents.find(filter(kind, activityId, agentKey, registration, null))) {
      found.add(
          new Identity(
              kind,
              d.getString("activityId"),
              d.getString("agentKey"),
              d.getString("registration"),
              d.getString("docId")));
    }
    int n = 0;
    for (Identity id : found) {
      if (delete(id, Conditions.NONE, who)) {
        n++;
      }
    }
    return n;
  }

  private static void check(Document current, Conditions c, boolean put) {
    String currentEtag = current == null ? null : current.getString("etag");
    if (c.ifMatch() != null && (current == null || !matches(c.ifMatch(), currentEtag))) {
      throw new PreconditionFailedException(
          current == null
              ? "If-Match: there is no such document"
              : "If-Match: the document has changed (its ETag differs)");
    }
    if (c.ifNoneMatch() != null && current != null && matches(c.ifNoneMatch(), currentEtag)) {
      throw new PreconditionFailedException("If-None-Match: the document already exists");
    }
    if (put && c.none() && current != null && c.conditionRequiredToOverwrite()) {
      throw new ConflictException(
          "the document exists; send If-Match with its ETag to overwrite it, or If-None-Match: *"
              + " to create it only if absent (Communication 3.1)");
    }
  }

  /** Whether an If-Match/If-None-Match list names the etag ({@code *} names any). */
  static boolean matches(String header, String etag) {
    for (String part : header.split(",")) {
      String t = part.trim();
      if (t.equals("*")) {
        return true;
      }
      if (t.startsWith("W/")) {
        t = t.substring(2);
      }
      if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
        t = t.substring(1, t.length() - 1);
      }
      if (t.toLowerCase(Locale.ROOT).equals(etag)) {
        return true;
      }
    }
    return false;
  }

  private static byte[] merged(Document current, String contentType, byte[] posted) {
    if (!isJson(current.getString("contentType")) || !isJson(contentType)) {
      throw new NotMergeableException(
          "POST onto an existing document merges JSON objects only; both must be"
              + " application/json (Communication 2.2.s8.b1)");
    }
    ObjectNode base =
        jsonObject(current.get("content", Binary.class).getData(), "the stored document");
    ObjectNode add = jsonObject(posted, "the posted document");
    base.setAll(add); // one level deep: top-level properties of the posted document win
    return StrictJson.write(base).getBytes(UTF8);
  }

  private static ObjectNode jsonObject(byte[] bytes, String what) {
    JsonNode n;
    try {
      n = StrictJson.parse(bytes);
    } catch (InvalidJsonException e) {
      throw new NotMergeableException(what + " is not valid JSON");
    }
    if (!(n instanceof ObjectNode o)) {
      throw new NotMergeableException(what + " is not a JSON object (Communication 2.2.s8.b1)");
    }
    return o;
  }

  public static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semi = contentType.indexOf(';');
    String type = (semi < 0 ? contentType : contentType.substring(0, semi)).trim();
    return type.equalsIgnoreCase(JSON);
  }

  /** Quoted in headers; the lowercase SHA-1 hex of the stored bytes (Communication 3.1). */
  public static String etag(byte[] content) {
    return HexFormat.of().formatHex(digest("SHA-1", content));
  }

  /** Strictly after the previous update, so Last-Modified and {@code since} see every change. */
  private Instant now(Document current) {
    Instant now = clock.instant();
    if (current != null) {
      Instant before = current.getDate("updated").toInstant();
      if (!now.isAfter(before)) {
        now = before.plusMillis(1);
      }
    }
    return now;
  }

  private void record(
      String key,
      Identity id,
      String op,
      Document before,
      String etag,
      int bytes,
      Instant at,
      String who) {
    changes.insertOne(
        new Document("doc", key)
            .append("kind", id.kind().code)
            .append("activityId", id.activityId())
            .append("agentKey", id.agentKey())
            .append("registration", id.registration())
            .append("docId", id.docId())
            .append("op", op)
            .append("etagBefore", before == null ? null : before.getString("etag"))
            .append("etag", etag)
            .append("bytes", bytes)
            .append("at", Date.from(at))
            .append("by", who));
  }

  /** The history of one document, oldest first (for audits and tests). */
  public List<Document> history(Identity id) {
    List<Document> out = new ArrayList<>();
    changes.find(eq("doc", id.key())).into(out);
    out.sort((a, b) -> a.getObjectId("_id").compareTo(b.getObjectId("_id")));
    return out;
  }

  private static Document withId(String key, Document fields) {
    Document d = new Document("_id", key);
    d.putAll(fields);
    return d;
  }

  private static Stored of(Document d) {
    return new Stored(
        d.getString("contentType"),
        d.get("content", Binary.class).getData(),
        d.getString("etag"),
        d.getDate("updated").toInstant());
  }

  private ReentrantLock stripe(String key) {
    return stripes[Math.floorMod(key.hashCode(), stripes.length)];
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;

  private static byte[] digest(String algorithm, byte[] bytes) {
    try {
      return MessageDigest.getInstance(algorithm).digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
