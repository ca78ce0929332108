package vn.hocba.catalog;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoDatabase;
import java.time.Instant;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vn.hocba.eventlog.MongoTestSupport;
import vn.hocba.statementindex.IndexProgress;
import vn.hocba.statements.StatementRecordedEvent;
import vn.hocba.xapi.json.StrictJson;

/** What the Agents (Communication 2.4) and Activities (2.5) Resources read, as projected. */
class CatalogProjectorTest {

  static final String MBOX = "mailto:lan@example.org";
  static final String KEY = "mbox:" + MBOX;
  static final String ACTIVITY = "http://example.org/course/1";

  MongoTestSupport mongo;
  MongoDatabase db;
  CatalogProjector projector;
  long position;

  @BeforeEach
  void open() {
    mongo = new MongoTestSupport();
    db = mongo.db;
    projector = new CatalogProjector(db, new IndexProgress());
  }

  @AfterEach
  void close() {
    mongo.close();
  }

  /** Projects one statement by {@code actor} on the activity, with {@code definition} or none. */
  void statement(String actor, String definition) {
    String id = UUID.randomUUID().toString();
    String json =
        "{\"id\":\""
            + id
            + "\",\"actor\":"
            + actor
            + ",\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/attempted\"},"
            + "\"object\":{\"id\":\""
            + ACTIVITY
            + "\""
            + (definition == null ? "" : ",\"definition\":" + definition)
            + "}}";
    position++;
    projector.on(
        new StatementRecordedEvent(
            position,
            id,
            json,
            "2.0.0",
            Instant.parse("2026-12-01T00:00:00Z").plusSeconds(position),
            "k",
            "0".repeat(64),
            "1".repeat(64)));
  }

  static String agent(String name) {
    return "{\"mbox\":\"" + MBOX + "\"" + (name == null ? "" : ",\"name\":\"" + name + "\"") + "}";
  }

  Document agentDoc() {
    return db.getCollection(CatalogProjector.AGENTS).find(eq("_id", KEY)).first();
  }

  String activityJson() {
    Document d = db.getCollection(CatalogProjector.ACTIVITIES).find(eq("_id", ACTIVITY)).first();
    return d == null ? null : d.getString("activity");
  }

  @Test
  @DisplayName("2.4: an agent's names are every name statements gave it, each once")
  void names() {
    statement(agent("Lan"), null);
    statement(agent(null), null);
    statement(agent("Lan"), null);
    statement(agent("Nguyễn Thị Lan"), null);
    assertThat(agentDoc().getList("names", String.class)).containsExactly("Lan", "Nguyễn Thị Lan");
  }

  @Test
  @DisplayName("2.5: definitions merge key by key; the later statement wins a key")
  void definitions() {
    statement(agent(null), null);
    assertThat(StrictJson.parseStored(activityJson()))
        .isEqualTo(
            StrictJson.parseStored("{\"objectType\":\"Activity\",\"id\":\"" + ACTIVITY + "\"}"));
    statement(agent(null), "{\"name\":{\"en-US\":\"Course\"},\"type\":\"http://example.org/t\"}");
    statement(agent(null), "{\"name\":{\"vi-VN\":\"Khóa học\"}}");
    statement(agent(null), "{\"name\":{\"en-US\":\"Course 1\"},\"type\":\"http://example.org/u\"}");
    assertThat(StrictJson.parseStored(activityJson()).get("definition"))
        .isEqualTo(
            StrictJson.parseStored(
                "{\"name\":{\"en-US\":\"Course 1\",\"vi-VN\":\"Khóa học\"},"
                    + "\"type\":\"http://example.org/u\"}"));
  }

  @Test
  @DisplayName("a name or definition the catalog already holds writes nothing; a new one writes")
  void unchangedNotWritten() {
    String def = "{\"name\":{\"en-US\":\"Course\"}}";
    statement(agent("Lan"), def);
    // taken away behind the projector's back: only a write can bring them back
    db.getCollection(CatalogProjector.AGENTS).deleteMany(new Document());
    db.getCollection(CatalogProjector.ACTIVITIES).deleteMany(new Document());
    statement(agent("Lan"), def);
    statement(agent(null), null);
    assertThat(agentDoc()).isNull();
    assertThat(activityJson()).isNull();
    statement(agent("Lan Nguyễn"), "{\"name\":{\"vi-VN\":\"Khóa học\"}}");
    assertThat(agentDoc().getList("names", String.class)).containsExactly("Lan", "Lan Nguyễn");
    assertThat(StrictJson.parseStored(activityJson()).at("/definition/name"))
        .isEqualTo(StrictJson.parseStored("{\"en-US\":\"Course\",\"vi-VN\":\"Khóa học\"}"));
  }

  @Nested
  @DisplayName("changes: whether merging a definition changes the activity")
  class Changes {

    ObjectNode activity =
        (ObjectNode)
            StrictJson.parseStored(
                "{\"objectType\":\"Activity\",\"id\":\"x\",\"definition\":{"
                    + "\"name\":{\"en-US\":\"A\",\"vi-VN\":\"B\"},\"type\":\"http://t\","
                    + "\"extensions\":{\"http://e\":{\"a\":1,\"b\":[1.0,\"x\"]}},"
                    + "\"moreInfo\":\"http://m\"}}");

    boolean changes(String definition) {
      return CatalogProjector.changes(activity, (ObjectNode) StrictJson.parseStored(definition));
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "{}",
          "{\"name\":{\"vi-VN\":\"B\"}}",
          "{\"moreInfo\":\"http://m\",\"type\":\"http://t\"}",
          "{\"extensions\":{\"http://e\":{\"b\":[1.0,\"x\"],\"a\":1}}}"
        })
    @DisplayName("the same keys and values, in part or in another order: no change")
    void same(String definition) {
      assertThat(changes(definition)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "{\"name\":{\"fr\":\"A\"}}",
          "{\"name\":{\"en-US\":\"a\"}}",
          "{\"type\":\"http://u\"}",
          "{\"description\":{\"en-US\":\"A\"}}",
          "{\"extensions\":{\"http://e\":{\"a\":1,\"b\":[1.00,\"x\"]}}}",
          "{\"extensions\":{\"http://e\":{\"a\":1.0,\"b\":[1.0,\"x\"]}}}",
          "{\"extensions\":{\"http://f\":1}}"
        })
    @DisplayName("a new language, a changed value or a number written otherwise: a change")
    void changed(String definition) {
      assertThat(changes(definition)).isTrue();
    }

    @Test
    @DisplayName("an activity without a definition changes with any definition, even {}")
    void noDefinition() {
      activity.remove("definition");
      assertThat(changes("{}")).isTrue();
    }
  }
}
