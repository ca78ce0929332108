package vn.hocba.lrs.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import vn.hocba.eventlog.MongoEventLog;
import vn.hocba.lrs.HocbaApplication;
import vn.hocba.statementindex.IndexProgress;

/** The H2 embedded store keeps every acknowledged statement across a restart. */
class EmbeddedStoreRestartTest {

  @TempDir Path dataDir;
  final HttpClient http = HttpClient.newHttpClient();

  ConfigurableApplicationContext start() {
    return new SpringApplicationBuilder(HocbaApplication.class)
        .run(
            "--server.port=0",
            "--lrs.store.embedded=h2",
            "--lrs.data-dir=" + dataDir,
            "--lrs.bootstrap.key=restart",
            "--lrs.bootstrap.secret=restart-secret");
  }

  HttpResponse<String> send(
      ConfigurableApplicationContext ctx, String method, String path, String body)
      throws Exception {
    int port = ((ServletWebServerApplicationContext) ctx).getWebServer().getPort();
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("X-Experience-API-Version", "1.0.3")
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString("restart:restart-secret".getBytes(StandardCharsets.UTF_8)))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String statement(String id) {
    return """
        {"id":"%s","actor":{"mbox":"mailto:restart@example.org"},
         "verb":{"id":"http://adlnet.gov/expapi/verbs/completed"},"object":{"id":"http://example.org/a"}}"""
        .formatted(id);
  }

  @Test
  @DisplayName(
      "statements acknowledged before a restart are served after it, and the log continues")
  void restartKeepsStatements() throws Exception {
    String first = UUID.randomUUID().toString();
    try (ConfigurableApplicationContext ctx = start()) {
      assertThat(send(ctx, "POST", "/xapi/statements", statement(first)).statusCode())
          .isEqualTo(200);
    }
    String second = UUID.randomUUID().toString();
    try (ConfigurableApplicationContext ctx = start()) {
      assertThat(send(ctx, "GET", "/xapi/statements?statementId=" + first, null).statusCode())
          .isEqualTo(200);
      assertThat(send(ctx, "POST", "/xapi/statements", statement(second)).statusCode())
          .isEqualTo(200);
      // the same statement again is a no-op, a different one under the same id a conflict
      assertThat(send(ctx, "POST", "/xapi/statements", statement(first)).statusCode())
          .isEqualTo(200);
      assertThat(
              send(
                      ctx,
                      "PUT",
                      "/xapi/statements?statementId=" + first,
                      statement(first).replace("/a", "/b"))
                  .statusCode())
          .isEqualTo(409);
      String list =
          send(
                  ctx,
                  "GET",
                  "/xapi/statements?agent="
                      + java.net.URLEncoder.encode(
                          "{\"mbox\":\"mailto:restart@example.org\"}", StandardCharsets.UTF_8),
                  null)
              .body();
      assertThat(list).contains(first, second);
    }
  }

  @Test
  @DisplayName(
      "after a restart the statement index is known to hold the whole log before any new write:"
          + " Consistent-Through is not 1969 and GET by id reads the index (Communication 2.1.3)")
  void progressKnownAfterRestart() throws Exception {
    String id = UUID.randomUUID().toString();
    Instant stored;
    try (ConfigurableApplicationContext ctx = start()) {
      assertThat(send(ctx, "POST", "/xapi/statements", statement(id)).statusCode()).isEqualTo(200);
      String body = send(ctx, "GET", "/xapi/statements?statementId=" + id, null).body();
      stored = Instant.parse(new ObjectMapper().readTree(body).get("stored").asText());
    }
    try (ConfigurableApplicationContext ctx = start()) {
      HttpResponse<String> r = send(ctx, "GET", "/xapi/statements?statementId=" + id, null);
      assertThat(r.statusCode()).isEqualTo(200);
      Instant through =
          Instant.parse(
              r.headers().firstValue("X-Experience-API-Consistent-Through").orElseThrow());
      assertThat(through).isAfterOrEqualTo(stored);
      // nothing was appended since the start: the progress came from the stored tokens
      MongoEventLog log = ctx.getBean(MongoEventLog.class);
      assertThat(ctx.getBean(IndexProgress.class).position()).isEqualTo(log.nextPosition() - 1);
      IndexProgress catalog = ctx.getBean("catalogProgress", IndexProgress.class);
      assertThat(catalog.position()).isEqualTo(log.nextPosition() - 1);
    }
  }
}
