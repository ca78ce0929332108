package vn.hocba.lrs.xapi;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.hocba.lrs.xapi.XapiClient.q;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import vn.hocba.xapi.json.StrictJson;

/** The Alternate Request Syntax (xAPI 1.0.3 Communication 1.3) over real HTTP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class AlternateRequestSyntaxTest {

  private static final String FORM = "application/x-www-form-urlencoded";
  private static final String AUTH =
      "Basic "
          + Base64.getEncoder()
              .encodeToString("test-key:test-secret".getBytes(StandardCharsets.UTF_8));

  @LocalServerPort int port;

  /** Sends no headers of its own: the form carries them, as a Cross Domain Request must. */
  XapiClient bare;

  String mbox;
  String activity;
  String agent;

  @BeforeEach
  void setUp() {
    bare = new XapiClient(port).version(null).authorization(null);
    mbox = Statements.mbox();
    activity = "http://example.org/activities/" + UUID.randomUUID();
    agent = "{\"objectType\":\"Agent\",\"mbox\":\"" + mbox + "\"}";
  }

  /** name, value, ...: URL-encoded, with the 1.0.3 version and the credentials added. */
  static String form(String... pairs) {
    StringBuilder b = new StringBuilder();
    b.append("X-Experience-API-Version=1.0.3&Authorization=").append(q(AUTH));
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      b.append('&').append(q(pairs[i])).append('=').append(q(pairs[i + 1]));
    }
    return b.toString();
  }

  HttpResponse<byte[]> alternate(String path, String method, String form, String... headers) {
    String[] all = new String[headers.length + 2];
    all[0] = "Content-Type";
    all[1] = FORM;
    System.arraycopy(headers, 0, all, 2, headers.length);
    return bare.raw(
        "POST",
        path + (path.contains("?") ? "&" : "?") + "method=" + method,
        form.getBytes(StandardCharsets.UTF_8),
        all);
  }

  static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  static JsonNode json(HttpResponse<byte[]> r) {
    return StrictJson.parse(text(r));
  }

  @Test
  @DisplayName("PUT, GET and POST of statements issued as POST with a form (Communication 1.3.s3)")
  void statements() {
    String id = Statements.id();
    HttpResponse<byte[]> put =
        alternate(
            "/xapi/statements",
            "PUT",
            form("statementId", id, "content", Statements.completed(null, mbox, activity)));
    assertThat(put.statusCode()).as(text(put)).isEqualTo(204);
    assertThat(put.headers().firstValue("X-Experience-API-Version")).hasValue("1.0.3");

    HttpResponse<byte[]> get = alternate("/xapi/statements", "GET", form("statementId", id));
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(json(get).get("id").asText()).isEqualTo(id);

    HttpResponse<byte[]> post =
        alternate(
            "/xapi/statements",
            "POST",
            form(
                "content",
                Statements.completed(null, mbox, activity),
                "Content-Type",
                "application/json"));
    assertThat(post.statusCode()).as(text(post)).isEqualTo(200);
    assertThat(json(post).isArray()).isTrue();

    // 1.3.s2: long queries may use the syntax; the form parameters are the query parameters
    HttpResponse<byte[]> query =
        alternate("/xapi/statements", "GET", form("agent", agent, "limit", "1"));
    assertThat(query.statusCode()).isEqualTo(200);
    assertThat(json(query).get("statements")).hasSize(1);
    assertThat(json(query).has("more")).isTrue();
  }

  @Test
  @DisplayName(
      "PUT, GET and DELETE of a state document, headers from the form (Communication 1.3.s3.b7)")
  void document() {
    String path = "/xapi/activities/state";
    String[] where = {"activityId", activity, "agent", agent, "stateId", "bookmark"};
    HttpResponse<byte[]> put =
        alternate(
            path,
            "PUT",
            form(concat(where, "content", "{\"page\":3}", "Content-Type", "application/json")));
    assertThat(put.statusCode()).as(text(put)).isEqualTo(204);

    HttpResponse<byte[]> get = alternate(path, "GET", form(where));
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(text(get)).isEqualTo("{\"page\":3}");
    assertThat(get.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    String etag = get.headers().firstValue("ETag").orElseThrow();

    // If-Match as a form parameter is honoured like the header
    HttpResponse<byte[]> stale =
        alternate(
            path, "PUT", form(concat(where, "content", "{\"page\":4}", "If-Match", "\"0000\"")));
    assertThat(stale.statusCode()).isEqualTo(412);
    HttpResponse<byte[]> fresh =
        alternate(path, "PUT", form(concat(where, "content", "{\"page\":4}", "If-Match", etag)));
    assertThat(fresh.statusCode()).as(text(fresh)).isEqualTo(204);

    assertThat(alternate(path, "DELETE", form(where)).statusCode()).isEqualTo(204);
    assertThat(alternate(path, "GET", form(where)).statusCode()).isEqualTo(404);
  }

  @Test
  @DisplayName("Any query parameter besides method is 400 (Communication 1.3.s3.b3)")
  void extraQueryParameter() {
    String id = Statements.id();
    HttpResponse<byte[]> r =
        alternate(
            "/xapi/statements?statementId=" + id,
            "PUT",
            form("statementId", id, "content", Statements.completed(null, mbox, activity)));
    assertThat(r.statusCode()).isEqualTo(400);
  }

  @Test
  @DisplayName("The syntax issued with another method than POST is 400 (Communication 1.3.s3.b1)")
  void notPost() {
    HttpResponse<byte[]> r =
        bare.raw(
            "PUT",
            "/xapi/statements?method=POST",
            form("content", Statements.completed(null, mbox, activity))
                .getBytes(StandardCharsets.UTF_8),
            "Content-Type",
            FORM);
    assertThat(r.statusCode()).isEqualTo(400);
  }

  @Test
  @DisplayName("The form's version overrides the header: 0.8 is 400 (Communication 1.3.s3.b7)")
  void formVersionWins() {
    String body =
        "statementId="
            + Statements.id()
            + "&X-Experience-API-Version=0.8&Authorization="
            + q(AUTH)
            + "&content="
            + q(Statements.completed(null, mbox, activity));
    HttpResponse<byte[]> r =
        bare.raw(
            "POST",
            "/xapi/statements?method=PUT",
            body.getBytes(StandardCharsets.UTF_8),
            "Content-Type",
            FORM,
            "X-Experience-API-Version",
            "1.0.3");
    assertThat(r.statusCode()).isEqualTo(400);
  }

  @Test
  @DisplayName("Without credentials in form or header the answer is 401 (Communication 4.0)")
  void credentialsRequired() {
    String body = "X-Experience-API-Version=1.0.3&statementId=" + Statements.id();
    HttpResponse<byte[]> r =
        bare.raw(
            "POST",
            "/xapi/statements?method=GET",
            body.getBytes(StandardCharsets.UTF_8),
            "Content-Type",
            FORM);
    assertThat(r.statusCode()).isEqualTo(401);
  }

  @Test
  @DisplayName("A PUT without a content parameter is 400 (Communication 1.3.s3.b4)")
  void contentRequired() {
    assertThat(
            alternate("/xapi/statements", "PUT", form("statementId", Statements.id())).statusCode())
        .isEqualTo(400);
    // a JSON body is not a form
    HttpResponse<byte[]> json =
        bare.raw(
            "POST",
            "/xapi/statements?method=PUT",
            Statements.completed(null, mbox, activity).getBytes(StandardCharsets.UTF_8),
            "Content-Type",
            "application/json",
            "Authorization",
            AUTH,
            "X-Experience-API-Version",
            "1.0.3");
    assertThat(json.statusCode()).isEqualTo(400);
  }

  @Test
  @DisplayName("xAPI 2.0 has no alternate syntax: 400 for a 2.0 header or form version (9274.1.1)")
  void rejectedUnder20() {
    String content = Statements.completed(null, mbox, activity);
    HttpResponse<byte[]> header =
        alternate(
            "/xapi/statements",
            "PUT",
            form("statementId", Statements.id(), "content", content),
            "X-Experience-API-Version",
            "2.0.0");
    // the header names 2.0.0; the form's 1.0.3 does not rescue it
    assertThat(header.statusCode()).isEqualTo(400);

    String body =
        "X-Experience-API-Version=2.0.0&Authorization="
            + q(AUTH)
            + "&statementId="
            + Statements.id()
            + "&content="
            + q(content);
    HttpResponse<byte[]> inForm =
        bare.raw(
            "POST",
            "/xapi/statements?method=PUT",
            body.getBytes(StandardCharsets.UTF_8),
            "Content-Type",
            FORM);
    assertThat(inForm.statusCode()).isEqualTo(400);
    assertThat(inForm.headers().firstValue("X-Experience-API-Version")).hasValue("2.0.0");
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
