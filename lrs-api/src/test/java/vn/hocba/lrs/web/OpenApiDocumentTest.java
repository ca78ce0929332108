package vn.hocba.lrs.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.function.support.RouterFunctionMapping;
import org.springframework.web.servlet.handler.AbstractUrlHandlerMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;
import vn.hocba.lrs.security.Credentials;
import vn.hocba.lrs.web.OpenApiDocument.Operation;
import vn.hocba.programme.PersonKeys;
import vn.hocba.xapi.json.StrictJson;

/**
 * docs/openapi.yaml against the running application: the document is well-formed, it describes
 * exactly the endpoints Spring MVC maps under /api/, /admin/ and /.well-known/, each operation
 * needs the scope it names, and real answers match the documented schemas.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "lrs.programmes=src/test/resources/programmes/tiny.yaml")
@ActiveProfiles("test")
class OpenApiDocumentTest {

  /** The HTTP surfaces outside xAPI that the document must describe completely. */
  static final List<String> PREFIXES = List.of("/api/", "/admin/", "/.well-known/");

  /** xAPI scopes, which grant nothing outside xAPI. */
  static final Set<String> XAPI_SCOPES = Set.of("statements/read", "statements/write");

  /** Scopes a credential can hold besides those the document names (Principal#require). */
  static final Set<String> KNOWN_SCOPES =
      Set.of("statements/read", "statements/write", "dashboard", "roster", "admin");

  static final String PROGRAMME = "tiny";
  static final String V = "http://adlnet.gov/expapi/verbs/";

  static final OpenApiDocument DOC = OpenApiDocument.read();
  static final SchemaChecker SCHEMAS = new SchemaChecker(DOC);

  /** Whether a path belongs to a surface the document must describe. */
  static boolean covered(String path) {
    return PREFIXES.stream()
        .anyMatch(p -> path.startsWith(p) || path.equals(p.substring(0, p.length() - 1)));
  }

  @LocalServerPort int port;
  @Autowired ApplicationContext context;
  @Autowired Credentials credentials;

  @Nested
  @DisplayName("the document is well-formed")
  class WellFormed {

    @Test
    @DisplayName("it is OpenAPI 3.0 or 3.1 with a title, a version and paths")
    void version() {
      assertThat(DOC.root().path("openapi").asText()).matches("3\\.[01]\\.\\d+");
      assertThat(DOC.root().path("info").path("title").asText()).isNotBlank();
      assertThat(DOC.root().path("info").path("version").asText()).isNotBlank();
      assertThat(DOC.operations()).isNotEmpty();
    }

    @Test
    @DisplayName("every $ref resolves inside the document")
    void refs() {
      List<String> broken = new ArrayList<>();
      for (String[] r : DOC.refs()) {
        if (DOC.target(r[1]).isEmpty()) {
          broken.add(r[0] + " -> " + r[1]);
        }
      }
      assertThat(DOC.refs()).isNotEmpty();
      assertThat(broken).isEmpty();
    }

    @Test
    @DisplayName("every component is used")
    void components() {
      Set<String> used = new HashSet<>();
      DOC.refs().forEach(r -> used.add(r[1]));
      List<String> unused = new ArrayList<>();
      for (String kind : List.of("schemas", "parameters", "responses")) {
        for (var c : OpenApiDocument.fields(DOC.root().path("components").path(kind))) {
          String ref = "#/components/" + kind + "/" + c.getKey();
          if (!used.contains(ref)) {
            unused.add(ref);
          }
        }
      }
      assertThat(unused).isEmpty();
    }

    @Test
    @DisplayName(
        "every operation has an id, responses, and a security requirement naming its scope, or is"
            + " explicitly public")
    void operations() {
      List<String> problems = new ArrayList<>();
      Set<String> ids = new HashSet<>();
      JsonNode schemes = DOC.root().path("components").path("securitySchemes");
      for (Operation op : DOC.operations()) {
        String k = op.key();
        JsonNode n = op.node();
        if (!ids.add(n.path("operationId").asText(""))) {
          problems.add(k + ": missing or duplicate operationId");
        }
        if (n.path("responses").isEmpty()) {
          problems.add(k + ": no responses");
        }
        for (var r : OpenApiDocument.fields(n.path("responses"))) {
          if (DOC.resolve(r.getValue()).path("description").asText("").isBlank()) {
            problems.add(k + ": response " + r.getKey() + " without description");
          }
        }
        if (!n.path("description").asText("").contains("\n\n")) {
          problems.add(k + ": the description is not Vietnamese, blank line, then English");
        }
        JsonNode security = n.get("security");
        if (op.isPublic()) {
          if (security == null || !security.isArray() || !security.isEmpty()) {
            problems.add(k + ": x-public needs an explicit empty security (security: [])");
          }
          if (op.scope() != null) {
            problems.add(k + ": public, yet it names x-scope " + op.scope());
          }
          continue;
        }
        if (security == null || !security.isArray() || security.isEmpty()) {
          problems.add(k + ": no security requirement (or mark it x-public: true, security: [])");
        } else {
          for (JsonNode requirement : security) {
            for (var scheme : OpenApiDocument.fields(requirement)) {
              if (!schemes.has(scheme.getKey())) {
                problems.add(k + ": unknown security scheme " + scheme.getKey());
              }
            }
          }
        }
        String scope = op.scope();
        if (scope == null || scope.isBlank()) {
          problems.add(k + ": no x-scope");
        } else if (!n.path("description").asText().contains("`" + scope + "`")) {
          problems.add(k + ": the description does not name its scope `" + scope + "`");
        }
        for (String status : List.of("401", "403")) {
          if (!n.path("responses").has(status)) {
            problems.add(k + ": a secured operation documents " + status);
          }
        }
      }
      assertThat(problems).isEmpty();
    }

    @Test
    @DisplayName(
        "every path variable is a required path parameter, and every path parameter is used")
    void pathParameters() {
      List<String> problems = new ArrayList<>();
      Pattern variable = Pattern.compile("\\{([^}]+)}");
      for (Operation op : DOC.operations()) {
        Set<String> inPath = new TreeSet<>();
        Matcher m = variable.matcher(op.path());
        while (m.find()) {
          inPath.add(m.group(1));
        }
        Set<String> declared = new TreeSet<>();
        for (JsonNode p : DOC.parameters(op)) {
          if (p.path("in").asText().equals("path")) {
            declared.add(p.path("name").asText());
            if (!p.path("required").asBoolean(false)) {
              problems.add(op.key() + ": path parameter " + p.path("name") + " must be required");
            }
          }
          if (p.path("description").asText("").isBlank()) {
            problems.add(op.key() + ": parameter " + p.path("name") + " without description");
          }
        }
        if (!inPath.equals(declared)) {
          problems.add(op.key() + ": path variables " + inPath + " but parameters " + declared);
        }
      }
      assertThat(problems).isEmpty();
    }

    @Test
    @DisplayName("schemas use only what the schema checker understands, and every example fits")
    void schemasAndExamples() {
      List<String> problems = new ArrayList<>();
      for (var s : OpenApiDocument.fields(DOC.root().path("components").path("schemas"))) {
        problems.addAll(SCHEMAS.unsupported(s.getValue(), "#/components/schemas/" + s.getKey()));
      }
      int examples = 0;
      for (String[] media : mediaTypes()) {
        JsonNode node = DOC.root().at(media[0]);
        JsonNode schema = node.path("schema");
        if (schema.isMissingNode()) {
          problems.add(media[0] + ": no schema");
          continue;
        }
        problems.addAll(SCHEMAS.unsupported(schema, media[0] + "/schema"));
        List<JsonNode> values = new ArrayList<>();
        if (node.has("example")) {
          values.add(node.get("example"));
        }
        node.path("examples").forEach(e -> values.add(DOC.resolve(e).path("value")));
        JsonNode lineSchema = node.get("x-line-schema");
        if (lineSchema != null) {
          problems.addAll(SCHEMAS.unsupported(lineSchema, media[0] + "/x-line-schema"));
        }
        for (JsonNode v : values) {
          examples++;
          if (lineSchema != null) {
            SCHEMAS.check(schema, v).forEach(e -> problems.add(media[0] + " example: " + e));
            lines(v.asText())
                .forEach(
                    l ->
                        SCHEMAS
                            .check(lineSchema, l)
                            .forEach(e -> problems.add(media[0] + " example line: " + e)));
            continue;
          }
          JsonNode value =
              media[1].contains("json") && v.isTextual() ? StrictJson.parse(v.asText()) : v;
          SCHEMAS.check(schema, value).forEach(e -> problems.add(media[0] + " example: " + e));
          if (node.has("x-columns") && v.isTextual()) {
            String header = v.asText().lines().findFirst().orElse("");
            if (!header.equals(columns(node))) {
              problems.add(media[0] + " example header " + header + " is not x-columns");
            }
          }
        }
      }
      for (var p : OpenApiDocument.fields(DOC.root().path("components").path("parameters"))) {
        String at = "#/components/parameters/" + p.getKey();
        JsonNode schema = p.getValue().path("schema");
        problems.addAll(SCHEMAS.unsupported(schema, at + "/schema"));
        List<JsonNode> values = new ArrayList<>();
        if (p.getValue().has("example")) {
          values.add(p.getValue().get("example"));
        }
        p.getValue().path("examples").forEach(e -> values.add(DOC.resolve(e).path("value")));
        for (JsonNode v : values) {
          SCHEMAS.check(schema, v).forEach(e -> problems.add(at + " example: " + e));
        }
      }
      assertThat(examples).isGreaterThan(5);
      assertThat(problems).isEmpty();
    }

    @Test
    @DisplayName("every error answer is the one error shape")
    void errors() {
      List<String> problems = new ArrayList<>();
      for (Operation op : DOC.operations()) {
        for (var r : OpenApiDocument.fields(op.node().path("responses"))) {
          if (!r.getKey().startsWith("4") && !r.getKey().startsWith("5")) {
            continue;
          }
          JsonNode schema =
              DOC.resolve(r.getValue()).path("content").path("application/json").path("schema");
          // the error, or the error extended by allOf (an import's 400 carries its report)
          boolean error = "#/components/schemas/Error".equals(schema.path("$ref").asText());
          for (JsonNode part : schema.path("allOf")) {
            error |= "#/components/schemas/Error".equals(part.path("$ref").asText());
          }
          if (!error) {
            problems.add(op.key() + " " + r.getKey() + ": not application/json Error");
          }
        }
      }
      assertThat(problems).isEmpty();
    }

    /** JSON pointers and names of every media type object (responses, request bodies). */
    private List<String[]> mediaTypes() {
      List<String[]> out = new ArrayList<>();
      OpenApiDocument.walk(
          DOC.root(),
          "",
          (at, n) -> {
            String[] parts = at.split("/");
            if (parts.length >= 2 && parts[parts.length - 2].equals("content") && n.isObject()) {
              out.add(new String[] {at, parts[parts.length - 1].replace("~1", "/")});
            }
          });
      return out;
    }
  }

  @Nested
  @DisplayName("the document describes exactly what the application maps")
  class Mappings {

    @Test
    @DisplayName(
        "every endpoint under /api/, /admin/ and /.well-known/ is documented, and every documented"
            + " one exists")
    void sameEndpoints() {
      Set<String> mapped = new TreeSet<>();
      List<String> problems = new ArrayList<>();
      for (var m : context.getBeansOfType(RequestMappingInfoHandlerMapping.class).entrySet()) {
        for (RequestMappingInfo info : m.getValue().getHandlerMethods().keySet()) {
          for (String pattern : info.getPatternValues()) {
            if (!covered(pattern)) {
              continue;
            }
            if (pattern.contains("*")) {
              problems.add(pattern + ": a wildcard mapping cannot be documented; map each path");
            }
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            if (methods.isEmpty()) {
              problems.add(pattern + ": mapped for every method; name the method(s)");
            }
            methods.forEach(x -> mapped.add(x.name() + " " + OpenApiDocument.normalize(pattern)));
          }
        }
      }
      // endpoints served outside annotated controllers would escape the comparison: refuse them
      for (var m : context.getBeansOfType(AbstractUrlHandlerMapping.class).entrySet()) {
        for (String pattern : m.getValue().getHandlerMap().keySet()) {
          if (covered(pattern)) {
            problems.add(
                pattern + ": served by URL handler mapping " + m.getKey() + "; extend this test");
          }
        }
      }
      for (RouterFunctionMapping m : context.getBeansOfType(RouterFunctionMapping.class).values()) {
        if (m.getRouterFunction() != null
            && PREFIXES.stream().anyMatch(p -> m.getRouterFunction().toString().contains(p))) {
          problems.add("a functional route serves " + m.getRouterFunction() + "; extend this test");
        }
      }
      Set<String> documented = new TreeSet<>();
      for (Operation op : DOC.operations()) {
        documented.add(op.key());
        if (!covered(op.path())) {
          problems.add(op.key() + ": outside " + PREFIXES + " (xAPI is not documented here)");
        }
      }
      Set<String> undocumented = new TreeSet<>(mapped);
      undocumented.removeAll(documented);
      Set<String> missing = new TreeSet<>(documented);
      missing.removeAll(mapped);
      undocumented.forEach(e -> problems.add(e + ": mapped, but not in docs/openapi.yaml"));
      missing.forEach(e -> problems.add(e + ": in docs/openapi.yaml, but not mapped"));
      assertThat(mapped).as("the application maps the dashboard API").isNotEmpty();
      assertThat(problems).isEmpty();
    }
  }

  @Nested
  @DisplayName("each operation needs the scope it documents")
  class Scopes {

    @Test
    @DisplayName(
        "without credentials a secured operation answers 401; without its x-scope 403; with only"
            + " its x-scope neither (GET, or a request without its required body); a public one"
            + " needs none")
    void scopes() {
      Set<String> all = new TreeSet<>(KNOWN_SCOPES);
      DOC.operations().stream().map(Operation::scope).filter(s -> s != null).forEach(all::add);
      Http anonymous = http(null);
      List<String> problems = new ArrayList<>();
      for (Operation op : DOC.operations()) {
        String url = url(op.path());
        String method = op.method().toUpperCase(java.util.Locale.ROOT);
        boolean safe = method.equals("GET") || method.equals("HEAD");
        int none = anonymous.send(method, url, null, null).statusCode();
        if (op.isPublic()) {
          if (safe && (none == 401 || none == 403)) {
            problems.add(op.key() + ": public, yet " + none + " without credentials");
          }
          continue;
        }
        if (none != 401) {
          problems.add(op.key() + ": " + none + " without credentials, not 401");
        }
        Set<String> others = new TreeSet<>(all);
        others.remove(op.scope());
        int lacking = http(credential(others)).send(method, url, null, null).statusCode();
        if (lacking != 403) {
          problems.add(op.key() + ": " + lacking + " without scope " + op.scope() + ", not 403");
        }
        // an unsafe request is probed only when it needs a body: sent without one, it must be
        // refused as bad input, with no side effect
        boolean needsBody = op.node().path("requestBody").path("required").asBoolean(false);
        if (safe || needsBody) {
          int only =
              http(credential(Set.of(op.scope()))).send(method, url, null, null).statusCode();
          if (only == 401 || only == 403) {
            problems.add(op.key() + ": " + only + " with scope " + op.scope() + " alone");
          }
        }
      }
      assertThat(problems).isEmpty();
    }

    /** A concrete URL for a path template: the test programme, else a placeholder. */
    private String url(String template) {
      return template.replace("{id}", PROGRAMME).replaceAll("\\{[^}]+}", "x");
    }
  }

  @Nested
  @DisplayName("real answers match the documented schemas")
  class Answers {

    static final String PROGRAMMES = "/api/programmes";
    static final String ONE = "/api/programmes/{id}";
    static final String DASHBOARD = "/api/programmes/{id}/dashboard";
    static final String DASHBOARD_CSV = "/api/programmes/{id}/dashboard.csv";
    static final String PEOPLE = "/api/programmes/{id}/people";
    static final String PEOPLE_CSV = "/api/programmes/{id}/people.csv";
    static final String PERSON = "/api/programmes/{id}/people/{person}";
    static final String ROSTER = "/api/programmes/{id}/roster";
    static final String CERTIFICATES = "/api/programmes/{id}/people/{person}/certificates";

    @Test
    @DisplayName("programmes and one programme")
    void programmes() {
      Http api = admin();
      JsonNode list = answer(api, "GET", PROGRAMMES, "/api/programmes", 200);
      assertThat(list.get(0).path("id").asText()).isEqualTo(PROGRAMME);
      JsonNode one = answer(api, "GET", ONE, "/api/programmes/tiny", 200);
      assertThat(one.path("groups").get(1).path("completion").path("minimumScaledScore").isNull())
          .as("a rule without minimumScaledScore exercises nullable")
          .isTrue();
    }

    @Test
    @DisplayName("dashboards, live and as of a day, as JSON and CSV")
    void dashboards() {
      Http api = admin();
      seed(api);
      JsonNode live = answer(api, "GET", DASHBOARD, "/api/programmes/tiny/dashboard", 200);
      assertThat(live.path("live").asBoolean()).isTrue();
      assertThat(live.path("children")).isNotEmpty();
      JsonNode d1 =
          answer(api, "GET", DASHBOARD, "/api/programmes/tiny/dashboard?locality=D1", 200);
      assertThat(d1.path("groups").get(0).path("completed").asLong()).isPositive();
      JsonNode past =
          answer(
              api,
              "GET",
              DASHBOARD,
              "/api/programmes/tiny/dashboard?asOf=2025-05-01&locality=P",
              200);
      assertThat(past.path("live").asBoolean()).isFalse();
      answer(api, "GET", DASHBOARD_CSV, "/api/programmes/tiny/dashboard.csv?locality=D1", 200);
      answer(
          api,
          "GET",
          DASHBOARD_CSV,
          "/api/programmes/tiny/dashboard.csv?asOf=" + enc("2025-06-01T00:00:00Z"),
          200);
    }

    @Test
    @DisplayName("people page by page, filtered, as CSV, and one learner now and in the past")
    void people() {
      Http api = admin();
      Seed seed = seed(api);
      JsonNode first = answer(api, "GET", PEOPLE, "/api/programmes/tiny/people?limit=1", 200);
      String more = first.path("more").asText();
      assertThat(more).isNotBlank();
      JsonNode next =
          answer(api, "GET", PEOPLE, "/api/programmes/tiny/people?limit=1&after=" + enc(more), 200);
      assertThat(next.path("people").get(0).path("person").asText()).isGreaterThan(more);
      JsonNode done =
          answer(
              api,
              "GET",
              PEOPLE,
              "/api/programmes/tiny/people?group=staff&locality=D1&completed=true&asOf="
                  + enc(seed.after()),
              200);
      assertThat(done.path("people"))
          .extracting(p -> p.path("person").asText())
          .contains(seed.an());
      answer(api, "GET", PEOPLE_CSV, "/api/programmes/tiny/people.csv?completed=false", 200);
      JsonNode an =
          answer(api, "GET", PERSON, "/api/programmes/tiny/people/" + enc(seed.an()), 200);
      assertThat(an.path("completion").path("met").asBoolean()).isTrue();
      JsonNode certificates =
          answer(
              api,
              "GET",
              CERTIFICATES,
              "/api/programmes/tiny/people/" + enc(seed.an()) + "/certificates",
              200);
      assertThat(certificates.path("certificates").isArray()).isTrue();
      assertThat(an.path("topics").get(0).path("bestScore").isNumber()).isTrue();
      JsonNode before =
          answer(
              api,
              "GET",
              PERSON,
              "/api/programmes/tiny/people/" + enc(seed.an()) + "?asOf=2025-05-01",
              200);
      assertThat(before.path("placement").isNull())
          .as("before the roster was stored the learner had no placement")
          .isTrue();
    }

    @Test
    @DisplayName("a roster import, and a roster with bad rows naming each in violations")
    void rosters() {
      Http api = admin();
      String who = "mailto:r" + UUID.randomUUID().toString().substring(0, 8) + "@example.vn";
      JsonNode ok =
          answer(
              api,
              "POST",
              ROSTER,
              "/api/programmes/tiny/roster",
              "text/csv",
              "learner,group,locality\n" + who + ",staff,D2\n",
              200);
      assertThat(ok.path("placed").asInt()).isEqualTo(1);
      JsonNode bad =
          answer(
              api,
              "POST",
              ROSTER,
              "/api/programmes/tiny/roster",
              "text/csv",
              "learner,group,locality\n" + who + ",nobody,D1\nnot-a-learner,staff,D1\n",
              400);
      assertThat(bad.path("violations")).hasSize(2);
      answer(
          api,
          "POST",
          ROSTER,
          "/api/programmes/tiny/roster",
          "text/csv",
          "learner,group,locality\n" + "x".repeat(16 * 1024 * 1024),
          413);
    }

    @Test
    @DisplayName("401, 403, 400 and 404 answers are the documented error JSON")
    void errors() {
      Http api = admin();
      answer(http(null), "GET", PROGRAMMES, "/api/programmes", 401);
      answer(http(credential(XAPI_SCOPES)), "GET", PROGRAMMES, "/api/programmes", 403);
      answer(http(credential(XAPI_SCOPES)), "POST", ROSTER, "/api/programmes/tiny/roster", 403);
      answer(api, "GET", ONE, "/api/programmes/none", 404);
      answer(api, "GET", DASHBOARD, "/api/programmes/tiny/dashboard?asOf=yesterday", 400);
      answer(api, "GET", DASHBOARD, "/api/programmes/tiny/dashboard?locality=ZZ", 404);
      answer(api, "GET", PEOPLE, "/api/programmes/tiny/people?limit=501", 400);
      answer(api, "GET", PEOPLE, "/api/programmes/tiny/people?completed=maybe", 400);
      answer(api, "GET", PEOPLE, "/api/programmes/tiny/people?group=nobody", 404);
      answer(api, "GET", PEOPLE_CSV, "/api/programmes/tiny/people.csv?locality=ZZ", 404);
      answer(api, "GET", DASHBOARD_CSV, "/api/programmes/tiny/dashboard.csv?asOf=2025-13-01", 400);
      answer(api, "GET", PERSON, "/api/programmes/tiny/people/nobody", 404);
      answer(api, "POST", ROSTER, "/api/programmes/tiny/roster", "application/json", "{}", 400);
      answer(api, "POST", ROSTER, "/api/programmes/none/roster", "text/csv", "learner\n", 404);
    }

    @Test
    @DisplayName("every documented operation of the programme API is exercised here")
    void coverage() {
      programmes();
      dashboards();
      people();
      rosters();
      errors();
      Set<String> documented = new TreeSet<>();
      DOC.operations().stream()
          .filter(o -> o.path().startsWith("/api/programmes"))
          .forEach(o -> documented.add(o.key() + " 200"));
      assertThat(EXERCISED).containsAll(documented);
    }
  }

  @Nested
  @DisplayName("real answers of the admin API match the documented schemas")
  class AdminAnswers {

    static final String REBUILDS = "/admin/rebuilds";
    static final String REBUILD = "/admin/rebuilds/{group}";
    static final String EXPORT = "/admin/export/statements";
    static final String IMPORT = "/admin/import/statements";
    static final String NDJSON = "application/x-ndjson";

    /** The admin operations these tests must exercise (other /admin/ paths are tested apart). */
    static final List<String> PATHS = List.of(REBUILDS, EXPORT, IMPORT);

    @Test
    @DisplayName("the rebuildable groups, a rebuild started and followed, unknown groups")
    void rebuilds() {
      Http api = admin();
      JsonNode list = answer(api, "GET", REBUILDS, REBUILDS, 200);
      assertThat(list.path("processingGroups"))
          .extracting(JsonNode::asText)
          .contains("catalog", "statement-index");
      // the catalog read model is not read by these tests, so rebuilding it disturbs nothing
      JsonNode started = answer(api, "POST", REBUILD, "/admin/rebuilds/catalog", 202);
      assertThat(started.path("processingGroup").asText()).isEqualTo("catalog");
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      JsonNode status = answer(api, "GET", REBUILD, "/admin/rebuilds/catalog", 200);
      while (status.path("state").asText().equals("running")) {
        assertThat(System.nanoTime()).as("the catalog rebuild catches up").isLessThan(deadline);
        sleep(50);
        status = answer(api, "GET", REBUILD, "/admin/rebuilds/catalog", 200);
      }
      assertThat(status.path("state").asText()).isEqualTo("caught-up");
      assertThat(answer(api, "GET", REBUILDS, REBUILDS, 200).path("rebuilds")).isNotEmpty();
      answer(api, "POST", REBUILD, "/admin/rebuilds/no-such-model", 404);
      answer(api, "GET", REBUILD, "/admin/rebuilds/no-such-model", 404);
      answer(api, "GET", REBUILD, "/admin/rebuilds/statement-index", 404);
    }

    @Test
    @DisplayName("an import, the same import again, a refused dry run, and the export of it")
    void migration() {
      Http api = admin();
      String run = UUID.randomUUID().toString().substring(0, 8);
      String activity = "https://example.vn/openapi/" + run;
      String id = UUID.randomUUID().toString();
      String line =
          "{\"id\":\""
              + id
              + "\",\"actor\":{\"mbox\":\"mailto:m"
              + run
              + "@example.vn\"},\"verb\":{\"id\":\""
              + V
              + "completed\"},\"object\":{\"id\":\""
              + activity
              + "\"},\"timestamp\":\"2025-05-02T03:00:00Z\"}";
      JsonNode first = answer(api, "POST", IMPORT, IMPORT, NDJSON, line + "\n", 200);
      assertThat(first.path("stored").asLong()).isEqualTo(1);
      JsonNode again = answer(api, "POST", IMPORT, IMPORT, NDJSON, line + "\n", 200);
      assertThat(again.path("alreadyPresent").asLong()).isEqualTo(1);
      JsonNode refused =
          answer(
              api,
              "POST",
              IMPORT,
              IMPORT + "?dry_run=true&on_error=skip",
              NDJSON,
              line + "\n{\"id\":\"" + UUID.randomUUID() + "\"}\n",
              400);
      assertThat(refused.path("rejections").get(0).path("line").asLong()).isEqualTo(2);
      answer(api, "POST", IMPORT, IMPORT, "application/json", line, 400);
      answer(api, "POST", IMPORT, IMPORT + "?on_error=maybe", NDJSON, line, 400);

      JsonNode exported = answer(api, "GET", EXPORT, EXPORT + "?activity=" + enc(activity), 200);
      assertThat(exported).extracting(s -> s.path("id").asText()).containsExactly(id);
      answer(api, "GET", EXPORT, EXPORT + "?include_voided=false&since=2025-01-01T00:00:00Z", 200);
      answer(api, "GET", EXPORT, EXPORT + "?ascending=false", 400);
      answer(api, "GET", EXPORT, EXPORT + "?since=yesterday", 400);
      answer(http(null), "GET", EXPORT, EXPORT, 401);
      answer(http(credential(XAPI_SCOPES)), "POST", IMPORT, IMPORT, NDJSON, line, 403);
    }

    @Test
    @DisplayName("every documented success of the rebuild, export and import API is exercised")
    void coverage() {
      rebuilds();
      migration();
      Set<String> documented = new TreeSet<>();
      for (Operation op : DOC.operations()) {
        if (PATHS.stream().anyMatch(p -> op.path().startsWith(p))) {
          OpenApiDocument.fields(op.node().path("responses")).stream()
              .filter(r -> r.getKey().startsWith("2"))
              .forEach(r -> documented.add(op.key() + " " + r.getKey()));
        }
      }
      assertThat(documented).hasSize(5);
      assertThat(EXERCISED).containsAll(documented);
    }
  }

  // ---- the running application

  static final Set<String> EXERCISED = ConcurrentHashMap.newKeySet();

  /** Two learners placed by roster in D1 and C1; one met the staff rule. */
  record Seed(String an, String bo, String after) {}

  private static Seed seed;

  synchronized Seed seed(Http api) {
    if (seed != null) {
      return seed;
    }
    String run = UUID.randomUUID().toString().substring(0, 8);
    String an = "mailto:an" + run + "@example.vn";
    String bo = "mailto:bo" + run + "@example.vn";
    HttpResponse<String> roster =
        api.send(
            "POST",
            "/api/programmes/tiny/roster",
            "text/csv",
            "learner,group,locality,effective\n"
                + an
                + ",staff,D1,2025-04-14\n"
                + bo
                + ",staff,C1,2025-04-14\n");
    assertThat(roster.statusCode()).as(roster.body()).isEqualTo(200);
    String ts = "\"timestamp\":\"2025-05-02T03:00:00Z\"";
    String batch =
        "["
            + statement(an, "passed", "a", ts + ",\"result\":{\"score\":{\"scaled\":0.9}}")
            + ","
            + statement(
                an,
                "completed",
                "c",
                ts + ",\"result\":{\"score\":{\"scaled\":0.8},\"duration\":\"PT20M\"}")
            + ","
            + statement(bo, "launched", "b", ts)
            + "]";
    HttpResponse<String> stored = api.send("POST", "/xapi/statements", "application/json", batch);
    assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
    settle(api);
    seed =
        new Seed(
            PersonKeys.ofLearner(an),
            PersonKeys.ofLearner(bo),
            java.time.Instant.now().plusSeconds(1).toString());
    return seed;
  }

  private static String statement(String who, String verb, String topic, String extra) {
    return "{\"id\":\""
        + UUID.randomUUID()
        + "\",\"actor\":{\"mbox\":\""
        + who
        + "\",\"name\":\"Người học\"},\"verb\":{\"id\":\""
        + V
        + verb
        + "\"},\"object\":{\"id\":\"https://example.vn/courses/"
        + topic
        + "\"},"
        + extra
        + "}";
  }

  /** Waits until the progress projection has applied the whole log. */
  private static void settle(Http api) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      JsonNode d =
          StrictJson.parse(api.send("GET", "/api/programmes/tiny/dashboard", null, null).body());
      if (d.path("through").asLong() >= d.path("head").asLong()) {
        return;
      }
      assertThat(System.nanoTime()).as("the progress projection catches up").isLessThan(deadline);
      sleep(50);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  JsonNode answer(Http api, String method, String template, String url, int status) {
    return answer(api, method, template, url, null, null, status);
  }

  /**
   * Sends a request and checks the answer against the document: the operation, its query
   * parameters, the status, the documented headers, the media type and the body's schema (or, for
   * CSV, the header row in x-columns; for NDJSON, each line against x-line-schema). Returns the
   * JSON body, the array of NDJSON lines, or null for CSV.
   */
  JsonNode answer(
      Http api,
      String method,
      String template,
      String url,
      String contentType,
      String body,
      int status) {
    Operation op =
        DOC.operation(method, template)
            .orElseThrow(() -> new AssertionError(method + " " + template + " is not documented"));
    String query = URI.create(url).getRawQuery();
    if (query != null) {
      Set<String> names = new HashSet<>();
      DOC.parameters(op).stream()
          .filter(p -> p.path("in").asText().equals("query"))
          .forEach(p -> names.add(p.path("name").asText()));
      for (String pair : query.split("&")) {
        String name = URLDecoder.decode(pair.split("=", 2)[0], StandardCharsets.UTF_8);
        assertThat(names).as(op.key() + ": query parameter " + name).contains(name);
      }
    }
    HttpResponse<String> r = api.send(method, url, contentType, body);
    assertThat(r.statusCode()).as(method + " " + url + ": " + r.body()).isEqualTo(status);
    JsonNode documented = DOC.response(op, status);
    assertThat(documented).as(op.key() + ": status " + status + " is not documented").isNotNull();
    for (var h : OpenApiDocument.fields(documented.path("headers"))) {
      assertThat(r.headers().firstValue(h.getKey()))
          .as(op.key() + " " + status + ": header " + h.getKey())
          .isPresent();
    }
    MediaType actual =
        MediaType.parseMediaType(r.headers().firstValue("Content-Type").orElseThrow());
    JsonNode media = null;
    String mediaName = null;
    for (var c : OpenApiDocument.fields(documented.path("content"))) {
      if (MediaType.parseMediaType(c.getKey()).equalsTypeAndSubtype(actual)) {
        media = c.getValue();
        mediaName = c.getKey();
      }
    }
    assertThat(media).as(op.key() + " " + status + ": media type " + actual).isNotNull();
    EXERCISED.add(op.key() + " " + status);
    if (media.has("x-columns")) {
      String header = r.body().replace("\uFEFF", "").lines().findFirst().orElse("");
      assertThat(header).as(op.key() + ": CSV header").isEqualTo(columns(media));
      return null;
    }
    if (media.has("x-line-schema")) {
      JsonNode lineSchema = media.get("x-line-schema");
      com.fasterxml.jackson.databind.node.ArrayNode lines = StrictJson.mapper().createArrayNode();
      for (JsonNode line : lines(r.body())) {
        assertThat(SCHEMAS.check(lineSchema, line)).as(method + " " + url + " line").isEmpty();
        lines.add(line);
      }
      return lines;
    }
    assertThat(mediaName).contains("json");
    JsonNode json = StrictJson.parse(r.body());
    assertThat(SCHEMAS.check(media.path("schema"), json)).as(method + " " + url).isEmpty();
    return json;
  }

  /** The JSON values of an NDJSON text, one per non-blank line, each parsed strictly. */
  static List<JsonNode> lines(String ndjson) {
    return ndjson.lines().filter(l -> !l.isBlank()).map(StrictJson::parse).toList();
  }

  static String columns(JsonNode media) {
    List<String> names = new ArrayList<>();
    media.path("x-columns").forEach(c -> names.add(c.asText()));
    return String.join(",", names);
  }

  // ---- credentials and HTTP

  private static final Map<Set<String>, String> KEYS = new HashMap<>();

  /** The key:secret of a credential holding exactly these scopes. */
  synchronized String credential(Set<String> scopes) {
    return KEYS.computeIfAbsent(
        Set.copyOf(scopes),
        s -> {
          String key = "openapi-" + UUID.randomUUID();
          credentials.create(key, "secret", List.copyOf(s), "OpenApiDocumentTest");
          return key + ":secret";
        });
  }

  Http admin() {
    return http("test-key:test-secret");
  }

  Http http(String keyAndSecret) {
    return new Http(port, keyAndSecret);
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Requests to the running app, with HTTP Basic when a key:secret is given. */
  record Http(int port, String keyAndSecret) {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    HttpResponse<String> send(String method, String url, String contentType, String body) {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + url));
      b.header("X-Experience-API-Version", "2.0.0");
      if (keyAndSecret != null) {
        b.header(
            "Authorization",
            "Basic "
                + Base64.getEncoder()
                    .encodeToString(keyAndSecret.getBytes(StandardCharsets.UTF_8)));
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
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
