package vn.hocba.programme;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import vn.hocba.programme.Programme.CompletionRule;
import vn.hocba.programme.Programme.Group;
import vn.hocba.programme.Programme.Level;
import vn.hocba.programme.Programme.Locality;
import vn.hocba.programme.Programme.PlacementExtensions;
import vn.hocba.programme.Programme.Population;
import vn.hocba.programme.Programme.Text;
import vn.hocba.programme.Programme.Topic;
import vn.hocba.xapi.statements.CanonicalJson;

/**
 * Reads and validates programme files (YAML or JSON, docs/programmes.md). Every problem is reported
 * at once, each with the path of the offending field, so that a programme manager can fix a file in
 * one pass.
 */
public final class ProgrammeFiles {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
  private static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,31}");
  private static final Set<String> TOP =
      Set.of(
          "id",
          "name",
          "timeZone",
          "start",
          "placementExtensions",
          "topics",
          "groups",
          "localities",
          "population");

  private ProgrammeFiles() {}

  /** A programme file that cannot be used; the message lists every problem. */
  public static final class ProgrammeException extends RuntimeException {
    private final List<String> problems;

    ProgrammeException(String source, List<String> problems) {
      super(source + ": " + String.join("; ", problems));
      this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
      return problems;
    }
  }

  public static Programme read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ProgrammeException(file.toString(), List.of("cannot read the file: " + e));
    }
    return parse(text, file.toString());
  }

  /** Parses YAML (JSON is YAML too) and validates it. */
  public static Programme parse(String text, String source) {
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      throw new ProgrammeException(
          source, List.of("not valid YAML or JSON: " + e.getOriginalMessage()));
    }
    if (root == null || !root.isObject()) {
      throw new ProgrammeException(source, List.of("the file must hold one object"));
    }
    Reader r = new Reader();
    Programme p = r.programme(root);
    if (!r.problems.isEmpty()) {
      throw new ProgrammeException(source, r.problems);
    }
    return p;
  }

  private static final class Reader {
    final List<String> problems = new ArrayList<>();

    void problem(String path, String message) {
      problems.add(path + ": " + message);
    }

    Programme programme(JsonNode root) {
      unknown(root, TOP, "");
      String id = id(root, "id", "/id");
      Text name = text(root.get("name"), "/name");
      ZoneId zone = ZoneId.of("Asia/Ho_Chi_Minh");
      JsonNode z = root.get("timeZone");
      if (z != null) {
        try {
          zone = ZoneId.of(z.asText());
        } catch (DateTimeException e) {
          problem("/timeZone", "unknown time zone '" + z.asText() + "'");
        }
      }
      LocalDate start = date(root.get("start"), "/start", true);
      PlacementExtensions ext = placementExtensions(root.get("placementExtensions"));
      List<Topic> topics = topics(root.get("topics"));
      Set<String> topicIds = new HashSet<>();
      topics.forEach(t -> topicIds.add(t.id()));
      List<Group> groups = groups(root.get("groups"), topicIds);
      List<Locality> localities = localities(root.get("localities"));
      Set<String> groupIds = new HashSet<>();
      groups.forEach(g -> groupIds.add(g.id()));
      Set<String> codes = new HashSet<>();
      localities.forEach(l -> codes.add(l.code()));
      List<Population> population = population(root.get("population"), groupIds, codes);
      return new Programme(
          id, name, zone, start, ext, topics, groups, localities, population, digest(root));
    }

    PlacementExtensions placementExtensions(JsonNode n) {
      if (n == null) {
        return new PlacementExtensions(
            "https://hocba.vn/xapi/extensions/population-group",
            "https://hocba.vn/xapi/extensions/locality");
      }
      unknown(n, Set.of("group", "locality"), "/placementExtensions");
      return new PlacementExtensions(
          iri(n.get("group"), "/placementExtensions/group"),
          iri(n.get("locality"), "/placementExtensions/locality"));
    }

    List<Topic> topics(JsonNode n) {
      List<Topic> out = new ArrayList<>();
      if (!nonEmptyArray(n, "/topics")) {
        return out;
      }
      Set<String> ids = new HashSet<>();
      Set<String> iris = new HashSet<>();
      for (int i = 0; i < n.size(); i++) {
        String path = "/topics/" + i;
        JsonNode t = n.get(i);
        if (!object(t, path)) {
          continue;
        }
        unknown(t, Set.of("id", "activity", "name"), path);
        String id = id(t, "id", path + "/id");
        String iri = iri(t.get("activity"), path + "/activity");
        if (id != null && !ids.add(id)) {
          problem(path + "/id", "topic '" + id + "' is defined twice");
        }
        if (iri != null && !iris.add(iri)) {
          problem(path + "/activity", "activity IRI used by two topics");
        }
        out.add(new Topic(id, iri, text(t.get("name"), path + "/name")));
      }
      return out;
    }

    List<Group> groups(JsonNode n, Set<String> topicIds) {
      List<Group> out = new ArrayList<>();
      if (!nonEmptyArray(n, "/groups")) {
        return out;
      }
      Set<String> ids = new HashSet<>();
      for (int i = 0; i < n.size(); i++) {
        String path = "/groups/" + i;
        JsonNode g = n.get(i);
        if (!object(g, path)) {
          continue;
        }
        unknown(g, Set.of("id", "name", "target", "deadline", "completion"), path);
        String id = id(g, "id", path + "/id");
        if (id != null && !ids.add(id)) {
          problem(path + "/id", "group '" + id + "' is defined twice");
        }
        double target = 0;
        JsonNode t = g.get("target");
        if (t == null || !t.isNumber() || t.asDouble() <= 0 || t.asDouble() > 1) {
          problem(path + "/target", "must be a share between 0 (exclusive) and 1, e.g. 0.8");
        } else {
          target = t.asDouble();
        }
        LocalDate deadline = date(g.get("deadline"), path + "/deadline", true);
        CompletionRule rule = rule(g.get("completion"), path + "/completion", topicIds);
        out.add(new Group(id, text(g.get("name"), path + "/name"), target, deadline, rule));
      }
      return out;
    }

    CompletionRule rule(JsonNode n, String path, Set<String> topicIds) {
      if (!object(n, path)) {
        return null;
      }
      unknown(n, Set.of("required", "choose", "verbs", "minimumScaledScore"), path);
      List<String> required = topicList(n.get("required"), path + "/required", topicIds, false);
      List<String> choose = List.of();
      int minimum = 0;
      JsonNode c = n.get("choose");
      if (c != null && object(c, path + "/choose")) {
        unknown(c, Set.of("from", "minimum"), path + "/choose");
        choose = topicList(c.get("from"), path + "/choose/from", topicIds, true);
        JsonNode m = c.get("minimum");
        if (m == null || !m.canConvertToInt() || !m.isIntegralNumber() || m.asInt() < 1) {
          problem(path + "/choose/minimum", "must be a whole number of at least 1");
        } else if (m.asInt() > choose.size()) {
          problem(path + "/choose/minimum", "is more than the topics to choose from");
        } else {
          minimum = m.asInt();
        }
        for (String t : choose) {
          if (required.contains(t)) {
            problem(path + "/choose/from", "topic '" + t + "' is also required");
          }
        }
      }
      if (required.isEmpty() && choose.isEmpty()) {
        problem(path, "names no topic: give required topics, choose, or both");
      }
      List<String> verbs = new ArrayList<>();
      JsonNode v = n.get("verbs");
      if (v == null || !v.isArray() || v.isEmpty()) {
        problem(path + "/verbs", "must list at least one verb IRI");
      } else {
        for (int i = 0; i < v.size(); i++) {
          String iri = iri(v.get(i), path + "/verbs/" + i);
          if (iri != null) {
            verbs.add(iri);
          }
        }
      }
      Double min = null;
      JsonNode s = n.get("minimumScaledScore");
      if (s != null && !s.isNull()) {
        if (!s.isNumber() || s.asDouble() < -1 || s.asDouble() > 1) {
          problem(
              path + "/minimumScaledScore", "must be a number from -1 to 1 (xAPI score.scaled)");
        } else {
          min = s.asDouble();
        }
      }
      return new CompletionRule(required, choose, minimum, List.copyOf(verbs), min);
    }

    List<String> topicList(JsonNode n, String path, Set<String> topicIds, boolean mustExist) {
      if (n == null) {
        if (mustExist) {
          problem(path, "is required");
        }
        return List.of();
      }
      if (!n.isArray()) {
        problem(path, "must be a list of topic ids");
        return List.of();
      }
      List<String> out = new ArrayList<>();
      for (int i = 0; i < n.size(); i++) {
        String t = n.get(i).asText();
        if (!topicIds.contains(t)) {
          problem(path + "/" + i, "unknown topic '" + t + "'");
        } else if (out.contains(t)) {
          problem(path + "/" + i, "topic '" + t + "' is listed twice");
        } else {
          out.add(t);
        }
      }
      return List.copyOf(out);
    }

    List<Locality> localities(JsonNode n) {
      List<Locality> out = new ArrayList<>();
      if (!nonEmptyArray(n, "/localities")) {
        return out;
      }
      Map<String, Integer> at = new HashMap<>();
      for (int i = 0; i < n.size(); i++) {
        String path = "/localities/" + i;
        JsonNode l = n.get(i);
        if (!object(l, path)) {
          continue;
        }
        unknown(
            l,
            Set.of("code", "level", "parent", "name", "validFrom", "validTo", "successor"),
            path);
        String code = code(l.get("code"), path + "/code");
        if (code != null && at.putIfAbsent(code, i) != null) {
          problem(path + "/code", "locality '" + code + "' is defined twice");
        }
        Level level = null;
        JsonNode lv = l.get("level");
        try {
          level = Level.valueOf(lv == null ? "" : lv.asText().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          problem(path + "/level", "must be province, district or commune");
        }
        String parent = l.hasNonNull("parent") ? l.get("parent").asText() : null;
        LocalDate from = date(l.get("validFrom"), path + "/validFrom", false);
        LocalDate to = date(l.get("validTo"), path + "/validTo", false);
        if (from != null && to != null && to.isBefore(from)) {
          problem(path + "/validTo", "is before validFrom");
        }
        String successor = l.hasNonNull("successor") ? l.get("successor").asText() : null;
        if (successor != null && to == null) {
          problem(path + "/successor", "a successor needs validTo, the last day of this unit");
        }
        out.add(
            new Locality(
                code, level, parent, text(l.get("name"), path + "/name"), from, to, successor));
      }
      int roots = 0;
      for (int i = 0; i < out.size(); i++) {
        Locality l = out.get(i);
        String path = "/localities/" + i;
        if (l.parent() == null) {
          roots++;
        } else if (!at.containsKey(l.parent())) {
          problem(path + "/parent", "unknown locality '" + l.parent() + "'");
        }
        if (l.successor() != null && !at.containsKey(l.successor())) {
          problem(path + "/successor", "unknown locality '" + l.successor() + "'");
        }
        // a parent chain that comes back to itself would never reach the top
        Set<String> seen = new HashSet<>();
        String c = l.code();
        while (c != null && seen.add(c)) {
          Integer j = at.get(c);
          c = j == null ? null : out.get(j).parent();
        }
        if (c != null) {
          problem(path + "/parent", "the parent chain of '" + l.code() + "' is a cycle");
        }
      }
      if (roots != 1) {
        problem("/localities", "exactly one locality must have no parent (found " + roots + ")");
      }
      return out;
    }

    List<Population> population(JsonNode n, Set<String> groups, Set<String> codes) {
      List<Population> out = new ArrayList<>();
      if (n == null) {
        problem("/population", "is required: the denominators of every group");
        return out;
      }
      if (!n.isArray()) {
        problem("/population", "must be a list of {group, locality, count}");
        return out;
      }
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < n.size(); i++) {
        String path = "/population/" + i;
        JsonNode p = n.get(i);
        if (!object(p, path)) {
          continue;
        }
        unknown(p, Set.of("group", "locality", "count"), path);
        String g = p.path("group").asText();
        String l = p.path("locality").asText();
        if (!groups.contains(g)) {
          problem(path + "/group", "unknown group '" + g + "'");
        }
        if (!codes.contains(l)) {
          problem(path + "/locality", "unknown locality '" + l + "'");
        }
        JsonNode c = p.get("count");
        if (c == null || !c.isIntegralNumber() || c.asLong() < 0) {
          problem(path + "/count", "must be a whole number of people, 0 or more");
          continue;
        }
        if (!seen.add(g + "|" + l)) {
          problem(path, "a second figure for group '" + g + "' in locality '" + l + "'");
        }
        out.add(new Population(g, l, c.asLong()));
      }
      return out;
    }

    void unknown(JsonNode n, Set<String> known, String path) {
      Iterator<String> names = n.fieldNames();
      while (names.hasNext()) {
        String f = names.next();
        if (!known.contains(f)) {
          problem(path + "/" + f, "unknown field (known: " + String.join(", ", known) + ")");
        }
      }
    }

    boolean object(JsonNode n, String path) {
      if (n == null || !n.isObject()) {
        problem(path, "must be an object");
        return false;
      }
      return true;
    }

    boolean nonEmptyArray(JsonNode n, String path) {
      if (n == null || !n.isArray() || n.isEmpty()) {
        problem(path, "must be a non-empty list");
        return false;
      }
      return true;
    }

    String id(JsonNode parent, String field, String path) {
      JsonNode n = parent.get(field);
      if (n == null || !n.isTextual() || !ID.matcher(n.asText()).matches()) {
        problem(path, "must be an id of lowercase letters, digits and '-' (at most 64)");
        return null;
      }
      return n.asText();
    }

    String code(JsonNode n, String path) {
      if (n == null || !n.isValueNode() || !CODE.matcher(n.asText()).matches()) {
        problem(path, "must be a code of letters, digits, '.', '_' or '-' (quote numbers)");
        return null;
      }
      return n.asText();
    }

    String iri(JsonNode n, String path) {
      if (n == null || !n.isTextual()) {
        problem(path, "must be an absolute IRI");
        return null;
      }
      try {
        if (!new URI(n.asText()).isAbsolute()) {
          problem(path, "must be an absolute IRI");
          return null;
        }
      } catch (URISyntaxException e) {
        problem(path, "must be an absolute IRI");
        return null;
      }
      return n.asText();
    }

    Text text(JsonNode n, String path) {
      if (n == null || !n.isObject()) {
        problem(path, "must be {vi: ..., en: ...}");
        return new Text("", "");
      }
      unknown(n, Set.of("vi", "en"), path);
      String vi = n.path("vi").asText("");
      String en = n.path("en").asText("");
      if (vi.isBlank()) {
        problem(path + "/vi", "the Vietnamese name is required");
      }
      if (en.isBlank()) {
        problem(path + "/en", "the English name is required");
      }
      return new Text(vi, en);
    }

    LocalDate date(JsonNode n, String path, boolean required) {
      if (n == null || n.isNull()) {
        if (required) {
          problem(path, "is required (YYYY-MM-DD)");
        }
        return null;
      }
      try {
        return LocalDate.parse(n.asText());
      } catch (DateTimeException e) {
        problem(path, "must be a date YYYY-MM-DD");
        return null;
      }
    }
  }

  private static String digest(JsonNode root) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest(CanonicalJson.bytes(YAML.convertValue(root, JsonNode.class)));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
