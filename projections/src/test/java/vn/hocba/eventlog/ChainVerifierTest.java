package vn.hocba.eventlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoCollection;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import vn.hocba.audit.Ed25519Signatures;
import vn.hocba.checkpoints.Checkpointer;
import vn.hocba.checkpoints.Checkpoints;
import vn.hocba.eventlog.ChainReport.Break;
import vn.hocba.eventlog.ChainReport.Kind;
import vn.hocba.eventlog.ChainReport.Witness;
import vn.hocba.statementindex.IndexProgress;
import vn.hocba.statements.ChainedEvent;
import vn.hocba.xapi.json.StrictJson;
import vn.hocba.xapi.model.XapiVersion;
import vn.hocba.xapi.statements.StatementEquivalence;

/**
 * The verifier pinpoints what was done to the stored log (docs/tamper-evidence.md). Each test edits
 * the {@code event_log} collection directly, as someone with database access would.
 *
 * <p>The log built for every test: commits at 0 (1 event), 1 (3), 4 (1), 5 (a voiding statement and
 * the voided event: 2), 7 (4), 11 (1); head at position 11.
 */
class ChainVerifierTest {

  MongoTestSupport mongo;
  MongoEventLog log;
  EmbeddedEventStore store;
  StatementLedger ledger;
  MongoCollection<Document> commits;
  final KeyPair signing = Ed25519Signatures.generate();
  final String keyId = Ed25519Signatures.keyId(signing.getPublic());
  final JsonNode authority =
      StrictJson.parse(
          "{\"objectType\":\"Agent\",\"account\":{\"homePage\":\"https://lrs.example\",\"name\":\"k\"}}");
  Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  @BeforeEach
  void build() {
    mongo = new MongoTestSupport();
    log = new MongoEventLog(mongo.db, MongoTestSupport.serializer());
    store = EmbeddedEventStore.builder().storageEngine(log).build();
    ledger =
        new StatementLedger(
            mongo.db,
            log,
            store,
            clock,
            () -> UUID.randomUUID().toString(),
            DurabilityBarrier.WRITE_CONCERN,
            StatementEquivalence::equivalent);
    commits = mongo.db.getCollection(MongoEventLog.COLLECTION);
    String first = UUID.randomUUID().toString();
    record(1, first);
    record(3, null);
    record(1, null);
    ledger.record(
        List.of(
            StrictJson.parse(
                """
                {"actor":{"mbox":"mailto:a@example.org"},
                 "verb":{"id":"http://adlnet.gov/expapi/verbs/voided"},
                 "object":{"objectType":"StatementRef","id":"%s"}}"""
                    .formatted(first))),
        authority,
        "k",
        XapiVersion.V2_0_0);
    record(4, null);
    record(1, null);
    assertThat(log.nextPosition()).isEqualTo(12);
  }

  @AfterEach
  void close() {
    store.shutDown();
    mongo.close();
  }

  void record(int n, String firstId) {
    List<JsonNode> batch = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = i == 0 && firstId != null ? firstId : UUID.randomUUID().toString();
      batch.add(
          StrictJson.parse(
              """
              {"id":"%s","actor":{"mbox":"mailto:a@example.org"},
               "verb":{"id":"http://adlnet.gov/expapi/verbs/completed"},
               "object":{"id":"http://example.org/activity/%d"}}"""
                  .formatted(id, i)));
    }
    ledger.record(batch, authority, "k", XapiVersion.V2_0_0);
  }

  ChainVerifier verifier() {
    return new ChainVerifier(
        log,
        id -> id.equals(keyId) ? Optional.of(signing.getPublic()) : Optional.<PublicKey>empty());
  }

  ChainReport verify() {
    return verifier().verify(0, Long.MAX_VALUE, List.of());
  }

  ChainReport verifyWithWriterHead() {
    StatementLedger.Head head = ledger.head();
    return verifier()
        .verify(
            0, Long.MAX_VALUE, List.of(new Witness("the writer", head.position(), head.hash())));
  }

  Break firstBreak(ChainReport r) {
    assertThat(r.intact()).as("the verifier must find the edit").isFalse();
    return r.firstBreak().orElseThrow();
  }

  ArrayNode events(long commit) {
    return (ArrayNode)
        StrictJson.parse(
            MongoEventLog.eventsText(commits.find(new Document("_id", commit)).first()));
  }

  ObjectNode payload(ArrayNode events, int slot) {
    return (ObjectNode) events.get(slot).get("payload");
  }

  void store(long commit, ArrayNode events) {
    commits.updateOne(
        new Document("_id", commit),
        new Document("$set", new Document("events", StrictJson.write(events))));
  }

  void storeCount(long commit, int n) {
    commits.updateOne(new Document("_id", commit), new Document("$set", new Document("n", n)));
  }

  /** What a forger with database access but no signing key can do: recompute one link. */
  String rehash(ObjectNode event, String previousHash) {
    ObjectNode payload = (ObjectNode) event.get("payload");
    payload.put("previousHash", previousHash);
    ChainedEvent e =
        (ChainedEvent)
            log.payload(
                new MongoEventLog.StoredEvent(
                    "x",
                    event.get("type").asText(),
                    event.get("rev").asText(),
                    Instant.EPOCH,
                    payload,
                    Map.of()));
    String hash = EventChain.link(previousHash, e.canonicalFields());
    payload.put("hash", hash);
    return hash;
  }

  @Test
  @DisplayName("an untouched log verifies, with the writer's head position and hash")
  void untouchedLogVerifies() {
    ChainReport r = verifyWithWriterHead();
    assertThat(r.intact()).isTrue();
    assertThat(r.endOfLog()).isTrue();
    assertThat(r.checked()).isEqualTo(12);
    assertThat(r.lastPosition()).isEqualTo(11);
    assertThat(r.lastHash()).isEqualTo(ledger.head().hash()).hasSize(64);
  }

  @Test
  @DisplayName("a range verifies from the stored hash before it, and misses edits before it")
  void rangeVerification() {
    ArrayNode ev = events(1);
    payload(ev, 0).put("credential", "someone-else");
    store(1, ev);
    ChainReport r = verifier().verify(4, 8, List.of());
    assertThat(r.intact()).isTrue();
    assertThat(r.checked()).isEqualTo(5);
    assertThat(r.lastPosition()).isEqualTo(8);
    assertThat(r.endOfLog()).isFalse();
    assertThat(firstBreak(verifier().verify(1, 8, List.of())).position()).isEqualTo(1);
    assertThatThrownBy(() -> verifier().verify(12, Long.MAX_VALUE, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Nested
  @DisplayName("content: an edited field of a stored event")
  class Content {
    @Test
    @DisplayName("an edited statement inside a batch commit is reported at its position")
    void editedStatement() {
      ArrayNode ev = events(1);
      ObjectNode p = payload(ev, 1);
      p.put("statement", p.get("statement").asText().replace("activity/1", "activity/9"));
      store(1, ev);
      Break b = firstBreak(verify());
      assertThat(b.kind()).isEqualTo(Kind.CONTENT);
      assertThat(b.position()).isEqualTo(2);
      assertThat(b.commit()).isEqualTo(1);
      assertThat(b.expected()).isEqualTo(p.get("hash").asText());
      assertThat(b.found()).isNotEqualTo(b.expected()).hasSize(64);
    }

    @Test
    @DisplayName("an edited voided statement id is reported")
    void editedVoidedTarget() {
      ArrayNode ev = events(5);
      payload(ev, 1).put("voidedStatementId", UUID.randomUUID().toString());
      store(5, ev);
      Break b = firstBreak(verify());
      assertThat(b.kind()).isEqualTo(Kind.CONTENT);
      assertThat(b.position()).isEqualTo(6);
      assertThat(b.commit()).isEqualTo(5);
    }

    @Test
    @DisplayName("an edited stored time is reported")
    void editedStored() {
      ArrayNode ev = events(4);
      payload(ev, 0).put("stored", "2026-01-01T00:00:01Z");
      store(4, ev);
      Break b = firstBreak(verify());
      assertThat(b.kind()).isEqualTo(Kind.CONTENT);
      assertThat(b.position()).isEqualTo(4);
    }

    @Test
    @DisplayName("an edited stored hash is reported at its event")
    void editedHash() {
      ArrayNode ev = events(7);
      payload(ev, 3).put("hash", "0".repeat(63) + "1");
      store(7, ev);
      Break b = firstBreak(verify());
      assertThat(b.kind()).isEqualTo(Kind.CONTENT);
      assertThat(b.position()).isEqualTo(10);
    }

    @Test
    @DisplayName("an event rewritten with its own hash recomputed is caught by its successor")
    void recomputedHash() {
      ArrayNode ev = events(7);
      ObjectNode e = (ObjectNode) ev.get(1);
      ((ObjectNode) e.get("payload")).put("credential", "forged");
      rehash(e, payload(ev, 0).get("hash").asText());
      store(7, ev);
      Break b = firstBreak(verify());
      assertThat(b.kind()).isEqualTo(Kind.CONTENT);
      assertThat(b.position()).isEqualTo(8);
      assertThat(b.commit()).isEqualTo(7);
    }

    @Test
    @DisplayName("a rewritten head (no successor) is caught only by a witness of the head")
    void rewrittenHead() {
      ArrayNode ev = events(11);
      ObjectNode e = (ObjectNode) ev.get(0);
      ((ObjectNode) e.get("payload")).put("credential", "forged");
      rehash(e, payload(ev, 0).get("previousHash").asText());
      store(11, ev);
      assertThat(verify().intact()).isTrue(); // the log alone cannot tell
      Break b = firstBreak(verifyWithWriterHead());
      assertThat(b.kind()).isEqualTo(Kind.CONTENT);
      assertThat(b.position()).isEqualTo(11);
    }
  }

  @Nested
  @DisplayName("order: events swapped or renumbered")
  class Order {
    @Test
    @DisplayName("two events swapped inside a commit")
    void swappedInsideACommit() {
      ArrayNode ev = events(7);
      JsonNode a = ev.get(1);
      ev.set(1, ev.get(2));
      ev.set(2, a);
      store(7, ev);
      Break b = firstBreak(verify());
      assertThat(b.kind()).isEqualTo(Kind.ORDER);
      assertThat(b.position()).isEqualTo(8);
      assertThat(b.commit()).isEqualTo(7);
    }

    @Test
    @DisplayName("two events swapped and renumbered to fit their new places")
    void swappedAndRenumbered() {
      ArrayNode ev = events(1);
      JsonNode a = ev.get(0);
      ev.set(0, ev.get(1));
      ev.set(1, a);
      payload(ev, 0).put("position", 1);
      payload(ev, 1).put("position", 2);
      store(1, ev);
      Break b = firstBreak(verify());
      assertThat(b.kind()).isEqualTo(Kind.ORDER);
      assertThat(b.position()).isEqualTo(1);
    }

    @Test
    @DisplayName("two events swapped between commits")
    void swappedBetweenCommits() {
      ArrayNode four = events(4);
      ArrayNode seven = events(7);
      JsonNode a = four.get(0);
      four.set(0, seven.get(0));
      seven.set(0, a);
      store(4, four);
      store(7, seven);
      Break b = firstBreak(verify());
      assertThat(b.kind()).isEqualTo(Kind.ORDER);
      assertThat(b.position()).isEqualTo(4);
      assertThat(b.commit()).isEqualTo(4);
    }

    @Test
    @DisplayName("a position number changed")
    void renumbered() {
      ArrayNode ev = events(7);
      payload(ev, 2).put("position", 42);
      store(7, ev);
      Break b = firstBreak(verify());
      assertThat(b.kind()).isEqualTo(Kind.ORDER);
      assertThat(b.position()).isEqualTo(9);
      assertThat(b.found()).isEqualTo("position 42");
    }
  }

  @Nested
  @DisplayName("presence: deleted events and commits")
  class Presence {
    @Test
    @DisplayName("an event deleted from inside a commit (its count adjusted)")
    void eventDeletedFromACommit() {
      ArrayNode ev = events(1);
      ev.remove(1);
      store(1, ev);
      storeCount(1, 2);
      Break b = firstBreak(verify());
      assertThat(b.kind()).isEqualTo(Kind.MISSING);
      assertThat(b.position()).isEqualTo(2);
      assertThat(b.commit()).isEqualTo(1);
    }

    @Test
    @DisplayName("the last event of a commit deleted, its count left as it was")
    void lastEventOfACommitDeleted() {
      ArrayNode ev = events(7);
      ev.remove(3);
      store(7, ev);
      Break b = firstBreak(verify());
      assertThat(b.kind()).isEqualTo(Kind.MISSING);
      assertThat(b.position()).isEqualTo(10);
      assertThat(b.commit()).isEqualTo(7);
    }

    @Test
    @DisplayName("a whole commit deleted")
    void commitDeleted() {
      commits.deleteOne(new Document("_id", 5L));
      Break b = firstBreak(verify());
      assertThat(b.kind()).isEqualTo(Kind.MISSING);
      assertThat(b.position()).isEqualTo(5);
      assertThat(b.commit()).isEqualTo(5);
      assertThat(b.found()).isEqualTo("next commit 7");
    }

    @Test
    @DisplayName("the first commit deleted")
    void firstCommitDeleted() {
      commits.deleteOne(new Document("_id", 0L));
      Break b = firstBreak(verify());
      assertThat(b.kind()).isEqualTo(Kind.MISSING);
      assertThat(b.position()).isZero();
    }

    @Test
    @DisplayName("the last commit deleted: a projection's tracking token shows it was read")
    void tailDeletedBehindATrackingToken() {
      new MongoTokenStore(
              mongo.db,
              MongoTestSupport.serializer(),
              "test",
              clock,
              java.time.Duration.ofSeconds(10))
          .initializeTokenSegments(
              "statement-index",
              1,
              new org.axonframework.eventhandling.GapAwareTrackingToken(11, List.of()));
      List<Witness> tokens = ChainVerifier.tokenWitnesses(mongo.db, MongoTestSupport.serializer());
      assertThat(tokens).extracting(Witness::position).containsExactly(11L);
      assertThat(verifier().verify(0, Long.MAX_VALUE, tokens).intact()).isTrue();
      commits.deleteOne(new Document("_id", 11L));
      Break b = firstBreak(verifier().verify(0, Long.MAX_VALUE, tokens));
      assertThat(b.kind()).isEqualTo(Kind.MISSING);
      assertThat(b.position()).isEqualTo(11);
      assertThat(b.message()).contains("statement-index/0");
    }

    @Test
    @DisplayName(
        "the last commit deleted: the log alone shows an earlier head; a witness shows why")
    void tailDeleted() {
      String head = ledger.head().hash();
      StatementLedger.Head before = ledger.head();
      commits.deleteOne(new Document("_id", 11L));
      ChainReport alone = verify();
      assertThat(alone.intact()).isTrue();
      assertThat(alone.lastPosition()).isEqualTo(10);
      assertThat(alone.lastHash()).isNotEqualTo(head);
      Break b =
          firstBreak(
              verifier()
                  .verify(
                      0,
                      Long.MAX_VALUE,
                      List.of(new Witness("the writer", before.position(), before.hash()))));
      assertThat(b.kind()).isEqualTo(Kind.MISSING);
      assertThat(b.position()).isEqualTo(11);
    }
  }

  @Nested
  @DisplayName("unreadable commits and events")
  class Unreadable {
    @Test
    @DisplayName("a commit whose events are no longer JSON")
    void brokenJson() {
      commits.updateOne(
          new Document("_id", 7L), new Document("$set", new Document("events", "[{\"id\":")));
      Break b = firstBreak(verify());
      assertThat(b.kind()).isEqualTo(Kind.UNREADABLE);
      assertThat(b.position()).isEqualTo(7);
      assertThat(b.commit()).isEqualTo(7);
    }

    @Test
    @DisplayName("an event whose payload no longer deserializes")
    void brokenPayload() {
      ArrayNode ev = events(1);
      payload(ev, 2).put("stored", "yesterday");
      store(1, ev);
      Break b = firstBreak(verify());
      assertThat(b.kind()).isEqualTo(Kind.UNREADABLE);
      assertThat(b.position()).isEqualTo(3);
    }
  }

  @Nested
  @DisplayName("signed checkpoints")
  class SignedCheckpoints {
    Checkpointer checkpointer() {
      return new Checkpointer(
          ledger,
          signing.getPrivate(),
          keyId,
          new Checkpoints(mongo.db),
          new IndexProgress(),
          Duration.ZERO);
    }

    @Test
    @DisplayName("a checkpoint signs the head it follows and verifies with the public key")
    void checkpointVerifies() throws Exception {
      String head = ledger.head().hash();
      var outcome = checkpointer().checkpoint();
      assertThat(outcome.created()).isTrue();
      var cp = outcome.checkpoint().orElseThrow();
      assertThat(cp.position()).isEqualTo(12);
      assertThat(cp.coveredPosition()).isEqualTo(11);
      assertThat(cp.coveredHash()).isEqualTo(head);
      assertThat(cp.signed().verifiesWith(signing.getPublic())).isTrue();
      record(2, null);
      ChainReport r = verifyWithWriterHead();
      assertThat(r.intact()).isTrue();
      assertThat(r.checkpoints()).isEqualTo(1);
      assertThat(r.lastCheckpoint().orElseThrow().coveredPosition()).isEqualTo(11);
      assertThat(r.lastPosition()).isEqualTo(14);
    }

    @Test
    @DisplayName("a checkpoint whose signature was altered (its link recomputed) is reported")
    void tamperedSignature() throws Exception {
      checkpointer().checkpoint();
      ArrayNode ev = events(12);
      ObjectNode e = (ObjectNode) ev.get(0);
      String sig = e.get("payload").get("signature").asText();
      ((ObjectNode) e.get("payload"))
          .put("signature", (sig.charAt(0) == 'A' ? "B" : "A") + sig.substring(1));
      rehash(e, payload(ev, 0).get("previousHash").asText());
      store(12, ev);
      Break b = firstBreak(verify());
      assertThat(b.kind()).isEqualTo(Kind.CHECKPOINT);
      assertThat(b.position()).isEqualTo(12);
    }

    @Test
    @DisplayName("a checkpoint signed by an unknown key is reported")
    void unknownKey() throws Exception {
      checkpointer().checkpoint();
      ChainReport r =
          new ChainVerifier(log, id -> Optional.empty()).verify(0, Long.MAX_VALUE, List.of());
      Break b = firstBreak(r);
      assertThat(b.kind()).isEqualTo(Kind.CHECKPOINT);
      assertThat(b.found()).isEqualTo(keyId);
    }

    @Test
    @DisplayName(
        "an edit before a checkpoint, with every later link recomputed, breaks the checkpoint")
    void rewriteBeforeACheckpoint() throws Exception {
      checkpointer().checkpoint();
      // rewrite position 9 and recompute the links of 9, 10, 11 and the checkpoint at 12
      ArrayNode seven = events(7);
      ((ObjectNode) seven.get(2).get("payload")).put("credential", "forged");
      String prev = payload(seven, 1).get("hash").asText();
      prev = rehash((ObjectNode) seven.get(2), prev);
      prev = rehash((ObjectNode) seven.get(3), prev);
      store(7, seven);
      ArrayNode eleven = events(11);
      prev = rehash((ObjectNode) eleven.get(0), prev);
      store(11, eleven);
      ArrayNode twelve = events(12);
      rehash((ObjectNode) twelve.get(0), prev);
      store(12, twelve);
      Break b = firstBreak(verify());
      assertThat(b.kind()).isEqualTo(Kind.CHECKPOINT);
      assertThat(b.position()).isEqualTo(12);
      assertThat(b.found()).isEqualTo(payload(twelve, 0).get("coveredHash").asText());
    }

    @Test
    @DisplayName("no new checkpoint while the head has not moved")
    void noCheckpointWithoutNewEvents() throws Exception {
      Checkpointer c = checkpointer();
      assertThat(c.checkpoint().created()).isTrue();
      assertThat(c.checkpoint().created()).isFalse();
      record(1, null);
      assertThat(c.checkpoint().created()).isTrue();
      assertThat(verify().checkpoints()).isEqualTo(2);
    }
  }
}
