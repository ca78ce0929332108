package vn.hocba.lrs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import vn.hocba.programme.PersonKeys;
import vn.hocba.programme.ProgrammeFiles;
import vn.hocba.programme.ProgrammeIndex;
import vn.hocba.progress.ProgressStore;
import vn.hocba.xapi.json.StrictJson;

@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "lrs.programmes=src/test/resources/programmes/tiny.yaml")
@ActiveProfiles("test")
class AuditPersonCommandTest {

  @LocalServerPort int port;
  @Autowired MongoDatabase db;

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> send(String method, String path, String type, String body)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("X-Experience-API-Version", "2.0.0")
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString("test-key:test-secret".getBytes(StandardCharsets.UTF_8)))
            .header("Content-Type", type == null ? "application/json" : type)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private void settle() throws Exception {
    for (int i = 0; i < 300; i++) {
      var d = StrictJson.parse(send("GET", "/api/programmes/tiny/dashboard", null, null).body());
      if (d.path("through").asLong() >= d.path("head").asLong()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("progress did not settle");
  }

  @Test
  @DisplayName(
      "the auditor's replay of one learner agrees with the read model, and notices a read model"
          + " that was altered")
  void replayAgreesAndNoticesTampering() throws Exception {
    String who = "audit" + UUID.randomUUID().toString().substring(0, 8);
    String learner = "mailto:" + who + "@example.vn";
    assertThat(
            send(
                    "POST",
                    "/api/programmes/tiny/roster",
                    "text/csv",
                    "learner,group,locality,effective\n" + learner + ",pupils,D1,2025-04-14\n")
                .statusCode())
        .isEqualTo(200);
    String proof = UUID.randomUUID().toString();
    String statement =
        "{\"id\":\""
            + proof
            + "\",\"actor\":{\"mbox\":\""
            + learner
            + "\"},"
            + "\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/completed\"},"
            + "\"object\":{\"id\":\"https://example.vn/courses/c\"},\"timestamp\":\"2025-05-02T00:00:00Z\"}";
    assertThat(send("POST", "/xapi/statements", null, statement).statusCode()).isEqualTo(200);
    settle();

    ProgrammeIndex tiny =
        new ProgrammeIndex(ProgrammeFiles.read(Path.of("src/test/resources/programmes/tiny.yaml")));
    String person = PersonKeys.ofLearner(learner);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        AuditPersonCommand.audit(
            db, tiny, person, Instant.now(), new PrintStream(out, true, StandardCharsets.UTF_8));
    String report = out.toString(StandardCharsets.UTF_8);
    assertThat(code).as(report).isZero();
    assertThat(report).contains("AGREE").contains("MET since 2025-05-02T00:00:00Z").contains(proof);

    // an operator edits the read model so that the learner no longer has the statement
    var people = db.getCollection(ProgressStore.PEOPLE);
    Document original = people.find(Filters.eq("_id", "tiny|" + person)).first();
    String edited =
        original
            .getString("r")
            .replace("\"statementId\":\"" + proof + "\"", "\"statementId\":\"forged\"");
    assertThat(edited).isNotEqualTo(original.getString("r"));
    people.updateOne(
        Filters.eq("_id", "tiny|" + person), new Document("$set", new Document("r", edited)));
    try {
      out.reset();
      code =
          AuditPersonCommand.audit(
              db, tiny, person, Instant.now(), new PrintStream(out, true, StandardCharsets.UTF_8));
      assertThat(code).isEqualTo(1);
      assertThat(out.toString(StandardCharsets.UTF_8)).contains("DISAGREE");
    } finally {
      people.replaceOne(Filters.eq("_id", "tiny|" + person), original);
    }
  }
}
