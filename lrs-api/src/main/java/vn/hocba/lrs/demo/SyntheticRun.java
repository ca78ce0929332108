package vn.hocba.lrs.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import vn.hocba.lrs.demo.DemoProgramme.Group;
import vn.hocba.lrs.demo.DemoProgramme.Population;
import vn.hocba.xapi.json.StrictJson;

/**
 * A synthetic run of a programme, deterministic for a seed: learners spread over the groups and
 * localities, a roster, and their statements over the first weeks of the programme. Learners
 * register, work through the lessons of the topics their group's rule names, drop out, take the
 * final test (scores out of 20, the platform passes at 10), retake after failing; a few results are
 * voided and corrected, a few duplicates voided, an offline class arrives late, and a few learners
 * move or leave after the roster. Nothing here reads the LRS or the programme code.
 */
final class SyntheticRun {

  static final String VERBS = "http://adlnet.gov/expapi/verbs/";
  static final String VOIDED = VERBS + "voided";
  static final String PROGRESS = "https://w3id.org/xapi/cmi5/result/extensions/progress";
  static final int RAW_MAX = 20;
  private static final int PLATFORM_PASS_RAW = 10;
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX", Locale.ROOT);

  enum Placement {
    /** on the roster */
    ROSTER,
    /** only by the placement extensions of its statements */
    EXTENSIONS,
    /** neither: counted as unplaced */
    NONE
  }

  /** How often the rarer things happen; shares are of learners unless said otherwise. */
  record Profile(
      double extensionOnly,
      double unplaced,
      double neverStart,
      double registerOnly,
      double moves,
      double withdrawals,
      int futureMoves,
      double voidedResults,
      double duplicates,
      double offline,
      double hashed,
      double localOffset,
      double extensionMoves,
      int clockAhead,
      double uptakeSpread) {

    /** The demo: mostly ordinary learners. */
    static Profile demo() {
      return new Profile(
          0.10, 0.003, 0.08, 0.04, 0.015, 0.003, 0, 0.01, 0.01, 0.02, 0.02, 0.05, 0.02, 0, 0.25);
    }

    /** Every rare case often enough that a few hundred learners hold several of each. */
    static Profile edgeCases() {
      return new Profile(
          0.12, 0.02, 0.08, 0.04, 0.04, 0.02, 2, 0.06, 0.04, 0.04, 0.06, 0.1, 0.2, 3, 0.5);
    }
  }

  /**
   * @param cohorts learners per group id (scaled to {@code learners}); empty = in proportion to the
   *     groups' populations
   */
  record Settings(
      long seed, int learners, int weeks, Map<String, Integer> cohorts, Profile profile) {}

  /** A learner: who, where the programme should count them, and how their platform reports. */
  record Learner(
      int index,
      String name,
      String mbox,
      String homePage,
      String accountName,
      String group,
      String locality,
      Placement placement,
      boolean extensionsToo,
      boolean hashedSometimes,
      boolean localOffset,
      boolean offline,
      String laterGroup,
      String laterLocality,
      Instant movedAt) {

    /** The person key of docs/dashboard-api.md. */
    String personKey() {
      return mbox != null
          ? "mbox_sha1sum:" + sha1(mbox)
          : "account:" + homePage + "|" + accountName;
    }

    /** The roster's learner column. */
    String rosterId(boolean hashed) {
      if (mbox == null) {
        return "account:" + homePage + "|" + accountName;
      }
      return hashed ? "mbox_sha1sum:" + sha1(mbox) : mbox;
    }
  }

  /** A roster row; group and locality null for a withdrawal. */
  record RosterRow(int learner, String id, String group, String locality, LocalDate effective) {
    String csv() {
      return id
          + ","
          + (group == null ? "" : group)
          + ","
          + (locality == null ? "" : locality)
          + ","
          + effective;
    }
  }

  /**
   * One statement to post, compact until rendered. lesson -1 = the topic itself; topic -1 = a
   * voiding statement (of {@code voids}); raw -1 = no score; durationSeconds -1 = none.
   */
  record Planned(
      UUID id,
      Instant timestamp,
      int learner,
      String verb,
      int topic,
      int lesson,
      UUID registration,
      int raw,
      Boolean success,
      Boolean completion,
      int durationSeconds,
      int progress,
      UUID voids,
      boolean hashedActor) {}

  final DemoProgramme programme;
  final Settings settings;
  final Instant end;
  final List<Learner> learners;
  final List<RosterRow> roster;
  final List<RosterRow> laterRoster;
  final List<Planned> statements;
  final List<Planned> late;
  private final String homePage;
  private final String systemAccount = "system";

  private SyntheticRun(
      DemoProgramme programme,
      Settings settings,
      Instant end,
      List<Learner> learners,
      List<RosterRow> roster,
      List<RosterRow> laterRoster,
      List<Planned> statements,
      List<Planned> late,
      String homePage) {
    this.programme = programme;
    this.settings = settings;
    this.end = end;
    this.learners = learners;
    this.roster = roster;
    this.laterRoster = laterRoster;
    this.statements = statements;
    this.late = late;
    this.homePage = homePage;
  }

  /**
   * Generates the run. Learning happens from the programme start for {@code weeks} weeks, but not
   * after {@code now} (less two minutes, so that no timestamp is ahead of the server's clock).
   */
  static SyntheticRun generate(DemoProgramme p, Settings s, Instant now) {
    ZoneId zone = p.timeZone();
    Instant start = p.start().atStartOfDay(zone).toInstant();
    Instant end = min(start.plus(Duration.ofDays(7L * s.weeks())), now.minusSeconds(120));
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException(
          "the programme starts on "
              + p.start()
              + ", after now: nothing to simulate (use demo-programme to move it)");
    }
    String homePage = origin(p.topics().get(0).activity());
    SplittableRandom rng = new SplittableRandom(s.seed());
    List<String[]> places = allocate(p, s, rng);
    Generator g = new Generator(p, s, start, end, now, homePage);
    for (int i = 0; i < places.size(); i++) {
      g.learner(i, places.get(i)[0], places.get(i)[1]);
    }
    g.statements.sort(Comparator.comparing(Planned::timestamp).thenComparing(Planned::id));
    clockAhead(g.statements, s.profile().clockAhead(), now);
    g.offlineStatements.sort(Comparator.comparing(Planned::timestamp).thenComparing(Planned::id));
    List<Planned> late = new ArrayList<>(g.offlineStatements);
    late.addAll(g.corrections);
    return new SyntheticRun(
        p,
        s,
        end,
        List.copyOf(g.learners),
        List.copyOf(g.roster),
        List.copyOf(g.laterRoster),
        List.copyOf(g.statements),
        List.copyOf(late),
        homePage);
  }

  /**
   * The last statements of a few learners come from devices whose clock is hours ahead: their
   * timestamps are later than the moment they are stored (dashboards cap them at stored).
   */
  private static void clockAhead(List<Planned> sorted, int learners, Instant now) {
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    for (int i = sorted.size() - 1; i >= 0 && seen.size() < learners; i--) {
      Planned s = sorted.get(i);
      if (seen.add(s.learner())) {
        sorted.set(
            i,
            new Planned(
                s.id(),
                now.plusSeconds(3600L * seen.size()),
                s.learner(),
                s.verb(),
                s.topic(),
                s.lesson(),
                s.registration(),
                s.raw(),
                s.success(),
                s.completion(),
                s.durationSeconds(),
                s.progress(),
                s.voids(),
                s.hashedActor()));
      }
    }
    sorted.sort(Comparator.comparing(Planned::timestamp).thenComparing(Planned::id));
  }

  /** Group and locality of every learner: groups by cohort, localities by population. */
  private static List<String[]> allocate(DemoProgramme p, Settings s, SplittableRandom rng) {
    Map<String, Double> groupWeight = new LinkedHashMap<>();
    for (Group g : p.groups()) {
      double w =
          s.cohorts().isEmpty()
              ? p.population().stream()
                  .filter(c -> c.group().equals(g.id()))
                  .mapToInt(Population::count)
                  .sum()
              : s.cohorts().getOrDefault(g.id(), 0);
      groupWeight.put(g.id(), w);
    }
    Map<String, Integer> perGroup = largestRemainder(groupWeight, s.learners());
    List<String[]> places = new ArrayList<>();
    for (Map.Entry<String, Integer> e : perGroup.entrySet()) {
      Map<String, Double> cells = new LinkedHashMap<>();
      for (Population c : p.population()) {
        if (c.group().equals(e.getKey()) && c.count() > 0) {
          // districts differ in uptake, so that some reach their target and some lag
          double uptake = 1 + s.profile().uptakeSpread() * (2 * rng.nextDouble() - 1);
          cells.merge(c.locality(), c.count() * uptake, Double::sum);
        }
      }
      if (cells.isEmpty()) {
        continue;
      }
      largestRemainder(cells, e.getValue())
          .forEach(
              (locality, n) -> {
                for (int i = 0; i < n; i++) {
                  places.add(new String[] {e.getKey(), locality});
                }
              });
    }
    return places;
  }

  private static Map<String, Integer> largestRemainder(Map<String, Double> weights, int total) {
    double sum = weights.values().stream().mapToDouble(Double::doubleValue).sum();
    Map<String, Integer> out = new LinkedHashMap<>();
    if (sum <= 0) {
      return out;
    }
    List<Map.Entry<String, Double>> rest = new ArrayList<>();
    int given = 0;
    for (Map.Entry<String, Double> e : weights.entrySet()) {
      double exact = total * e.getValue() / sum;
      int n = (int) Math.floor(exact);
      out.put(e.getKey(), n);
      given += n;
      rest.add(Map.entry(e.getKey(), exact - n));
    }
    rest.sort(Map.Entry.<String, Double>comparingByValue().reversed());
    for (int i = 0; given < total; i++, given++) {
      out.merge(rest.get(i % rest.size()).getKey(), 1, Integer::sum);
    }
    return out;
  }

  // ---- rendering -------------------------------------------------------------------------

  /** The statement as xAPI JSON (Data 2.4). */
  ObjectNode json(Planned s) {
    Learner l = learners.get(s.learner() < 0 ? 0 : s.learner());
    ObjectNode st = StrictJson.mapper().createObjectNode();
    st.put("id", s.id().toString());
    ObjectNode actor = st.putObject("actor");
    actor.put("objectType", "Agent");
    if (s.topic() < 0) { // a voiding statement, sent by the platform itself
      actor.put("name", "One Touch");
      ObjectNode account = actor.putObject("account");
      account.put("homePage", homePage);
      account.put("name", systemAccount);
      verb(st, VOIDED, "đã hủy bỏ", "voided");
      ObjectNode ref = st.putObject("object");
      ref.put("objectType", "StatementRef");
      ref.put("id", s.voids().toString());
      st.put("timestamp", timestamp(l, s.timestamp()));
      return st;
    }
    actor.put("name", l.name());
    if (l.mbox() == null) {
      ObjectNode account = actor.putObject("account");
      account.put("homePage", l.homePage());
      account.put("name", l.accountName());
    } else if (s.hashedActor()) {
      actor.put("mbox_sha1sum", sha1(l.mbox()));
    } else {
      actor.put("mbox", l.mbox());
    }
    verb(st, VERBS + s.verb(), vietnamese(s.verb()), s.verb());
    DemoProgramme.Topic topic = programme.topics().get(s.topic());
    ObjectNode object = st.putObject("object");
    object.put("objectType", "Activity");
    ObjectNode definition;
    if (s.lesson() < 0) {
      object.put("id", topic.activity());
      definition = object.putObject("definition");
      definition.putObject("name").put("vi-VN", topic.nameVi()).put("en-US", topic.nameEn());
      definition.put("type", "http://adlnet.gov/expapi/activities/course");
    } else {
      object.put("id", topic.activity() + "/lessons/" + (s.lesson() + 1));
      definition = object.putObject("definition");
      definition
          .putObject("name")
          .put("vi-VN", topic.nameVi() + " – Bài " + (s.lesson() + 1))
          .put("en-US", topic.nameEn() + " – Lesson " + (s.lesson() + 1));
      definition.put("type", "http://adlnet.gov/expapi/activities/lesson");
    }
    if (s.raw() >= 0
        || s.success() != null
        || s.completion() != null
        || s.durationSeconds() >= 0
        || s.progress() >= 0) {
      ObjectNode result = st.putObject("result");
      if (s.raw() >= 0) {
        ObjectNode score = result.putObject("score");
        score.put("scaled", s.raw() / (double) RAW_MAX);
        score.put("raw", s.raw());
        score.put("min", 0);
        score.put("max", RAW_MAX);
      }
      if (s.success() != null) {
        result.put("success", s.success());
      }
      if (s.completion() != null) {
        result.put("completion", s.completion());
      }
      if (s.durationSeconds() >= 0) {
        result.put("duration", duration(s.durationSeconds()));
      }
      if (s.progress() >= 0) {
        result.putObject("extensions").put(PROGRESS, s.progress());
      }
    }
    ObjectNode context = st.putObject("context");
    context.put("registration", s.registration().toString());
    context.put("platform", "One Touch");
    context.put("language", "vi-VN");
    if (s.lesson() >= 0) {
      ArrayNode parent = context.putObject("contextActivities").putArray("parent");
      parent.addObject().put("objectType", "Activity").put("id", topic.activity());
    }
    if (l.placement() == Placement.EXTENSIONS || l.extensionsToo()) {
      ObjectNode ext = context.putObject("extensions");
      boolean moved = l.movedAt() != null && !s.timestamp().isBefore(l.movedAt());
      ext.put(programme.groupExtension(), moved ? l.laterGroup() : l.group());
      ext.put(programme.localityExtension(), moved ? l.laterLocality() : l.locality());
    }
    st.put("timestamp", timestamp(l, s.timestamp()));
    return st;
  }

  /** The roster rows as the CSV body of POST /api/programmes/{id}/roster. */
  static String csv(List<RosterRow> rows) {
    StringBuilder b = new StringBuilder("learner,group,locality,effective\n");
    rows.forEach(r -> b.append(r.csv()).append('\n'));
    return b.toString();
  }

  int voidingCount() {
    return (int) late.stream().filter(s -> s.topic() < 0).count();
  }

  private String timestamp(Learner l, Instant t) {
    ZoneOffset offset =
        l.localOffset() ? programme.timeZone().getRules().getOffset(t) : ZoneOffset.UTC;
    return TIMESTAMP.format(t.atOffset(offset));
  }

  private static void verb(ObjectNode st, String id, String vi, String en) {
    ObjectNode verb = st.putObject("verb");
    verb.put("id", id);
    verb.putObject("display").put("vi-VN", vi).put("en-US", en);
  }

  private static String vietnamese(String verb) {
    return switch (verb) {
      case "registered" -> "đã đăng ký";
      case "launched" -> "đã mở";
      case "progressed" -> "đã học tiếp";
      case "completed" -> "đã hoàn thành";
      case "passed" -> "đã đạt";
      case "failed" -> "chưa đạt";
      default -> verb;
    };
  }

  static String duration(int seconds) {
    StringBuilder d = new StringBuilder("PT");
    if (seconds >= 3600) {
      d.append(seconds / 3600).append('H');
    }
    if (seconds % 3600 >= 60) {
      d.append(seconds % 3600 / 60).append('M');
    }
    if (seconds % 60 > 0 || seconds == 0) {
      d.append(seconds % 60).append('S');
    }
    return d.toString();
  }

  static String sha1(String s) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is part of every JDK", e);
    }
  }

  private static String origin(String iri) {
    URI u = URI.create(iri);
    return u.getScheme() + "://" + u.getAuthority();
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  // ---- the simulation --------------------------------------------------------------------

  /** Builds learners and their statements; one instance per run. */
  private static final class Generator {
    final DemoProgramme p;
    final Settings s;
    final Profile profile;
    final Instant start;
    final Instant end;
    final Instant now;
    final String homePage;
    final int windowDays;
    final List<Learner> learners = new ArrayList<>();
    final List<RosterRow> roster = new ArrayList<>();
    final List<RosterRow> laterRoster = new ArrayList<>();
    final List<Planned> statements = new ArrayList<>();
    final List<Planned> offlineStatements = new ArrayList<>();
    final List<Planned> corrections = new ArrayList<>();
    int futureMovesLeft;

    Generator(DemoProgramme p, Settings s, Instant start, Instant end, Instant now, String hp) {
      this.p = p;
      this.s = s;
      this.profile = s.profile();
      this.start = start;
      this.end = end;
      this.now = now;
      this.homePage = hp;
      this.windowDays = (int) Math.max(1, Duration.between(start, end).toDays() + 1);
      this.futureMovesLeft = profile.futureMoves();
    }

    void learner(int i, String group, String locality) {
      // SplittableRandom(seed) walks seed + k * a fixed gamma: seeds must be scattered, or two
      // learners' streams (and so their statement ids) overlap
      SplittableRandom r = new SplittableRandom(mix(mix(s.seed()) + i));
      String name = VietnameseNames.next(r);
      String mbox = null;
      String account = null;
      if (r.nextDouble() < 0.3) {
        account = "u%07d".formatted(1_000_000 + i);
      } else {
        mbox =
            "mailto:"
                + VietnameseNames.handle(name)
                + (i + 1)
                + "@"
                + group
                + "."
                + p.id()
                + ".example";
      }
      double x = r.nextDouble();
      Placement placement =
          x < profile.unplaced()
              ? Placement.NONE
              : x < profile.unplaced() + profile.extensionOnly()
                  ? Placement.EXTENSIONS
                  : Placement.ROSTER;
      boolean offline = r.nextDouble() < profile.offline();
      // a platform profile changed halfway: later statements place the learner elsewhere
      String[] later = null;
      Instant movedAt = null;
      if (placement == Placement.EXTENSIONS && r.nextDouble() < profile.extensionMoves()) {
        LocalDate day = p.start().plusDays(windowDays / 2);
        later = elsewhere(group, locality, r, day);
        movedAt = later == null ? null : day.atStartOfDay(p.timeZone()).toInstant();
      }
      Learner l =
          new Learner(
              i,
              name,
              mbox,
              mbox == null ? homePage : null,
              account,
              group,
              locality,
              placement,
              placement == Placement.ROSTER && r.nextDouble() < 0.3,
              mbox != null && r.nextDouble() < profile.hashed(),
              r.nextDouble() < profile.localOffset(),
              offline,
              later == null ? null : later[0],
              later == null ? null : later[1],
              movedAt);
      learners.add(l);
      if (placement == Placement.ROSTER) {
        roster.add(new RosterRow(i, l.rosterId(r.nextDouble() < 0.1), group, locality, p.start()));
      }
      List<Planned> mine = new ArrayList<>();
      new Journey(this, l, r, mine).run();
      (offline ? offlineStatements : statements).addAll(mine);
      if (!offline && !mine.isEmpty()) {
        mishaps(l, r, mine);
      }
      if (placement == Placement.ROSTER && !mine.isEmpty()) {
        changes(l, r);
      }
    }

    /** A wrongly graded test voided and corrected; a duplicate lesson record voided. */
    private void mishaps(Learner l, SplittableRandom r, List<Planned> mine) {
      if (r.nextDouble() < profile.voidedResults()) {
        mine.stream()
            .filter(st -> st.raw() >= 0)
            .findFirst()
            .ifPresent(
                x -> {
                  Instant voidAt = x.timestamp().plusSeconds(3600 + r.nextInt(36 * 3600));
                  if (voidAt.isAfter(end)) {
                    return;
                  }
                  int raw = x.raw() + (r.nextBoolean() ? 1 : -1) * (2 + r.nextInt(3));
                  raw = Math.max(0, Math.min(RAW_MAX, raw));
                  corrections.add(voiding(r, l, voidAt, x.id()));
                  boolean pass = raw >= PLATFORM_PASS_RAW;
                  corrections.add(
                      new Planned(
                          uuid(r),
                          voidAt.plusSeconds(30),
                          l.index(),
                          pass ? "passed" : "failed",
                          x.topic(),
                          -1,
                          x.registration(),
                          raw,
                          pass,
                          true,
                          x.durationSeconds(),
                          -1,
                          null,
                          false));
                });
      }
      if (r.nextDouble() < profile.duplicates()) {
        mine.stream()
            .filter(st -> st.lesson() >= 0 && "completed".equals(st.verb()))
            .findFirst()
            .ifPresent(
                x -> {
                  Instant voidAt = x.timestamp().plusSeconds(1800 + r.nextInt(24 * 3600));
                  if (voidAt.isAfter(end)) {
                    return;
                  }
                  Planned dup =
                      new Planned(
                          uuid(r),
                          x.timestamp().plusSeconds(1),
                          x.learner(),
                          x.verb(),
                          x.topic(),
                          x.lesson(),
                          x.registration(),
                          x.raw(),
                          x.success(),
                          x.completion(),
                          x.durationSeconds(),
                          x.progress(),
                          null,
                          x.hashedActor());
                  statements.add(dup);
                  corrections.add(voiding(r, l, voidAt, dup.id()));
                });
      }
    }

    private Planned voiding(SplittableRandom r, Learner l, Instant at, UUID target) {
      return new Planned(
          uuid(r), at, l.index(), "voided", -1, -1, null, -1, null, null, -1, -1, target, false);
    }

    /** Roster rows imported after the activity: moves and withdrawals with their own dates. */
    private void changes(Learner l, SplittableRandom r) {
      double x = r.nextDouble();
      LocalDate today = LocalDate.ofInstant(now, p.timeZone());
      LocalDate effective =
          p.start().plusDays(Math.min(windowDays - 1, 7 + r.nextInt(Math.max(1, windowDays - 9))));
      if (effective.isAfter(today)) {
        effective = today;
      }
      if (x < profile.withdrawals()) {
        laterRoster.add(new RosterRow(l.index(), l.rosterId(false), null, null, effective));
        return;
      }
      if (x < profile.withdrawals() + profile.moves()) {
        if (futureMovesLeft > 0) {
          futureMovesLeft--;
          effective = today.plusDays(10);
        }
        String[] to = elsewhere(l.group(), l.locality(), r, effective);
        if (to == null) {
          return;
        }
        laterRoster.add(new RosterRow(l.index(), l.rosterId(false), to[0], to[1], effective));
      }
    }

    /** Another district for the same group, or (one time in three) another group. */
    private String[] elsewhere(
        String group, String locality, SplittableRandom r, LocalDate effective) {
      List<Population> cells = new ArrayList<>();
      boolean changeGroup = r.nextInt(3) == 0;
      for (Population c : p.population()) {
        boolean sameGroup = c.group().equals(group);
        boolean valid =
            p.locality(c.locality())
                .map(
                    u ->
                        !u.validFrom().isAfter(effective)
                            && (u.validTo() == null || !effective.isAfter(u.validTo())))
                .orElse(false);
        if (valid
            && (changeGroup
                ? !sameGroup && c.locality().equals(locality)
                : sameGroup && !c.locality().equals(locality))) {
          cells.add(c);
        }
      }
      if (cells.isEmpty()) {
        return null;
      }
      Population to = cells.get(r.nextInt(cells.size()));
      return new String[] {to.group(), to.locality()};
    }

    /** The MurmurHash3 64-bit finaliser. */
    static long mix(long z) {
      z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
      z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
      return z ^ (z >>> 33);
    }

    UUID uuid(SplittableRandom r) {
      long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
      long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
      return new UUID(msb, lsb);
    }
  }

  /** One learner's way through the programme, session after session. */
  private static final class Journey {
    private final Generator g;
    private final Learner l;
    private final SplittableRandom r;
    private final List<Planned> out;
    private final Rhythm rhythm;
    private final double ability;
    private Instant t;
    private int day;
    private boolean stopped;
    private boolean freshSession = true;

    Journey(Generator g, Learner l, SplittableRandom r, List<Planned> out) {
      this.g = g;
      this.l = l;
      this.r = r;
      this.out = out;
      this.rhythm = Rhythm.of(l.group());
      this.ability = r.nextDouble();
    }

    void run() {
      if (r.nextDouble() < g.profile.neverStart()) {
        return;
      }
      // about a quarter register on launch day (3,440 of 14,700 on the morning of the launch)
      if (r.nextDouble() < 0.23) {
        day = 0;
        t = at(0, 7 + r.nextInt(5));
      } else {
        // the rest join over the whole window, more of them early on
        day = 1 + (int) ((g.windowDays - 1) * Math.pow(r.nextDouble(), 1.5));
        if (day >= g.windowDays) {
          return;
        }
        t = sessionStart(day);
      }
      Group group = g.p.group(l.group()).orElseThrow();
      List<Integer> plan = plan(group);
      boolean registerOnly = r.nextDouble() < g.profile.registerOnly();
      double dropPerLesson = 0.02 + 0.07 * (1 - ability);
      for (int k = 0; k < plan.size() && !stopped; k++) {
        int topic = plan.get(k);
        UUID reg = g.uuid(r);
        emit("registered", topic, -1, reg, -1, null, null, -1, -1);
        if (registerOnly) {
          return;
        }
        pause(20, 120);
        emit("launched", topic, -1, reg, -1, null, null, -1, -1);
        freshSession = false;
        int lessons = lessons(topic);
        for (int lesson = 0; lesson < lessons && !stopped; lesson++) {
          pause(5, 60);
          if (freshSession) { // the platform reports a launch when a session opens a lesson
            emit("launched", topic, lesson, reg, -1, null, null, -1, -1);
            freshSession = false;
          }
          int seconds = 300 + r.nextInt(1200);
          if (r.nextDouble() < 0.25) { // interrupted, resumed another day
            int part = seconds * (30 + r.nextInt(40)) / 100;
            t = t.plusSeconds(part);
            emit("progressed", topic, lesson, reg, -1, null, false, part, part * 100 / seconds);
            nextSession();
            emit("launched", topic, lesson, reg, -1, null, null, -1, -1);
            freshSession = false;
            seconds -= part;
          }
          t = t.plusSeconds(seconds);
          emit("completed", topic, lesson, reg, -1, null, true, seconds, -1);
          if (r.nextDouble() < dropPerLesson) {
            return;
          }
          if (r.nextDouble() < 0.55) {
            nextSession();
          }
        }
        pause(10, 90);
        emit("completed", topic, -1, reg, -1, null, true, -1, -1);
        test(group, topic, reg, 0);
        nextSession();
      }
    }

    /** The final test, then retakes (each its own registration) after a fail or a low pass. */
    private void test(Group group, int topic, UUID reg, int attempt) {
      pause(30, 300);
      int seconds = 300 + r.nextInt(900);
      t = t.plusSeconds(seconds);
      double mean = RAW_MAX * (0.5 + 0.35 * ability) + 1.5 * attempt;
      int raw = (int) Math.round(mean + 2.8 * gaussian());
      raw = Math.max(0, Math.min(RAW_MAX, raw));
      boolean pass = raw >= PLATFORM_PASS_RAW;
      emit(pass ? "passed" : "failed", topic, -1, reg, raw, pass, true, seconds, -1);
      if (stopped || attempt >= 2) {
        return;
      }
      boolean belowProgramme =
          group.completion().minimumScaledScore() != null
              && raw / (double) RAW_MAX < group.completion().minimumScaledScore().doubleValue();
      if ((!pass && r.nextDouble() < 0.75) || (pass && belowProgramme && r.nextDouble() < 0.5)) {
        nextSession();
        UUID again = g.uuid(r);
        emit("launched", topic, -1, again, -1, null, null, -1, -1);
        test(group, topic, again, attempt + 1);
      }
    }

    /** The topics this learner takes: the rule's required ones and enough (or one more) choices. */
    private List<Integer> plan(Group group) {
      List<Integer> plan = new ArrayList<>();
      List<Integer> choices = new ArrayList<>();
      for (String id : group.completion().chooseFrom()) {
        choices.add(indexOf(id));
      }
      shuffle(choices);
      int take = group.completion().chooseMinimum() + (r.nextDouble() < 0.15 ? 1 : 0);
      plan.addAll(choices.subList(0, Math.min(take, choices.size())));
      for (String id : group.completion().required()) {
        plan.add(r.nextDouble() < 0.6 ? 0 : r.nextInt(plan.size() + 1), indexOf(id));
      }
      if (r.nextDouble() < 0.05) { // curiosity: a topic the rule does not ask for
        int extra = r.nextInt(g.p.topics().size());
        if (!plan.contains(extra)) {
          plan.add(extra);
        }
      }
      return plan;
    }

    private int indexOf(String topicId) {
      for (int i = 0; i < g.p.topics().size(); i++) {
        if (g.p.topics().get(i).id().equals(topicId)) {
          return i;
        }
      }
      throw new IllegalArgumentException("a completion rule names an unknown topic " + topicId);
    }

    private int lessons(int topic) {
      return 2 + Math.floorMod(g.p.topics().get(topic).id().hashCode(), 3);
    }

    private void emit(
        String verb,
        int topic,
        int lesson,
        UUID reg,
        int raw,
        Boolean success,
        Boolean completion,
        int duration,
        int progress) {
      if (stopped || t.isAfter(g.end)) {
        stopped = true;
        return;
      }
      out.add(
          new Planned(
              g.uuid(r),
              t,
              l.index(),
              verb,
              topic,
              lesson,
              reg,
              raw,
              success,
              completion,
              duration,
              progress,
              null,
              l.hashedSometimes() && r.nextDouble() < 0.3));
    }

    private void pause(int min, int max) {
      t = t.plusSeconds(min + r.nextInt(max - min + 1));
    }

    /** The next session: later today or after a gap of days, at an hour this group learns. */
    private void nextSession() {
      freshSession = true;
      int gap = 0;
      while (r.nextDouble() < 0.55 && gap < 10) {
        gap++;
      }
      day += gap;
      Instant next = sessionStart(day);
      if (!next.isAfter(t.plusSeconds(1800))) {
        next = t.plusSeconds(3600 * (2 + r.nextInt(4)));
      }
      t = next;
      day = (int) Duration.between(g.start, t).toDays();
    }

    private Instant sessionStart(int d) {
      LocalDate date = g.p.start().plusDays(d);
      while (rhythm == Rhythm.WORKDAY
          && (date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY)
          && r.nextDouble() < 0.8) {
        date = date.plusDays(1);
      }
      return at((int) (date.toEpochDay() - g.p.start().toEpochDay()), rhythm.hour(r, date));
    }

    private Instant at(int d, int hour) {
      return ZonedDateTime.of(
              g.p.start().plusDays(d),
              LocalTime.of(hour, r.nextInt(60), r.nextInt(60), r.nextInt(1000) * 1_000_000),
              g.p.timeZone())
          .toInstant();
    }

    private double gaussian() {
      double u = 1 - r.nextDouble();
      double v = r.nextDouble();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    private void shuffle(List<Integer> a) {
      for (int i = a.size() - 1; i > 0; i--) {
        int j = r.nextInt(i + 1);
        Integer x = a.get(i);
        a.set(i, a.get(j));
        a.set(j, x);
      }
    }
  }

  /** When a group learns: officials in office hours, students after school, others evenings. */
  private enum Rhythm {
    WORKDAY(new int[] {8, 9, 9, 10, 10, 14, 14, 15, 15, 16, 20, 21}),
    STUDY(new int[] {6, 15, 16, 16, 17, 19, 19, 20, 20, 21, 21, 22}),
    EVENING(new int[] {6, 7, 12, 12, 19, 19, 20, 20, 20, 21, 21, 22});

    private final int[] hours;

    Rhythm(int[] hours) {
      this.hours = hours;
    }

    static Rhythm of(String group) {
      if (group.contains("official")) {
        return WORKDAY;
      }
      return group.contains("student") ? STUDY : EVENING;
    }

    int hour(SplittableRandom r, LocalDate date) {
      boolean weekend =
          date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY;
      if (weekend && this != WORKDAY && r.nextBoolean()) {
        return 8 + r.nextInt(4); // weekend mornings
      }
      return hours[r.nextInt(hours.length)];
    }
  }
}
