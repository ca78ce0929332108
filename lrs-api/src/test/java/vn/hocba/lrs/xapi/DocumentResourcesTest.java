package vn.hocba.lrs.xapi;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.hocba.lrs.xapi.XapiClient.q;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import vn.hocba.documents.DocumentStore;
import vn.hocba.xapi.json.StrictJson;

/** The Document Resources, Agents and Activities Resources over real HTTP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class DocumentResourcesTest {

  private static final String JSON = "application/json";

  @LocalServerPort int port;
  @Autowired DocumentStore store;
  XapiClient lrs;
  String activity;
  String agent;

  @BeforeEach
  void setUp() {
    lrs = new XapiClient(port);
    activity = "http://example.org/activities/" + UUID.randomUUID();
    agent = "{\"objectType\":\"Agent\",\"mbox\":\"" + Statements.mbox() + "\"}";
  }

  String state(String stateId) {
    return "/xapi/activities/state?activityId="
        + q(activity)
        + "&agent="
        + q(agent)
        + (stateId == null ? "" : "&stateId=" + q(stateId));
  }

  String activityProfile(String profileId) {
    return "/xapi/activities/profile?activityId="
        + q(activity)
        + (profileId == null ? "" : "&profileId=" + q(profileId));
  }

  String agentProfile(String profileId) {
    return "/xapi/agents/profile?agent="
        + q(agent)
        + (profileId == null ? "" : "&profileId=" + q(profileId));
  }

  HttpResponse<byte[]> send(String method, String path, String body, String... headers) {
    return lrs.raw(
        method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8), headers);
  }

  static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  static JsonNode json(HttpResponse<byte[]> r) {
    return StrictJson.parse(r.body());
  }

  static String etag(HttpResponse<byte[]> r) {
    return r.headers().firstValue("ETag").orElseThrow();
  }

  static String sha1(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(b));
  }

  @Nested
  @DisplayName("Communication 2.3 State Resource")
  class State {

    @Test
    @DisplayName("2.3: PUT then GET returns the document, its Content-Type, ETag and Last-Modified")
    void putThenGet() throws Exception {
      HttpResponse<byte[]> put = send("PUT", state("s1"), "{\"a\":1}", "Content-Type", JSON);
      assertThat(put.statusCode()).isEqualTo(204);
      HttpResponse<byte[]> got = send("GET", state("s1"), null);
      assertThat(got.statusCode()).isEqualTo(200);
      assertThat(text(got)).isEqualTo("{\"a\":1}");
      assertThat(got.headers().firstValue("Content-Type").orElseThrow()).startsWith(JSON);
      assertThat(etag(got)).isEqualTo("\"" + sha1("{\"a\":1}".getBytes()) + "\"");
      assertThat(got.headers().firstValue("Last-Modified")).isPresent();
    }

    @Test
    @DisplayName("2.2: a binary document round-trips byte for byte with its Content-Type")
    void binaryRoundTrip() {
      byte[] bytes = new byte[70_000];
      new Random(7).nextBytes(bytes);
      HttpResponse<byte[]> put =
          lrs.raw("PUT", state("bin"), bytes, "Content-Type", "image/x-test; name=raw");
      assertThat(put.statusCode()).isEqualTo(204);
      HttpResponse<byte[]> got = lrs.raw("GET", state("bin"), null);
      assertThat(got.body()).isEqualTo(bytes);
      assertThat(got.headers().firstValue("Content-Type").orElseThrow()).startsWith("image/x-test");
    }

    @Test
    @DisplayName("2.2.s7: POST merges JSON objects one level deep")
    void postMerges() {
      send("POST", state("m"), "{\"a\":1,\"b\":{\"x\":1}}", "Content-Type", JSON);
      HttpResponse<byte[]> r =
          send("POST", state("m"), "{\"b\":{\"y\":2},\"c\":3}", "Content-Type", JSON);
      assertThat(r.statusCode()).isEqualTo(204);
      assertThat(json(send("GET", state("m"), null)))
          .isEqualTo(StrictJson.parse("{\"a\":1,\"b\":{\"y\":2},\"c\":3}"));
    }

    @Test
    @DisplayName(
        "2.2.s8.b1: POST onto a non-JSON document, or a non-object, is 400 and changes nothing")
    void postMergeRejects() {
      send("PUT", state("t"), "plain text", "Content-Type", "text/plain");
      assertThat(send("POST", state("t"), "{\"a\":1}", "Content-Type", JSON).statusCode())
          .isEqualTo(400);
      send("PUT", state("j"), "{\"a\":1}", "Content-Type", JSON);
      assertThat(send("POST", state("j"), "[1,2]", "Content-Type", JSON).statusCode())
          .isEqualTo(400);
      assertThat(send("POST", state("j"), "{bad", "Content-Type", JSON).statusCode())
          .isEqualTo(400);
      assertThat(text(send("GET", state("t"), null))).isEqualTo("plain text");
      assertThat(text(send("GET", state("j"), null))).isEqualTo("{\"a\":1}");
    }

    @Test
    @DisplayName("2.3.s4: GET without stateId lists ids, filtered by since")
    void listWithSince() throws Exception {
      send("PUT", state("one"), "1", "Content-Type", "text/plain");
      Thread.sleep(20);
      Instant between = Instant.now();
      Thread.sleep(20);
      send("PUT", state("two"), "2", "Content-Type", "text/plain");
      assertThat(json(send("GET", state(null), null)))
          .containsExactlyInAnyOrder(
              StrictJson.mapper().getNodeFactory().textNode("one"),
              StrictJson.mapper().getNodeFactory().textNode("two"));
      JsonNode since = json(send("GET", state(null) + "&since=" + q(between.toString()), null));
      assertThat(since).containsExactly(StrictJson.mapper().getNodeFactory().textNode("two"));
    }

    @Test
    @DisplayName("2.3.s5: DELETE without stateId deletes every state of the activity and agent")
    void deleteAll() {
      send("PUT", state("a"), "1", "Content-Type", "text/plain");
      send("PUT", state("b"), "2", "Content-Type", "text/plain");
      assertThat(send("DELETE", state(null), null).statusCode()).isEqualTo(204);
      assertThat(json(send("GET", state(null), null))).isEmpty();
      assertThat(send("GET", state("a"), null).statusCode()).isEqualTo(404);
    }

    @Test
    @DisplayName("2.3: registration is part of the identity of a state")
    void registrationSeparates() {
      String reg = UUID.randomUUID().toString();
      send("PUT", state("r") + "&registration=" + reg, "with", "Content-Type", "text/plain");
      send("PUT", state("r"), "without", "Content-Type", "text/plain");
      assertThat(text(send("GET", state("r") + "&registration=" + reg, null))).isEqualTo("with");
      assertThat(text(send("GET", state("r"), null))).isEqualTo("without");
    }

    @Test
    @DisplayName("2.3.s3: missing, unknown or malformed parameters are 400")
    void badParameters() {
      assertThat(send("PUT", "/xapi/activities/state?stateId=x", "1").statusCode()).isEqualTo(400);
      assertThat(send("PUT", state(null), "1").statusCode()).isEqualTo(400);
      assertThat(send("GET", state("x") + "&colour=red", null).statusCode()).isEqualTo(400);
      assertThat(
              send("GET", state("x").replace(q(agent), q("{\"mbox\":\"nope\"}")), null)
                  .statusCode())
          .isEqualTo(400);
      assertThat(send("GET", state("x").replace(q(agent), q("{not json")), null).statusCode())
          .isEqualTo(400);
      assertThat(send("GET", state("x") + "&registration=abc", null).statusCode()).isEqualTo(400);
      assertThat(send("GET", state(null) + "&since=yesterday", null).statusCode()).isEqualTo(400);
    }

    @Test
    @DisplayName("1.1: HEAD answers like GET, without a body")
    void head() {
      send("PUT", state("h"), "{\"a\":1}", "Content-Type", JSON);
      HttpResponse<byte[]> r = send("HEAD", state("h"), null);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEmpty();
      assertThat(r.headers().firstValue("ETag")).isPresent();
    }

    @Test
    @DisplayName("3.1 (1.0.3): PUT without precondition overwrites a state; (2.0) it is 409")
    void overwriteRulesByVersion() {
      XapiClient old = lrs.version("1.0.3");
      send("PUT", state("v"), "1", "Content-Type", "text/plain");
      assertThat(
              old.raw("PUT", state("v"), "2".getBytes(), "Content-Type", "text/plain").statusCode())
          .isEqualTo(204);
      assertThat(send("PUT", state("v"), "3", "Content-Type", "text/plain").statusCode())
          .isEqualTo(409);
      assertThat(text(send("GET", state("v"), null))).isEqualTo("2");
    }

    @Test
    @DisplayName("2.2: every change is recorded in the document history with who and the etags")
    void history() {
      send("PUT", state("audit"), "1", "Content-Type", "text/plain");
      send("DELETE", state("audit"), null);
      var id =
          new DocumentStore.Identity(
              DocumentStore.Kind.STATE,
              activity,
              vn.hocba.xapi.statements.AgentKeys.key(StrictJson.parse(agent)).orElseThrow(),
              null,
              "audit");
      var h = store.history(id);
      assertThat(h).extracting(d -> d.getString("op")).containsExactly("put", "delete");
      assertThat(h).allSatisfy(d -> assertThat(d.getString("by")).isEqualTo("test-key"));
      assertThat(h.get(1).getString("etagBefore")).isEqualTo(h.get(0).getString("etag"));
    }
  }

  @Nested
  @DisplayName("Communication 3.1 Concurrency")
  class Concurrency {

    @Test
    @DisplayName(
        "3.1: If-Match with the current ETag succeeds, a stale one is 412 and changes nothing")
    void ifMatch() {
      send("PUT", activityProfile("p"), "{\"v\":1}", "Content-Type", JSON);
      String tag = etag(send("GET", activityProfile("p"), null));
      assertThat(
              send("PUT", activityProfile("p"), "{\"v\":2}", "Content-Type", JSON, "If-Match", tag)
                  .statusCode())
          .isEqualTo(204);
      assertThat(
              send("PUT", activityProfile("p"), "{\"v\":3}", "Content-Type", JSON, "If-Match", tag)
                  .statusCode())
          .isEqualTo(412);
      assertThat(
              send("POST", activityProfile("p"), "{\"w\":3}", "Content-Type", JSON, "If-Match", tag)
                  .statusCode())
          .isEqualTo(412);
      assertThat(send("DELETE", activityProfile("p"), null, "If-Match", tag).statusCode())
          .isEqualTo(412);
      assertThat(json(send("GET", activityProfile("p"), null)).get("v").asInt()).isEqualTo(2);
    }

    @Test
    @DisplayName("3.1: If-None-Match: * creates only when absent")
    void ifNoneMatch() {
      assertThat(
              send(
                      "PUT",
                      agentProfile("n"),
                      "1",
                      "Content-Type",
                      "text/plain",
                      "If-None-Match",
                      "*")
                  .statusCode())
          .isEqualTo(204);
      assertThat(
              send(
                      "PUT",
                      agentProfile("n"),
                      "2",
                      "Content-Type",
                      "text/plain",
                      "If-None-Match",
                      "*")
                  .statusCode())
          .isEqualTo(412);
      assertThat(text(send("GET", agentProfile("n"), null))).isEqualTo("1");
    }

    @Test
    @DisplayName("3.1: a profile PUT on an existing document without either header is 409")
    void profilePutWithoutPreconditionIs409() {
      send("PUT", agentProfile("c"), "1", "Content-Type", "text/plain");
      HttpResponse<byte[]> r = send("PUT", agentProfile("c"), "2", "Content-Type", "text/plain");
      assertThat(r.statusCode()).isEqualTo(409);
      assertThat(text(r)).contains("If-Match");
      assertThat(text(send("GET", agentProfile("c"), null))).isEqualTo("1");
    }

    @Test
    @DisplayName(
        "1.0.3 Communication 2.6.s3: a profile PUT without If-Match or If-None-Match is 400")
    void profilePutWithoutHeaderUnder103() {
      XapiClient old = lrs.version("1.0.3");
      assertThat(
              old.raw("PUT", agentProfile("o"), "1".getBytes(), "Content-Type", "text/plain")
                  .statusCode())
          .isEqualTo(400);
      assertThat(send("GET", agentProfile("o"), null).statusCode()).isEqualTo(404);
    }

    @Test
    @DisplayName("3.1: an If-Match on a document that does not exist is 412")
    void ifMatchOnMissing() {
      assertThat(
              send("PUT", activityProfile("none"), "1", "If-Match", "\"abc\"", "Content-Type", JSON)
                  .statusCode())
          .isEqualTo(412);
    }

    @Test
    @DisplayName("3.1: two racing PUTs with the same If-Match: exactly one 204, the other 412")
    void racingPuts() throws Exception {
      for (int round = 0; round < 10; round++) {
        String id = "race-" + round;
        send("PUT", activityProfile(id), "{\"v\":0}", "Content-Type", JSON);
        String tag = etag(send("GET", activityProfile(id), null));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
          String body = "{\"v\":" + i + "}";
          results.add(
              pool.submit(
                  () -> {
                    start.await();
                    return send(
                            "PUT", activityProfile(id), body, "Content-Type", JSON, "If-Match", tag)
                        .statusCode();
                  }));
        }
        start.countDown();
        List<Integer> codes = new ArrayList<>();
        for (Future<Integer> f : results) {
          codes.add(f.get());
        }
        pool.shutdown();
        assertThat(codes).containsExactlyInAnyOrder(204, 412);
      }
    }
  }

  @Nested
  @DisplayName("Communication 2.6 and 2.7 Profile Resources")
  class Profiles {

    @Test
    @DisplayName("2.7: activity profile list by since, GET, DELETE")
    void activityProfiles() {
      send("PUT", activityProfile("x"), "{}", "Content-Type", JSON);
      assertThat(json(send("GET", activityProfile(null), null)).get(0).asText()).isEqualTo("x");
      assertThat(send("DELETE", activityProfile("x"), null).statusCode()).isEqualTo(204);
      assertThat(send("GET", activityProfile("x"), null).statusCode()).isEqualTo(404);
    }

    @Test
    @DisplayName("2.6: agent profile needs a valid agent; DELETE needs a profileId")
    void agentProfiles() {
      assertThat(send("GET", "/xapi/agents/profile?profileId=x", null).statusCode()).isEqualTo(400);
      assertThat(send("DELETE", agentProfile(null), null).statusCode()).isEqualTo(400);
      send("PUT", agentProfile("y"), "{\"k\":1}", "Content-Type", JSON);
      assertThat(json(send("GET", agentProfile("y"), null)).get("k").asInt()).isEqualTo(1);
    }
  }

  @Nested
  @DisplayName("Communication 2.4 and 2.5 Agents and Activities Resources")
  class AgentsAndActivities {

    @Test
    @DisplayName("2.4: a Person with the agent's identifier and the names statements gave it")
    void person() {
      String mbox = Statements.mbox();
      String s =
          "{\"actor\":{\"name\":\"Lan\",\"mbox\":\""
              + mbox
              + "\"},\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/attended\"},"
              + "\"object\":{\"id\":\""
              + activity
              + "\"}}";
      assertThat(lrs.post(s).statusCode()).isEqualTo(200);
      HttpResponse<byte[]> r =
          send("GET", "/xapi/agents?agent=" + q("{\"mbox\":\"" + mbox + "\"}"), null);
      assertThat(r.statusCode()).isEqualTo(200);
      JsonNode p = json(r);
      assertThat(p.get("objectType").asText()).isEqualTo("Person");
      assertThat(p.get("name").get(0).asText()).isEqualTo("Lan");
      assertThat(p.get("mbox").get(0).asText()).isEqualTo(mbox);
      assertThat(send("GET", "/xapi/agents", null).statusCode()).isEqualTo(400);
    }

    @Test
    @DisplayName("2.5: the definition is merged from every statement that defined the activity")
    void mergedDefinition() {
      String def1 = "{\"name\":{\"en-US\":\"meeting\"},\"type\":\"http://example.org/t\"}";
      String def2 = "{\"name\":{\"vi-VN\":\"cuộc họp\"}}";
      for (String def : List.of(def1, def2)) {
        String s =
            "{\"actor\":{\"mbox\":\""
                + Statements.mbox()
                + "\"},\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/attended\"},"
                + "\"object\":{\"objectType\":\"Activity\",\"id\":\""
                + activity
                + "\",\"definition\":"
                + def
                + "}}";
        assertThat(lrs.post(s).statusCode()).isEqualTo(200);
      }
      JsonNode a = json(send("GET", "/xapi/activities?activityId=" + q(activity), null));
      assertThat(a.get("objectType").asText()).isEqualTo("Activity");
      assertThat(a.at("/definition/name/en-US").asText()).isEqualTo("meeting");
      assertThat(a.at("/definition/name/vi-VN").asText()).isEqualTo("cuộc họp");
      assertThat(a.at("/definition/type").asText()).isEqualTo("http://example.org/t");
    }

    @Test
    @DisplayName("2.5: an activity no statement defined is an Activity with its id only")
    void unknownActivity() {
      JsonNode a = json(send("GET", "/xapi/activities?activityId=" + q(activity), null));
      assertThat(a)
          .isEqualTo(StrictJson.parse("{\"objectType\":\"Activity\",\"id\":\"" + activity + "\"}"));
      assertThat(send("GET", "/xapi/activities", null).statusCode()).isEqualTo(400);
      assertThat(send("GET", "/xapi/activities?activityId=x&y=1", null).statusCode())
          .isEqualTo(400);
    }
  }
}
