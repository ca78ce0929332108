package vn.hocba.lrs.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged LRS is killed with SIGKILL in the middle of a steady POST load; after a restart on
 * the same data directory every statement whose POST had answered 200 is there.
 */
class CrashDurabilityIT {

  @TempDir Path dataDir;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static final String AUTH =
      "Basic "
          + Base64.getEncoder()
              .encodeToString("crash:crash-secret".getBytes(StandardCharsets.UTF_8));

  @Test
  @DisplayName("kill -9 during a POST load loses no acknowledged statement")
  void killDuringLoadLosesNothingAcknowledged() throws Exception {
    int port = freePort();
    Process lrs = start(port);
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicBoolean running = new AtomicBoolean(true);
    ExecutorService clients = Executors.newFixedThreadPool(4);
    try {
      awaitUp(port);
      for (int c = 0; c < 4; c++) {
        int batch = c % 2 == 0 ? 1 : 10;
        clients.submit(() -> post(port, batch, running, acknowledged));
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (acknowledged.size() < 300 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      lrs.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
      lrs.waitFor(30, TimeUnit.SECONDS);
    } finally {
      running.set(false);
      clients.shutdown();
      clients.awaitTermination(30, TimeUnit.SECONDS);
      lrs.destroyForcibly();
    }
    assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(100);

    Process again = start(port);
    try {
      awaitUp(port);
      List<String> missing = new ArrayList<>();
      for (String id : acknowledged) {
        if (get(port, "/xapi/statements?statementId=" + id).statusCode() != 200) {
          missing.add(id);
        }
      }
      assertThat(missing).as("acknowledged but lost").isEmpty();
      HttpResponse<String> after = send(port, "POST", "/xapi/statements", statements(1).get(0));
      assertThat(after.statusCode()).isEqualTo(200);
    } finally {
      again.destroy();
      again.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private void post(int port, int batch, AtomicBoolean running, Set<String> acknowledged) {
    while (running.get()) {
      List<String> ids = new ArrayList<>();
      StringBuilder body = new StringBuilder("[");
      for (String s : statements(batch)) {
        ids.add(s.substring(s.indexOf("\"id\":\"") + 6, s.indexOf("\"id\":\"") + 42));
        body.append(body.length() > 1 ? "," : "").append(s);
      }
      try {
        if (send(port, "POST", "/xapi/statements", body.append("]").toString()).statusCode()
            == 200) {
          acknowledged.addAll(ids);
        }
      } catch (IOException | RuntimeException e) {
        return; // the server is gone: requests in flight were never acknowledged
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  static List<String> statements(int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(
          """
          {"id":"%s","actor":{"mbox":"mailto:crash-%d@example.org"},
           "verb":{"id":"http://adlnet.gov/expapi/verbs/completed"},"object":{"id":"http://example.org/crash/%d"}}"""
              .formatted(UUID.randomUUID(), i, i));
    }
    return out;
  }

  private Process start(int port) throws IOException {
    Path jar = Path.of("target", "lrs.jar").toAbsolutePath();
    assertThat(jar).exists();
    ProcessBuilder pb =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:+UseParallelGC", // as README's run command starts it (decision 24)
            "-jar",
            jar.toString());
    pb.environment().put("SERVER_PORT", String.valueOf(port));
    pb.environment().put("LRS_DATA_DIR", dataDir.toString());
    pb.environment().put("LRS_BOOTSTRAP_KEY", "crash");
    pb.environment().put("LRS_BOOTSTRAP_SECRET", "crash-secret");
    pb.redirectErrorStream(true);
    pb.redirectOutput(Files.createTempFile("lrs-crash", ".log").toFile());
    return pb.start();
  }

  private void awaitUp(int port) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (get(port, "/xapi/about").statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new AssertionError("the LRS did not start within 120 s");
  }

  private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return send(port, "GET", path, null);
  }

  private HttpResponse<String> send(int port, String method, String path, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .header("X-Experience-API-Version", "1.0.3")
            .header("Authorization", AUTH)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
