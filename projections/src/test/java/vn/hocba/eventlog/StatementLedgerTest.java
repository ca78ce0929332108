package vn.hocba.eventlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.serialization.SerializedObject;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import vn.hocba.projection.ParsedStatements;
import vn.hocba.statements.ChainedEvent;
import vn.hocba.statements.StatementRecordedEvent;
import vn.hocba.statements.StatementVoidedEvent;
import vn.hocba.xapi.json.StrictJson;
import vn.hocba.xapi.model.XapiVersion;
import vn.hocba.xapi.statements.StatementEquivalence;

class StatementLedgerTest {

  MongoTestSupport mongo;
  MongoEventLog log;
  EmbeddedEventStore store;
  StatementLedger ledger;
  JsonNode authority =
      StrictJson.parse(
          "{\"objectType\":\"Agent\",\"account\":{\"homePage\":\"https://lrs.example\",\"name\":\"k\"}}");
  Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  @BeforeEach
  void open() {
    mongo = new MongoTestSupport();
    reopen();
  }

  void reopen() {
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
  }

  @AfterEach
  void close() {
    store.shutDown();
    mongo.close();
  }

  static JsonNode statement(String id, String activity) {
    return StrictJson.parse(
        """
        {"id":"%s","actor":{"mbox":"mailto:a@example.org"},
         "verb":{"id":"http://adlnet.gov/expapi/verbs/completed"},"object":{"id":"%s"}}"""
            .formatted(id, activity));
  }

  static JsonNode voiding(String id, String target) {
    return StrictJson.parse(
        """
        {"id":"%s","actor":{"mbox":"mailto:a@example.org"},
         "verb":{"id":"http://adlnet.gov/expapi/verbs/voided"},
         "object":{"objectType":"StatementRef","id":"%s"}}"""
            .formatted(id, target));
  }

  List<ChainedEvent> events() {
    List<ChainedEvent> out = new ArrayList<>();
    log.readEvents((TrackingToken) null, false)
        .forEach(m -> out.add((ChainedEvent) m.getPayload()));
    return out;
  }

  StatementLedger.Recorded record(JsonNode... statements) {
    return ledger.record(List.of(statements), authority, "k", XapiVersion.V2_0_0);
  }

  @Test
  @DisplayName("the tree offered to the read models is the one a parse of the stored text gives")
  void offeredTreeMatchesTheText() {
    String id = UUID.randomUUID().toString();
    JsonNode s =
        StrictJson.parse(
            """
            {"id":"%s","actor":{"mbox":"mailto:a@example.org","name":"Nguyễn \\"Thị\\" Ánh"},
             "verb":{"id":"http://adlnet.gov/expapi/verbs/scored"},"object":{"id":"http://example.org/a"},
             "result":{"score":{"scaled":0.950,"raw":1E+2,"min":-12345678901234567890,"max":1e400}},
             "context":{"contextActivities":{"parent":{"id":"http://example.org/p"}},
              "extensions":{"http://example.org/x":[1.0,2,"\\u0001",{"a":null,"b":true}]}}}"""
                .formatted(id));
    record(s);
    StatementRecordedEvent e = (StatementRecordedEvent) events().get(0);
    assertThat(ParsedStatements.of(e.statementId(), e.statement()))
        .isEqualTo(StrictJson.parseStored(e.statement()));
  }

  @Nested
  @DisplayName("Data 2.3.1 immutability")
  class Immutability {
    @Test
    void anEquivalentStatementWithTheSameIdIsANoOp() {
      String id = UUID.randomUUID().toString();
      assertThat(record(statement(id, "http://example.org/a")).appended()).isTrue();
      assertThat(record(statement(id, "http://example.org/a")).appended()).isFalse();
      assertThat(events()).hasSize(1);
    }

    @Test
    void aDifferentStatementWithTheSameIdIsAConflictAndStoresNothing() {
      String id = UUID.randomUUID().toString();
      record(statement(id, "http://example.org/a"));
      String other = UUID.randomUUID().toString();
      assertThatThrownBy(
              () ->
                  record(
                      statement(other, "http://example.org/a"),
                      statement(id, "http://example.org/b")))
          .isInstanceOf(StatementLedger.StatementConflictException.class);
      assertThat(events()).hasSize(1);
      assertThat(ledger.findStatements(java.util.Set.of(other))).isEmpty();
    }

    @Test
    @DisplayName("a key written before a commit that never happened does not count")
    void aKeyWithoutItsCommitIsIgnored() {
      String id = UUID.randomUUID().toString();
      mongo
          .db
          .getCollection(StatementLedger.IDS)
          .insertOne(new Document("_id", id).append("c", 0L).append("i", 0).append("v", false));
      assertThat(ledger.findStatements(java.util.Set.of(id))).isEmpty();
      assertThat(record(statement(id, "http://example.org/a")).appended()).isTrue();
      assertThat(ledger.findStatements(java.util.Set.of(id))).containsKey(id);
    }
  }

  @Nested
  @DisplayName("Data 2.3.2 voiding")
  class Voiding {
    @Test
    void voidingAStoredStatementEmitsAVoidedEvent() {
      String target = UUID.randomUUID().toString();
      String v = UUID.randomUUID().toString();
      record(statement(target, "http://example.org/a"));
      record(voiding(v, target));
      assertThat(events()).last().isEqualTo(events().get(2));
      assertThat(events().get(2))
          .isInstanceOfSatisfying(
              StatementVoidedEvent.class,
              e -> {
                assertThat(e.voidedStatementId()).isEqualTo(target);
                assertThat(e.voidingStatementId()).isEqualTo(v);
              });
    }

    @Test
    void aTargetArrivingAfterItsVoidingStatementIsVoidedOnArrival() {
      String target = UUID.randomUUID().toString();
      record(voiding(UUID.randomUUID().toString(), target));
      record(statement(target, "http://example.org/a"));
      assertThat(events()).hasSize(3);
      assertThat(events().get(2)).isInstanceOf(StatementVoidedEvent.class);
    }

    @Test
    void aVoidingStatementIsNeverVoided() {
      String target = UUID.randomUUID().toString();
      String v = UUID.randomUUID().toString();
      record(statement(target, "http://example.org/a"));
      record(voiding(v, target));
      record(voiding(UUID.randomUUID().toString(), v));
      assertThat(events().stream().filter(e -> e instanceof StatementVoidedEvent)).hasSize(1);
    }
  }

  @Nested
  @DisplayName("Data 2.4.9 authority, for imports")
  class Authority {
    JsonNode sourceAuthority =
        StrictJson.parse(
            "{\"objectType\":\"Agent\",\"account\":{\"homePage\":\"https://old.example\",\"name\":\"lms\"}}");

    JsonNode withAuthority(String id) {
      var s =
          (com.fasterxml.jackson.databind.node.ObjectNode) statement(id, "http://example.org/a");
      s.set("authority", sourceAuthority);
      return s;
    }

    JsonNode storedStatement(String id) {
      return ledger.findStatements(java.util.Set.of(id)).get(id).stored();
    }

    @Test
    void byDefaultTheCredentialsAuthorityOverwritesTheSubmittedOne() {
      String id = UUID.randomUUID().toString();
      record(withAuthority(id));
      assertThat(storedStatement(id).get("authority")).isEqualTo(authority);
    }

    @Test
    void anImportMayKeepTheSubmittedAuthorityAndFillsItWhereMissing() {
      String kept = UUID.randomUUID().toString();
      String filled = UUID.randomUUID().toString();
      ledger.record(
          List.of(withAuthority(kept), statement(filled, "http://example.org/b")),
          authority,
          true,
          "k",
          XapiVersion.V2_0_0);
      assertThat(storedStatement(kept).get("authority")).isEqualTo(sourceAuthority);
      assertThat(storedStatement(filled).get("authority")).isEqualTo(authority);
    }

    @Test
    @DisplayName("the result counts the statements stored now, not those already there")
    void countsNewStatements() {
      String old = UUID.randomUUID().toString();
      record(statement(old, "http://example.org/a"));
      StatementLedger.Recorded r =
          record(
              statement(old, "http://example.org/a"),
              statement(UUID.randomUUID().toString(), "http://example.org/b"),
              voiding(UUID.randomUUID().toString(), old));
      assertThat(r.newStatements()).isEqualTo(2);
      assertThat(record(statement(old, "http://example.org/a")).newStatements()).isZero();
    }
  }

  @Nested
  @DisplayName("the event log")
  class Log {
    @Test
    void aBatchIsOneCommitWithDensePositions() {
      record(
          statement(UUID.randomUUID().toString(), "http://example.org/a"),
          statement(UUID.randomUUID().toString(), "http://example.org/b"));
      record(statement(UUID.randomUUID().toString(), "http://example.org/c"));
      assertThat(mongo.db.getCollection(MongoEventLog.COLLECTION).countDocuments()).isEqualTo(2);
      assertThat(events()).extracting(ChainedEvent::position).containsExactly(0L, 1L, 2L);
    }

    @Test
    @DisplayName("an event's stored instant is the statement's stored, to the millisecond (4.5)")
    void storedIsTheStatementsMillisecond() {
      store.shutDown();
      clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00.123456789Z"), ZoneOffset.UTC);
      reopen();
      record(statement(UUID.randomUUID().toString(), "http://example.org/a"));
      StatementRecordedEvent e = (StatementRecordedEvent) events().get(0);
      assertThat(e.stored()).isEqualTo(Instant.parse("2026-01-01T00:00:00.123Z"));
      assertThat(StrictJson.parse(e.statement()).get("stored").asText())
          .isEqualTo("2026-01-01T00:00:00.123Z");
    }

    @Test
    void everyEventLinksTheHashOfItsPredecessor() {
      for (int i = 0; i < 5; i++) {
        record(statement(UUID.randomUUID().toString(), "http://example.org/" + i));
      }
      String prev = EventChain.GENESIS;
      for (ChainedEvent e : events()) {
        assertThat(e.previousHash()).isEqualTo(prev);
        assertThat(e.hash()).isEqualTo(EventChain.link(prev, e.canonicalFields()));
        prev = e.hash();
      }
    }

    @Test
    @DisplayName("a reopened ledger continues the chain and the positions")
    void reopeningContinuesTheChain() {
      record(statement(UUID.randomUUID().toString(), "http://example.org/a"));
      String head = events().get(0).hash();
      store.shutDown();
      reopen();
      record(statement(UUID.randomUUID().toString(), "http://example.org/b"));
      assertThat(events().get(1).position()).isEqualTo(1);
      assertThat(events().get(1).previousHash()).isEqualTo(head);
    }

    @Test
    @DisplayName("a reopened log finds its end, after commits of any size, by keyed look-ups")
    void reopenedLogFindsItsEnd() {
      long expected = 0;
      for (int size : new int[] {1, 3, 300, 1, 17, 500, 2}) {
        List<JsonNode> batch = new ArrayList<>();
        for (int i = 0; i < size; i++) {
          batch.add(statement(UUID.randomUUID().toString(), "http://example.org/" + i));
        }
        ledger.record(batch, authority, "k", XapiVersion.V2_0_0);
        expected += size;
        assertThat(new MongoEventLog(mongo.db, MongoTestSupport.serializer()).nextPosition())
            .as("after a commit of %d", size)
            .isEqualTo(expected);
      }
      assertThat(new MongoEventLog(mongo.db, MongoTestSupport.serializer()).nextPosition())
          .isEqualTo(log.nextPosition());
    }

    @Test
    @DisplayName("reading resumes from a token inside a commit")
    void resumesInsideACommit() {
      List<JsonNode> batch = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        batch.add(statement(UUID.randomUUID().toString(), "http://example.org/" + i));
      }
      ledger.record(batch, authority, "k", XapiVersion.V2_0_0);
      List<Long> positions =
          log.readEvents(new GapAwareTrackingToken(4, List.of()), false)
              .map(m -> ((ChainedEvent) m.getPayload()).position())
              .collect(Collectors.toList());
      assertThat(positions).containsExactly(5L, 6L, 7L, 8L, 9L);
    }

    @Test
    @DisplayName("tokens carry no gaps and stay small however far the log goes")
    void tokensStaySmall() {
      for (int i = 0; i < 300; i++) {
        record(statement(UUID.randomUUID().toString(), "http://example.org/" + i));
      }
      TrackedEventMessage<?> last =
          log.readEvents((TrackingToken) null, false).reduce((a, b) -> b).orElseThrow();
      GapAwareTrackingToken token = (GapAwareTrackingToken) last.trackingToken();
      assertThat(token.getGaps()).isEmpty();
      assertThat(token.getIndex()).isEqualTo(299);
      SerializedObject<String> s = MongoTestSupport.serializer().serialize(token, String.class);
      assertThat(s.getData().length()).isLessThan(1024);
    }

    @Test
    void aWriterThatLostThePositionIsRefused() {
      record(statement(UUID.randomUUID().toString(), "http://example.org/a"));
      MongoEventLog stale = new MongoEventLog(mongo.db, MongoTestSupport.serializer());
      record(statement(UUID.randomUUID().toString(), "http://example.org/b"));
      var event =
          new org.axonframework.eventhandling.GenericEventMessage<>(
              "x", org.axonframework.messaging.MetaData.with(MongoEventLog.POSITION, 1L));
      assertThatThrownBy(() -> stale.appendEvents(List.of(event)))
          .isInstanceOf(MongoEventLog.LogPositionTakenException.class);
      assertThat(stale.nextPosition()).isEqualTo(2);
      assertThat(events()).allMatch(e -> e instanceof StatementRecordedEvent);
    }
  }
}
