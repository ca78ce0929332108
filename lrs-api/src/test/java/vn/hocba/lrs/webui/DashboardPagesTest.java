package vn.hocba.lrs.webui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** How the app serves the web dashboard: only under /dashboard, hardened, revalidated. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class DashboardPagesTest {

  static final Path ASSETS = Path.of("src", "main", "resources", "static", "dashboard");

  @LocalServerPort int port;
  final HttpClient http = HttpClient.newHttpClient();

  HttpResponse<String> get(String path, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static List<Path> assets() throws IOException {
    try (Stream<Path> files = Files.list(ASSETS)) {
      return files.sorted().toList();
    }
  }

  @Nested
  @DisplayName("Paths")
  class Paths {

    @Test
    @DisplayName("/dashboard without the slash redirects to the page, keeping the query")
    void withoutSlash() {
      HttpResponse<String> r = get("/dashboard?x=1");
      assertThat(r.statusCode()).isEqualTo(301);
      assertThat(r.headers().firstValue("Location")).hasValue("/dashboard/?x=1");
    }

    @Test
    @DisplayName("/dashboard/ is the page, in Vietnamese, loading its module")
    void page() {
      HttpResponse<String> r = get("/dashboard/");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type").orElseThrow())
          .startsWith("text/html")
          .containsIgnoringCase("charset=UTF-8");
      assertThat(r.body())
          .contains("<html lang=\"vi\">", "<script type=\"module\" src=\"app.js\">");
    }

    @Test
    @DisplayName("every asset is served with a type browsers accept for it")
    void assetsServed() throws IOException {
      for (Path asset : assets()) {
        String name = asset.getFileName().toString();
        HttpResponse<String> r = get("/dashboard/" + name);
        assertThat(r.statusCode()).as(name).isEqualTo(200);
        String type = r.headers().firstValue("Content-Type").orElseThrow();
        String expected =
            switch (name.substring(name.lastIndexOf('.') + 1)) {
              case "js" -> "javascript"; // module scripts need a JavaScript MIME type
              case "css" -> "text/css";
              case "html" -> "text/html";
              case "svg" -> "image/svg+xml";
              default -> throw new AssertionError("unexpected asset type: " + name);
            };
        assertThat(type).as(name).contains(expected);
      }
    }

    @Test
    @DisplayName("an unknown asset, a path escape or anything outside /dashboard stays a JSON 404")
    void unknownPaths() {
      for (String path :
          List.of(
              "/dashboard/nope.js",
              "/dashboard/%2e%2e/application.yml",
              "/dashboard/../application.yml",
              "/static/dashboard/app.js",
              "/app.js",
              "/index.html",
              "/dashboardx")) {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(path).isIn(400, 404);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow())
            .as(path)
            .startsWith("application/json");
        assertThat(r.body()).as(path).contains("\"error\":true").doesNotContain("lrs:");
      }
    }
  }

  @Nested
  @DisplayName("Headers")
  class Headers {

    @Test
    @DisplayName("a Content-Security-Policy allows only this origin's scripts, never inline ones")
    void contentSecurityPolicy() {
      for (String path : List.of("/dashboard/", "/dashboard/app.js", "/dashboard/nope.js")) {
        HttpResponse<String> r = get(path);
        String csp = r.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp)
            .as(path)
            .contains("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'")
            .doesNotContain("unsafe-inline", "unsafe-eval", "*");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      }
      assertThat(get("/xapi/about").headers().firstValue("Content-Security-Policy")).isEmpty();
    }

    @Test
    @DisplayName("pages and assets are revalidated on every use, so an upgrade is seen at once")
    void caching() {
      for (String path : List.of("/dashboard/", "/dashboard/app.js")) {
        assertThat(get(path).headers().firstValue("Cache-Control")).as(path).hasValue("no-cache");
      }
      HttpResponse<String> first = get("/dashboard/app.js");
      String lastModified = first.headers().firstValue("Last-Modified").orElseThrow();
      HttpResponse<String> again = get("/dashboard/app.js", "If-Modified-Since", lastModified);
      assertThat(again.statusCode()).isEqualTo(304);
    }
  }

  @Nested
  @DisplayName("Assets")
  class Assets {

    private static final Pattern IMPORT = Pattern.compile("from '(\\./[\\w.-]+\\.js)'");

    @Test
    @DisplayName("every module a module imports is served (no broken import after a rename)")
    void importsResolve() throws IOException {
      for (Path asset : assets()) {
        if (!asset.toString().endsWith(".js")) {
          continue;
        }
        Matcher m = IMPORT.matcher(Files.readString(asset));
        while (m.find()) {
          String path = "/dashboard/" + m.group(1).substring(2);
          assertThat(get(path).statusCode()).as(asset + " imports " + path).isEqualTo(200);
        }
      }
    }

    @Test
    @DisplayName("nothing the CSP would block or that comes from outside: no inline code, no CDN")
    void selfContained() throws IOException {
      for (Path asset : assets()) {
        String text = Files.readString(asset);
        String name = asset.getFileName().toString();
        assertThat(text).as(name).doesNotContain("innerHTML", "eval(", "new Function", "style=");
        assertThat(text.replace("http://www.w3.org/2000/svg", ""))
            .as(name + " loads nothing from another origin")
            .doesNotContainPattern("https?://");
        if (name.endsWith(".html")) {
          assertThat(text).as(name).doesNotContainPattern("<script(?![^>]*\\bsrc=)");
          assertThat(text).as(name).doesNotContainPattern("\\son[a-z]+=");
        }
      }
    }
  }
}
