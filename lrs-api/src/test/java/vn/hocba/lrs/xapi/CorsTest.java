package vn.hocba.lrs.xapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** Cross-origin access for browser clients (xAPI 1.0.3 Communication 1.3.s1, Appendix C). */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "lrs.cors.allowed-origins=https://lms.example.org, https://app.example.org")
@ActiveProfiles("test")
class CorsTest {

  private static final String ALLOWED = "https://lms.example.org";

  @LocalServerPort int port;
  XapiClient anonymous;
  XapiClient lrs;

  @BeforeEach
  void setUp() {
    anonymous = new XapiClient(port).version(null).authorization(null);
    lrs = new XapiClient(port);
  }

  HttpResponse<byte[]> preflight(String origin, String method, String headers) {
    return anonymous.raw(
        "OPTIONS",
        "/xapi/statements",
        null,
        "Origin",
        origin,
        "Access-Control-Request-Method",
        method,
        "Access-Control-Request-Headers",
        headers);
  }

  @Test
  @DisplayName("A preflight from an allowed origin is answered without credentials (Appendix C)")
  void preflightAllowed() {
    HttpResponse<byte[]> r =
        preflight(
            ALLOWED,
            "PUT",
            "authorization,content-type,x-experience-api-version,if-match,if-none-match");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ALLOWED);
    assertThat(r.headers().firstValue("Access-Control-Allow-Methods").orElseThrow())
        .contains("PUT", "POST", "GET", "DELETE");
    assertThat(r.headers().firstValue("Access-Control-Allow-Headers").orElseThrow().toLowerCase())
        .contains("authorization", "content-type", "x-experience-api-version", "if-match");
    assertThat(r.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
  }

  @Test
  @DisplayName(
      "An actual request from an allowed origin exposes the xAPI headers (Communication 1.2)")
  void exposedHeaders() {
    HttpResponse<byte[]> r = lrs.raw("GET", "/xapi/statements?limit=1", null, "Origin", ALLOWED);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue(ALLOWED);
    assertThat(r.headers().firstValue("Access-Control-Expose-Headers").orElseThrow())
        .contains(
            "ETag",
            "Last-Modified",
            "X-Experience-API-Version",
            "X-Experience-API-Consistent-Through");
  }

  @Test
  @DisplayName("A disallowed origin gets no CORS headers (Appendix C)")
  void disallowedOrigin() {
    HttpResponse<byte[]> r = preflight("https://evil.example.com", "POST", "authorization");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    HttpResponse<byte[]> actual =
        lrs.raw("GET", "/xapi/statements?limit=1", null, "Origin", "https://evil.example.com");
    assertThat(actual.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  @DisplayName("A request without Origin is not a CORS request and is served as before")
  void noOrigin() {
    HttpResponse<byte[]> r = lrs.raw("GET", "/xapi/statements?limit=1", null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }
}
