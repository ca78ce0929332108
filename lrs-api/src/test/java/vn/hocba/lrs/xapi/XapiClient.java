package vn.hocba.lrs.xapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import vn.hocba.xapi.json.StrictJson;

/** A tiny xAPI client for the HTTP tests: real requests against the running app. */
final class XapiClient {

  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;
  private String version = "2.0.0";
  private String authorization =
      "Basic "
          + Base64.getEncoder()
              .encodeToString("test-key:test-secret".getBytes(StandardCharsets.UTF_8));

  XapiClient(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  XapiClient version(String v) {
    XapiClient c = new XapiClient(base, v, authorization);
    return c;
  }

  XapiClient authorization(String a) {
    return new XapiClient(base, version, a);
  }

  private XapiClient(String base, String version, String authorization) {
    this.base = base;
    this.version = version;
    this.authorization = authorization;
  }

  static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  HttpResponse<String> send(String method, String path, String contentType, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
    if (version != null) {
      b.header("X-Experience-API-Version", version);
    }
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
    return exchange(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /**
   * A POST whose body is streamed without a declared length (HTTP/1.1 chunked transfer coding), as
   * clients that generate their body on the fly send it.
   */
  HttpResponse<String> postChunked(String path, String contentType, byte[] body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
    b.header("X-Experience-API-Version", version);
    b.header("Authorization", authorization);
    b.header("Content-Type", contentType);
    b.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)));
    return exchange(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /** Any request with extra headers (name, value, ...) and a raw body; the answer as bytes. */
  HttpResponse<byte[]> raw(String method, String path, byte[] body, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
    if (version != null) {
      b.header("X-Experience-API-Version", version);
    }
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    return exchange(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> body) {
    try {
      return http.send(request, body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<String> post(String json) {
    return send("POST", "/xapi/statements", "application/json", json);
  }

  HttpResponse<String> put(String id, String json) {
    return send("PUT", "/xapi/statements?statementId=" + id, "application/json", json);
  }

  HttpResponse<String> get(String query) {
    return send("GET", "/xapi/statements" + query, null, null);
  }

  static JsonNode json(HttpResponse<String> r) {
    return StrictJson.parse(r.body());
  }
}
