package vn.hocba.lrs.certificates;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import vn.hocba.lrs.security.Credentials;
import vn.hocba.programme.PersonKeys;
import vn.hocba.xapi.json.StrictJson;

/**
 * Issue 5, "Verifiable completions": a certificate is issued under a checkpoint, verifies online
 * and offline, and is reported no longer valid once a proving statement is voided (xAPI Data
 * 2.3.2).
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "lrs.programmes=src/test/resources/programmes/tiny.yaml")
@ActiveProfiles("test")
class CertificatesTest {

  static final String C = "https://example.vn/courses/";
  static final String V = "http://adlnet.gov/expapi/verbs/";

  @LocalServerPort int port;
  @Autowired Credentials credentials;
  @TempDir Path dir;

  final HttpClient http = HttpClient.newHttpClient();

  HttpResponse<String> send(String method, String path, String auth, String type, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    b.header("X-Experience-API-Version", "2.0.0");
    if (auth != null) {
      b.header(
          "Authorization",
          "Basic " + Base64.getEncoder().encodeToString(auth.getBytes(StandardCharsets.UTF_8)));
    }
    if (type != null) {
      b.header("Content-Type", type);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static final String ADMIN = "test-key:test-secret";

  JsonNode ok(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return StrictJson.parse(r.body());
  }

  static String statement(String id, String who, String verb, String topic, double score) {
    return "{\"id\":\""
        + id
        + "\",\"actor\":{\"mbox\":\"mailto:"
        + who
        + "@example.vn\",\"name\":\"Nguyễn <b>"
        + who
        + "</b>\"},\"verb\":{\"id\":\""
        + V
        + verb
        + "\"},\"object\":{\"id\":\""
        + C
        + topic
        + "\"},\"result\":{\"success\":true,\"score\":{\"scaled\":"
        + score
        + "}},\"timestamp\":\"2025-05-02T03:00:00Z\"}";
  }

  @Test
  @DisplayName(
      "issued under a checkpoint, genuine and valid online and offline; a tampered byte fails"
          + " offline; after voiding a proving statement it is genuine but no longer valid")
  void issueVerifyVoid() throws Exception {
    String who = "cert" + UUID.randomUUID().toString().substring(0, 8);
    String person = PersonKeys.ofLearner("mailto:" + who + "@example.vn");
    assertThat(
            send(
                    "POST",
                    "/api/programmes/tiny/roster",
                    ADMIN,
                    "text/csv",
                    "learner,group,locality,effective\nmailto:"
                        + who
                        + "@example.vn,staff,C1,2025-04-14\n")
                .statusCode())
        .isEqualTo(200);
    String a = UUID.randomUUID().toString();
    String b = UUID.randomUUID().toString();
    String batch =
        "["
            + statement(a, who, "passed", "a", 0.9)
            + ","
            + statement(b, who, "completed", "b", 0.8)
            + "]";
    assertThat(send("POST", "/xapi/statements", ADMIN, "application/json", batch).statusCode())
        .isEqualTo(200);

    JsonNode run = ok(send("POST", "/admin/certificates/issue", ADMIN, null, null));
    assertThat(run.path("issued")).isNotEmpty();
    String list = "/api/programmes/tiny/people/" + person + "/certificates";
    JsonNode mine = ok(send("GET", list, ADMIN, null, null)).path("certificates");
    assertThat(mine).hasSize(1);
    String id = mine.get(0).path("id").asText();
    assertThat(mine.get(0).path("verify").asText()).isEqualTo("/verify/" + id);

    // issuing again finds the same proof: no second certificate
    ok(send("POST", "/admin/certificates/issue", ADMIN, null, null));
    assertThat(ok(send("GET", list, ADMIN, null, null)).path("certificates")).hasSize(1);

    // online, without credentials
    JsonNode v = ok(send("GET", "/verify/" + id + ".json", null, null, null));
    assertThat(v.path("genuine").asBoolean()).as(v.toString()).isTrue();
    assertThat(v.path("valid").asBoolean()).as(v.toString()).isTrue();
    assertThat(v.path("status").asText()).isEqualTo("valid");
    assertThat(v.path("certificate").path("statements"))
        .extracting(s -> s.path("id").asText())
        .containsExactly(a, b);
    assertThat(v.toString()).doesNotContain(who + "@").doesNotContain(person);

    // offline, with the published keys and the downloaded file
    HttpResponse<String> file = send("GET", "/certificates/" + id + ".json", null, null, null);
    assertThat(file.statusCode()).isEqualTo(200);
    Path keys = dir.resolve("hocba-keys.json");
    Files.writeString(keys, send("GET", "/.well-known/hocba-keys.json", null, null, null).body());
    assertThat(
            VerifyCertificateCommand.verify(file.body(), VerifyCertificateCommand.readKeys(keys))
                .valid())
        .isTrue();
    String tampered = file.body().replace("\"completedAt\" : \"2025", "\"completedAt\" : \"2024");
    assertThat(tampered).isNotEqualTo(file.body());
    assertThat(
            VerifyCertificateCommand.verify(tampered, VerifyCertificateCommand.readKeys(keys))
                .valid())
        .isFalse();
    Path cert = dir.resolve("cert.json");
    Files.writeString(cert, file.body());
    Path pem = dir.resolve("key.pem");
    Files.writeString(
        pem,
        StrictJson.parse(Files.readString(keys)).path("keys").get(0).path("publicKeyPem").asText());
    var out = new java.io.ByteArrayOutputStream();
    int code =
        vn.hocba.lrs.cli.Cli.run(
            new String[] {
              "verify-certificate", "--file", cert.toString(), "--public-key", pem.toString()
            },
            new java.io.PrintStream(out, true, StandardCharsets.UTF_8),
            System.err);
    assertThat(code).as(out.toString(StandardCharsets.UTF_8)).isZero();
    Files.writeString(cert, tampered);
    code =
        vn.hocba.lrs.cli.Cli.run(
            new String[] {
              "verify-certificate", "--file", cert.toString(), "--keys", keys.toString()
            },
            new java.io.PrintStream(
                new java.io.ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            System.err);
    assertThat(code).isEqualTo(1);

    // the printable page: both languages, the QR code as SVG, escaped name, no script
    HttpResponse<String> page = send("GET", "/certificates/" + id, null, null, null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(page.headers().firstValue("Content-Security-Policy").orElse(""))
        .contains("default-src 'none'");
    assertThat(page.body())
        .contains("<svg class=\"qr\"")
        .contains("Chứng nhận hoàn thành")
        .contains("Certificate of completion")
        .contains("/verify/" + id)
        .contains("Nguyễn &lt;b&gt;")
        .doesNotContain("<script");
    HttpResponse<String> verifyPage = send("GET", "/verify/" + id, null, null, null);
    assertThat(verifyPage.body()).contains("HỢP LỆ").contains("VALID");

    // void a proving statement through xAPI
    String voiding =
        "{\"actor\":{\"mbox\":\"mailto:admin@example.vn\"},\"verb\":{\"id\":\""
            + V
            + "voided\"},\"object\":{\"objectType\":\"StatementRef\",\"id\":\""
            + a
            + "\"}}";
    assertThat(send("POST", "/xapi/statements", ADMIN, "application/json", voiding).statusCode())
        .isEqualTo(200);
    JsonNode after = ok(send("GET", "/verify/" + id + ".json", null, null, null));
    assertThat(after.path("genuine").asBoolean()).as(after.toString()).isTrue();
    assertThat(after.path("valid").asBoolean()).isFalse();
    assertThat(after.path("status").asText()).isEqualTo("revoked");
    assertThat(after.path("voided").get(0).path("statement").asText()).isEqualTo(a);
    assertThat(after.path("voided").get(0).path("voidedAt").asText()).isNotBlank();
    assertThat(send("GET", "/verify/" + id, null, null, null).body())
        .contains("HẾT HIỆU LỰC")
        .contains(a);
    // offline cannot know: the file still verifies
    assertThat(
            VerifyCertificateCommand.verify(file.body(), VerifyCertificateCommand.readKeys(keys))
                .valid())
        .isTrue();
  }

  @Test
  @DisplayName("unknown ids are 404 as HTML or JSON, and issuing needs the admin scope")
  void unknownAndScopes() {
    String unknown = "AAAAAAAAAAAAAAAAAAAAAA";
    for (String path :
        List.of("/certificates/" + unknown, "/verify/" + unknown, "/certificates/..%2Fx")) {
      HttpResponse<String> r = send("GET", path, null, null, null);
      assertThat(r.statusCode()).as(path).isEqualTo(404);
    }
    HttpResponse<String> html = send("GET", "/verify/" + unknown, null, null, null);
    assertThat(html.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    HttpResponse<String> json = send("GET", "/verify/" + unknown + ".json", null, null, null);
    assertThat(json.statusCode()).isEqualTo(404);
    assertThat(json.headers().firstValue("Content-Type").orElse("")).contains("json");
    assertThat(send("GET", "/certificates/" + unknown + ".json", null, null, null).statusCode())
        .isEqualTo(404);
    assertThat(send("POST", "/admin/certificates/issue", null, null, null).statusCode())
        .isEqualTo(401);
    credentials.create("cert-viewer", "viewer-secret", List.of("dashboard"), "test");
    assertThat(
            send("POST", "/admin/certificates/issue", "cert-viewer:viewer-secret", null, null)
                .statusCode())
        .isEqualTo(403);
    assertThat(
            send(
                    "GET",
                    "/api/programmes/tiny/people/x/certificates",
                    "cert-viewer:viewer-secret",
                    null,
                    null)
                .statusCode())
        .isEqualTo(200);
    assertThat(
            send("GET", "/api/programmes/tiny/people/x/certificates", null, null, null)
                .statusCode())
        .isEqualTo(401);
  }
}
