package vn.hocba.eventlog;

import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.in;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.bson.Document;
import org.bson.conversions.Bson;
import vn.hocba.projection.StoredText;
import vn.hocba.statements.ChainedEvent;
import vn.hocba.xapi.json.StrictJson;

/**
 * Axon storage engine over one MongoDB collection of commits. A commit document holds every event
 * of one request, so a request is stored whole or not at all without transactions; its {@code _id}
 * is the global position of its first event. Positions are dense (a writer claims the next position
 * by inserting that {@code _id}), so tokens are {@link GapAwareTrackingToken}s whose gap set stays
 * empty and whose size never grows.
 *
 * <p>Readers fetch the commit at the next position by {@code _id}, then the commits after it with
 * one {@code $in} on {@code _id} (see {@link #window}): keyed look-ups whose cost does not depend
 * on the size of the log.
 */
public final class MongoEventLog implements EventStorageEngine {

  /** Metadata key carrying the global position the writer assigned to an event. */
  public static final String POSITION = "position";

  static final String COLLECTION = "event_log";
  static final int WINDOW = 128;

  /** Upper bound of events in one commit, so that resuming mid-commit stays a keyed look-up. */
  public static final int MAX_EVENTS_PER_COMMIT = 2048;

  private final MongoCollection<Document> commits;
  private final Serializer serializer;

  /**
   * Writes payloads as the serializer would, into a commit's ASCII text; {@code null} when the
   * serializer is not Jackson's, for a log that is only read.
   */
  private final ObjectWriter payloadWriter;

  private volatile long next;

  /** First position and size of recently written or read commits. */
  private final java.util.concurrent.ConcurrentSkipListMap<Long, Integer> knownCommits =
      new java.util.concurrent.ConcurrentSkipListMap<>();

  private static final int KNOWN_COMMITS = 100_000;

  /** Events of recent commits kept decoded for tailing readers: a few batches of 100 and more. */
  static final int RECENT_EVENTS = 4096;

  private final RecentCommits recent = new RecentCommits(RECENT_EVENTS);

  /**
   * How long after its last append this process trusts that the head it wrote is the log's head. A
   * log has one writer (decision 2), so a reader that has everything this process wrote finds
   * nothing newer in the store; while this process is appending it does not ask. A process that
   * does not write (a reading instance), or stopped writing a while ago, asks at every poll, so a
   * second writer run against decision 2 is still seen.
   */
  static final long OWN_HEAD_TRUST_NANOS = 1_000_000_000L;

  /** The clock of {@link #OWN_HEAD_TRUST_NANOS}; tests set their own. */
  java.util.function.LongSupplier nanoTime = System::nanoTime;

  /** {@link #nanoTime} of this process's last append; only meaningful once it appended. */
  private volatile long lastAppendNanos;

  private volatile boolean appended;

  public MongoEventLog(MongoDatabase db, Serializer serializer) {
    this.commits = db.getCollection(COLLECTION);
    this.serializer = serializer;
    this.payloadWriter =
        serializer instanceof JacksonSerializer js
            ? js.getObjectMapper()
                .writer()
                .with(JsonWriteFeature.ESCAPE_NON_ASCII)
                .without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE)
            : null;
    this.next = findNext();
  }

  /** Indexes a real MongoDB needs beside {@code _id}: token-at-time look-ups. */
  public static List<IndexModel> indexes() {
    return List.of(new IndexModel(Indexes.ascending("ts", "_id")));
  }

  /** The position the next appended event will get. */
  public long nextPosition() {
    return next;
  }

  /**
   * The position after the last stored event. Positions are dense, so the last one is found by
   * doubling, then bisecting, with keyed look-ups ({@link #commitContaining}); sorting the log by
   * {@code _id} instead makes the embedded store load and sort every commit at start, holding the
   * whole log in memory.
   */
  private long findNext() {
    if (commitContaining(0).isEmpty()) {
      return 0;
    }
    long present = 0;
    long absent = 1;
    while (commitContaining(absent).isPresent()) {
      present = absent;
      absent *= 2;
    }
    while (absent - present > 1) {
      long mid = present + (absent - present) / 2;
      if (commitContaining(mid).isPresent()) {
        present = mid;
      } else {
        absent = mid;
      }
    }
    Document last = commitContaining(present).orElseThrow();
    return last.getLong("_id") + last.getInteger("n");
  }

  /** Re-reads the head from the database, after another writer won a position. */
  public void refreshHead() {
    long pos = next;
    Document d;
    while ((d = commits.find(new Document("_id", pos)).first()) != null) {
      pos += d.getInteger("n");
    }
    next = pos;
  }

  @Override
  public void appendEvents(List<? extends EventMessage<?>> events) {
    if (events.isEmpty()) {
      return;
    }
    if (events.size() > MAX_EVENTS_PER_COMMIT) {
      throw new IllegalArgumentException("a commit holds at most " + MAX_EVENTS_PER_COMMIT);
    }
    long first = next;
    // the messages readers will get, held for them once the commit is stored
    List<TrackedEventMessage<?>> tracked = new ArrayList<>(events.size());
    List<Map<String, Object>> metas = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      EventMessage<?> e = events.get(i);
      Object assigned = e.getMetaData().get(POSITION);
      if (!(assigned instanceof Number n) || n.longValue() != first + i) {
        throw new LogPositionTakenException(first + i);
      }
      Map<String, Object> storedMeta = storedMetaData(e);
      metas.add(storedMeta);
      tracked.add(
          new GenericTrackedEventMessage<>(
              new GapAwareTrackingToken(first + i, List.of()),
              new GenericEventMessage<>(
                  e.getIdentifier(), e.getPayload(), MetaData.from(storedMeta), e.getTimestamp())));
    }
    // the events as one JSON text: compact to store, and read back with one parse; its ASCII bytes
    // as binary, which the driver copies in bulk (decision 20)
    Document commit =
        new Document("_id", first)
            .append("n", events.size())
            .append("ts", Date.from(events.get(0).getTimestamp()))
            .append("events", StoredText.bytes(eventsJson(events, metas)));
    try {
      commits.insertOne(commit);
    } catch (MongoWriteException ex) {
      if (ex.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
        refreshHead();
        throw new LogPositionTakenException(first);
      }
      throw ex;
    }
    recent.add(first, tracked);
    lastAppendNanos = nanoTime.getAsLong();
    appended = true;
    next = first + events.size();
    knownCommits.put(first, events.size());
  }

  /**
   * The JSON text of a commit's events, written in one pass: each payload goes straight from the
   * event object into the commit's text, every character beyond ASCII as a {@code \\u} escape
   * (decision 20). Serializing each payload to bytes, parsing those into a tree and writing the
   * tree again cost three times the work (decision 22).
   */
  private byte[] eventsJson(
      List<? extends EventMessage<?>> events, List<Map<String, Object>> metas) {
    if (payloadWriter == null) {
      throw new IllegalStateException(
          "commits hold their events as JSON: appending needs Axon's JacksonSerializer");
    }
    ByteArrayBuilder out = new ByteArrayBuilder(events.size() * 1024);
    try (JsonGenerator g = payloadWriter.createGenerator(out)) {
      g.writeStartArray();
      for (int i = 0; i < events.size(); i++) {
        EventMessage<?> e = events.get(i);
        SerializedType type = serializer.typeForClass(e.getPayloadType());
        g.writeStartObject();
        g.writeStringField("id", e.getIdentifier());
        g.writeStringField("type", type.getName());
        g.writeStringField("rev", type.getRevision());
        g.writeStringField("ts", e.getTimestamp().toString());
        g.writeObjectFieldStart("meta");
        for (Map.Entry<String, Object> m : metas.get(i).entrySet()) {
          if (m.getValue() instanceof Long num) {
            g.writeNumberField(m.getKey(), num);
          } else {
            g.writeStringField(m.getKey(), (String) m.getValue());
          }
        }
        g.writeEndObject();
        g.writeFieldName("payload");
        payloadWriter.writeValue(g, e.getPayload());
        g.writeEndObject();
      }
      g.writeEndArray();
    } catch (java.io.IOException ex) {
      throw new IllegalStateException("events could not be written as JSON", ex);
    }
    return out.toByteArray();
  }

  /**
   * Whether a reader at {@code position} has everything: it is at the head this process wrote, and
   * this process appended recently ({@link #OWN_HEAD_TRUST_NANOS}).
   */
  boolean atOwnHead(long position) {
    return appended
        && position >= next
        && nanoTime.getAsLong() - lastAppendNanos < OWN_HEAD_TRUST_NANOS;
  }

  /**
   * Metadata as a commit stores it and {@link #events} reads it back: numbers as longs, anything
   * else as its string form. Appended events are held in {@link #recent} in this form, so that a
   * reader gets the same message whether it came from memory or from the store.
   */
  private static Map<String, Object> storedMetaData(EventMessage<?> e) {
    Map<String, Object> out = new HashMap<>();
    e.getMetaData()
        .forEach(
            (k, v) ->
                out.put(k, v instanceof Number n ? (Object) n.longValue() : String.valueOf(v)));
    return out;
  }

  @Override
  public void storeSnapshot(DomainEventMessage<?> snapshot) {
    throw new UnsupportedOperationException(
        "the statement log keeps no event-sourced aggregates, so no snapshots");
  }

  @Override
  public Stream<? extends TrackedEventMessage<?>> readEvents(
      TrackingToken trackingToken, boolean mayBlock) {
    long from = trackingToken == null ? 0 : trackingToken.position().orElse(-1) + 1;
    return StreamSupport.stream(new Reader(from), false);
  }

  /** Reads raw commits (for verification and replay tools) from a position on. */
  public Stream<Document> readCommits(long fromCommitPosition) {
    return StreamSupport.stream(
        new Spliterators.AbstractSpliterator<Document>(Long.MAX_VALUE, Spliterator.ORDERED) {
          long pos = fromCommitPosition;
          final java.util.ArrayDeque<Document> buffer = new java.util.ArrayDeque<>();

          @Override
          public boolean tryAdvance(Consumer<? super Document> action) {
            if (buffer.isEmpty()) {
              buffer.addAll(window(pos));
              if (buffer.isEmpty()) {
                return false;
              }
            }
            Document d = buffer.poll();
            pos = d.getLong("_id") + d.getInteger("n");
            action.accept(d);
            return true;
          }
        },
        false);
  }

  /**
   * The dense run of commits starting exactly at {@code from}. The first probe is the one key
   * {@code from}, so a caught-up reader costs one look-up; then keys spaced both one apart and one
   * commit-size apart find the following commits, whatever the batch sizes.
   */
  private List<Document> window(long from) {
    List<Document> run = new ArrayList<>();
    Document first = commits.find(new Document("_id", from)).first();
    if (first == null) {
      return run;
    }
    run.add(first);
    remember(first);
    long pos = from + first.getInteger("n");
    int n = first.getInteger("n");
    java.util.Set<Long> keys = new java.util.TreeSet<>();
    for (int k = 0; k < WINDOW / 8; k++) {
      keys.add(pos + k);
      keys.add(pos + (long) k * n);
    }
    Map<Long, Document> byId = new HashMap<>();
    for (Document d : commits.find(in("_id", keys))) {
      byId.put(d.getLong("_id"), d);
    }
    Document d;
    while ((d = byId.get(pos)) != null) {
      run.add(d);
      remember(d);
      pos += d.getInteger("n");
    }
    return run;
  }

  /**
   * The commit that contains the event at {@code position}, if any. Commits seen by this process
   * are remembered (first position and size), so this is usually one keyed look-up; otherwise
   * windows of growing size below the position are probed, still by {@code _id}.
   */
  Optional<Document> commitContaining(long position) {
    Map.Entry<Long, Integer> seen = knownCommits.floorEntry(position);
    if (seen != null && position < seen.getKey() + seen.getValue()) {
      return Optional.ofNullable(commits.find(new Document("_id", seen.getKey())).first());
    }
    long probedDownTo = position + 1;
    for (int size : new int[] {16, 256, MAX_EVENTS_PER_COMMIT}) {
      long low = Math.max(0, position - size + 1);
      if (low >= probedDownTo) {
        continue;
      }
      List<Long> keys = LongStream.range(low, probedDownTo).boxed().toList();
      probedDownTo = low;
      for (Document d : commits.find(in("_id", keys))) {
        remember(d);
        long start = d.getLong("_id");
        if (start <= position && position < start + d.getInteger("n")) {
          return Optional.of(d);
        }
      }
      if (low == 0) {
        break;
      }
    }
    return Optional.empty();
  }

  private void remember(Document commit) {
    knownCommits.put(commit.getLong("_id"), commit.getInteger("n"));
    if (knownCommits.size() > KNOWN_COMMITS) {
      knownCommits.pollFirstEntry();
    }
  }

  /**
   * Commits by their first positions. One commit per reply: the embedded mongo-java-server does not
   * cap a reply at 16 MB as MongoDB does, and the driver refuses a reply above 48 MB, which a
   * request voiding statements of a hundred large commits reached.
   */
  Map<Long, Document> commits(List<Long> firstPositions) {
    Map<Long, Document> out = new HashMap<>();
    if (!firstPositions.isEmpty()) {
      for (Document d : commits.find(in("_id", firstPositions)).batchSize(1)) {
        out.put(d.getLong("_id"), d);
      }
    }
    return out;
  }

  /** One event as a commit document stores it. */
  public record StoredEvent(
      String id,
      String type,
      String revision,
      Instant timestamp,
      JsonNode payload,
      Map<String, Object> meta) {}

  /**
   * The JSON text of a commit's events: ASCII bytes as binary, or, in commits written before
   * decision 20, a string.
   */
  public static String eventsText(Document commit) {
    return StoredText.read(commit.get("events"), "commit " + commit.get("_id"));
  }

  /** The events of a commit document, in order. */
  public static List<StoredEvent> events(Document commit) {
    JsonNode array;
    try {
      byte[] data = StoredText.data(commit.get("events"));
      array =
          data != null
              ? StrictJson.mapper().readTree(data)
              : StrictJson.mapper().readTree(eventsText(commit));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(
          "commit " + commit.get("_id") + " holds unreadable events", e);
    }
    List<StoredEvent> out = new ArrayList<>(array.size());
    for (JsonNode e : array) {
      Map<String, Object> meta = new HashMap<>();
      e.path("meta")
          .fields()
          .forEachRemaining(
              f ->
                  meta.put(
                      f.getKey(),
                      f.getValue().isNumber()
                          ? (Object) f.getValue().longValue()
                          : f.getValue().asText()));
      out.add(
          new StoredEvent(
              e.path("id").asText(),
              e.path("type").asText(),
              e.path("rev").isNull() ? null : e.path("rev").asText(null),
              Instant.parse(e.path("ts").asText()),
              e.get("payload"),
              meta));
    }
    return out;
  }

  /** The event stored at a position of the log, if there is one (every event is chained). */
  public Optional<ChainedEvent> eventAt(long position) {
    if (position < 0) {
      return Optional.empty();
    }
    return commitContaining(position)
        .map(
            c -> {
              List<StoredEvent> events = events(c);
              int i = (int) (position - c.getLong("_id"));
              return i < events.size() ? (ChainedEvent) payload(events.get(i)) : null;
            });
  }

  /** Deserializes one stored event's payload. */
  public Object payload(StoredEvent event) {
    return serializer.deserialize(
        new SimpleSerializedObject<>(
            event.payload(), JsonNode.class, event.type(), event.revision()));
  }

  private TrackedEventMessage<?> toMessage(StoredEvent event, long position) {
    return new GenericTrackedEventMessage<>(
        new GapAwareTrackingToken(position, List.of()),
        new GenericEventMessage<>(
            event.id(), payload(event), MetaData.from(event.meta()), event.timestamp()));
  }

  private final class Reader extends Spliterators.AbstractSpliterator<TrackedEventMessage<?>> {
    private long pos;

    /** A queue: a window can hold thousands of events, taken one at a time. */
    private final java.util.ArrayDeque<TrackedEventMessage<?>> buffer =
        new java.util.ArrayDeque<>();

    Reader(long from) {
      super(Long.MAX_VALUE, Spliterator.ORDERED);
      this.pos = from;
    }

    @Override
    public boolean tryAdvance(Consumer<? super TrackedEventMessage<?>> action) {
      if (buffer.isEmpty() && !fill()) {
        return false;
      }
      action.accept(buffer.poll());
      return true;
    }

    private boolean fill() {
      List<TrackedEventMessage<?>> held = recent.from(pos);
      if (!held.isEmpty()) { // just appended by this process: already decoded
        buffer.addAll(held);
        pos += held.size();
        return true;
      }
      if (atOwnHead(pos)) {
        return false; // nothing newer than what this process just wrote: no store round trip
      }
      List<Document> run;
      Optional<Document> partial = Optional.empty();
      run = window(pos);
      if (run.isEmpty() && pos < next) {
        partial = commitContaining(pos); // resuming from a token inside a commit
        run = partial.map(List::of).orElse(List.of());
      }
      for (Document c : run) {
        long start = c.getLong("_id");
        List<StoredEvent> events = events(c);
        for (int i = 0; i < events.size(); i++) {
          long p = start + i;
          if (p >= pos) {
            buffer.add(toMessage(events.get(i), p));
          }
        }
        pos = start + events.size();
      }
      return !buffer.isEmpty();
    }
  }

  @Override
  public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
    throw new UnsupportedOperationException("the statement log keeps no event-sourced aggregates");
  }

  @Override
  public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
    return Optional.empty();
  }

  @Override
  public TrackingToken createTailToken() {
    return null;
  }

  @Override
  public TrackingToken createHeadToken() {
    long head = next - 1;
    return head < 0 ? null : new GapAwareTrackingToken(head, List.of());
  }

  /** Commits at or after an instant; commit times only grow, so ts order is log order. */
  static Bson tokenAtFilter(Instant dateTime) {
    return gte("ts", Date.from(dateTime));
  }

  @Override
  public TrackingToken createTokenAt(Instant dateTime) {
    Document first =
        commits.find(tokenAtFilter(dateTime)).sort(Sorts.ascending("ts", "_id")).first();
    if (first == null) {
      return createHeadToken();
    }
    long before = first.getLong("_id") - 1;
    return before < 0 ? null : new GapAwareTrackingToken(before, List.of());
  }

  /** Another writer took the position this writer wanted; retry after refreshing the head. */
  public static final class LogPositionTakenException extends RuntimeException {
    LogPositionTakenException(long position) {
      super("event log position " + position + " is taken by another writer");
    }
  }
}
