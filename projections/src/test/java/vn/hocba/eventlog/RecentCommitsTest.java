package vn.hocba.eventlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import vn.hocba.statements.ChainCheckpointedEvent;
import vn.hocba.statements.LearnerPlacedEvent;
import vn.hocba.statements.StatementRecordedEvent;
import vn.hocba.statements.StatementVoidedEvent;

/** Tailing readers get just-appended events from memory, exactly as the store would give them. */
class RecentCommitsTest {

  final MongoTestSupport mongo = new MongoTestSupport();

  @AfterEach
  void close() {
    mongo.close();
  }

  private static EventMessage<?> message(Object payload, long position) {
    return new GenericEventMessage<>(
        payload,
        MetaData.with(MongoEventLog.POSITION, position)
            .and("attempt", 7) // an Integer: the store gives numbers back as longs
            .and("flag", Boolean.TRUE)); // anything else comes back as its string form
  }

  /** One event of every type the log holds, at this position. */
  private static Object event(long p) {
    Instant stored = Instant.parse("2026-11-29T01:02:03.456789Z").plusSeconds(p);
    return switch ((int) (p % 4)) {
      case 0 ->
          new StatementRecordedEvent(
              p,
              "id-" + p,
              // a lone surrogate (a client may send one as an escape) must survive the store too
              "{\"id\":\"id-" + p + "\",\"name\":\"Nguyễn \uD800\"}",
              "2.0.0",
              stored,
              "k",
              "h",
              "h2");
      case 1 -> new StatementVoidedEvent(p, "a-" + p, "b-" + p, stored, "h", "h2");
      case 2 ->
          new LearnerPlacedEvent(
              p,
              "qn",
              "mbox:x",
              "g",
              "49",
              LocalDate.of(2025, 3, 1),
              "roster.csv:2",
              stored,
              "k",
              "h",
              "h2");
      default ->
          new ChainCheckpointedEvent(p, p - 1, "hh", "key", "Ed25519", "sig", stored, "h", "h2");
    };
  }

  private static List<TrackedEventMessage<?>> readAll(MongoEventLog log, TrackingToken from) {
    List<TrackedEventMessage<?>> out = new ArrayList<>();
    log.readEvents(from, false).forEach(out::add);
    return out;
  }

  private static List<Object> payloads(MongoEventLog log, long first, int n) {
    List<EventMessage<?>> commit = new ArrayList<>();
    List<Object> payloads = new ArrayList<>();
    for (long p = first; p < first + n; p++) {
      Object e = event(p);
      payloads.add(e);
      commit.add(message(e, p));
    }
    log.appendEvents(commit);
    return payloads;
  }

  @Test
  @DisplayName("events served from memory equal the store's decoding: id, time, metadata, payload")
  void memoryEqualsStore() {
    MongoEventLog writer = new MongoEventLog(mongo.db, MongoTestSupport.serializer());
    List<Object> appended = new ArrayList<>();
    appended.addAll(payloads(writer, 0, 5));
    appended.addAll(payloads(writer, 5, 3));

    List<TrackedEventMessage<?>> fromMemory = readAll(writer, null);
    List<TrackedEventMessage<?>> fromStore =
        readAll(new MongoEventLog(mongo.db, MongoTestSupport.serializer()), null);

    assertThat(fromMemory).hasSize(8);
    assertThat(fromStore).hasSize(8);
    // the commits' events text is ASCII bytes as binary (decision 20): the driver copies it
    StringBuilder texts = new StringBuilder();
    for (org.bson.Document c : mongo.db.getCollection(MongoEventLog.COLLECTION).find()) {
      assertThat(c.get("events")).isInstanceOf(org.bson.types.Binary.class);
      texts.append(MongoEventLog.eventsText(c));
    }
    assertThat(texts.toString()).matches("\\p{ASCII}*").contains("Nguy\\u1EC5n \\uD800");
    for (int i = 0; i < 8; i++) {
      TrackedEventMessage<?> m = fromMemory.get(i);
      TrackedEventMessage<?> s = fromStore.get(i);
      assertThat(m.getPayload()).isSameAs(appended.get(i)); // really from memory
      assertThat(s.getPayload()).isNotSameAs(appended.get(i)).isEqualTo(m.getPayload());
      assertThat(m.getIdentifier()).isEqualTo(s.getIdentifier());
      assertThat(m.getTimestamp()).isEqualTo(s.getTimestamp());
      assertThat(m.trackingToken()).isEqualTo(s.trackingToken());
      assertThat(m.getMetaData())
          .isEqualTo(s.getMetaData())
          .containsEntry("attempt", 7L)
          .containsEntry("flag", "true")
          .containsEntry(MongoEventLog.POSITION, (long) i);
    }
  }

  @Test
  @DisplayName(
      "a commit's text is, byte for byte, each event's envelope and its payload as the serializer"
          + " writes it, non-ASCII escaped")
  void commitTextIsTheSerializersPayloads() throws Exception {
    Serializer serializer = MongoTestSupport.serializer();
    MongoEventLog log = new MongoEventLog(mongo.db, serializer);
    List<EventMessage<?>> commit = new ArrayList<>();
    for (long p = 0; p < 4; p++) {
      commit.add(message(event(p), p));
    }
    log.appendEvents(commit);

    // the format as decision 20 wrote it: each payload serialized to a tree, the array of
    // envelopes written with every character beyond ASCII escaped
    ObjectMapper mapper = new ObjectMapper();
    ArrayNode expected = mapper.createArrayNode();
    for (EventMessage<?> e : commit) {
      SerializedObject<JsonNode> payload = serializer.serialize(e.getPayload(), JsonNode.class);
      ObjectNode event = expected.addObject();
      event.put("id", e.getIdentifier());
      event.put("type", payload.getType().getName());
      event.put("rev", payload.getType().getRevision());
      event.put("ts", e.getTimestamp().toString());
      ObjectNode meta = event.putObject("meta");
      meta.put("attempt", 7); // as the text reads back: small numbers parse as ints
      meta.put("flag", "true");
      meta.put(
          MongoEventLog.POSITION, ((Long) e.getMetaData().get(MongoEventLog.POSITION)).intValue());
      event.set("payload", payload.getData());
    }
    org.bson.Document stored = mongo.db.getCollection(MongoEventLog.COLLECTION).find().first();
    String text = MongoEventLog.eventsText(stored);
    assertThat(text).matches("\\p{ASCII}*");
    JsonNode actual = mapper.readTree(text);
    for (int i = 0; i < 4; i++) { // metadata is a map: compare it as one, the rest as text
      assertThat(mapper.convertValue(actual.get(i).get("meta"), java.util.Map.class))
          .isEqualTo(mapper.convertValue(expected.get(i).get("meta"), java.util.Map.class));
      ((ObjectNode) actual.get(i)).remove("meta");
      ((ObjectNode) expected.get(i)).remove("meta");
    }
    assertThat(mapper.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII).writeValueAsString(actual))
        .isEqualTo(
            mapper.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII).writeValueAsString(expected));
    assertThat(text)
        .as("payloads are written in place, not re-ordered or re-encoded")
        .contains(
            mapper
                .writer()
                .with(JsonWriteFeature.ESCAPE_NON_ASCII)
                .writeValueAsString(serializer.serialize(event(0), JsonNode.class).getData()));
  }

  @Test
  @DisplayName("a log opened without Jackson's serializer reads, and refuses to append")
  void appendNeedsJackson() {
    MongoEventLog log = new MongoEventLog(mongo.db, null);
    assertThat(log.nextPosition()).isZero();
    assertThatThrownBy(() -> log.appendEvents(List.of(message(event(0), 0))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("JacksonSerializer");
    assertThat(mongo.db.getCollection(MongoEventLog.COLLECTION).countDocuments()).isZero();
  }

  @Test
  @DisplayName("a reader from zero, or resuming mid-commit, gets every event once and in order")
  void resumeAndBeyondWhatIsHeld() {
    MongoEventLog log = new MongoEventLog(mongo.db, MongoTestSupport.serializer());
    int commits = MongoEventLog.RECENT_EVENTS / 100 + 20; // more than memory holds
    for (int c = 0; c < commits; c++) {
      payloads(log, c * 100L, 100);
    }
    long total = commits * 100L;
    for (long from : new long[] {-1, 0, 1234, total - 150, total - 2}) {
      TrackingToken token = from < 0 ? null : new GapAwareTrackingToken(from, List.of());
      List<TrackedEventMessage<?>> read = readAll(log, token);
      long expected = from + 1;
      assertThat(read).hasSize((int) (total - expected));
      for (TrackedEventMessage<?> m : read) {
        assertThat(m.trackingToken().position()).hasValue(expected);
        assertThat(m.getPayload()).isEqualTo(event(expected));
        expected++;
      }
    }
  }

  @Test
  @DisplayName("at the head it wrote, a writing process does not ask the store; others always do")
  void ownHead() {
    MongoEventLog writer = new MongoEventLog(mongo.db, MongoTestSupport.serializer());
    java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong();
    writer.nanoTime = now::get;
    payloads(writer, 0, 3);
    MongoEventLog reading = new MongoEventLog(mongo.db, MongoTestSupport.serializer());
    // a commit this process did not write: a second writer, run against decision 2
    payloads(new MongoEventLog(mongo.db, MongoTestSupport.serializer()), 3, 2);
    TrackingToken atThree = new GapAwareTrackingToken(2, List.of());

    assertThat(readAll(writer, atThree)).isEmpty(); // appended just now: trusts its own head
    assertThat(readAll(reading, atThree)).hasSize(2); // never appended: asks the store
    now.addAndGet(MongoEventLog.OWN_HEAD_TRUST_NANOS);
    assertThat(readAll(writer, atThree)) // a while after its last append it asks again
        .extracting(m -> m.trackingToken().position().orElseThrow())
        .containsExactly(3L, 4L);
  }

  private static List<TrackedEventMessage<?>> tracked(long first, int n) {
    List<TrackedEventMessage<?>> out = new ArrayList<>();
    for (long p = first; p < first + n; p++) {
      out.add(
          new GenericTrackedEventMessage<>(
              new GapAwareTrackingToken(p, List.of()), GenericEventMessage.asEventMessage(p)));
    }
    return out;
  }

  private static List<Object> positions(List<TrackedEventMessage<?>> events) {
    return events.stream().map(e -> (Object) e.getPayload()).toList();
  }

  @Test
  @DisplayName("only runs of consecutive held commits are served, from exactly the position asked")
  void gapsAndEviction() {
    RecentCommits recent = new RecentCommits(7);
    recent.add(0, tracked(0, 3));
    recent.add(3, tracked(3, 2));
    recent.add(7, tracked(7, 2)); // 5 and 6 were appended by another writer: not held

    assertThat(positions(recent.from(1))).containsExactly(1L, 2L, 3L, 4L);
    assertThat(recent.from(5)).isEmpty();
    assertThat(recent.from(6)).isEmpty();
    assertThat(positions(recent.from(8))).containsExactly(8L);
    assertThat(recent.from(9)).isEmpty();

    recent.add(9, tracked(9, 1)); // 8 events held, at most 7: the oldest commit goes
    assertThat(recent.size()).isEqualTo(5);
    assertThat(recent.from(0)).isEmpty();
    assertThat(positions(recent.from(3))).containsExactly(3L, 4L);
    assertThat(positions(recent.from(7))).containsExactly(7L, 8L, 9L);
  }
}
