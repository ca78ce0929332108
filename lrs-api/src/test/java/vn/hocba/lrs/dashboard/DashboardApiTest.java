package vn.hocba.lrs.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.bson.Document;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import vn.hocba.lrs.security.Credentials;
import vn.hocba.programme.PersonKeys;
import vn.hocba.progress.ProgressProjector;
import vn.hocba.progress.ProgressStore;

/** The dashboard API end to end: rosters, statements, voiding, scopes, replay and "as of". */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "lrs.programmes=src/test/resources/programmes/tiny.yaml")
@ActiveProfiles("test")
class DashboardApiTest {

  static final String C = "https://example.vn/courses/";
  static final String V = "http://adlnet.gov/expapi/verbs/";

  @LocalServerPort int port;
  @Autowired Credentials credentials;
  @Autowired EventProcessingConfiguration processing;
  @Autowired MongoDatabase db;

  ApiClient api() {
    return new ApiClient(port, "test-key", "test-secret");
  }

  static String statement(String id, String who, String verb, String topic, String extra) {
    return "{\"id\":\""
        + id
        + "\",\"actor\":{\"mbox\":\"mailto:"
        + who
        + "@example.vn\",\"name\":\"Người "
        + who
        + "\"},\"verb\":{\"id\":\""
        + V
        + verb
        + "\"},\"object\":{\"id\":\""
        + C
        + topic
        + "\"}"
        + (extra == null ? "" : "," + extra)
        + "}";
  }

  @Test
  @DisplayName("credentials are required, and the dashboard and roster scopes are checked")
  void scopes() {
    credentials.create("viewer", "viewer-secret", List.of("dashboard"), "test");
    credentials.create("platform", "platform-secret", List.of("statements/write"), "test");
    assertThat(
            new ApiClient(port, null, null).send("GET", "/api/programmes", null, null).statusCode())
        .isEqualTo(401);
    assertThat(
            new ApiClient(port, "viewer", "wrong")
                .send("GET", "/api/programmes", null, null)
                .statusCode())
        .isEqualTo(401);
    HttpResponse<String> forbidden =
        new ApiClient(port, "platform", "platform-secret")
            .send("GET", "/api/programmes", null, null);
    assertThat(forbidden.statusCode()).isEqualTo(403);
    assertThat(forbidden.body()).contains("dashboard");
    ApiClient viewer = new ApiClient(port, "viewer", "viewer-secret");
    assertThat(viewer.get("/api/programmes").get(0).path("id").asText()).isEqualTo("tiny");
    assertThat(
            viewer
                .roster("tiny", "learner,group,locality\nmailto:v@example.vn,staff,D1\n")
                .statusCode())
        .isEqualTo(403);
    assertThat(viewer.send("GET", "/api/programmes/none/dashboard", null, null).statusCode())
        .isEqualTo(404);
    assertThat(
            viewer
                .send("GET", "/api/programmes/tiny/dashboard?locality=ZZ", null, null)
                .statusCode())
        .isEqualTo(404);
    assertThat(
            viewer
                .send("GET", "/api/programmes/tiny/dashboard?asOf=yesterday", null, null)
                .statusCode())
        .isEqualTo(400);
    assertThat(viewer.send("GET", "/api/programmes/tiny/people?limit=0", null, null).statusCode())
        .isEqualTo(400);
  }

  @Test
  @DisplayName("a bad roster stores nothing and names every bad line")
  void badRoster() {
    ApiClient api = api();
    long head = api.settled("/api/programmes/tiny/dashboard").path("head").asLong();
    HttpResponse<String> r =
        api.roster(
            "tiny",
            "learner,group,locality\nmailto:ok@example.vn,staff,D1\nmailto:x@example.vn,nobody,D1\n");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("\"pointer\":\"/rows/3\"").contains("unknown group 'nobody'");
    assertThat(api.settled("/api/programmes/tiny/dashboard").path("head").asLong()).isEqualTo(head);
    assertThat(
            api.send("POST", "/api/programmes/tiny/roster", "application/json", "{}").statusCode())
        .isEqualTo(400);
  }

  @Test
  @DisplayName(
      "roster and statements become progress and dashboards; a replay from zero rebuilds them"
          + " identically; as-of answers what the live view said then")
  void endToEnd() throws Exception {
    ApiClient api = api();
    String run = UUID.randomUUID().toString().substring(0, 8);
    String an = "an" + run;
    String bo = "bo" + run;
    String cu = "cu" + run;
    HttpResponse<String> roster =
        api.roster(
            "tiny",
            "learner,group,locality,effective\n"
                + "mailto:"
                + an
                + "@example.vn,staff,C1,2025-04-14\n"
                + "mailto:"
                + bo
                + "@example.vn,staff,D2,2025-04-14\n");
    assertThat(roster.statusCode()).as(roster.body()).isEqualTo(200);
    assertThat(roster.body()).contains("\"placed\":2");
    // the same roster again changes nothing
    String a1 = UUID.randomUUID().toString();
    String a2 = UUID.randomUUID().toString();
    String b1 = UUID.randomUUID().toString();
    String ts = "\"timestamp\":\"2025-05-02T03:00:00Z\"";
    String batch =
        "["
            + statement(
                a1,
                an,
                "passed",
                "a",
                ts + ",\"result\":{\"score\":{\"scaled\":0.9},\"duration\":\"PT20M\"}")
            + ","
            + statement(a2, an, "completed", "c", ts + ",\"result\":{\"score\":{\"scaled\":0.8}}")
            + ","
            + statement(b1, bo, "passed", "a", ts + ",\"result\":{\"score\":{\"scaled\":0.95}}")
            + ","
            + statement(
                UUID.randomUUID().toString(),
                cu,
                "launched",
                "c",
                ts
                    + ",\"context\":{\"extensions\":{\"https://hocba.vn/xapi/extensions/population-group\":\"pupils\","
                    + "\"https://hocba.vn/xapi/extensions/locality\":\"D1\"}}")
            + "]";
    assertThat(api.statements(batch).statusCode()).isEqualTo(200);

    JsonNode live = api.settled("/api/programmes/tiny/dashboard");
    JsonNode staff = live.path("groups").get(0);
    assertThat(staff.path("group").asText()).isEqualTo("staff");
    assertThat(staff.path("enrolled").asLong()).isGreaterThanOrEqualTo(2);
    long staffDone = staff.path("completed").asLong();
    JsonNode d1 = api.settled("/api/programmes/tiny/dashboard?locality=D1");
    assertThat(d1.path("locality").path("path").get(0).path("code").asText()).isEqualTo("P");
    assertThat(d1.path("children").get(0).path("locality").path("code").asText()).isEqualTo("C1");

    String anKey = PersonKeys.ofLearner("mailto:" + an + "@example.vn");
    JsonNode person = api.get("/api/programmes/tiny/people/" + ApiClientUrls.enc(anKey));
    assertThat(person.path("completion").path("met").asBoolean()).isTrue();
    assertThat(person.path("completion").path("statements"))
        .extracting(JsonNode::asText)
        .containsExactly(a1, a2);
    assertThat(person.path("name").asText()).isEqualTo("Người " + an);
    assertThat(person.path("topics").get(0).path("timeSpentSeconds").asLong()).isEqualTo(1200);
    // an account key holds slashes: still one path segment, URL-encoded
    String acct = "account:https://lms.example.vn/users|u" + run;
    assertThat(api.roster("tiny", "learner,group,locality\n" + acct + ",pupils,D1\n").statusCode())
        .isEqualTo(200);
    api.settled("/api/programmes/tiny/dashboard");
    JsonNode byAccount = api.get("/api/programmes/tiny/people/" + ApiClientUrls.enc(acct));
    assertThat(byAccount.path("person").asText()).isEqualTo(acct);
    JsonNode cuPerson =
        api.get(
            "/api/programmes/tiny/people/"
                + ApiClientUrls.enc(PersonKeys.ofLearner("mailto:" + cu + "@example.vn")));
    assertThat(cuPerson.path("placement").path("source").asText()).isEqualTo("statement");

    // capture the live view, then void a proving statement: the completion disappears live only
    ObjectNode captured = stable(api.settled("/api/programmes/tiny/dashboard"));
    String capturedAt = captured.path("asOf").asText();
    Thread.sleep(5);
    String voiding =
        "{\"actor\":{\"mbox\":\"mailto:admin@example.vn\"},\"verb\":{\"id\":\""
            + V
            + "voided\"},\"object\":{\"objectType\":\"StatementRef\",\"id\":\""
            + a2
            + "\"}}";
    assertThat(api.statements(voiding).statusCode()).isEqualTo(200);
    JsonNode after = api.settled("/api/programmes/tiny/dashboard");
    assertThat(after.path("groups").get(0).path("completed").asLong()).isEqualTo(staffDone - 1);
    assertThat(
            api.get("/api/programmes/tiny/people/" + ApiClientUrls.enc(anKey))
                .path("completion")
                .path("met")
                .asBoolean())
        .isFalse();
    ObjectNode asOf =
        stable(api.settled("/api/programmes/tiny/dashboard?asOf=" + ApiClientUrls.enc(capturedAt)));
    assertThat(asOf).isEqualTo(captured);
    assertThat(
            api.get(
                    "/api/programmes/tiny/people/"
                        + ApiClientUrls.enc(anKey)
                        + "?asOf="
                        + ApiClientUrls.enc(capturedAt))
                .path("completion")
                .path("met")
                .asBoolean())
        .isTrue();
    String csv =
        api.send("GET", "/api/programmes/tiny/dashboard.csv?locality=D1", null, null).body();
    assertThat(csv)
        .startsWith("\uFEFFlocality,locality_name_vi")
        .contains("D1,Huyện 1,District 1,district,staff,10,");

    // replay from event zero: the same documents and the same dashboard
    List<Document> before = people();
    ObjectNode dashBefore =
        stable(api.settled("/api/programmes/tiny/dashboard?asOf=" + ApiClientUrls.enc(capturedAt)));
    TrackingEventProcessor processor =
        processing
            .eventProcessor(ProgressProjector.GROUP, TrackingEventProcessor.class)
            .orElseThrow();
    processor.shutDown();
    processor.resetTokens();
    assertThat(db.getCollection(ProgressStore.PEOPLE).countDocuments()).isZero();
    processor.start();
    long deadline = System.nanoTime() + 60_000_000_000L;
    while ((processor.isReplaying() || !people().equals(before)) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(people()).isEqualTo(before);
    Thread.sleep(DashboardService.REFRESH.toMillis() + 100);
    assertThat(
            stable(
                api.settled(
                    "/api/programmes/tiny/dashboard?asOf=" + ApiClientUrls.enc(capturedAt))))
        .isEqualTo(dashBefore);
  }

  /** A dashboard without the fields that say when and how it was read. */
  static ObjectNode stable(JsonNode d) {
    ObjectNode n = d.deepCopy();
    n.remove("live");
    n.remove("through");
    n.remove("head");
    return n;
  }

  private List<Document> people() {
    return db.getCollection(ProgressStore.PEOPLE)
        .find()
        .sort(Sorts.ascending("_id"))
        .into(new ArrayList<>());
  }

  /** URL encoding for path and query parts. */
  static final class ApiClientUrls {
    static String enc(String s) {
      return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8)
          .replace("+", "%20");
    }
  }
}
