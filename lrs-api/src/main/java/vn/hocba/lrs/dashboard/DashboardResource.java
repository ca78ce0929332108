package vn.hocba.lrs.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.hocba.lrs.security.Principal;
import vn.hocba.lrs.web.Problem;
import vn.hocba.programme.Dashboards;
import vn.hocba.programme.Dashboards.Cell;
import vn.hocba.programme.Dashboards.Dashboard;
import vn.hocba.programme.Dashboards.Row;
import vn.hocba.programme.Dashboards.Week;
import vn.hocba.programme.PersonProgress;
import vn.hocba.programme.PersonRecord;
import vn.hocba.programme.PersonRecord.Placement;
import vn.hocba.programme.Programme;
import vn.hocba.programme.Programme.Locality;
import vn.hocba.programme.Programme.Text;
import vn.hocba.programme.ProgrammeIndex;
import vn.hocba.xapi.json.StrictJson;

/** Programmes, dashboards and people (docs/dashboard-api.md), for the {@code dashboard} scope. */
@RestController
@RequestMapping("/api/programmes")
class DashboardResource {

  static final String SCOPE = "dashboard";
  private static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

  private final Programmes programmes;
  private final DashboardService service;

  DashboardResource(Programmes programmes, DashboardService service) {
    this.programmes = programmes;
    this.service = service;
  }

  @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
  String list(HttpServletRequest request) {
    Principal.of(request).require(SCOPE);
    ArrayNode a = StrictJson.mapper().createArrayNode();
    programmes.all().forEach(p -> a.add(programme(p.programme())));
    return StrictJson.write(a);
  }

  @GetMapping(value = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
  String one(@PathVariable String id, HttpServletRequest request) {
    Principal.of(request).require(SCOPE);
    return StrictJson.write(programme(programme(id).programme()));
  }

  @GetMapping(value = "/{id}/dashboard", produces = MediaType.APPLICATION_JSON_VALUE)
  String dashboard(
      @PathVariable String id,
      @RequestParam Map<String, String> params,
      HttpServletRequest request) {
    Principal.of(request).require(SCOPE);
    ProgrammeIndex p = programme(id);
    Moment at = moment(p, params.get("asOf"));
    DashboardService.Snapshot s = service.snapshot(p);
    Dashboard d = compute(p, s, at, params.get("locality"));
    ObjectNode n = StrictJson.mapper().createObjectNode();
    n.put("programme", id);
    n.put("asOf", at.instant().toString());
    n.put("live", at.live());
    n.put("through", s.through());
    n.put("head", s.head());
    ObjectNode loc = locality(d.row().locality());
    ArrayNode path = loc.putArray("path");
    for (Locality l : d.path()) {
      path.addObject().put("code", l.code()).set("name", text(l.name()));
    }
    n.set("locality", loc);
    n.set("groups", cells(p, d.row(), true));
    n.set("total", total(d.row()));
    ArrayNode children = n.putArray("children");
    for (Row r : d.children()) {
      ObjectNode c = children.addObject();
      c.set("locality", locality(r.locality()));
      c.set("groups", cells(p, r, false));
      c.set("total", total(r));
    }
    n.put("unplaced", d.unplaced());
    return StrictJson.write(n);
  }

  @GetMapping(value = "/{id}/dashboard.csv")
  ResponseEntity<String> dashboardCsv(
      @PathVariable String id,
      @RequestParam Map<String, String> params,
      HttpServletRequest request) {
    Principal.of(request).require(SCOPE);
    ProgrammeIndex p = programme(id);
    Moment at = moment(p, params.get("asOf"));
    Dashboard d = compute(p, service.snapshot(p), at, params.get("locality"));
    Csv csv =
        new Csv(
            "locality",
            "locality_name_vi",
            "locality_name_en",
            "level",
            "group",
            "population",
            "enrolled",
            "active30",
            "completed",
            "share",
            "target",
            "target_people",
            "gap",
            "forecast_status",
            "forecast_date");
    List<Row> rows = new ArrayList<>();
    rows.add(d.row());
    rows.addAll(d.children());
    for (Row r : rows) {
      Locality l = r.locality();
      for (Cell c : r.groups()) {
        csv.row(
            l.code(),
            l.name().vi(),
            l.name().en(),
            l.level().wire(),
            c.group(),
            c.population(),
            c.enrolled(),
            c.active30(),
            c.completed(),
            c.share(),
            c.target(),
            c.targetPeople(),
            c.gap(),
            c.forecast().status(),
            c.forecast().date());
      }
      csv.row(
          l.code(),
          l.name().vi(),
          l.name().en(),
          l.level().wire(),
          "*",
          r.total().population(),
          r.total().enrolled(),
          r.total().active30(),
          r.total().completed(),
          r.total().share(),
          "",
          "",
          "",
          "",
          "");
    }
    return csv(csv, id + "-dashboard-" + d.row().locality().code() + ".csv");
  }

  @GetMapping(value = "/{id}/people", produces = MediaType.APPLICATION_JSON_VALUE)
  String people(
      @PathVariable String id,
      @RequestParam Map<String, String> params,
      HttpServletRequest request) {
    Principal.of(request).require(SCOPE);
    ProgrammeIndex p = programme(id);
    Moment at = moment(p, params.get("asOf"));
    int limit = limit(params.get("limit"));
    String after = params.get("after");
    DashboardService.Snapshot s = service.snapshot(p);
    Filter f = filter(p, params, at);
    ObjectNode n = StrictJson.mapper().createObjectNode();
    ArrayNode out = n.putArray("people");
    String last = null;
    boolean more = false;
    Map<String, PersonRecord> from = after == null ? s.people() : s.people().tailMap(after, false);
    for (PersonRecord r : from.values()) {
      PersonProgress pp = PersonProgress.of(p, r, at.instant());
      if (!f.matches(p, pp)) {
        continue;
      }
      if (out.size() == limit) {
        more = true;
        break;
      }
      out.add(summary(pp));
      last = r.person();
    }
    n.put("more", more ? last : null);
    n.put("through", s.through());
    n.put("head", s.head());
    return StrictJson.write(n);
  }

  @GetMapping(value = "/{id}/people.csv")
  ResponseEntity<String> peopleCsv(
      @PathVariable String id,
      @RequestParam Map<String, String> params,
      HttpServletRequest request) {
    Principal.of(request).require(SCOPE);
    ProgrammeIndex p = programme(id);
    Moment at = moment(p, params.get("asOf"));
    Filter f = filter(p, params, at);
    Csv csv =
        new Csv(
            "person",
            "name",
            "group",
            "locality",
            "completed",
            "completed_at",
            "topics_completed",
            "last_activity");
    for (PersonRecord r : service.snapshot(p).people().values()) {
      PersonProgress pp = PersonProgress.of(p, r, at.instant());
      if (f.matches(p, pp)) {
        Optional<Placement> pl = pp.placement();
        csv.row(
            pp.person(),
            pp.name(),
            pl.map(Placement::group).orElse(""),
            pl.map(Placement::locality).orElse(""),
            pp.completion().met(),
            pp.completion().since(),
            topicsDone(pp),
            pp.lastActivity());
      }
    }
    return csv(csv, id + "-people.csv");
  }

  @GetMapping(value = "/{id}/people/{person}", produces = MediaType.APPLICATION_JSON_VALUE)
  String person(
      @PathVariable String id,
      @PathVariable String person,
      @RequestParam Map<String, String> params,
      HttpServletRequest request) {
    Principal.of(request).require(SCOPE);
    ProgrammeIndex p = programme(id);
    Moment at = moment(p, params.get("asOf"));
    DashboardService.Snapshot s = service.snapshot(p);
    PersonRecord r = s.people().get(person);
    if (r == null) {
      throw Problem.notFound("no learner " + person + " in programme " + id);
    }
    PersonProgress pp = PersonProgress.of(p, r, at.instant());
    ObjectNode n = StrictJson.mapper().createObjectNode();
    n.put("person", pp.person());
    n.put("name", pp.name());
    n.put("programme", id);
    n.put("asOf", at.instant().toString());
    n.put("live", at.live());
    n.put("through", s.through());
    n.put("head", s.head());
    n.set("placement", pp.placement().map(DashboardResource::placement).orElse(null));
    ArrayNode ps = n.putArray("placements");
    pp.placements().forEach(x -> ps.add(placement(x).put("stored", x.stored().toString())));
    ArrayNode topics = n.putArray("topics");
    for (PersonProgress.TopicProgress t : pp.topics()) {
      ObjectNode o = topics.addObject();
      o.put("topic", t.topic());
      o.set("name", text(p.programme().topic(t.topic()).orElseThrow().name()));
      o.put("status", t.status().wire());
      o.put("bestScore", t.bestScore());
      o.put("attempts", t.attempts());
      o.put("timeSpent", Duration.ofMillis(t.timeSpentMillis()).toString());
      o.put("timeSpentSeconds", t.timeSpentMillis() / 1000);
      o.put("firstActivity", str(t.firstActivity()));
      o.put("lastActivity", str(t.lastActivity()));
    }
    ObjectNode c = n.putObject("completion");
    c.put("met", pp.completion().met());
    c.put("since", str(pp.completion().since()));
    ArrayNode ids = c.putArray("statements");
    pp.completion().statements().forEach(ids::add);
    pp.group(p).ifPresent(g -> c.put("group", g.id()));
    return StrictJson.write(n);
  }

  // ---- helpers

  /** When a view is asked for: a past moment, or live (now). */
  record Moment(Instant instant, boolean live) {}

  private Moment moment(ProgrammeIndex p, String asOf) {
    Instant now = service.now();
    if (asOf == null || asOf.isBlank()) {
      return new Moment(now, true);
    }
    Instant t;
    try {
      if (asOf.length() == 10) {
        t = p.endOf(LocalDate.parse(asOf));
      } else {
        t = OffsetDateTime.parse(asOf).toInstant();
      }
    } catch (DateTimeException e) {
      throw Problem.badRequest(
          "asOf must be a date (YYYY-MM-DD) or an ISO 8601 instant with offset, e.g."
              + " 2025-06-01T00:00:00Z");
    }
    return t.isBefore(now) ? new Moment(t, false) : new Moment(now, true);
  }

  private ProgrammeIndex programme(String id) {
    return programmes.get(id).orElseThrow(() -> Problem.notFound("no programme " + id));
  }

  private Dashboard compute(
      ProgrammeIndex p, DashboardService.Snapshot s, Moment at, String locality) {
    if (locality != null && locality.isBlank()) {
      locality = null;
    }
    if (locality != null && p.locality(locality).isEmpty()) {
      throw Problem.notFound("no locality " + locality + " in programme " + p.programme().id());
    }
    return Dashboards.compute(p, service.progress(p, s, at.instant()), at.instant(), locality);
  }

  private static int limit(String text) {
    if (text == null) {
      return 50;
    }
    try {
      int n = Integer.parseInt(text);
      if (n >= 1 && n <= 500) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw Problem.badRequest("limit must be a whole number from 1 to 500");
  }

  /** Who a people list shows. */
  private record Filter(Locality locality, String group, Boolean completed) {
    boolean matches(ProgrammeIndex p, PersonProgress pp) {
      if (pp.placement().isEmpty()) {
        return locality == null && group == null && completed == null && pp.active();
      }
      Placement pl = pp.placement().get();
      if (group != null && !group.equals(pl.group())) {
        return false;
      }
      if (completed != null && completed != pp.completion().met()) {
        return false;
      }
      if (locality != null) {
        Optional<Locality> at = p.resolve(pl.locality(), p.day(pp.asOf()));
        return at.isPresent()
            && p.path(at.get()).stream().anyMatch(l -> l.code().equals(locality.code()));
      }
      return true;
    }
  }

  private Filter filter(ProgrammeIndex p, Map<String, String> params, Moment at) {
    Locality l = null;
    String code = params.get("locality");
    if (code != null && !code.isBlank()) {
      l =
          p.resolve(code, p.day(at.instant()))
              .orElseThrow(() -> Problem.notFound("no locality " + code));
    }
    String g = params.get("group");
    if (g != null && !g.isBlank() && p.group(g).isEmpty()) {
      throw Problem.notFound("no group " + g);
    }
    String c = params.get("completed");
    Boolean completed = null;
    if (c != null && !c.isBlank()) {
      if (!c.equals("true") && !c.equals("false")) {
        throw Problem.badRequest("completed must be true or false");
      }
      completed = Boolean.valueOf(c);
    }
    return new Filter(l, g == null || g.isBlank() ? null : g, completed);
  }

  private static ObjectNode summary(PersonProgress pp) {
    ObjectNode o = StrictJson.mapper().createObjectNode();
    o.put("person", pp.person());
    o.put("name", pp.name());
    o.put("group", pp.placement().map(Placement::group).orElse(null));
    o.put("locality", pp.placement().map(Placement::locality).orElse(null));
    o.put("completed", pp.completion().met());
    o.put("completedAt", str(pp.completion().since()));
    o.put("topicsCompleted", topicsDone(pp));
    o.put("lastActivity", str(pp.lastActivity()));
    return o;
  }

  private static long topicsDone(PersonProgress pp) {
    return pp.topics().stream()
        .filter(
            t ->
                t.status() == PersonProgress.Status.COMPLETED
                    || t.status() == PersonProgress.Status.PASSED)
        .count();
  }

  private static ObjectNode placement(Placement p) {
    ObjectNode o = StrictJson.mapper().createObjectNode();
    o.put("group", p.group());
    o.put("locality", p.locality());
    o.put("source", p.source());
    o.put("effective", p.effective().toString());
    return o;
  }

  private static ArrayNode cells(ProgrammeIndex p, Row r, boolean withWeeks) {
    ArrayNode a = StrictJson.mapper().createArrayNode();
    for (Cell c : r.groups()) {
      ObjectNode o = a.addObject();
      o.put("group", c.group());
      o.set("name", text(p.group(c.group()).orElseThrow().name()));
      o.put("population", c.population());
      o.put("enrolled", c.enrolled());
      o.put("active30", c.active30());
      o.put("completed", c.completed());
      o.put("share", c.share());
      o.put("target", c.target());
      o.put("targetPeople", c.targetPeople());
      o.put("gap", c.gap());
      o.put("deadline", c.deadline().toString());
      if (withWeeks) {
        ArrayNode w = o.putArray("weekly");
        for (Week week : c.weekly()) {
          w.addObject()
              .put("week", week.week())
              .put("start", week.start().toString())
              .put("completions", week.completions())
              .put("cumulative", week.cumulative());
        }
      }
      ObjectNode f = o.putObject("forecast");
      f.put("status", c.forecast().status());
      f.put("date", c.forecast().date() == null ? null : c.forecast().date().toString());
      f.put("perWeek", c.forecast().perWeek());
    }
    return a;
  }

  private static ObjectNode total(Row r) {
    ObjectNode o = StrictJson.mapper().createObjectNode();
    o.put("population", r.total().population());
    o.put("enrolled", r.total().enrolled());
    o.put("active30", r.total().active30());
    o.put("completed", r.total().completed());
    o.put("share", r.total().share());
    return o;
  }

  private static ObjectNode locality(Locality l) {
    ObjectNode o = StrictJson.mapper().createObjectNode();
    o.put("code", l.code());
    o.put("level", l.level().wire());
    o.set("name", text(l.name()));
    return o;
  }

  static ObjectNode programme(Programme p) {
    ObjectNode o = StrictJson.mapper().createObjectNode();
    o.put("id", p.id());
    o.set("name", text(p.name()));
    o.put("timeZone", p.timeZone().getId());
    o.put("start", p.start().toString());
    o.put("digest", p.digest());
    ArrayNode topics = o.putArray("topics");
    p.topics()
        .forEach(
            t ->
                topics
                    .addObject()
                    .put("id", t.id())
                    .put("activity", t.activity())
                    .set("name", text(t.name())));
    ArrayNode groups = o.putArray("groups");
    for (Programme.Group g : p.groups()) {
      ObjectNode go = groups.addObject();
      go.put("id", g.id());
      go.set("name", text(g.name()));
      go.put("target", g.target());
      go.put("deadline", g.deadline().toString());
      ObjectNode rule = go.putObject("completion");
      rule.set("required", StrictJson.mapper().valueToTree(g.completion().required()));
      ObjectNode choose = rule.putObject("choose");
      choose.set("from", StrictJson.mapper().valueToTree(g.completion().choose()));
      choose.put("minimum", g.completion().minimum());
      rule.set("verbs", StrictJson.mapper().valueToTree(g.completion().verbs()));
      rule.put("minimumScaledScore", g.completion().minimumScaledScore());
    }
    ArrayNode ls = o.putArray("localities");
    for (Locality l : p.localities()) {
      ObjectNode lo = locality(l);
      lo.put("parent", l.parent());
      lo.put("validFrom", l.validFrom() == null ? null : l.validFrom().toString());
      lo.put("validTo", l.validTo() == null ? null : l.validTo().toString());
      lo.put("successor", l.successor());
      ls.add(lo);
    }
    return o;
  }

  private static ObjectNode text(Text t) {
    return StrictJson.mapper().createObjectNode().put("vi", t.vi()).put("en", t.en());
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }

  private static ResponseEntity<String> csv(Csv csv, String filename) {
    return ResponseEntity.ok()
        .contentType(CSV)
        .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + filename + "\"")
        .body(csv.toString());
  }
}
