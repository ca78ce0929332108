package vn.hocba.lrs.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import vn.hocba.eventlog.MongoEventLog;
import vn.hocba.lrs.security.Credentials;
import vn.hocba.statementindex.StatementQueries;
import vn.hocba.statementindex.StatementQuery;
import vn.hocba.xapi.json.StrictJson;

/**
 * The NDJSON export and import of the admin API over real HTTP: the app under test is the source,
 * and a second, empty app in the same JVM is the LRS the history moves to.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class StatementMigrationTest {

  static final String COMPLETED = "http://adlnet.gov/expapi/verbs/completed";
  static final String ATTEMPTED = "http://adlnet.gov/expapi/verbs/attempted";

  static Lrs target;

  @LocalServerPort int port;
  @Autowired Credentials credentials;
  @Autowired MongoEventLog eventLog;
  @Autowired StatementQueries queries;
  Lrs source;

  @BeforeAll
  static void startTarget() {
    target = Lrs.target();
  }

  @BeforeEach
  void client() {
    source = new Lrs(port);
    credentials.create("reader", "reader-secret", List.of("statements/read"), "test");
  }

  /** A history of its own registration: two agents, two verbs, voidings in both orders. */
  record History(
      String registration,
      String agentA,
      String agentB,
      String activityX,
      String activityY,
      String parent,
      String voided,
      String voidedFirst,
      Instant middle,
      int size) {}

  History history() throws InterruptedException {
    String reg = Lrs.id();
    String a = Lrs.mbox();
    String b = Lrs.mbox();
    String x = "http://example.org/x/" + Lrs.id();
    String y = "http://example.org/y/" + Lrs.id();
    String parent = "http://example.org/course/" + Lrs.id();
    String context =
        "\"context\":{\"registration\":\"%s\",\"contextActivities\":{\"parent\":[{\"id\":\"%s\"}]}}"
            .formatted(reg, parent);
    String plain = "\"context\":{\"registration\":\"%s\"}".formatted(reg);
    List<String> first = new ArrayList<>();
    first.add(Lrs.statement(Lrs.id(), a, COMPLETED, x, context));
    first.add(Lrs.statement(Lrs.id(), a, ATTEMPTED, y, plain));
    first.add(Lrs.statement(Lrs.id(), b, COMPLETED, y, context));
    String voided = Lrs.id();
    first.add(Lrs.statement(voided, b, ATTEMPTED, x, plain));
    source.post(first.toArray(String[]::new));
    // a group whose members are agents A and B: related_agents finds it for either
    String group =
        ("{\"id\":\"%s\",\"actor\":{\"objectType\":\"Group\",\"member\":[{\"mbox\":\"%s\"},"
                + "{\"mbox\":\"%s\"}]},\"verb\":{\"id\":\"%s\"},\"object\":{\"id\":\"%s\"},%s}")
            .formatted(Lrs.id(), a, b, COMPLETED, x, plain);
    source.post(group);
    Thread.sleep(5);
    Instant middle =
        Instant.parse(
            StrictJson.parse(source.get("?statementId=" + voided).body()).get("stored").asText());
    Thread.sleep(5);
    // voided after it was stored; and a voiding statement that arrives before its target
    source.post(Lrs.voiding(Lrs.id(), b, voided));
    String voidedFirst = Lrs.id();
    source.post(Lrs.voiding(Lrs.id(), a, voidedFirst));
    source.post(Lrs.statement(voidedFirst, a, COMPLETED, y, context));
    source.post(Lrs.statement(Lrs.id(), b, ATTEMPTED, x, context));
    return new History(reg, a, b, x, y, parent, voided, voidedFirst, middle, 9);
  }

  static String agent(String mbox) {
    return "{\"mbox\":\"" + mbox + "\"}";
  }

  static Map<String, String> params(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i + 1 < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  static List<JsonNode> parse(List<String> lines) {
    return lines.stream().map(StrictJson::parse).toList();
  }

  static List<String> ids(List<JsonNode> statements) {
    return statements.stream().map(s -> s.get("id").asText()).toList();
  }

  /** The xAPI ascending order: stored, then id. */
  static final Comparator<JsonNode> STORED_THEN_ID =
      Comparator.comparing((JsonNode s) -> Instant.parse(s.get("stored").asText()))
          .thenComparing(s -> s.get("id").asText());

  @Nested
  @DisplayName("GET /admin/export/statements")
  class Export {

    @Test
    @DisplayName("with each filter of GET statements, it returns what the xAPI query returns")
    void filtersMatchTheXapiQuery() throws InterruptedException {
      History h = history();
      List<Map<String, String>> filters =
          List.of(
              params(),
              params("agent", agent(h.agentA())),
              params("agent", agent(h.agentB()), "related_agents", "true"),
              params("verb", COMPLETED),
              params("activity", h.activityX()),
              params("activity", h.parent(), "related_activities", "true"),
              params("verb", ATTEMPTED, "activity", h.activityX()),
              params("since", h.middle().toString()),
              params("until", h.middle().toString()),
              params("agent", agent(h.agentA()), "since", h.middle().toString()));
      for (Map<String, String> filter : filters) {
        Map<String, String> scoped = new LinkedHashMap<>(filter);
        scoped.put("registration", h.registration());
        Map<String, String> query = new LinkedHashMap<>(scoped);
        query.put("ascending", "true");
        List<JsonNode> expected = source.queryAll(query);
        Map<String, String> export = new LinkedHashMap<>(scoped);
        export.put("include_voided", "false");
        List<String> lines = source.exportLines(export);
        List<JsonNode> exported = parse(lines);
        assertThat(exported)
            .as("oldest first")
            .isSortedAccordingTo(
                Comparator.comparing(s -> Instant.parse(s.get("stored").asText())));
        List<JsonNode> sorted = new ArrayList<>(exported);
        sorted.sort(STORED_THEN_ID);
        assertThat(ids(sorted)).as("filter %s", filter).isEqualTo(ids(expected));
        // each line is the statement exactly as the LRS returns it
        Map<String, String> byId = new HashMap<>();
        for (String line : lines) {
          byId.put(StrictJson.parse(line).get("id").asText(), line);
        }
        for (JsonNode s : expected) {
          assertThat(byId.get(s.get("id").asText())).isEqualTo(StrictJson.write(s));
        }
      }
      assertThat(source.queryAll(params("registration", h.registration())))
          .as("the history is what the test thinks it is")
          .hasSize(h.size() - 2);
    }

    @Test
    @DisplayName("since and until at every stored time of a history select what the query selects")
    void timeBoundsAtEveryStatement() throws InterruptedException {
      History h = history();
      List<String> bounds = new ArrayList<>();
      for (JsonNode s : parse(source.exportLines(params("registration", h.registration())))) {
        bounds.add(s.get("stored").asText());
      }
      bounds.add("2000-01-01T00:00:00Z");
      bounds.add("2999-01-01T00:00:00Z");
      for (String bound : bounds) {
        for (String name : List.of("since", "until")) {
          Map<String, String> p = params("registration", h.registration(), name, bound);
          Map<String, String> query = new LinkedHashMap<>(p);
          query.put("ascending", "true");
          p.put("include_voided", "false");
          assertThat(ids(parse(source.exportLines(p))))
              .as("%s=%s", name, bound)
              .containsExactlyInAnyOrderElementsOf(ids(source.queryAll(query)));
        }
      }
    }

    @Test
    @DisplayName("voided statements are included unless include_voided=false")
    void voidedStatementsAreIncludedByDefault() throws InterruptedException {
      History h = history();
      List<String> all = ids(parse(source.exportLines(params("registration", h.registration()))));
      assertThat(all).hasSize(h.size()).contains(h.voided(), h.voidedFirst());
      List<String> live =
          ids(
              parse(
                  source.exportLines(
                      params("registration", h.registration(), "include_voided", "false"))));
      assertThat(live).hasSize(h.size() - 2).doesNotContain(h.voided(), h.voidedFirst());
    }

    @Test
    @DisplayName("each line is a stored statement exactly as GET by id returns it")
    void linesAreTheStoredStatements() throws InterruptedException {
      History h = history();
      for (String line : source.exportLines(params("registration", h.registration()))) {
        String id = StrictJson.parse(line).get("id").asText();
        HttpResponse<String> byId = source.get("?statementId=" + id);
        if (byId.statusCode() == 404) {
          byId = source.get("?voidedStatementId=" + id);
        }
        assertThat(line).isEqualTo(byId.body());
      }
    }

    @Test
    @DisplayName("needs the admin scope: 401 without credentials, 403 with statements/read")
    void needsAdmin() {
      assertThat(source.as("reader", "reader-secret").export(params()).statusCode()).isEqualTo(403);
      assertThat(source.as("nobody", "wrong").export(params()).statusCode()).isEqualTo(401);
    }

    @Test
    @DisplayName("unknown parameters, bad filter values and ascending=false are 400")
    void badParameters() {
      assertThat(source.export(params("limit", "10")).statusCode()).isEqualTo(400);
      assertThat(source.export(params("agent", "{\"name\":\"x\"}")).statusCode()).isEqualTo(400);
      assertThat(source.export(params("since", "yesterday")).statusCode()).isEqualTo(400);
      HttpResponse<String> descending = source.export(params("ascending", "false"));
      assertThat(descending.statusCode()).isEqualTo(400);
      assertThat(StrictJson.parse(descending.body()).get("message").asText())
          .contains("oldest first");
    }

    @Test
    @DisplayName("a sink that fails (the client went away) stops the walk at once")
    void aFailingSinkStopsTheWalk() throws InterruptedException {
      History h = history();
      StatementExport export = new StatementExport(queries);
      StatementQuery everything =
          new StatementQuery(
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              false,
              false,
              Optional.empty(),
              Optional.empty(),
              10,
              true,
              Optional.empty());
      AtomicInteger calls = new AtomicInteger();
      assertThatThrownBy(
              () ->
                  export.write(
                      everything,
                      true,
                      eventLog.nextPosition() - 1,
                      json -> {
                        if (calls.incrementAndGet() == 3) {
                          throw new IOException("broken pipe");
                        }
                      }))
          .isInstanceOf(IOException.class);
      assertThat(calls).hasValue(3);
      assertThat(h.size()).isGreaterThan(3);
    }
  }

  @Nested
  @DisplayName("POST /admin/import/statements")
  class Import {

    HttpResponse<String> importInto(Lrs lrs, List<String> lines, String... params) {
      return lrs.importNdjson(
          lines.stream().map(l -> l + "\n").collect(Collectors.joining()), params(params));
    }

    static JsonNode report(HttpResponse<String> r) {
      return StrictJson.parse(r.body());
    }

    @Test
    @DisplayName(
        "export, then import into an empty LRS: same ids, same content but stored, same voided"
            + " state; importing again stores nothing")
    void exportThenImportReproducesTheHistory() throws InterruptedException {
      History h = history();
      List<String> lines = source.exportLines(params("registration", h.registration()));
      HttpResponse<String> r = importInto(target, lines);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(report(r).get("stored").asLong()).isEqualTo(h.size());
      assertThat(report(r).get("complete").asBoolean()).isTrue();

      Map<String, JsonNode> moved = new HashMap<>();
      for (JsonNode s : parse(target.exportLines(params("registration", h.registration())))) {
        moved.put(s.get("id").asText(), s);
      }
      for (JsonNode original : parse(lines)) {
        JsonNode copy = moved.get(original.get("id").asText());
        assertThat(copy).as("statement %s", original.get("id")).isNotNull();
        ObjectNode a = original.deepCopy();
        ObjectNode b = copy.deepCopy();
        a.remove("stored"); // the new LRS stores it now (Data 2.4.8)
        b.remove("stored");
        assertThat(b).isEqualTo(a); // authority and timestamp kept
      }
      assertThat(moved).hasSize(h.size());
      for (String voided : List.of(h.voided(), h.voidedFirst())) {
        assertThat(target.get("?statementId=" + voided).statusCode()).isEqualTo(404);
        assertThat(target.get("?voidedStatementId=" + voided).statusCode()).isEqualTo(200);
      }
      assertThat(ids(target.queryAll(params("registration", h.registration()))))
          .containsExactlyInAnyOrderElementsOf(
              ids(source.queryAll(params("registration", h.registration()))));

      long logEnd = target.bean(MongoEventLog.class).nextPosition();
      HttpResponse<String> again = importInto(target, lines);
      assertThat(again.statusCode()).isEqualTo(200);
      assertThat(report(again).get("stored").asLong()).isZero();
      assertThat(report(again).get("alreadyPresent").asLong()).isEqualTo(h.size());
      assertThat(target.bean(MongoEventLog.class).nextPosition()).isEqualTo(logEnd);
    }

    List<String> good(int n, String registration) {
      List<String> out = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        out.add(
            Lrs.statement(
                Lrs.id(),
                Lrs.mbox(),
                COMPLETED,
                "http://example.org/a",
                "\"context\":{\"registration\":\"" + registration + "\"}"));
      }
      return out;
    }

    static String idOf(String line) {
      return StrictJson.parse(line).get("id").asText();
    }

    @Test
    @DisplayName(
        "a bad line stops the import: its batch and everything after it are not stored, every"
            + " bad line is listed with its number, and a fixed re-run completes")
    void aBadLineStopsTheImport() {
      String reg = Lrs.id();
      List<String> lines = new ArrayList<>(good(8, reg));
      String invalid = lines.get(5).replace("\"mbox\":\"mailto:", "\"mbox\":\"");
      lines.set(5, invalid); // line 6: an mbox without mailto: (Data 2.4.2.3)
      lines.set(7, "{\"id\":\"" + Lrs.id() + "\", not json");
      HttpResponse<String> r = importInto(target, lines, "batch_size", "3");
      assertThat(r.statusCode()).isEqualTo(400);
      JsonNode report = report(r);
      assertThat(report.get("complete").asBoolean()).isFalse();
      assertThat(report.get("committedThroughLine").asLong()).isEqualTo(3);
      assertThat(report.get("stored").asLong()).isEqualTo(3);
      assertThat(report.get("rejected").asLong()).isEqualTo(2);
      assertThat(report.at("/rejections/0/line").asLong()).isEqualTo(6);
      assertThat(report.at("/rejections/0/violations/0/pointer").asText()).contains("mbox");
      assertThat(report.at("/rejections/1/line").asLong()).isEqualTo(8);
      assertThat(report.at("/rejections/1/reason").asText()).doesNotContain("not json");
      for (int i = 0; i < 8; i++) {
        if (i == 7) {
          continue;
        }
        int expected = i < 3 ? 200 : 404;
        assertThat(target.get("?statementId=" + idOf(lines.get(i))).statusCode())
            .as("line %d", i + 1)
            .isEqualTo(expected);
      }
      String personal = StrictJson.parse(invalid).at("/actor/mbox").asText();
      assertThat(r.body()).doesNotContain(personal); // reports carry no statement content

      lines.set(5, good(1, reg).get(0));
      lines.set(7, good(1, reg).get(0));
      HttpResponse<String> fixed = importInto(target, lines, "batch_size", "3");
      assertThat(fixed.statusCode()).isEqualTo(200);
      assertThat(report(fixed).get("stored").asLong()).isEqualTo(5);
      assertThat(report(fixed).get("alreadyPresent").asLong()).isEqualTo(3);
    }

    @Test
    @DisplayName("on_error=skip stores every good line and lists the bad ones")
    void skipStoresTheRest() {
      String reg = Lrs.id();
      List<String> lines = new ArrayList<>(good(5, reg));
      lines.add(2, "[1,2]");
      lines.add(4, "");
      HttpResponse<String> r = importInto(target, lines, "on_error", "skip", "batch_size", "2");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonNode report = report(r);
      assertThat(report.get("lines").asLong()).isEqualTo(7);
      assertThat(report.get("statements").asLong()).isEqualTo(6);
      assertThat(report.get("stored").asLong()).isEqualTo(5);
      assertThat(report.get("rejected").asLong()).isEqualTo(1);
      assertThat(report.at("/rejections/0/line").asLong()).isEqualTo(3);
      assertThat(target.queryAll(params("registration", reg))).hasSize(5);
    }

    @Test
    @DisplayName("a known id with different content is a conflict, reported with its line and id")
    void conflictIsReported() {
      String reg = Lrs.id();
      List<String> lines = good(3, reg);
      assertThat(importInto(target, lines).statusCode()).isEqualTo(200);
      String changed = lines.get(1).replace("http://example.org/a", "http://example.org/b");
      List<String> second = new ArrayList<>(good(2, reg));
      second.add(changed);
      HttpResponse<String> r = importInto(target, second, "on_error", "skip");
      JsonNode report = report(r);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(report.get("stored").asLong()).isEqualTo(2);
      assertThat(report.at("/rejections/0/line").asLong()).isEqualTo(3);
      assertThat(report.at("/rejections/0/id").asText()).isEqualTo(idOf(changed));
      assertThat(report.at("/rejections/0/reason").asText()).contains("2.3.1");
      // stop mode: the conflict's batch is refused whole
      List<String> third = new ArrayList<>(good(2, reg));
      third.add(changed);
      HttpResponse<String> stopped = importInto(target, third);
      assertThat(stopped.statusCode()).isEqualTo(400);
      assertThat(report(stopped).get("stored").asLong()).isZero();
      assertThat(target.get("?statementId=" + idOf(third.get(0))).statusCode()).isEqualTo(404);
    }

    @Test
    @DisplayName(
        "stored is assigned anew and timestamp kept; authority is kept unless"
            + " authority=credential (Data 2.4.8, 2.4.9)")
    void storedAuthorityAndTimestamp() {
      String authority =
          "\"authority\":{\"objectType\":\"Agent\",\"account\":{\"homePage\":"
              + "\"https://old-lrs.example\",\"name\":\"lms\"}},"
              + "\"timestamp\":\"2019-05-01T10:00:00.000Z\",\"stored\":\"2019-05-01T10:00:01.000Z\"";
      String kept =
          Lrs.statement(Lrs.id(), Lrs.mbox(), COMPLETED, "http://example.org/a", authority);
      String replaced =
          Lrs.statement(Lrs.id(), Lrs.mbox(), COMPLETED, "http://example.org/a", authority);
      assertThat(importInto(target, List.of(kept)).statusCode()).isEqualTo(200);
      assertThat(importInto(target, List.of(replaced), "authority", "credential").statusCode())
          .isEqualTo(200);
      JsonNode k = StrictJson.parse(target.get("?statementId=" + idOf(kept)).body());
      JsonNode c = StrictJson.parse(target.get("?statementId=" + idOf(replaced)).body());
      assertThat(k.at("/authority/account/homePage").asText()).isEqualTo("https://old-lrs.example");
      assertThat(c.at("/authority/account/name").asText()).isEqualTo(Lrs.KEY);
      assertThat(k.get("timestamp").asText()).isEqualTo("2019-05-01T10:00:00.000Z");
      assertThat(Instant.parse(k.get("stored").asText()))
          .isAfter(Instant.parse("2020-01-01T00:00:00Z"));
    }

    @Test
    @DisplayName(
        "each statement is validated by the rules of its own version property, else xapi_version")
    void versionRules() {
      String contextAgents =
          "\"context\":{\"contextAgents\":[{\"objectType\":\"contextAgent\","
              + "\"agent\":{\"mbox\":\"mailto:t@example.org\"}}]}";
      String v1 =
          Lrs.statement(
              Lrs.id(),
              Lrs.mbox(),
              COMPLETED,
              "http://example.org/a",
              contextAgents + ",\"version\":\"1.0.0\"");
      String v2 =
          Lrs.statement(
              Lrs.id(),
              Lrs.mbox(),
              COMPLETED,
              "http://example.org/a",
              contextAgents + ",\"version\":\"2.0.0\"");
      String none =
          Lrs.statement(Lrs.id(), Lrs.mbox(), COMPLETED, "http://example.org/a", contextAgents);
      HttpResponse<String> r =
          importInto(target, List.of(v1, v2, none), "on_error", "skip", "xapi_version", "1.0.3");
      JsonNode report = report(r);
      assertThat(report.get("stored").asLong()).as(r.body()).isEqualTo(1);
      assertThat(report.get("rejections").findValuesAsText("line")).containsExactly("1", "3");
      assertThat(target.get("?statementId=" + idOf(v2)).statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("a statement without an id is rejected: a re-run could not recognise it")
    void idIsRequired() {
      String noId =
          Lrs.statement("x", Lrs.mbox(), COMPLETED, "http://example.org/a", null)
              .replace("\"id\":\"x\",", "");
      HttpResponse<String> r = importInto(target, List.of(noId));
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(report(r).at("/rejections/0/reason").asText()).contains("id");
    }

    @Test
    @DisplayName("a voiding statement may come before its target; the target ends voided")
    void voidingBeforeItsTarget() {
      String target_ = Lrs.id();
      String mbox = Lrs.mbox();
      HttpResponse<String> r =
          importInto(
              target,
              List.of(
                  Lrs.voiding(Lrs.id(), mbox, target_),
                  Lrs.completed(target_, mbox, "http://example.org/a")),
              "batch_size",
              "1");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(target.get("?voidedStatementId=" + target_).statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("dry_run validates every line and stores nothing")
    void dryRun() {
      List<String> lines = good(3, Lrs.id());
      HttpResponse<String> r = importInto(target, lines, "dry_run", "true");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(report(r).get("stored").asLong()).isZero();
      assertThat(target.get("?statementId=" + idOf(lines.get(0))).statusCode()).isEqualTo(404);
      lines.set(1, "nonsense");
      assertThat(importInto(target, lines, "dry_run", "true").statusCode()).isEqualTo(400);
    }

    @Test
    @DisplayName("needs the admin scope, NDJSON and known parameters")
    void requestChecks() {
      String line = good(1, Lrs.id()).get(0) + "\n";
      assertThat(target.as("nobody", "x").importNdjson(line, params()).statusCode()).isEqualTo(401);
      assertThat(source.as("reader", "reader-secret").importNdjson(line, params()).statusCode())
          .isEqualTo(403);
      assertThat(
              target
                  .send("POST", "/admin/import/statements", "application/json", line)
                  .statusCode())
          .isEqualTo(400);
      assertThat(target.importNdjson(line, params("version", "2.0.0")).statusCode()).isEqualTo(400);
      assertThat(target.importNdjson(line, params("batch_size", "0")).statusCode()).isEqualTo(400);
    }
  }
}
