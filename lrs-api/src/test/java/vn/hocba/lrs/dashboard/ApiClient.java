package vn.hocba.lrs.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import vn.hocba.xapi.json.StrictJson;

/** Requests to the running app's /api and /xapi for the dashboard tests. */
final class ApiClient {

  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;
  private final String authorization;

  ApiClient(int port, String key, String secret) {
    this.base = "http://127.0.0.1:" + port;
    this.authorization =
        key == null
            ? null
            : "Basic "
                + Base64.getEncoder()
                    .encodeToString((key + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  HttpResponse<String> send(String method, String path, String contentType, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
    b.header("X-Experience-API-Version", "2.0.0");
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    if (contentType != null) {
      b.header("Content-Type", contentType);
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

  JsonNode get(String path) {
    HttpResponse<String> r = send("GET", path, null, null);
    if (r.statusCode() != 200) {
      throw new AssertionError(path + " answered " + r.statusCode() + ": " + r.body());
    }
    return StrictJson.parse(r.body());
  }

  HttpResponse<String> statements(String json) {
    return send("POST", "/xapi/statements", "application/json", json);
  }

  HttpResponse<String> roster(String programme, String csv) {
    return send("POST", "/api/programmes/" + programme + "/roster", "text/csv", csv);
  }

  /** The dashboard once the progress projection has applied the whole log. */
  JsonNode settled(String path) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      JsonNode d = get(path);
      if (d.path("through").asLong() >= d.path("head").asLong()) {
        return d;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the progress projection did not catch up: " + d);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
