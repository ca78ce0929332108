package vn.hocba.eventlog;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.eventhandling.tokenstore.UnableToInitializeTokenException;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.bson.Document;
import org.bson.conversions.Bson;
import vn.hocba.projection.PendingWrites;

/**
 * Axon tokens in MongoDB, one document per processor segment keyed {@code processor/segment}, so
 * every read and claim is a keyed look-up. Tokens are serialized with the Jackson serializer; the
 * log's gap-aware tokens never carry gaps, so a token stays a few dozen bytes.
 */
public final class MongoTokenStore implements TokenStore {

  static final String COLLECTION = "tracking_tokens";
  private static final int MAX_SEGMENTS = 64;

  private final MongoCollection<Document> tokens;
  private final Serializer serializer;
  private final String owner;
  private final Clock clock;
  private final Duration claimTimeout;

  /**
   * When this node last wrote its claim of a segment (stored its token, claimed or extended it), by
   * key. A tracking processor extends its claim whenever a poll finds no event, which under load is
   * about as often as it stores a token; a claim written less than a fifth of the timeout ago
   * cannot have been taken (another node may take it only once it expired), so extending it again
   * writes nothing.
   */
  private final Map<String, Long> claimWritten = new ConcurrentHashMap<>();

  public MongoTokenStore(
      MongoDatabase db, Serializer serializer, String owner, Clock clock, Duration claimTimeout) {
    this.tokens = db.getCollection(COLLECTION);
    this.serializer = serializer;
    this.owner = owner;
    this.clock = clock;
    this.claimTimeout = claimTimeout;
  }

  /**
   * Forgets every token of a processor, so that it starts again from the tail of the log: for a
   * read model that must be rebuilt before the processors start.
   */
  public void deleteTokens(String processor) {
    List<String> keys = new ArrayList<>();
    for (int s = 0; s < MAX_SEGMENTS; s++) {
      keys.add(key(processor, s));
    }
    tokens.deleteMany(com.mongodb.client.model.Filters.in("_id", keys));
  }

  private static String key(String processor, int segment) {
    return processor + "/" + segment;
  }

  /** The keys every segment a processor may have would take. */
  private static List<String> segmentKeys(String processor) {
    return IntStream.range(0, MAX_SEGMENTS).mapToObj(s -> key(processor, s)).toList();
  }

  private Bson claimable(String processor, int segment) {
    long expired = clock.millis() - claimTimeout.toMillis();
    return and(
        eq("_id", key(processor, segment)),
        or(eq("owner", null), eq("owner", owner), lt("claimed", expired)));
  }

  @Override
  public void initializeTokenSegments(
      String processorName, int segmentCount, TrackingToken initialToken) {
    if (fetchSegments(processorName).length > 0) {
      throw new UnableToClaimTokenException("tokens of " + processorName + " already exist");
    }
    for (int s = 0; s < segmentCount; s++) {
      initializeSegment(initialToken, processorName, s);
    }
  }

  @Override
  public void initializeSegment(TrackingToken token, String processorName, int segment) {
    try {
      tokens.insertOne(document(token, processorName, segment).append("owner", null));
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
        throw new UnableToInitializeTokenException(
            "segment exists: " + key(processorName, segment));
      }
      throw e;
    }
  }

  private Document document(TrackingToken token, String processor, int segment) {
    Document d =
        new Document("_id", key(processor, segment))
            .append("processor", processor)
            .append("segment", segment);
    if (token != null) {
      SerializedObject<String> s = serializer.serialize(token, String.class);
      d.append("token", s.getData()).append("tokenType", s.getType().getName());
    } else {
      d.append("token", null).append("tokenType", null);
    }
    return d;
  }

  @Override
  public void storeToken(TrackingToken token, String processorName, int segment) {
    PendingWrites.flushAll(); // a token never gets ahead of the read model it stands for
    Document d = document(token, processorName, segment);
    // an update, not a find-and-modify: every processor batch stores its token, and nothing of
    // the document is needed back
    long matched =
        tokens
            .updateOne(
                claimable(processorName, segment),
                Updates.combine(
                    Updates.set("token", d.get("token")),
                    Updates.set("tokenType", d.get("tokenType")),
                    Updates.set("owner", owner),
                    Updates.set("claimed", clock.millis())))
            .getMatchedCount();
    if (matched == 0) {
      if (tokens.find(eq("_id", key(processorName, segment))).first() == null) {
        initializeSegment(token, processorName, segment);
        storeToken(token, processorName, segment);
        return;
      }
      claimWritten.remove(key(processorName, segment));
      throw new UnableToClaimTokenException(
          "segment claimed by another node: " + key(processorName, segment));
    }
    claimWritten.put(key(processorName, segment), clock.millis());
  }

  @Override
  public TrackingToken fetchToken(String processorName, int segment) {
    Document d =
        tokens.findOneAndUpdate(
            claimable(processorName, segment),
            Updates.combine(Updates.set("owner", owner), Updates.set("claimed", clock.millis())),
            new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
    if (d == null) {
      claimWritten.remove(key(processorName, segment));
      throw new UnableToClaimTokenException(
          "no claimable token for " + key(processorName, segment));
    }
    claimWritten.put(key(processorName, segment), d.getLong("claimed"));
    return token(d);
  }

  /** The token a segment's document holds, or null for one that starts from the tail. */
  private TrackingToken token(Document d) {
    String data = d.getString("token");
    if (data == null) {
      return null;
    }
    return serializer.deserialize(
        new SimpleSerializedObject<>(data, String.class, d.getString("tokenType"), null));
  }

  @Override
  public void extendClaim(String processorName, int segment) {
    String key = key(processorName, segment);
    long now = clock.millis();
    Long written = claimWritten.get(key);
    if (written != null && now - written < claimTimeout.toMillis() / 5) {
      return; // written moments ago: still this node's, for most of the timeout
    }
    long matched =
        tokens
            .updateOne(claimable(processorName, segment), Updates.set("claimed", now))
            .getMatchedCount();
    if (matched == 0) {
      claimWritten.remove(key);
      throw new UnableToClaimTokenException("claim lost: " + key);
    }
    claimWritten.put(key, now);
  }

  @Override
  public void releaseClaim(String processorName, int segment) {
    claimWritten.remove(key(processorName, segment));
    tokens.updateOne(
        and(eq("_id", key(processorName, segment)), eq("owner", owner)),
        Updates.set("owner", null));
  }

  @Override
  public void deleteToken(String processorName, int segment) {
    claimWritten.remove(key(processorName, segment));
    tokens.deleteOne(and(eq("_id", key(processorName, segment)), eq("owner", owner)));
  }

  @Override
  public boolean requiresExplicitSegmentInitialization() {
    return true;
  }

  @Override
  public int[] fetchSegments(String processorName) {
    List<Integer> found = new ArrayList<>();
    for (Document d : tokens.find(in("_id", segmentKeys(processorName)))) {
      found.add(d.getInteger("segment"));
    }
    return found.stream().sorted().mapToInt(Integer::intValue).toArray();
  }

  /**
   * The position through which a processor has applied the log in all its segments, read without
   * claiming anything: the smallest position of its segments' tokens. Empty when the processor has
   * no token yet, or a segment has none (it starts from the tail).
   */
  public OptionalLong appliedThrough(String processorName) {
    long through = Long.MAX_VALUE;
    for (Document d : tokens.find(in("_id", segmentKeys(processorName)))) {
      TrackingToken token = token(d);
      OptionalLong position = token == null ? OptionalLong.empty() : token.position();
      if (position.isEmpty()) {
        return OptionalLong.empty();
      }
      through = Math.min(through, position.getAsLong());
    }
    return through == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(through);
  }

  @Override
  public Optional<String> retrieveStorageIdentifier() {
    return Optional.of("hocba-mongo-tokens");
  }
}
