package vn.hocba.programme;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import vn.hocba.programme.Programme.Group;
import vn.hocba.programme.Programme.Locality;
import vn.hocba.programme.Programme.Population;

/**
 * The target dashboard of a programme as of a moment: per population group and locality (rolled up
 * the hierarchy) the population, enrolled, active, completed, share against target, gap, weekly
 * completions and a forecast (docs/dashboard-api.md defines every figure). A pure function of the
 * programme and the learners' progress.
 */
public final class Dashboards {

  static final Duration ACTIVE_WINDOW = Duration.ofDays(30);
  static final int PACE_WEEKS = 4;

  private Dashboards() {}

  /** Figures of one group in one locality. */
  public record Cell(
      String group,
      long population,
      long enrolled,
      long active30,
      long completed,
      double share,
      double target,
      long targetPeople,
      long gap,
      LocalDate deadline,
      List<Week> weekly,
      Forecast forecast) {}

  /** Completions in one ISO week, and the total up to its end. */
  public record Week(String week, LocalDate start, long completions, long cumulative) {}

  /**
   * When the target is met at the current pace.
   *
   * @param status met, on-track, late or no-progress
   * @param perWeek completions per week over the last four weeks
   */
  public record Forecast(String status, LocalDate date, double perWeek) {}

  /** All groups' figures summed. */
  public record Total(
      long population, long enrolled, long active30, long completed, double share) {}

  /** The figures of one locality. */
  public record Row(Locality locality, List<Cell> groups, Total total) {}

  /** The dashboard of a locality and of its children. */
  public record Dashboard(
      Instant asOf, Row row, List<Locality> path, List<Row> children, long unplaced) {}

  /** Per (locality code, group id): the completion dates of its learners, and counts. */
  private static final class Tally {
    long enrolled;
    long active;
    final List<LocalDate> completions = new ArrayList<>();
  }

  /**
   * Computes the dashboard of {@code localityCode} (null = the top) as of {@code asOf}.
   *
   * @param learners every learner's progress as of {@code asOf}
   */
  public static Dashboard compute(
      ProgrammeIndex index,
      Collection<PersonProgress> learners,
      Instant asOf,
      String localityCode) {
    Programme programme = index.programme();
    LocalDate day = index.day(asOf);
    Locality target =
        localityCode == null
            ? programme.root()
            : index
                .resolve(localityCode, day)
                .orElseThrow(() -> new IllegalArgumentException("unknown locality"));
    List<Locality> children = new ArrayList<>();
    for (Locality l : programme.localities()) {
      if (target.code().equals(l.parent()) && l.validOn(day)) {
        children.add(l);
      }
    }
    Map<String, Tally> tallies = new HashMap<>();
    long unplaced = 0;
    Instant activeFrom = asOf.minus(ACTIVE_WINDOW);
    for (PersonProgress p : learners) {
      if (p.placement().isEmpty()) {
        if (p.active()) {
          unplaced++;
        }
        continue;
      }
      String group = p.placement().get().group();
      Optional<Locality> at = index.resolve(p.placement().get().locality(), day);
      if (at.isEmpty()) {
        continue;
      }
      boolean active = p.lastActivity() != null && p.lastActivity().isAfter(activeFrom);
      LocalDate completedOn = p.completion().met() ? index.day(p.completion().since()) : null;
      for (Locality l : index.path(at.get())) {
        Tally t = tallies.computeIfAbsent(l.code() + "|" + group, k -> new Tally());
        t.enrolled++;
        if (active) {
          t.active++;
        }
        if (completedOn != null) {
          t.completions.add(completedOn);
        }
      }
    }
    Row row = row(index, target, tallies, day, true);
    List<Row> childRows = new ArrayList<>();
    for (Locality c : children) {
      childRows.add(row(index, c, tallies, day, false));
    }
    List<Locality> path = new ArrayList<>(index.path(target));
    java.util.Collections.reverse(path);
    return new Dashboard(asOf, row, List.copyOf(path), List.copyOf(childRows), unplaced);
  }

  private static Row row(
      ProgrammeIndex index, Locality l, Map<String, Tally> tallies, LocalDate day, boolean weekly) {
    List<Cell> cells = new ArrayList<>();
    long pop = 0;
    long enrolled = 0;
    long active = 0;
    long completed = 0;
    for (Group g : index.programme().groups()) {
      Tally t = tallies.getOrDefault(l.code() + "|" + g.id(), new Tally());
      long population = population(index, l, g.id(), day, 0);
      Cell c = cell(index, g, population, t, day, weekly);
      cells.add(c);
      pop += population;
      enrolled += c.enrolled();
      active += c.active30();
      completed += c.completed();
    }
    return new Row(
        l, List.copyOf(cells), new Total(pop, enrolled, active, completed, share(completed, pop)));
  }

  /**
   * The denominator of a group in a locality: its own figure, or else the sum of its children's
   * that are valid on the day.
   */
  static long population(ProgrammeIndex index, Locality l, String group, LocalDate day, int depth) {
    for (Population p : index.programme().population()) {
      if (p.group().equals(group) && p.locality().equals(l.code())) {
        return p.count();
      }
    }
    if (depth > 16) {
      return 0;
    }
    long sum = 0;
    for (Locality c : index.programme().localities()) {
      if (l.code().equals(c.parent()) && c.validOn(day)) {
        sum += population(index, c, group, day, depth + 1);
      }
    }
    return sum;
  }

  private static Cell cell(
      ProgrammeIndex index, Group g, long population, Tally t, LocalDate day, boolean withWeeks) {
    long completed = t.completions.size();
    long targetPeople = (long) Math.ceil(g.target() * population - 1e-9);
    long gap = Math.max(0, targetPeople - completed);
    List<LocalDate> sorted = new ArrayList<>(t.completions);
    sorted.sort(null);
    List<Week> weeks = withWeeks ? weeks(index.programme().start(), day, sorted) : List.of();
    return new Cell(
        g.id(),
        population,
        t.enrolled,
        t.active,
        completed,
        share(completed, population),
        g.target(),
        targetPeople,
        gap,
        g.deadline(),
        weeks,
        forecast(sorted, targetPeople, gap, day, g.deadline()));
  }

  static double share(long completed, long population) {
    return population == 0 ? 0 : Math.round(completed * 10_000.0 / population) / 10_000.0;
  }

  /** ISO weeks from the programme's start to the day, with new and cumulative completions. */
  static List<Week> weeks(LocalDate start, LocalDate day, List<LocalDate> sortedCompletions) {
    List<Week> out = new ArrayList<>();
    if (day.isBefore(start)) {
      return out;
    }
    LocalDate monday = start.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    Map<LocalDate, Long> perWeek = new LinkedHashMap<>();
    long before = 0;
    for (LocalDate d : sortedCompletions) {
      LocalDate w = d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      if (w.isBefore(monday)) {
        before++;
      } else {
        perWeek.merge(w, 1L, Long::sum);
      }
    }
    long cumulative = before;
    for (LocalDate w = monday; !w.isAfter(day); w = w.plusWeeks(1)) {
      long n = perWeek.getOrDefault(w, 0L);
      if (w.equals(monday)) {
        n += before; // completions dated before the start count in the first week
      }
      cumulative += perWeek.getOrDefault(w, 0L);
      out.add(
          new Week(
              String.format(
                  "%d-W%02d",
                  w.get(IsoFields.WEEK_BASED_YEAR), w.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)),
              w,
              n,
              cumulative));
    }
    return out;
  }

  /**
   * Met when there is no gap (dated by the completion that reached the target); otherwise the pace
   * of the last four weeks projected forward, on-track when it reaches the target by the deadline.
   */
  static Forecast forecast(
      List<LocalDate> sortedCompletions,
      long targetPeople,
      long gap,
      LocalDate day,
      LocalDate deadline) {
    LocalDate from = day.minusDays(PACE_WEEKS * 7L);
    long recent = sortedCompletions.stream().filter(d -> d.isAfter(from)).count();
    double perWeek = Math.round(recent * 100.0 / PACE_WEEKS) / 100.0;
    if (gap == 0) {
      LocalDate reached = targetPeople == 0 ? null : sortedCompletions.get((int) targetPeople - 1);
      return new Forecast("met", reached, perWeek);
    }
    if (recent == 0) {
      return new Forecast("no-progress", null, 0);
    }
    long days = (long) Math.ceil(gap * 7.0 * PACE_WEEKS / recent);
    LocalDate date = day.plusDays(days);
    return new Forecast(date.isAfter(deadline) ? "late" : "on-track", date, perWeek);
  }
}
