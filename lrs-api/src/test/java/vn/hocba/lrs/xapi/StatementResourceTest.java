package vn.hocba.lrs.xapi;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.hocba.lrs.xapi.XapiClient.json;
import static vn.hocba.lrs.xapi.XapiClient.q;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** The Statement Resource over real HTTP against the app on the in-memory store. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class StatementResourceTest {

  @LocalServerPort int port;
  XapiClient lrs;

  @BeforeEach
  void client() {
    lrs = new XapiClient(port);
  }

  @Nested
  @DisplayName("Communication 2.1.1 PUT Statements")
  class Put {
    @Test
    void storesTheStatementUnderTheGivenIdAndAnswers204() {
      String id = Statements.id();
      HttpResponse<String> r =
          lrs.put(id, Statements.completed(null, Statements.mbox(), "http://example.org/a"));
      assertThat(r.statusCode()).isEqualTo(204);
      HttpResponse<String> got = lrs.get("?statementId=" + id);
      assertThat(got.statusCode()).isEqualTo(200);
      assertThat(json(got).get("id").asText()).isEqualTo(id);
    }

    @Test
    void withoutStatementIdIs400() {
      HttpResponse<String> r =
          lrs.send(
              "PUT",
              "/xapi/statements",
              "application/json",
              Statements.completed(null, Statements.mbox(), "http://example.org/a"));
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(json(r).get("message").asText()).contains("statementId");
    }

    @Test
    void anIdInTheBodyThatDiffersFromTheParameterIs400() {
      HttpResponse<String> r =
          lrs.put(
              Statements.id(),
              Statements.completed(Statements.id(), Statements.mbox(), "http://example.org/a"));
      assertThat(r.statusCode()).isEqualTo(400);
    }

    @Test
    @DisplayName("Data 2.3.1: the same id with an equivalent statement is a no-op (204)")
    void sameStatementTwiceIsANoOp() {
      String id = Statements.id();
      String s = Statements.completed(null, Statements.mbox(), "http://example.org/a");
      assertThat(lrs.put(id, s).statusCode()).isEqualTo(204);
      assertThat(lrs.put(id, s).statusCode()).isEqualTo(204);
    }

    @Test
    @DisplayName("Communication 2.1.1: the same id with a different statement is 409")
    void sameIdDifferentStatementIs409() {
      String id = Statements.id();
      String mbox = Statements.mbox();
      assertThat(lrs.put(id, Statements.completed(null, mbox, "http://example.org/a")).statusCode())
          .isEqualTo(204);
      HttpResponse<String> r =
          lrs.put(id, Statements.completed(null, mbox, "http://example.org/b"));
      assertThat(r.statusCode()).isEqualTo(409);
      assertThat(json(lrs.get("?statementId=" + id)).at("/object/id").asText())
          .isEqualTo("http://example.org/a");
    }
  }

  @Nested
  @DisplayName("Communication 2.1.2 POST Statements")
  class Post {
    @Test
    void answersTheIdsInOrderAndFillsInWhatTheLrsSets() {
      String given = Statements.id();
      String body =
          "["
              + Statements.completed(given, Statements.mbox(), "http://example.org/a")
              + ","
              + Statements.completed(null, Statements.mbox(), "http://example.org/b")
              + "]";
      HttpResponse<String> r = lrs.post(body);
      assertThat(r.statusCode()).isEqualTo(200);
      JsonNode ids = json(r);
      assertThat(ids).hasSize(2);
      assertThat(ids.get(0).asText()).isEqualTo(given);
      JsonNode second = json(lrs.get("?statementId=" + ids.get(1).asText()));
      assertThat(second.get("stored").asText()).endsWith("Z");
      assertThat(second.get("timestamp").asText()).isEqualTo(second.get("stored").asText());
      assertThat(second.at("/authority/account/name").asText()).isEqualTo("test-key");
      assertThat(second.get("version").asText()).isEqualTo("2.0.0");
    }

    @Test
    @DisplayName("a batch with one invalid statement stores nothing and names the rule")
    void batchIsAllOrNothingOnInvalid() {
      String good = Statements.id();
      String body =
          "["
              + Statements.completed(good, Statements.mbox(), "http://example.org/a")
              + ","
              + "{\"actor\":{\"mbox\":\"not-a-mailto\"},\"verb\":{\"id\":\"http://example.org/v\"},\"object\":{\"id\":\"http://example.org/a\"}}]";
      HttpResponse<String> r = lrs.post(body);
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(json(r).get("violations").get(0).get("pointer").asText()).startsWith("/1/actor");
      assertThat(lrs.get("?statementId=" + good).statusCode()).isEqualTo(404);
    }

    @Test
    @DisplayName("a batch with one conflicting statement stores nothing (409)")
    void batchIsAllOrNothingOnConflict() {
      String existing = Statements.id();
      String mbox = Statements.mbox();
      assertThat(
              lrs.put(existing, Statements.completed(null, mbox, "http://example.org/a"))
                  .statusCode())
          .isEqualTo(204);
      String fresh = Statements.id();
      String body =
          "["
              + Statements.completed(fresh, mbox, "http://example.org/a")
              + ","
              + Statements.completed(existing, mbox, "http://example.org/other")
              + "]";
      assertThat(lrs.post(body).statusCode()).isEqualTo(409);
      assertThat(lrs.get("?statementId=" + fresh).statusCode()).isEqualTo(404);
    }

    @Test
    void theSameIdTwiceInOneBatchIs400() {
      String id = Statements.id();
      String s = Statements.completed(id, Statements.mbox(), "http://example.org/a");
      assertThat(lrs.post("[" + s + "," + s + "]").statusCode()).isEqualTo(400);
    }

    @Test
    void malformedJsonAndDuplicateKeysAre400() {
      assertThat(lrs.post("{\"actor\":").statusCode()).isEqualTo(400);
      assertThat(lrs.post("{\"id\":\"a\",\"id\":\"b\"}").statusCode()).isEqualTo(400);
      assertThat(lrs.post("{} {}").statusCode()).isEqualTo(400);
    }

    @Test
    @DisplayName("an unpaired surrogate escape is 400 and stores nothing; a pair comes back whole")
    void unpairedSurrogatesAre400() {
      String id = Statements.id();
      String lone =
          Statements.completed(id, Statements.mbox(), "http://example.org/a")
              .replace("\"did\"", "\"Nguy\\u1ec5n \\ud800\"");
      assertThat(lone).contains("\\ud800");
      HttpResponse<String> r = lrs.post(lone);
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(json(r).path("message").asText()).contains("unpaired UTF-16 surrogate");
      assertThat(lrs.get("?statementId=" + id).statusCode()).isEqualTo(404);

      String pair = lone.replace("\\ud800", "\\ud83d\\ude00");
      assertThat(lrs.post(pair).statusCode()).isEqualTo(200);
      assertThat(json(lrs.get("?statementId=" + id)).at("/verb/display/en-US").asText())
          .isEqualTo("Nguyễn 😀");
    }

    @Test
    void anEmptyBatchIsAcceptedAndStoresNothing() {
      HttpResponse<String> r = lrs.post("[]");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(json(r)).isEmpty();
    }

    @Test
    void aWrongContentTypeIs400() {
      HttpResponse<String> r = lrs.send("POST", "/xapi/statements", "text/plain", "{}");
      assertThat(r.statusCode()).isEqualTo(400);
    }

    @Test
    @DisplayName("a POST is readable by a GET by id as soon as it has answered")
    void readYourWrites() {
      for (int i = 0; i < 20; i++) {
        String id = Statements.id();
        assertThat(
                lrs.post(Statements.completed(id, Statements.mbox(), "http://example.org/a"))
                    .statusCode())
            .isEqualTo(200);
        assertThat(lrs.get("?statementId=" + id).statusCode()).isEqualTo(200);
      }
    }
  }

  @Nested
  @DisplayName("Communication 2.1.3 GET Statements")
  class Get {
    @Test
    void unknownIdIs404() {
      assertThat(lrs.get("?statementId=" + Statements.id()).statusCode()).isEqualTo(404);
    }

    @Test
    @DisplayName("2.1.3.s2.b1: statementId with voidedStatementId is 400")
    void bothIdsAre400() {
      assertThat(
              lrs.get("?statementId=" + Statements.id() + "&voidedStatementId=" + Statements.id())
                  .statusCode())
          .isEqualTo(400);
    }

    @Test
    @DisplayName("2.1.3.s2.b2: statementId with a filter parameter is 400")
    void idWithFilterIs400() {
      assertThat(
              lrs.get("?statementId=" + Statements.id() + "&verb=" + q("http://example.org/v"))
                  .statusCode())
          .isEqualTo(400);
    }

    @Test
    void unknownParametersAndMalformedValuesAre400() {
      assertThat(lrs.get("?colour=red").statusCode()).isEqualTo(400);
      assertThat(lrs.get("?limit=-1").statusCode()).isEqualTo(400);
      assertThat(lrs.get("?since=yesterday").statusCode()).isEqualTo(400);
      assertThat(lrs.get("?ascending=yes").statusCode()).isEqualTo(400);
      assertThat(lrs.get("?format=full").statusCode()).isEqualTo(400);
      assertThat(lrs.get("?agent=" + q("{\"name\":\"no ifi\"}")).statusCode()).isEqualTo(400);
      assertThat(lrs.get("?registration=nope").statusCode()).isEqualTo(400);
      assertThat(lrs.get("?more=garbage").statusCode()).isEqualTo(400);
    }

    @Test
    void filtersByAgentVerbActivityAndRegistration() {
      String mbox = Statements.mbox();
      String activity = "http://example.org/act/" + Statements.id();
      String registration = Statements.id();
      String a = Statements.id();
      String withReg =
          """
          {"id":"%s","actor":{"mbox":"%s"},"verb":{"id":"http://example.org/verbs/tried"},
           "object":{"id":"%s"},"context":{"registration":"%s"}}
          """
              .formatted(a, mbox, activity, registration);
      String b = Statements.id();
      assertThat(
              lrs.post("[" + withReg + "," + Statements.completed(b, mbox, activity) + "]")
                  .statusCode())
          .isEqualTo(200);
      String agent = q("{\"mbox\":\"" + mbox + "\"}");
      assertThat(ids(lrs.get("?agent=" + agent))).containsExactlyInAnyOrder(a, b);
      assertThat(ids(lrs.get("?agent=" + agent + "&verb=" + q("http://example.org/verbs/tried"))))
          .containsExactly(a);
      assertThat(ids(lrs.get("?activity=" + q(activity)))).containsExactlyInAnyOrder(a, b);
      assertThat(ids(lrs.get("?registration=" + registration))).containsExactly(a);
    }

    @Test
    @DisplayName("related_agents and related_activities widen the filters")
    void relatedFilters() {
      String instructor = Statements.mbox();
      String parent = "http://example.org/course/" + Statements.id();
      String id = Statements.id();
      String s =
          """
          {"id":"%s","actor":{"mbox":"%s"},"verb":{"id":"http://example.org/verbs/tried"},
           "object":{"id":"http://example.org/lesson"},
           "context":{"instructor":{"mbox":"%s"},"contextActivities":{"parent":[{"id":"%s"}]}}}
          """
              .formatted(id, Statements.mbox(), instructor, parent);
      assertThat(lrs.post(s).statusCode()).isEqualTo(200);
      String agent = q("{\"mbox\":\"" + instructor + "\"}");
      assertThat(ids(lrs.get("?agent=" + agent))).isEmpty();
      assertThat(ids(lrs.get("?agent=" + agent + "&related_agents=true"))).containsExactly(id);
      assertThat(ids(lrs.get("?activity=" + q(parent)))).isEmpty();
      assertThat(ids(lrs.get("?activity=" + q(parent) + "&related_activities=true")))
          .containsExactly(id);
    }

    @Test
    @DisplayName("the more link pages by (stored, id) and sees every statement once")
    void pagesWithMoreLinks() {
      String mbox = Statements.mbox();
      List<String> posted = new ArrayList<>();
      for (int batch = 0; batch < 3; batch++) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < 4; i++) {
          String id = Statements.id();
          posted.add(id);
          b.append(i == 0 ? "" : ",")
              .append(Statements.completed(id, mbox, "http://example.org/a"));
        }
        assertThat(lrs.post(b.append("]").toString()).statusCode()).isEqualTo(200);
      }
      List<String> seen = new ArrayList<>();
      String next = "?limit=5&ascending=true&agent=" + q("{\"mbox\":\"" + mbox + "\"}");
      int pages = 0;
      while (next != null) {
        JsonNode page = json(lrs.get(next));
        page.get("statements").forEach(s -> seen.add(s.get("id").asText()));
        String more = page.get("more").asText();
        next = more.isEmpty() ? null : more.substring("/xapi/statements".length());
        pages++;
      }
      assertThat(pages).isEqualTo(3);
      assertThat(seen).containsExactlyInAnyOrderElementsOf(posted).doesNotHaveDuplicates();
    }

    @Test
    void sinceIsExclusiveAndUntilInclusiveOnStored() {
      String mbox = Statements.mbox();
      String id = Statements.id();
      lrs.post(Statements.completed(id, mbox, "http://example.org/a"));
      String stored = json(lrs.get("?statementId=" + id)).get("stored").asText();
      String agent = "&agent=" + q("{\"mbox\":\"" + mbox + "\"}");
      assertThat(ids(lrs.get("?since=" + q(stored) + agent))).isEmpty();
      assertThat(ids(lrs.get("?until=" + q(stored) + agent))).containsExactly(id);
    }

    @Test
    void formatIdsKeepsOnlyIdentifiersAndCanonicalPicksOneLanguage() {
      String id = Statements.id();
      lrs.post(Statements.completed(id, Statements.mbox(), "http://example.org/a"));
      JsonNode ids = json(lrs.get("?statementId=" + id + "&format=ids"));
      assertThat(ids.at("/object/definition").isMissingNode()).isTrue();
      assertThat(ids.at("/verb/display").isMissingNode()).isTrue();
      HttpResponse<String> canonical =
          lrs.send("GET", "/xapi/statements?statementId=" + id + "&format=canonical", null, null);
      assertThat(json(canonical).at("/object/definition/name").size()).isEqualTo(1);
    }

    @Test
    @DisplayName("2.1.3.s2.b5 and b8: Consistent-Through and Last-Modified on responses")
    void consistencyHeaders() {
      String id = Statements.id();
      HttpResponse<String> post =
          lrs.post(Statements.completed(id, Statements.mbox(), "http://example.org/a"));
      assertThat(post.headers().firstValue("X-Experience-API-Consistent-Through")).isPresent();
      HttpResponse<String> got = lrs.get("?statementId=" + id);
      Instant stored = Instant.parse(json(got).get("stored").asText());
      Instant through =
          Instant.parse(
              got.headers().firstValue("X-Experience-API-Consistent-Through").orElseThrow());
      assertThat(through).isAfterOrEqualTo(stored);
      assertThat(got.headers().firstValue("Last-Modified")).isPresent();
    }

    @Test
    @DisplayName("Communication 1.1: HEAD answers like GET without a body")
    void headLikeGet() {
      String id = Statements.id();
      lrs.post(Statements.completed(id, Statements.mbox(), "http://example.org/a"));
      HttpResponse<String> head =
          lrs.send("HEAD", "/xapi/statements?statementId=" + id, null, null);
      assertThat(head.statusCode()).isEqualTo(200);
      assertThat(head.body()).isEmpty();
      assertThat(
              lrs.send("HEAD", "/xapi/statements?statementId=" + Statements.id(), null, null)
                  .statusCode())
          .isEqualTo(404);
    }
  }

  @Nested
  @DisplayName("Communication 2.1.4 and Data 2.3.2 voiding")
  class Voiding {
    @Test
    void aVoidedStatementIsOnlyFoundByVoidedStatementId() {
      String mbox = Statements.mbox();
      String target = Statements.id();
      String voiding = Statements.id();
      lrs.post(Statements.completed(target, mbox, "http://example.org/a"));
      assertThat(lrs.post(Statements.voiding(voiding, mbox, target)).statusCode()).isEqualTo(200);
      assertThat(lrs.get("?statementId=" + target).statusCode()).isEqualTo(404);
      assertThat(lrs.get("?voidedStatementId=" + target).statusCode()).isEqualTo(200);
      assertThat(lrs.get("?voidedStatementId=" + voiding).statusCode()).isEqualTo(404);
      String agent = q("{\"mbox\":\"" + mbox + "\"}");
      // 2.1.4.s1.b2: the voiding statement still matches the target's filters
      assertThat(ids(lrs.get("?agent=" + agent))).containsExactly(voiding);
    }

    @Test
    @DisplayName("Data 2.3.2.s2.b3: a voiding statement cannot be voided")
    void voidingAVoidingStatementLeavesItInPlace() {
      String mbox = Statements.mbox();
      String target = Statements.id();
      String voiding = Statements.id();
      lrs.post(Statements.completed(target, mbox, "http://example.org/a"));
      lrs.post(Statements.voiding(voiding, mbox, target));
      assertThat(lrs.post(Statements.voiding(Statements.id(), mbox, voiding)).statusCode())
          .isEqualTo(200);
      assertThat(lrs.get("?statementId=" + voiding).statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName(
        "Data 2.3.2.s2.b5: a voiding statement for an unknown target is accepted and takes effect later")
    void voidingBeforeTheTargetArrives() {
      String mbox = Statements.mbox();
      String target = Statements.id();
      assertThat(lrs.post(Statements.voiding(Statements.id(), mbox, target)).statusCode())
          .isEqualTo(200);
      lrs.post(Statements.completed(target, mbox, "http://example.org/a"));
      assertThat(lrs.get("?statementId=" + target).statusCode()).isEqualTo(404);
      assertThat(lrs.get("?voidedStatementId=" + target).statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("Communication 2.1.3.s3: statements targeting a match match too, recursively")
    void statementRefChainsMatchTheTargetsFilters() {
      String mbox = Statements.mbox();
      String activity = "http://example.org/act/" + Statements.id();
      String a = Statements.id();
      String b = Statements.id();
      String c = Statements.id();
      lrs.post(Statements.completed(a, mbox, activity));
      lrs.post(Statements.referring(b, Statements.mbox(), a));
      lrs.post(Statements.referring(c, Statements.mbox(), b));
      assertThat(ids(lrs.get("?activity=" + q(activity)))).containsExactlyInAnyOrder(a, b, c);
    }
  }

  @Nested
  @DisplayName("Communication 3.3 versioning and 4.0 authentication")
  class Protocol {
    @Test
    void missingOrUnsupportedVersionIs400() {
      assertThat(lrs.version(null).get("").statusCode()).isEqualTo(400);
      assertThat(lrs.version("0.95").get("").statusCode()).isEqualTo(400);
      assertThat(lrs.version("1.0.3").get("").headers().firstValue("X-Experience-API-Version"))
          .contains("1.0.3");
      assertThat(lrs.version("2.0.0").get("").headers().firstValue("X-Experience-API-Version"))
          .contains("2.0.0");
    }

    @Test
    void missingWrongOrMalformedCredentialsAre401() {
      assertThat(lrs.authorization(null).get("").statusCode()).isEqualTo(401);
      assertThat(
              lrs.authorization(
                      "Basic "
                          + java.util.Base64.getEncoder()
                              .encodeToString("test-key:wrong".getBytes()))
                  .get("")
                  .statusCode())
          .isEqualTo(401);
      assertThat(lrs.authorization("Basic !!!").get("").statusCode()).isEqualTo(401);
      assertThat(lrs.authorization("Bearer x").get("").statusCode()).isEqualTo(401);
    }

    @Test
    @DisplayName("Communication 2.8: About lists both versions without credentials")
    void about() {
      HttpResponse<String> r =
          lrs.authorization(null).version(null).send("GET", "/xapi/about", null, null);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(json(r).get("version").toString()).contains("1.0.3", "2.0.0");
    }

    @Test
    @DisplayName("2.0 rejects the 1.0.3 alternate request syntax")
    void alternateSyntaxRejected() {
      HttpResponse<String> r =
          lrs.send("POST", "/xapi/statements?method=GET", "application/x-www-form-urlencoded", "");
      assertThat(r.statusCode()).isEqualTo(400);
    }
  }

  private static List<String> ids(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    json(r).get("statements").forEach(s -> out.add(s.get("id").asText()));
    return out;
  }
}
