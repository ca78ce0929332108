package vn.hocba.lrs.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.ActiveProfiles;
import vn.hocba.progress.IdleProgressProjector;
import vn.hocba.progress.ProgressProjector;

/**
 * With no programme configured, the {@code progress} group is {@link IdleProgressProjector}: it
 * handles no statement, yet the group exists, follows the log and can be rebuilt.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class IdleProgressTest {

  @LocalServerPort int port;
  @Autowired ApplicationContext context;
  @Autowired EventProcessingConfiguration processing;
  @Autowired MeterRegistry registry;

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString("test-key:test-secret".getBytes(StandardCharsets.UTF_8)))
            .header("X-Experience-API-Version", "1.0.3")
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private double behind() {
    return registry.find("lrs.processor.behind").tag("group", "progress").gauge().value();
  }

  @Test
  void followsTheLogWithoutHandlingStatementsAndRebuilds() throws Exception {
    assertThat(context.getBeansOfType(ProgressProjector.class)).isEmpty();
    assertThat(context.getBeansOfType(IdleProgressProjector.class)).hasSize(1);
    StreamingEventProcessor progress =
        processing
            .eventProcessor(ProgressProjector.GROUP, StreamingEventProcessor.class)
            .orElseThrow();
    assertThat(progress.supportsReset()).isTrue();

    String statement =
        """
        {"actor":{"mbox":"mailto:%s@example.org"},
         "verb":{"id":"http://adlnet.gov/expapi/verbs/completed"},
         "object":{"id":"http://example.org/a"}}"""
            .formatted(UUID.randomUUID());
    assertThat(send("POST", "/xapi/statements", statement).statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(20)).until(() -> behind() == 0.0);

    assertThat(send("POST", "/admin/rebuilds/progress", null).statusCode()).isEqualTo(202);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> send("GET", "/admin/rebuilds/progress", null).body().contains("caught-up"));
    assertThat(send("POST", "/xapi/statements", statement.replace("/a\"", "/b\"")).statusCode())
        .isEqualTo(200);
    await().atMost(Duration.ofSeconds(20)).until(() -> behind() == 0.0);
  }
}
