package vn.hocba.lrs.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import vn.hocba.lrs.demo.DemoProgramme.Group;
import vn.hocba.lrs.demo.DemoProgramme.Locality;
import vn.hocba.lrs.demo.DemoProgramme.Population;
import vn.hocba.lrs.demo.DemoProgramme.Rule;
import vn.hocba.lrs.demo.DemoProgramme.Topic;

/**
 * The dashboard and person numbers recomputed from raw statements and roster rows, with its own
 * simple code following the written rules of docs/dashboard-api.md. Where the document leaves a
 * choice open, the reading taken is written beside the code as "READING:".
 */
final class Recomputation {

  private static final String VOIDED = "http://adlnet.gov/expapi/verbs/voided";
  private static final String PASSED = "http://adlnet.gov/expapi/verbs/passed";
  private static final String COMPLETED = "http://adlnet.gov/expapi/verbs/completed";
  private static final String FAILED = "http://adlnet.gov/expapi/verbs/failed";
  private static final Set<String> ATTEMPT_VERBS =
      Set.of(
          "http://adlnet.gov/expapi/verbs/launched",
          "http://adlnet.gov/expapi/verbs/attempted",
          "http://adlnet.gov/expapi/verbs/initialized");

  /** A statement as read back from GET /xapi/statements. */
  record Stmt(
      String id,
      String person,
      String actorName,
      String verb,
      String objectId,
      boolean statementRef,
      List<String> contextTopics,
      String registration,
      BigDecimal scaled,
      Boolean success,
      Double durationSeconds,
      Instant timestamp,
      Instant stored,
      String extensionGroup,
      String extensionLocality) {

    /** Learning time: the timestamp, capped at stored (docs/dashboard-api.md, Time). */
    Instant time() {
      return timestamp.isAfter(stored) ? stored : timestamp;
    }
  }

  /** One imported roster row with bounds on when the server stored it. */
  record RosterEvent(
      String person,
      String group,
      String locality,
      LocalDate effective,
      Instant storedBy,
      int seq) {}

  record Placement(String group, String locality, String source, LocalDate effective) {}

  record Week(String week, LocalDate start, long completions, long cumulative) {}

  record Forecast(String status, LocalDate date, double perWeek) {}

  record GroupNumbers(
      String group,
      long population,
      long enrolled,
      long active30,
      long completed,
      double share,
      BigDecimal target,
      long targetPeople,
      long gap,
      LocalDate deadline,
      List<Week> weekly,
      Forecast forecast) {}

  record Totals(long population, long enrolled, long active30, long completed, double share) {}

  record Board(
      String locality,
      List<GroupNumbers> groups,
      Totals total,
      List<String> children,
      long unplaced) {}

  record TopicProgress(
      String topic,
      String status,
      BigDecimal bestScore,
      int attempts,
      double timeSpentSeconds,
      Instant firstActivity,
      Instant lastActivity) {}

  record Completion(boolean met, Instant since, Set<String> statements) {}

  record Person(
      String person,
      String name,
      Placement placement,
      boolean withdrawn,
      Map<String, TopicProgress> topics,
      Completion completion,
      Instant lastActivity) {}

  private final DemoProgramme p;
  private final Instant asOf;
  private final LocalDate asOfDate;
  private final Map<String, Topic> topicByActivity = new HashMap<>();
  private final Map<String, List<Stmt>> programmeStatements = new TreeMap<>();
  private final Map<String, Person> people = new TreeMap<>();

  /**
   * @param statements every statement the LRS returns, plus the voided ones (fetched by
   *     voidedStatementId), each with its stored time
   * @param roster every roster row imported, in import order
   */
  Recomputation(DemoProgramme p, List<Stmt> statements, List<RosterEvent> roster, Instant asOf) {
    this.p = p;
    this.asOf = asOf;
    this.asOfDate = LocalDate.ofInstant(asOf, p.timeZone());
    p.topics().forEach(t -> topicByActivity.put(t.activity(), t));
    // only what was stored by asOf; a voiding counts from its own stored time (Data 2.3.2)
    List<Stmt> visible = statements.stream().filter(s -> !s.stored().isAfter(asOf)).toList();
    Set<String> voided = new HashSet<>();
    for (Stmt s : visible) {
      if (VOIDED.equals(s.verb()) && s.statementRef()) {
        voided.add(s.objectId());
      }
    }
    for (Stmt s : visible) {
      if (voided.contains(s.id()) || VOIDED.equals(s.verb()) || topicOf(s) == null) {
        continue;
      }
      programmeStatements.computeIfAbsent(s.person(), k -> new ArrayList<>()).add(s);
    }
    programmeStatements.values().forEach(l -> l.sort(ORDER));
    Set<String> persons = new LinkedHashSet<>(programmeStatements.keySet());
    roster.forEach(r -> persons.add(r.person()));
    for (String person : persons) {
      people.put(person, person(person, roster));
    }
  }

  private static final Comparator<Stmt> ORDER =
      Comparator.comparing(Stmt::time).thenComparing(Stmt::stored).thenComparing(Stmt::id);

  /**
   * READING: a statement belongs to a topic when its object is the topic's activity, or when a
   * contextActivities parent or grouping is (lesson-level statements).
   */
  private Topic topicOf(Stmt s) {
    if (s.statementRef()) {
      return null;
    }
    Topic t = topicByActivity.get(s.objectId());
    if (t != null) {
      return t;
    }
    for (String a : s.contextTopics()) {
      if (topicByActivity.containsKey(a)) {
        return topicByActivity.get(a);
      }
    }
    return null;
  }

  private Person person(String person, List<RosterEvent> roster) {
    List<Stmt> mine = programmeStatements.getOrDefault(person, List.of());
    // READING: the roster row in force is the one with the latest effective date on or before the
    // asOf day among rows stored by asOf (a later import wins a tie); a withdrawal (empty group)
    // takes the learner out: neither enrolled nor unplaced, and no fallback to extensions.
    RosterEvent row = null;
    for (RosterEvent r : roster) {
      if (r.person().equals(person)
          && !r.storedBy().isAfter(asOf)
          && !r.effective().isAfter(asOfDate)
          && (row == null || !r.effective().isBefore(row.effective()))) {
        row = r;
      }
    }
    Placement placement = null;
    boolean withdrawn = false;
    if (row != null) {
      withdrawn = row.group() == null;
      if (!withdrawn) {
        placement = new Placement(row.group(), row.locality(), "roster", row.effective());
      }
    } else {
      // READING: failing a roster row, the extensions of the person's latest programme statement
      // (by learning time) that names a known group and locality
      for (Stmt s : mine) {
        if (s.extensionGroup() != null
            && s.extensionLocality() != null
            && p.group(s.extensionGroup()).isPresent()
            && p.locality(s.extensionLocality()).isPresent()) {
          placement = new Placement(s.extensionGroup(), s.extensionLocality(), "statement", null);
        }
      }
    }
    Map<String, TopicProgress> topics = new LinkedHashMap<>();
    for (Topic t : p.topics()) {
      List<Stmt> of = mine.stream().filter(s -> topicOf(s) == t).toList();
      if (!of.isEmpty()) {
        topics.put(t.id(), topic(t, of));
      }
    }
    Completion completion =
        placement == null
            ? new Completion(false, null, Set.of())
            : completion(p.group(placement.group()).orElseThrow().completion(), mine);
    Instant last = mine.isEmpty() ? null : mine.get(mine.size() - 1).time();
    // READING: the name given by the person's latest statement that gives one
    String name = null;
    for (Stmt s : mine) {
      name = s.actorName() != null ? s.actorName() : name;
    }
    return new Person(person, name, placement, withdrawn, topics, completion, last);
  }

  /**
   * docs/programmes.md, Rules: status is passed (verb passed on the topic itself, success not
   * false), else completed (likewise), else failed (verb failed or success false), else
   * in-progress; the best score is the highest scaled score; attempts are the statements with verb
   * launched, attempted or initialized (at least 1); time spent sums result.duration, lessons
   * included. READING: "on the topic itself" holds for completed and failed too.
   */
  private TopicProgress topic(Topic t, List<Stmt> of) {
    boolean passed = false;
    boolean completed = false;
    boolean failed = false;
    BigDecimal best = null;
    int attempts = 0;
    double seconds = 0;
    for (Stmt s : of) {
      if (s.objectId().equals(t.activity())) {
        boolean unsuccessful = Boolean.FALSE.equals(s.success());
        passed |= PASSED.equals(s.verb()) && !unsuccessful;
        completed |= COMPLETED.equals(s.verb()) && !unsuccessful;
        failed |= FAILED.equals(s.verb()) || unsuccessful;
      }
      if (s.scaled() != null && (best == null || s.scaled().compareTo(best) > 0)) {
        best = s.scaled();
      }
      if (ATTEMPT_VERBS.contains(s.verb())) {
        attempts++;
      }
      if (s.durationSeconds() != null) {
        seconds += s.durationSeconds();
      }
    }
    String status = passed ? "passed" : completed ? "completed" : failed ? "failed" : "in-progress";
    return new TopicProgress(
        t.id(),
        status,
        best,
        Math.max(1, attempts),
        seconds,
        of.get(0).time(),
        of.get(of.size() - 1).time());
  }

  /**
   * docs/programmes.md, Rules: a topic counts from its earliest counting statement: object = the
   * topic's activity, verb in the rule's verbs, success not false, and when the rule has a minimum
   * scaled score a score.scaled at or above it (without a score it does not count). The rule is met
   * when every required topic counts and at least the minimum of the choices; since = the latest of
   * the required topics' dates and the minimum-th earliest choice; the proof is those statements.
   */
  private Completion completion(Rule rule, List<Stmt> mine) {
    Map<String, Stmt> first = new HashMap<>();
    for (Stmt s : mine) {
      Topic t = topicByActivity.get(s.objectId());
      if (t == null
          || !rule.verbs().contains(s.verb())
          || Boolean.FALSE.equals(s.success())
          || (rule.minimumScaledScore() != null
              && (s.scaled() == null || s.scaled().compareTo(rule.minimumScaledScore()) < 0))) {
        continue;
      }
      first.putIfAbsent(t.id(), s); // mine is in learning-time order
    }
    Set<String> proof = new LinkedHashSet<>();
    Instant since = Instant.MIN;
    for (String req : rule.required()) {
      Stmt s = first.get(req);
      if (s == null) {
        return new Completion(false, null, Set.of());
      }
      proof.add(s.id());
      since = max(since, s.time());
    }
    List<Stmt> chosen =
        rule.chooseFrom().stream().map(first::get).filter(s -> s != null).sorted(ORDER).toList();
    if (chosen.size() < rule.chooseMinimum()) {
      return new Completion(false, null, Set.of());
    }
    for (Stmt s : chosen.subList(0, rule.chooseMinimum())) {
      proof.add(s.id());
      since = max(since, s.time());
    }
    return new Completion(true, since, proof);
  }

  Map<String, Person> people() {
    return people;
  }

  // ---- localities ----------------------------------------------------------------------

  private boolean valid(Locality l) {
    // docs/programmes.md: validTo is the unit's last day
    return !l.validFrom().isAfter(asOfDate)
        && (l.validTo() == null || !asOfDate.isAfter(l.validTo()));
  }

  Locality root() {
    return p.localities().stream().filter(l -> l.parent() == null).findFirst().orElseThrow();
  }

  List<Locality> children(String code) {
    return p.localities().stream().filter(l -> code.equals(l.parent()) && valid(l)).toList();
  }

  /** The unit a code stands for at asOf: itself, or the successor a merge put it under. */
  private String current(String code) {
    Locality l = p.locality(code).orElseThrow();
    while (!valid(l) && l.successor() != null) {
      l = p.locality(l.successor()).orElseThrow();
    }
    return l.code();
  }

  /** True when a learner placed at {@code code} counts in {@code area}. */
  private boolean within(String code, String area) {
    String c = current(code);
    while (c != null) {
      if (c.equals(area)) {
        return true;
      }
      c = p.locality(c).orElseThrow().parent();
      c = c == null ? null : current(c);
    }
    return false;
  }

  /**
   * A unit's own figure, else the sum of its valid children's (docs/programmes.md: a successor has
   * its own figure; a retired unit's figure no longer counts anywhere).
   */
  long population(String group, String code) {
    long own = -1;
    for (Population c : p.population()) {
      if (c.group().equals(group) && c.locality().equals(code)) {
        own = Math.max(own, 0) + c.count();
      }
    }
    return own >= 0
        ? own
        : children(code).stream().mapToLong(l -> population(group, l.code())).sum();
  }

  // ---- the dashboard -------------------------------------------------------------------

  Board board(String code) {
    List<GroupNumbers> groups = new ArrayList<>();
    for (Group g : p.groups()) {
      groups.add(numbers(g, code, true));
    }
    long pop = groups.stream().mapToLong(GroupNumbers::population).sum();
    long completed = groups.stream().mapToLong(GroupNumbers::completed).sum();
    Totals total =
        new Totals(
            pop,
            groups.stream().mapToLong(GroupNumbers::enrolled).sum(),
            groups.stream().mapToLong(GroupNumbers::active30).sum(),
            completed,
            share(completed, pop));
    long unplaced =
        people.values().stream()
            .filter(x -> x.placement() == null) // READING (the API's): withdrawn ones too
            .filter(x -> programmeStatements.containsKey(x.person()))
            .count();
    return new Board(
        code, groups, total, children(code).stream().map(Locality::code).toList(), unplaced);
  }

  GroupNumbers numbers(Group g, String code, boolean withWeekly) {
    List<Person> in =
        people.values().stream()
            .filter(x -> x.placement() != null)
            .filter(x -> x.placement().group().equals(g.id()))
            .filter(x -> within(x.placement().locality(), code))
            .toList();
    Instant from30 = asOf.minus(Duration.ofDays(30));
    long active =
        in.stream()
            .filter(
                x ->
                    programmeStatements.getOrDefault(x.person(), List.of()).stream()
                        .anyMatch(s -> s.time().isAfter(from30)))
            .count();
    List<Instant> completions =
        in.stream()
            .filter(x -> x.completion().met())
            .map(x -> x.completion().since())
            .sorted()
            .toList();
    long population = population(g.id(), code);
    long targetPeople =
        g.target()
            .multiply(BigDecimal.valueOf(population))
            .setScale(0, RoundingMode.CEILING)
            .longValue();
    long gap = Math.max(0, targetPeople - completions.size());
    // READING (the API's): the pace counts completions dated on the 28 days ending on the asOf day
    LocalDate from28 = asOfDate.minusDays(28);
    double perWeek =
        completions.stream()
                .filter(t -> LocalDate.ofInstant(t, p.timeZone()).isAfter(from28))
                .count()
            / 4.0;
    Forecast forecast;
    if (gap == 0) {
      LocalDate reached =
          targetPeople == 0
              ? null
              : LocalDate.ofInstant(completions.get((int) targetPeople - 1), p.timeZone());
      forecast = new Forecast("met", reached, perWeek);
    } else if (perWeek == 0) {
      forecast = new Forecast("no-progress", null, 0);
    } else {
      // READING: projected = the asOf day + ceil(gap / perWeek * 7) days
      long days = (long) Math.ceil(gap / perWeek * 7);
      LocalDate projected = asOfDate.plusDays(days);
      forecast =
          new Forecast(projected.isAfter(g.deadline()) ? "late" : "on-track", projected, perWeek);
    }
    return new GroupNumbers(
        g.id(),
        population,
        in.size(),
        active,
        completions.size(),
        share(completions.size(), population),
        g.target(),
        targetPeople,
        gap,
        g.deadline(),
        withWeekly ? weekly(completions) : List.of(),
        forecast);
  }

  private List<Week> weekly(List<Instant> completions) {
    Map<LocalDate, Long> perWeek = new TreeMap<>();
    LocalDate first = monday(p.start());
    for (LocalDate w = first; !w.isAfter(asOfDate); w = w.plusWeeks(1)) {
      perWeek.put(w, 0L);
    }
    for (Instant t : completions) {
      LocalDate w = monday(LocalDate.ofInstant(t, p.timeZone()));
      perWeek.merge(w.isBefore(first) ? first : w, 1L, Long::sum);
    }
    List<Week> weeks = new ArrayList<>();
    long cumulative = 0;
    for (Map.Entry<LocalDate, Long> e : perWeek.entrySet()) {
      cumulative += e.getValue();
      LocalDate d = e.getKey();
      weeks.add(
          new Week(
              String.format(
                  Locale.ROOT,
                  "%d-W%02d",
                  d.get(IsoFields.WEEK_BASED_YEAR),
                  d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)),
              d,
              e.getValue(),
              cumulative));
    }
    return weeks;
  }

  private static LocalDate monday(LocalDate d) {
    return d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
  }

  static double share(long completed, long population) {
    return population == 0 ? 0 : (double) completed / population;
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  // ---- reading raw statements ----------------------------------------------------------

  /** The parts of a stored statement the rules need (Data 2.4). */
  static Stmt parse(JsonNode s, DemoProgramme p) {
    JsonNode object = s.path("object");
    List<String> context = new ArrayList<>();
    JsonNode ca = s.path("context").path("contextActivities");
    for (String kind : List.of("parent", "grouping")) {
      JsonNode a = ca.path(kind);
      if (a.isArray()) {
        a.forEach(x -> context.add(x.path("id").asText()));
      } else if (a.isObject()) { // 0.95-style single activity, normalised by most LRSs anyway
        context.add(a.path("id").asText());
      }
    }
    JsonNode result = s.path("result");
    JsonNode ext = s.path("context").path("extensions");
    return new Stmt(
        s.path("id").asText(),
        personKey(s.path("actor")),
        s.path("actor").path("name").isTextual() ? s.path("actor").path("name").asText() : null,
        s.path("verb").path("id").asText(),
        object.path("id").asText(),
        "StatementRef".equals(object.path("objectType").asText()),
        context,
        s.path("context").path("registration").isTextual()
            ? s.path("context").path("registration").asText()
            : null,
        result.path("score").path("scaled").isNumber()
            ? result.path("score").path("scaled").decimalValue()
            : null,
        result.path("success").isBoolean() ? result.path("success").asBoolean() : null,
        result.path("duration").isTextual() ? seconds(result.path("duration").asText()) : null,
        OffsetDateTime.parse(s.path("timestamp").asText()).toInstant(),
        OffsetDateTime.parse(s.path("stored").asText()).toInstant(),
        textOrNull(ext, p.groupExtension()),
        textOrNull(ext, p.localityExtension()));
  }

  private static String textOrNull(JsonNode n, String field) {
    return n.path(field).isTextual() ? n.path(field).asText() : null;
  }

  /** ISO 8601 duration (Data 4.6) in seconds; hours, minutes, seconds and days. */
  static double seconds(String iso) {
    return Duration.parse(iso).toNanos() / 1e9;
  }

  /** The person key of docs/dashboard-api.md for an Agent (Data 2.4.2.3). */
  static String personKey(JsonNode actor) {
    if (actor.hasNonNull("mbox")) {
      return "mbox_sha1sum:" + sha1(actor.get("mbox").asText());
    }
    if (actor.hasNonNull("mbox_sha1sum")) {
      return "mbox_sha1sum:" + actor.get("mbox_sha1sum").asText().toLowerCase(Locale.ROOT);
    }
    if (actor.hasNonNull("account")) {
      return "account:"
          + actor.get("account").path("homePage").asText()
          + "|"
          + actor.get("account").path("name").asText();
    }
    return "openid:" + actor.path("openid").asText();
  }

  /** The person key of a roster learner column. */
  static String rosterKey(String learner) {
    if (learner.startsWith("mailto:")) {
      return "mbox_sha1sum:" + sha1(learner);
    }
    return learner;
  }

  static String sha1(String s) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
