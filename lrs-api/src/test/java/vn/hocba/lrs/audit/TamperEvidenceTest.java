package vn.hocba.lrs.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import vn.hocba.audit.Ed25519Signatures;
import vn.hocba.audit.SignedCheckpoint;
import vn.hocba.checkpoints.Checkpoints;
import vn.hocba.eventlog.MongoEventLog;
import vn.hocba.eventlog.StatementLedger;
import vn.hocba.lrs.cli.Cli;
import vn.hocba.lrs.security.Credentials;
import vn.hocba.lrs.store.Store;
import vn.hocba.xapi.json.StrictJson;

/**
 * Tamper evidence over HTTP and from the command (docs/tamper-evidence.md): the verifier endpoint,
 * signed checkpoints, the published keys, and who may use what. The store is the shared in-memory
 * one, so every edit of the log is undone before the test ends.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class TamperEvidenceTest {

  @LocalServerPort int port;
  @Autowired MongoDatabase db;
  @Autowired StatementLedger ledger;
  @Autowired Credentials credentials;
  @Autowired Checkpoints checkpoints;
  @Autowired Store store;

  final HttpClient http = HttpClient.newHttpClient();
  static final String ADMIN = basic("test-key", "test-secret");
  static final String READER = basic("audit-reader", "reader-secret");
  static final String DASHBOARD = basic("audit-dashboard", "dashboard-secret");

  static String basic(String key, String secret) {
    return "Basic "
        + Base64.getEncoder().encodeToString((key + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  static boolean created;

  @BeforeEach
  void credentials() {
    if (!created) { // each creation runs the slow password hash
      credentials.create("audit-reader", "reader-secret", List.of("statements/read"), "test");
      credentials.create("audit-dashboard", "dashboard-secret", List.of("dashboard"), "test");
      created = true;
    }
  }

  HttpResponse<String> send(String method, String path, String authorization, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("X-Experience-API-Version", "2.0.0");
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  JsonNode json(HttpResponse<String> r) {
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    return StrictJson.parse(r.body());
  }

  /** Posts statements as one request; returns their ids. */
  List<String> post(int n) {
    StringBuilder body = new StringBuilder("[");
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = UUID.randomUUID().toString();
      ids.add(id);
      body.append(i == 0 ? "" : ",")
          .append(
              """
              {"id":"%s","actor":{"mbox":"mailto:%s@example.org"},
               "verb":{"id":"http://adlnet.gov/expapi/verbs/completed"},
               "object":{"id":"http://example.org/audit/%d"}}"""
                  .formatted(id, UUID.randomUUID(), i));
    }
    HttpResponse<String> r = send("POST", "/xapi/statements", ADMIN, body.append("]").toString());
    assertThat(r.statusCode()).isEqualTo(200);
    return ids;
  }

  JsonNode verify() {
    HttpResponse<String> r = send("GET", "/admin/chain/verify", ADMIN, null);
    assertThat(r.statusCode()).isEqualTo(200);
    return json(r);
  }

  PublicKey publishedKey(String keyId) {
    JsonNode keys = json(send("GET", "/.well-known/hocba-keys.json", null, null)).get("keys");
    for (JsonNode k : keys) {
      if (k.get("keyId").asText().equals(keyId)) {
        return Ed25519Signatures.parsePublicKey(k.get("publicKeyPem").asText());
      }
    }
    throw new AssertionError("key " + keyId + " is not published");
  }

  /** Replaces the statement text of one stored event with an edited one, runs, then restores. */
  void withEditedStatement(String statementId, Runnable check) {
    MongoCollection<Document> log = db.getCollection("event_log");
    Document commit = commitHolding(statementId);
    Object original = commit.get("events");
    ArrayNode events = (ArrayNode) StrictJson.parse(MongoEventLog.eventsText(commit));
    for (JsonNode e : events) {
      ObjectNode payload = (ObjectNode) e.get("payload");
      if (statementId.equals(payload.path("statementId").asText())) {
        payload.put(
            "statement", payload.get("statement").asText().replace("/completed", "/attempted"));
      }
    }
    Document id = new Document("_id", commit.get("_id"));
    log.updateOne(
        id, new Document("$set", new Document("events", asStored(StrictJson.write(events)))));
    try {
      check.run();
    } finally {
      log.updateOne(id, new Document("$set", new Document("events", original)));
    }
  }

  /**
   * Events text in the form the log stores it (decision 20), so an edit looks like the real thing.
   */
  static Binary asStored(String eventsText) {
    return new Binary(eventsText.getBytes(StandardCharsets.UTF_8));
  }

  /** The commit whose events hold a statement (the log's commits are few in these tests). */
  Document commitHolding(String statementId) {
    for (Document c : db.getCollection("event_log").find()) {
      if (MongoEventLog.eventsText(c).contains(statementId)) {
        return c;
      }
    }
    throw new AssertionError("no commit holds " + statementId);
  }

  long positionOf(String statementId) {
    Document commit = commitHolding(statementId);
    ArrayNode events = (ArrayNode) StrictJson.parse(MongoEventLog.eventsText(commit));
    for (JsonNode e : events) {
      if (statementId.equals(e.get("payload").path("statementId").asText())) {
        return e.get("payload").get("position").asLong();
      }
    }
    throw new AssertionError("not stored: " + statementId);
  }

  @Nested
  @DisplayName("GET /admin/chain/verify")
  class Verify {
    @Test
    @DisplayName("an untouched log verifies up to the writer's head and its hash")
    void untouchedLogVerifies() {
      post(3);
      StatementLedger.Head head = ledger.head();
      JsonNode r = verify();
      assertThat(r.get("intact").asBoolean()).as(r.toString()).isTrue();
      assertThat(r.get("head").get("position").asLong()).isEqualTo(head.position());
      assertThat(r.get("head").get("hash").asText()).isEqualTo(head.hash());
      assertThat(r.get("eventsChecked").asLong()).isEqualTo(head.position() + 1);
      assertThat(r.has("firstBreak")).isFalse();
    }

    @Test
    @DisplayName("an event edited in MongoDB is pinpointed by position, commit and kind")
    void editedEventIsPinpointed() {
      List<String> ids = post(3);
      long position = positionOf(ids.get(1));
      withEditedStatement(
          ids.get(1),
          () -> {
            JsonNode r = verify();
            assertThat(r.get("intact").asBoolean()).isFalse();
            JsonNode b = r.get("firstBreak");
            assertThat(b.get("kind").asText()).isEqualTo("CONTENT");
            assertThat(b.get("position").asLong()).isEqualTo(position);
            assertThat(b.get("commit").asLong()).isEqualTo(position - 1);
            assertThat(r.get("verifiedThrough").get("position").asLong()).isEqualTo(position - 1);
          });
      assertThat(verify().get("intact").asBoolean()).isTrue();
    }

    @Test
    @DisplayName("a range is verified from the stored hash before it; a bad range is 400")
    void ranges() {
      post(2);
      long head = ledger.head().position();
      JsonNode r = json(send("GET", "/admin/chain/verify?from=1&to=" + head, ADMIN, null));
      assertThat(r.get("intact").asBoolean()).isTrue();
      assertThat(r.get("eventsChecked").asLong()).isEqualTo(head);
      assertThat(send("GET", "/admin/chain/verify?from=x", ADMIN, null).statusCode())
          .isEqualTo(400);
      assertThat(send("GET", "/admin/chain/verify?from=3&to=2", ADMIN, null).statusCode())
          .isEqualTo(400);
      HttpResponse<String> past =
          send("GET", "/admin/chain/verify?from=" + (head + 100), ADMIN, null);
      assertThat(past.statusCode()).isEqualTo(400);
      assertThat(json(past).get("error").asBoolean()).isTrue();
    }
  }

  @Nested
  @DisplayName("signed checkpoints")
  class SignedCheckpoints {
    @Test
    @DisplayName("made on demand, verifiable with the published key, listed, and not repeated")
    void onDemand() {
      post(2);
      StatementLedger.Head head = ledger.head();
      HttpResponse<String> made = send("POST", "/admin/checkpoints", ADMIN, null);
      assertThat(made.statusCode()).isEqualTo(201);
      JsonNode cp = json(made).get("checkpoint");
      assertThat(cp.get("coveredPosition").asLong()).isEqualTo(head.position());
      assertThat(cp.get("coveredHash").asText()).isEqualTo(head.hash());
      assertThat(cp.get("position").asLong()).isEqualTo(head.position() + 1);

      SignedCheckpoint signed =
          new SignedCheckpoint(
              cp.get("coveredPosition").asLong(),
              cp.get("coveredHash").asText(),
              Instant.parse(cp.get("stored").asText()),
              cp.get("keyId").asText(),
              cp.get("signature").asText());
      assertThat(signed.signedText()).isEqualTo(cp.get("signedText").asText());
      assertThat(signed.verifiesWith(publishedKey(signed.keyId()))).isTrue();

      HttpResponse<String> again = send("POST", "/admin/checkpoints", ADMIN, null);
      assertThat(again.statusCode()).isEqualTo(200);
      assertThat(json(again).get("created").asBoolean()).isFalse();

      JsonNode list = json(send("GET", "/admin/checkpoints", ADMIN, null)).get("checkpoints");
      assertThat(list.get(0).get("position").asLong()).isEqualTo(cp.get("position").asLong());
      JsonNode latest = json(send("GET", "/api/checkpoints/latest", DASHBOARD, null));
      assertThat(latest.get("signature").asText()).isEqualTo(signed.signature());
      assertThat(checkpoints.covering(head.position())).isPresent();
      assertThat(checkpoints.covering(head.position()).get().coveredPosition())
          .isEqualTo(head.position());

      JsonNode r = verify();
      assertThat(r.get("intact").asBoolean()).isTrue();
      assertThat(r.get("checkpointsChecked").asLong()).isPositive();
      assertThat(r.get("lastCheckpoint").get("coveredPosition").asLong())
          .isEqualTo(head.position());
    }

    @Test
    @DisplayName("an edit before a checkpoint is reported at the edited event")
    void editBeforeACheckpoint() {
      List<String> ids = post(2);
      assertThat(send("POST", "/admin/checkpoints", ADMIN, null).statusCode()).isEqualTo(201);
      long position = positionOf(ids.get(0));
      withEditedStatement(
          ids.get(0),
          () -> {
            JsonNode b = verify().get("firstBreak");
            assertThat(b.get("kind").asText()).isEqualTo("CONTENT");
            assertThat(b.get("position").asLong()).isEqualTo(position);
          });
    }

    @Test
    @DisplayName("a tampered checkpoint is reported")
    void tamperedCheckpoint() {
      post(1);
      JsonNode cp = json(send("POST", "/admin/checkpoints", ADMIN, null)).get("checkpoint");
      long position = cp.get("position").asLong();
      MongoCollection<Document> log = db.getCollection("event_log");
      Document id = new Document("_id", position);
      Document commit = log.find(id).first();
      Object original = commit.get("events");
      String tampered =
          MongoEventLog.eventsText(commit).replace(cp.get("coveredHash").asText(), "0".repeat(64));
      log.updateOne(id, new Document("$set", new Document("events", asStored(tampered))));
      try {
        JsonNode b = verify().get("firstBreak");
        assertThat(b.get("position").asLong()).isEqualTo(position);
        assertThat(b.get("kind").asText()).isIn("CONTENT", "CHECKPOINT");
      } finally {
        log.updateOne(id, new Document("$set", new Document("events", original)));
      }
    }
  }

  @Nested
  @DisplayName("who may use what")
  class Access {
    @Test
    @DisplayName("the public keys need no credentials; other .well-known paths are JSON 404s")
    void publicKeys() {
      HttpResponse<String> r = send("GET", "/.well-known/hocba-keys.json", null, null);
      assertThat(r.statusCode()).isEqualTo(200);
      JsonNode key = json(r).get("keys").get(0);
      assertThat(key.get("status").asText()).isEqualTo("current");
      assertThat(key.get("algorithm").asText()).isEqualTo("Ed25519");
      PublicKey fromPem = Ed25519Signatures.parsePublicKey(key.get("publicKeyPem").asText());
      assertThat(Base64.getDecoder().decode(key.get("publicKey").asText()))
          .isEqualTo(fromPem.getEncoded());
      assertThat(Ed25519Signatures.keyId(fromPem)).isEqualTo(key.get("keyId").asText());

      HttpResponse<String> other = send("GET", "/.well-known/other.json", null, null);
      assertThat(other.statusCode()).isEqualTo(404);
      assertThat(json(other).get("error").asBoolean()).isTrue();
    }

    @Test
    @DisplayName("admin endpoints: 401 without credentials, 403 without the admin scope")
    void adminScope() {
      for (String[] call :
          new String[][] {
            {"GET", "/admin/chain/verify"},
            {"POST", "/admin/checkpoints"},
            {"GET", "/admin/checkpoints"}
          }) {
        assertThat(send(call[0], call[1], null, null).statusCode()).isEqualTo(401);
        HttpResponse<String> forbidden = send(call[0], call[1], READER, null);
        assertThat(forbidden.statusCode()).as(call[1]).isEqualTo(403);
        assertThat(json(forbidden).get("error").asBoolean()).isTrue();
        assertThat(send(call[0], call[1], DASHBOARD, null).statusCode()).isEqualTo(403);
      }
      assertThat(send("GET", "/api/checkpoints/latest", null, null).statusCode()).isEqualTo(401);
      assertThat(send("GET", "/api/checkpoints/latest", READER, null).statusCode()).isEqualTo(403);
    }
  }

  @Nested
  @DisplayName("java -jar lrs.jar verify-chain")
  class Command {
    int run(ByteArrayOutputStream out, String... args) {
      return Cli.run(
          args,
          new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(new ByteArrayOutputStream()));
    }

    @Test
    @DisplayName("reads MongoDB directly: exit 0 when intact, 1 with the break when not")
    void command() {
      List<String> ids = post(2);
      send("POST", "/admin/checkpoints", ADMIN, null);
      String uri = "mongodb://127.0.0.1:" + store.embedded().getLocalAddress().getPort() + "/hocba";
      String key = Path.of("target/test-data/keys/checkpoint-signing-key.pub.pem").toString();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int code = run(out, "verify-chain", "--mongodb-uri", uri, "--public-key", key, "--json");
      JsonNode report = StrictJson.parse(out.toString(StandardCharsets.UTF_8));
      assertThat(code).as(report.toString()).isZero();
      assertThat(report.get("intact").asBoolean()).isTrue();
      assertThat(report.get("checkpointsChecked").asLong()).isPositive();

      long position = positionOf(ids.get(1));
      withEditedStatement(
          ids.get(1),
          () -> {
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            assertThat(run(text, "verify-chain", "--mongodb-uri", uri, "--public-key", key))
                .isEqualTo(1);
            assertThat(text.toString(StandardCharsets.UTF_8))
                .contains("BROKEN")
                .contains("CONTENT")
                .contains("position:  " + position);
          });

      ByteArrayOutputStream none = new ByteArrayOutputStream();
      assertThat(run(none, "verify-chain", "--data-dir", "target/no-such-store")).isEqualTo(2);
      assertThat(run(none, "verify-chain", "--from", "x")).isEqualTo(2);
    }
  }
}
