package vn.hocba.lrs.migration;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import vn.hocba.lrs.HocbaApplication;
import vn.hocba.xapi.json.StrictJson;

/** A running LRS for the migration tests: its xAPI resources and its admin API over HTTP. */
final class Lrs implements AutoCloseable {

  static final String KEY = "test-key";
  static final String SECRET = "test-secret";

  final String url;
  private final ConfigurableApplicationContext owned;
  private final HttpClient http = HttpClient.newHttpClient();
  private final String authorization;

  Lrs(int port) {
    this("http://127.0.0.1:" + port, null, KEY, SECRET);
  }

  private Lrs(String url, ConfigurableApplicationContext owned, String key, String secret) {
    this.url = url;
    this.owned = owned;
    this.authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((key + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  private static Lrs shared;

  /**
   * One more LRS in this JVM (memory store, random port) that the migration tests move history
   * into; started once and closed when the JVM ends, as Spring's test contexts are.
   */
  static synchronized Lrs target() {
    if (shared == null) {
      shared = startFresh();
      shared.owned.registerShutdownHook();
    }
    return shared;
  }

  /** A second, empty LRS in this JVM (memory store, random port), closed by {@link #close()}. */
  static Lrs startFresh() {
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(HocbaApplication.class)
            .profiles("test")
            .run("--server.port=0");
    int port = ((WebServerApplicationContext) context).getWebServer().getPort();
    return new Lrs("http://127.0.0.1:" + port, context, KEY, SECRET);
  }

  Lrs as(String key, String secret) {
    return new Lrs(url, null, key, secret);
  }

  <T> T bean(Class<T> type) {
    return owned.getBean(type);
  }

  static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static String query(Map<String, String> params) {
    return params.isEmpty()
        ? ""
        : "?"
            + params.entrySet().stream()
                .map(e -> e.getKey() + "=" + q(e.getValue()))
                .collect(Collectors.joining("&"));
  }

  HttpResponse<String> send(String method, String path, String contentType, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url + path))
            .header("Authorization", authorization)
            .header("X-Experience-API-Version", "2.0.0");
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

  /** POSTs statements to the xAPI Statement Resource; fails unless 200. */
  void post(String... statements) {
    HttpResponse<String> r =
        send(
            "POST",
            "/xapi/statements",
            "application/json",
            "[" + String.join(",", statements) + "]");
    if (r.statusCode() != 200) {
      throw new IllegalStateException("POST answered " + r.statusCode() + ": " + r.body());
    }
  }

  HttpResponse<String> get(String query) {
    return send("GET", "/xapi/statements" + query, null, null);
  }

  /** Every statement an xAPI query returns, following more links. */
  List<JsonNode> queryAll(Map<String, String> params) {
    List<JsonNode> out = new ArrayList<>();
    String path = "/xapi/statements" + query(params);
    while (path != null && !path.isEmpty()) {
      HttpResponse<String> r = send("GET", path, null, null);
      if (r.statusCode() != 200) {
        throw new IllegalStateException("GET answered " + r.statusCode() + ": " + r.body());
      }
      JsonNode page = StrictJson.parse(r.body());
      page.path("statements").forEach(out::add);
      path = page.path("more").asText("");
    }
    return out;
  }

  HttpResponse<String> export(Map<String, String> params) {
    return send("GET", "/admin/export/statements" + query(params), null, null);
  }

  /** The lines of a successful export. */
  List<String> exportLines(Map<String, String> params) {
    HttpResponse<String> r = export(params);
    if (r.statusCode() != 200) {
      throw new IllegalStateException("export answered " + r.statusCode() + ": " + r.body());
    }
    return r.body().isEmpty() ? List.of() : List.of(r.body().split("\n"));
  }

  HttpResponse<String> importNdjson(String body, Map<String, String> params) {
    return send("POST", "/admin/import/statements" + query(params), "application/x-ndjson", body);
  }

  static String id() {
    return UUID.randomUUID().toString();
  }

  static String mbox() {
    return "mailto:" + UUID.randomUUID() + "@example.org";
  }

  static String statement(String id, String mbox, String verb, String activity, String extra) {
    return """
        {"id":"%s","actor":{"objectType":"Agent","mbox":"%s"},
         "verb":{"id":"%s","display":{"vi":"đã làm"}},
         "object":{"objectType":"Activity","id":"%s"}%s}
        """
        .formatted(id, mbox, verb, activity, extra == null ? "" : "," + extra)
        .replace("\n", "");
  }

  static String completed(String id, String mbox, String activity) {
    return statement(id, mbox, "http://adlnet.gov/expapi/verbs/completed", activity, null);
  }

  static String voiding(String id, String mbox, String target) {
    return ("{\"id\":\"%s\",\"actor\":{\"mbox\":\"%s\"},"
            + "\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/voided\"},"
            + "\"object\":{\"objectType\":\"StatementRef\",\"id\":\"%s\"}}")
        .formatted(id, mbox, target);
  }

  @Override
  public void close() {
    if (owned != null) {
      owned.close();
    }
  }
}
