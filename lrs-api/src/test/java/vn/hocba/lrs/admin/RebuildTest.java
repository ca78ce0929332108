package vn.hocba.lrs.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ReplayStatus;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import vn.hocba.catalog.CatalogProjector;
import vn.hocba.lrs.cli.Cli;
import vn.hocba.lrs.security.Credentials;
import vn.hocba.statementindex.StatementIndexProjector;
import vn.hocba.statements.StatementRecordedEvent;
import vn.hocba.xapi.json.StrictJson;

/**
 * Rebuilding a read model from event zero while the LRS keeps ingesting (decision 12): the admin
 * endpoint and the {@code rebuild} command, POSTs that do not wait for the replay, statements
 * readable by id during it, an honest Consistent-Through, and the same read model afterwards.
 *
 * <p>A {@link ReplayGate} in the {@code statement-index} group holds the replay at its first event
 * until a test opens it, so "during a rebuild" is a state, not a race.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    // a POST that waited for the index would block far beyond the client's timeout below
    properties = "lrs.statements.consistency-wait=60s")
@ActiveProfiles("test")
@Import(RebuildTest.Gate.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RebuildTest {

  private static final Duration PROMPT = Duration.ofSeconds(15);

  @LocalServerPort int port;
  @Autowired MongoDatabase db;
  @Autowired ReplayGate gate;
  @Autowired Credentials credentials;

  private final HttpClient http = HttpClient.newHttpClient();
  private final String mbox = "mailto:" + UUID.randomUUID() + "@example.org";
  private final List<String> ids = new ArrayList<>();
  private String voidedId;

  /** Imported, not detected: detection differs between the class and its @Nested classes. */
  static class Gate {
    @Bean
    ReplayGate replayGate() {
      return new ReplayGate();
    }
  }

  /** Holds the statement index's replay at its first replayed event while closed. */
  @ProcessingGroup(StatementIndexProjector.GROUP)
  static final class ReplayGate {
    private volatile CountDownLatch open;
    private final CountDownLatch reached = new CountDownLatch(1);

    void close() {
      open = new CountDownLatch(1);
    }

    void open() {
      CountDownLatch o = open;
      open = null;
      if (o != null) {
        o.countDown();
      }
    }

    boolean awaitHeld() throws InterruptedException {
      return reached.await(20, TimeUnit.SECONDS);
    }

    @EventHandler
    void on(StatementRecordedEvent e, ReplayStatus status) throws InterruptedException {
      CountDownLatch o = open;
      if (status.isReplay() && o != null) {
        reached.countDown();
        o.await(30, TimeUnit.SECONDS);
      }
    }
  }

  @BeforeAll
  void history() {
    for (int i = 0; i < 10; i++) {
      String id = UUID.randomUUID().toString();
      ids.add(id);
      assertThat(postStatement(completed(id, "http://example.org/rebuild/" + (i % 3))).statusCode())
          .isEqualTo(200);
    }
    voidedId = ids.get(0);
    assertThat(postStatement(voiding(UUID.randomUUID().toString(), voidedId)).statusCode())
        .isEqualTo(200);
    assertThat(postStatement(referring(UUID.randomUUID().toString(), ids.get(1))).statusCode())
        .isEqualTo(200);
    credentials.create("no-admin", "secret", List.of("statements/read"), "a reader");
  }

  @AfterEach
  void release() {
    gate.open();
  }

  @Nested
  @DisplayName("the admin endpoint")
  class Endpoint {
    @Test
    @DisplayName("needs credentials with the admin scope")
    void needsAdmin() {
      assertThat(send("GET", "/admin/rebuilds", null).statusCode()).isEqualTo(401);
      assertThat(send("GET", "/admin/rebuilds", basic("no-admin", "secret")).statusCode())
          .isEqualTo(403);
      assertThat(send("POST", "/admin/rebuilds/catalog", basic("no-admin", "secret")).statusCode())
          .isEqualTo(403);
    }

    @Test
    @DisplayName("answers 404 for a processing group that does not exist")
    void unknownGroup() {
      HttpResponse<String> r = admin("POST", "/admin/rebuilds/no-such-model");
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(StrictJson.parse(r.body()).path("message").asText())
          .contains(StatementIndexProjector.GROUP)
          .contains(CatalogProjector.GROUP);
      assertThat(admin("GET", "/admin/rebuilds/no-such-model").statusCode()).isEqualTo(404);
    }

    @Test
    @DisplayName("lists every processing group that can be rebuilt")
    void listsGroups() {
      HttpResponse<String> r = admin("GET", "/admin/rebuilds");
      assertThat(r.statusCode()).isEqualTo(200);
      List<String> groups = new ArrayList<>();
      StrictJson.parse(r.body()).path("processingGroups").forEach(g -> groups.add(g.asText()));
      assertThat(groups).contains(StatementIndexProjector.GROUP, CatalogProjector.GROUP);
    }
  }

  @Nested
  @DisplayName("while the statement index is rebuilt")
  class DuringStatementIndexRebuild {

    @Test
    @DisplayName(
        "POSTs answer without waiting for the replay, their statements are readable by id at once,"
            + " Consistent-Through is honest, and the rebuilt index equals the one before")
    void ingestionGoesOn() throws Exception {
      List<Document> statementsBefore = all("statements");
      List<Document> refsBefore = all("statement_refs");
      Document catalogToken = token(CatalogProjector.GROUP);
      long catalogAgents = db.getCollection("catalog_agents").countDocuments();
      assertThat(statementsBefore).hasSizeGreaterThanOrEqualTo(12);

      gate.close();
      HttpResponse<String> started =
          admin("POST", "/admin/rebuilds/" + StatementIndexProjector.GROUP);
      assertThat(started.statusCode()).isEqualTo(202);
      assertThat(started.headers().firstValue("Location"))
          .hasValue("/admin/rebuilds/" + StatementIndexProjector.GROUP);
      JsonNode status = StrictJson.parse(started.body());
      assertThat(status.path("state").asText()).isEqualTo("running");
      long target = status.path("targetPosition").asLong();
      assertThat(gate.awaitHeld()).isTrue();

      // the reset handler dropped the read model; nothing is applied while the gate holds
      assertThat(db.getCollection("statements").countDocuments()).isZero();
      assertThat(db.getCollection("statement_refs").countDocuments()).isZero();
      assertThat(admin("POST", "/admin/rebuilds/" + StatementIndexProjector.GROUP).statusCode())
          .isEqualTo(409);

      // ingestion: the POST answers although the index cannot reach it while the gate is closed
      String fresh = UUID.randomUUID().toString();
      HttpResponse<String> posted =
          postStatement(completed(fresh, "http://example.org/rebuild/new"));
      assertThat(posted.statusCode()).isEqualTo(200);

      // GET by id comes from the log, with the voided state the log says (Data 2.3.2)
      HttpResponse<String> byId = xapi("/xapi/statements?statementId=" + fresh);
      assertThat(byId.statusCode()).isEqualTo(200);
      Instant storedFresh = Instant.parse(StrictJson.parse(byId.body()).path("stored").asText());
      assertThat(xapi("/xapi/statements?statementId=" + ids.get(2)).statusCode()).isEqualTo(200);
      assertThat(xapi("/xapi/statements?statementId=" + voidedId).statusCode()).isEqualTo(404);
      assertThat(xapi("/xapi/statements?voidedStatementId=" + voidedId).statusCode())
          .isEqualTo(200);

      // queries read the index being rebuilt: Consistent-Through says how far it really is
      HttpResponse<String> list = xapi("/xapi/statements?limit=5");
      Instant through = consistentThrough(list);
      assertThat(through).isBefore(storedFresh);
      assertThat(StrictJson.parse(list.body()).path("statements").size()).isZero();

      JsonNode following = StrictJson.parse(admin("GET", "/admin/rebuilds/statement-index").body());
      assertThat(following.path("state").asText()).isEqualTo("running");
      // at most the event the gate holds: the index cannot have passed it
      assertThat(following.path("eventsDone").asLong()).isLessThanOrEqualTo(1);
      assertThat(following.path("targetPosition").asLong()).isEqualTo(target);
      assertThat(following.path("headPosition").asLong()).isGreaterThan(target);

      // the other read models keep their tokens and documents
      Document catalogTokenNow = token(CatalogProjector.GROUP);
      assertThat(catalogTokenNow.getString("tokenType")).doesNotContain("ReplayToken");
      assertThat(position(catalogTokenNow)).isGreaterThanOrEqualTo(position(catalogToken));
      assertThat(db.getCollection("catalog_agents").countDocuments())
          .isGreaterThanOrEqualTo(catalogAgents);

      gate.open();
      JsonNode done = awaitCaughtUp(StatementIndexProjector.GROUP);
      assertThat(done.path("eventsDone").asLong()).isGreaterThan(target);
      assertThat(done.path("secondsLeft").asLong()).isZero();
      assertThat(done.has("caughtUpAt")).isTrue();

      Map<String, Document> after = byId(all("statements"));
      assertThat(after).containsKey(fresh);
      after.remove(fresh);
      assertThat(after).isEqualTo(byId(statementsBefore));
      assertThat(all("statement_refs")).isEqualTo(refsBefore);
      assertThat(consistentThrough(xapi("/xapi/statements?limit=1"))).isAfterOrEqualTo(storedFresh);
    }
  }

  @Nested
  @DisplayName("the rebuild command")
  class Command {
    @Test
    @DisplayName(
        "rebuilds the catalog, prints progress until caught up, and the catalog is the same")
    void rebuildsAndWaits() {
      List<Document> agents = all("catalog_agents");
      List<Document> activities = all("catalog_activities");
      assertThat(activities).isNotEmpty();
      Document indexToken = token(StatementIndexProjector.GROUP);

      Run r =
          cli(
              "rebuild",
              CatalogProjector.GROUP,
              "--endpoint",
              "http://127.0.0.1:" + port + "/",
              "--user",
              "test-key",
              "--password",
              "test-secret",
              "--wait",
              "--interval",
              "0.1");

      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).contains("rebuild started from event zero");
      assertThat(r.out().lines().reduce((a, b) -> b).orElseThrow())
          .contains("caught up")
          .contains("events/s")
          .contains("left 0 s");
      assertThat(all("catalog_agents")).isEqualTo(agents);
      assertThat(all("catalog_activities")).isEqualTo(activities);
      assertThat(token(StatementIndexProjector.GROUP).getString("tokenType"))
          .isEqualTo(indexToken.getString("tokenType"));
    }

    @Test
    @DisplayName("fails with the server's message for an unknown group, and 2 for bad usage")
    void failures() {
      Run unknown =
          cli(
              "rebuild",
              "nope",
              "--endpoint",
              "http://127.0.0.1:" + port,
              "--user",
              "test-key",
              "--password",
              "test-secret");
      assertThat(unknown.code()).isEqualTo(1);
      assertThat(unknown.err()).contains("HTTP 404").contains("statement-index");

      Run wrongSecret =
          cli(
              "rebuild",
              "catalog",
              "--endpoint",
              "http://127.0.0.1:" + port,
              "--user",
              "test-key",
              "--password",
              "wrong");
      assertThat(wrongSecret.code()).isEqualTo(1);
      assertThat(wrongSecret.err()).contains("HTTP 401");

      assertThat(cli("rebuild", "catalog").code()).isEqualTo(2);
      assertThat(
              cli("rebuild", "catalog", "--endpoint", "ftp://x", "--user", "a", "--password", "b")
                  .code())
          .isEqualTo(2);
    }
  }

  // ---- helpers -----------------------------------------------------------------------------

  record Run(int code, String out, String err) {}

  private static Run cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Cli.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private JsonNode awaitCaughtUp(String group) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    JsonNode s;
    do {
      Thread.sleep(50);
      s = StrictJson.parse(admin("GET", "/admin/rebuilds/" + group).body());
    } while (s.path("state").asText().equals("running") && System.nanoTime() < deadline);
    assertThat(s.path("state").asText()).isEqualTo("caught-up");
    return s;
  }

  private List<Document> all(String collection) {
    return db.getCollection(collection).find().sort(Sorts.ascending("_id")).into(new ArrayList<>());
  }

  private static Map<String, Document> byId(List<Document> docs) {
    return docs.stream()
        .collect(
            Collectors.toMap(
                d -> d.getString("_id"),
                Function.identity(),
                (a, b) -> a,
                java.util.LinkedHashMap::new));
  }

  private Document token(String group) {
    return db.getCollection("tracking_tokens").find(new Document("_id", group + "/0")).first();
  }

  private static long position(Document token) {
    return StrictJson.parse(token.getString("token")).path("index").asLong();
  }

  private static Instant consistentThrough(HttpResponse<String> r) {
    return Instant.parse(
        r.headers().firstValue("X-Experience-API-Consistent-Through").orElseThrow());
  }

  private static String basic(String key, String secret) {
    return "Basic "
        + Base64.getEncoder().encodeToString((key + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  private HttpResponse<String> admin(String method, String path) {
    return send(method, path, basic("test-key", "test-secret"));
  }

  private HttpResponse<String> send(String method, String path, String authorization) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(PROMPT)
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return exchange(b.build());
  }

  private HttpResponse<String> xapi(String path) {
    return exchange(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(PROMPT)
            .header("Authorization", basic("test-key", "test-secret"))
            .header("X-Experience-API-Version", "2.0.0")
            .GET()
            .build());
  }

  private HttpResponse<String> postStatement(String json) {
    return exchange(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/xapi/statements"))
            .timeout(PROMPT)
            .header("Authorization", basic("test-key", "test-secret"))
            .header("X-Experience-API-Version", "2.0.0")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
            .build());
  }

  private HttpResponse<String> exchange(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpTimeoutException e) {
      throw new AssertionError(
          request.method() + " " + request.uri().getPath() + " did not answer within " + PROMPT, e);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private String completed(String id, String activity) {
    return """
        {"id":"%s","actor":{"objectType":"Agent","name":"Học sinh","mbox":"%s"},
         "verb":{"id":"http://adlnet.gov/expapi/verbs/completed","display":{"vi":"đã hoàn thành"}},
         "object":{"objectType":"Activity","id":"%s",
                   "definition":{"name":{"vi":"Bài học","en-US":"Lesson"}}}}
        """
        .formatted(id, mbox, activity);
  }

  private String voiding(String id, String target) {
    return """
        {"id":"%s","actor":{"mbox":"%s"},
         "verb":{"id":"http://adlnet.gov/expapi/verbs/voided","display":{"en-US":"voided"}},
         "object":{"objectType":"StatementRef","id":"%s"}}
        """
        .formatted(id, mbox, target);
  }

  private String referring(String id, String target) {
    return """
        {"id":"%s","actor":{"mbox":"%s"},
         "verb":{"id":"http://example.org/verbs/confirmed"},
         "object":{"objectType":"StatementRef","id":"%s"}}
        """
        .formatted(id, mbox, target);
  }
}
