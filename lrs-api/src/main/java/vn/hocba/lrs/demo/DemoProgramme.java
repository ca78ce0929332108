package vn.hocba.lrs.demo;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * What the demo needs of a programme file (docs/examples/quang-nam-2025.yaml), read on its own: the
 * demo must not lean on the programme code it exercises. Validation of the file is the server's
 * job; this reader fails only when something it needs is missing.
 */
record DemoProgramme(
    String id,
    ZoneId timeZone,
    LocalDate start,
    String groupExtension,
    String localityExtension,
    List<Topic> topics,
    List<Group> groups,
    List<Locality> localities,
    List<Population> population) {

  record Topic(String id, String activity, String nameVi, String nameEn) {}

  /** A group's completion rule: every required topic and at least chooseMinimum of chooseFrom. */
  record Rule(
      List<String> required,
      List<String> chooseFrom,
      int chooseMinimum,
      List<String> verbs,
      BigDecimal minimumScaledScore) {}

  record Group(String id, String nameVi, BigDecimal target, LocalDate deadline, Rule completion) {}

  record Locality(
      String code,
      String level,
      String parent,
      String nameVi,
      LocalDate validFrom,
      LocalDate validTo,
      String successor) {}

  record Population(String group, String locality, int count) {}

  static DemoProgramme read(Path file) throws IOException {
    return parse(Files.readString(file, StandardCharsets.UTF_8));
  }

  @SuppressWarnings("unchecked")
  static DemoProgramme parse(String yamlText) {
    Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yamlText);
    if (!(root instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException("a programme file is a YAML mapping");
    }
    Map<String, Object> p = (Map<String, Object>) m;
    Map<String, Object> ext = map(p, "placementExtensions");
    List<Topic> topics = new ArrayList<>();
    for (Map<String, Object> t : list(p, "topics")) {
      Map<String, Object> name = map(t, "name");
      topics.add(new Topic(str(t, "id"), str(t, "activity"), str(name, "vi"), str(name, "en")));
    }
    List<Group> groups = new ArrayList<>();
    for (Map<String, Object> g : list(p, "groups")) {
      Map<String, Object> c = map(g, "completion");
      Map<String, Object> choose = c.containsKey("choose") ? map(c, "choose") : Map.of();
      Object min = c.get("minimumScaledScore");
      groups.add(
          new Group(
              str(g, "id"),
              str(map(g, "name"), "vi"),
              new BigDecimal(String.valueOf(g.get("target"))),
              date(g.get("deadline")),
              new Rule(
                  strings(c.get("required")),
                  strings(choose.get("from")),
                  choose.containsKey("minimum") ? ((Number) choose.get("minimum")).intValue() : 0,
                  strings(c.get("verbs")),
                  min == null ? null : new BigDecimal(String.valueOf(min)))));
    }
    List<Locality> localities = new ArrayList<>();
    for (Map<String, Object> l : list(p, "localities")) {
      localities.add(
          new Locality(
              str(l, "code"),
              str(l, "level"),
              l.get("parent") == null ? null : String.valueOf(l.get("parent")),
              str(map(l, "name"), "vi"),
              date(l.get("validFrom")),
              l.get("validTo") == null ? null : date(l.get("validTo")),
              l.get("successor") == null ? null : String.valueOf(l.get("successor"))));
    }
    List<Population> population = new ArrayList<>();
    for (Map<String, Object> c : list(p, "population")) {
      population.add(
          new Population(
              str(c, "group"), str(c, "locality"), ((Number) c.get("count")).intValue()));
    }
    return new DemoProgramme(
        str(p, "id"),
        ZoneId.of(str(p, "timeZone")),
        date(p.get("start")),
        str(ext, "group"),
        str(ext, "locality"),
        List.copyOf(topics),
        List.copyOf(groups),
        List.copyOf(localities),
        List.copyOf(population));
  }

  Topic topic(String id) {
    return topics.stream()
        .filter(t -> t.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no topic " + id));
  }

  Optional<Group> group(String id) {
    return groups.stream().filter(g -> g.id().equals(id)).findFirst();
  }

  Optional<Locality> locality(String code) {
    return localities.stream().filter(l -> l.code().equals(code)).findFirst();
  }

  private static final Pattern DATE_KEY =
      Pattern.compile(
          "((?:^|[\\s{,])(?:start|deadline|validFrom|validTo|effective)\\s*:\\s*[\"']?)"
              + "(\\d{4}-\\d{2}-\\d{2})",
          Pattern.MULTILINE);

  /**
   * The programme text with every date (start, deadlines, locality validity) moved by the same
   * number of days, comments and layout kept: a demo copy whose campaign started recently.
   */
  static String shiftDates(String yamlText, long days) {
    Matcher m = DATE_KEY.matcher(yamlText);
    StringBuilder out = new StringBuilder(yamlText.length() + 200);
    while (m.find()) {
      LocalDate moved = LocalDate.parse(m.group(2)).plusDays(days);
      m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + moved));
    }
    m.appendTail(out);
    return out.toString();
  }

  // ---- tiny YAML accessors -------------------------------------------------------------

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> m, String key) {
    Object v = m.get(key);
    if (!(v instanceof Map<?, ?>)) {
      throw new IllegalArgumentException("the programme needs a mapping '" + key + "'");
    }
    return (Map<String, Object>) v;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Map<String, Object> m, String key) {
    Object v = m.get(key);
    if (!(v instanceof List<?>)) {
      throw new IllegalArgumentException("the programme needs a list '" + key + "'");
    }
    return (List<Map<String, Object>>) v;
  }

  private static String str(Map<String, Object> m, String key) {
    Object v = m.get(key);
    if (v == null) {
      throw new IllegalArgumentException("the programme needs '" + key + "'");
    }
    return String.valueOf(v);
  }

  private static List<String> strings(Object v) {
    if (v == null) {
      return List.of();
    }
    return ((List<?>) v).stream().map(String::valueOf).toList();
  }

  private static LocalDate date(Object v) {
    if (v instanceof Date d) { // SnakeYAML reads an unquoted date as a timestamp at UTC midnight
      return d.toInstant().atZone(ZoneOffset.UTC).toLocalDate();
    }
    if (v == null) {
      throw new IllegalArgumentException("the programme misses a date");
    }
    return LocalDate.parse(String.valueOf(v));
  }
}
