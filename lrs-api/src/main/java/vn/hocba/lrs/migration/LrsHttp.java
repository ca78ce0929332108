package vn.hocba.lrs.migration;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import vn.hocba.xapi.json.StrictJson;

/**
 * An HTTP endpoint the commands talk to, with its HTTP Basic credential. The secret never appears
 * in {@link #toString()}.
 */
final class LrsHttp {

  private final HttpClient client;
  private final URI base;
  private final String authorization;

  /**
   * @param base the endpoint, e.g. {@code http://host:8080} for this LRS's admin API or {@code
   *     https://other/xapi} for another LRS's xAPI resources; a trailing slash is optional
   */
  LrsHttp(String base, String user, String password) {
    String b = base.endsWith("/") ? base : base + "/";
    try {
      this.base = URI.create(b);
    } catch (IllegalArgumentException e) {
      throw new vn.hocba.lrs.cli.Cli.UsageException("not a URL: " + base);
    }
    if (this.base.getScheme() == null
        || !(this.base.getScheme().equals("http") || this.base.getScheme().equals("https"))) {
      throw new vn.hocba.lrs.cli.Cli.UsageException("not an http(s) URL: " + base);
    }
    this.authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(20))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  /**
   * A path or link resolved against the endpoint: an absolute URL stays as it is, {@code /x} is
   * taken from the endpoint's host (as xAPI's {@code more} links are, Communication 2.1.3), {@code
   * x} from the endpoint itself.
   */
  URI resolve(String pathOrLink) {
    return base.resolve(pathOrLink);
  }

  HttpRequest.Builder request(URI uri) {
    return HttpRequest.newBuilder(uri)
        .header("Authorization", authorization)
        .timeout(Duration.ofMinutes(30));
  }

  <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    return client.send(request, handler);
  }

  /** The JSON body of a response, or a readable failure for one that is not JSON. */
  static JsonNode json(HttpResponse<byte[]> response) throws IOException {
    try {
      return StrictJson.parse(response.body());
    } catch (StrictJson.InvalidJsonException e) {
      throw new IOException(
          response.uri() + " answered " + response.statusCode() + " without a JSON body");
    }
  }

  /** The message of an error answer, for the operator. */
  static String describe(int status, byte[] body) {
    String text = new String(body, 0, Math.min(body.length, 2000), StandardCharsets.UTF_8);
    try {
      JsonNode n = StrictJson.parse(body);
      if (n.hasNonNull("message")) {
        text = n.get("message").asText();
      }
    } catch (StrictJson.InvalidJsonException notJson) {
      // keep the text
    }
    return "HTTP " + status + ": " + text;
  }

  static byte[] readAll(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }

  @Override
  public String toString() {
    return "LrsHttp[" + base + ", credential <hidden>]";
  }
}
