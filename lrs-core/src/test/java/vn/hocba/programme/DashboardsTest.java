package vn.hocba.programme;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.hocba.programme.Fixtures.statement;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import vn.hocba.programme.Dashboards.Cell;
import vn.hocba.programme.Dashboards.Dashboard;

@DisplayName("Dashboards: roll-up, denominators, merges, weeks and forecast")
class DashboardsTest {

  static final ProgrammeIndex P = Fixtures.tiny();

  static Instant at(String date) {
    return Instant.parse(date + "T05:00:00Z");
  }

  /** A pupil placed at a locality who completed topic c on a date (or never). */
  static PersonRecord pupil(String who, String locality, String completedOn) {
    Fixtures.Builder b =
        new Fixtures.Builder(P, who).place("pupils", locality, "2025-04-14", at("2025-04-14"));
    if (completedOn != null) {
      b.add(
          statement(who + "-c", who, "completed", "c", "\"timestamp\":\"" + at(completedOn) + "\""),
          at(completedOn));
    }
    return b.record;
  }

  static Dashboard dashboard(List<PersonRecord> people, Instant asOf, String locality) {
    List<PersonProgress> views = new ArrayList<>();
    people.forEach(r -> views.add(PersonProgress.of(P, r, asOf)));
    return Dashboards.compute(P, views, asOf, locality);
  }

  static Cell cell(Dashboards.Row row, String group) {
    return row.groups().stream().filter(c -> c.group().equals(group)).findFirst().orElseThrow();
  }

  @Test
  void figuresRollUpTheHierarchyAndPopulationSumsChildrenWithoutTheirOwnFigure() {
    List<PersonRecord> people =
        List.of(
            pupil("a", "C1", "2025-05-05"), pupil("b", "D1", null), pupil("c", "D2", "2025-05-06"));
    Dashboard d = dashboard(people, at("2025-05-20"), null);
    Cell pupils = cell(d.row(), "pupils");
    assertThat(pupils.population()).isEqualTo(20);
    assertThat(pupils.enrolled()).isEqualTo(3);
    assertThat(pupils.completed()).isEqualTo(2);
    assertThat(pupils.share()).isEqualTo(0.1);
    assertThat(pupils.targetPeople()).isEqualTo(20);
    assertThat(pupils.gap()).isEqualTo(18);
    Cell staff = cell(d.row(), "staff");
    // the province has no staff figure: D1 + D2 (D3 is not valid yet in May)
    assertThat(staff.population()).isEqualTo(14);
    assertThat(d.children()).extracting(r -> r.locality().code()).containsExactly("D1", "D2");
    Dashboards.Row d1 = d.children().get(0);
    assertThat(cell(d1, "pupils").enrolled()).isEqualTo(2);
    assertThat(cell(d1, "pupils").completed()).isEqualTo(1);
    assertThat(d1.total().population()).isEqualTo(10);
  }

  @Test
  void afterAMergeLearnersCountUnderTheSuccessor() {
    List<PersonRecord> people = List.of(pupil("c", "D2", "2025-05-06"));
    Dashboard july = dashboard(people, at("2025-07-02"), null);
    assertThat(july.children()).extracting(r -> r.locality().code()).containsExactly("D1", "D3");
    assertThat(cell(july.children().get(1), "pupils").completed()).isEqualTo(1);
    assertThat(cell(july.row(), "staff").population()).isEqualTo(18);
  }

  @Test
  void weeksAreIsoWeeksFromTheStartWithCumulativeCounts() {
    List<PersonRecord> people =
        List.of(
            pupil("a", "D1", "2025-04-15"),
            pupil("b", "D1", "2025-04-29"),
            pupil("c", "D1", "2025-04-30"));
    Cell pupils = cell(dashboard(people, at("2025-05-01"), null).row(), "pupils");
    assertThat(pupils.weekly())
        .extracting(Dashboards.Week::week)
        .containsExactly("2025-W16", "2025-W17", "2025-W18");
    assertThat(pupils.weekly())
        .extracting(Dashboards.Week::completions)
        .containsExactly(1L, 0L, 2L);
    assertThat(pupils.weekly()).extracting(Dashboards.Week::cumulative).containsExactly(1L, 1L, 3L);
    assertThat(pupils.weekly().get(0).start()).isEqualTo(LocalDate.parse("2025-04-14"));
  }

  @Test
  void forecastProjectsTheLastFourWeeksPace() {
    // 4 completions in the last 28 days: 1 a week; 16 to go → 112 days → after the 30 June deadline
    List<PersonRecord> people = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      people.add(pupil("p" + i, "D1", "2025-05-0" + (2 + i)));
    }
    Cell c = cell(dashboard(people, at("2025-05-20"), null).row(), "pupils");
    assertThat(c.forecast().perWeek()).isEqualTo(1.0);
    assertThat(c.forecast().status()).isEqualTo("late");
    assertThat(c.forecast().date()).isEqualTo(LocalDate.parse("2025-05-20").plusDays(112));
    Cell quiet = cell(dashboard(people, at("2025-07-20"), null).row(), "pupils");
    assertThat(quiet.forecast().status()).isEqualTo("no-progress");
    assertThat(quiet.forecast().date()).isNull();
  }

  @Test
  void aMetTargetIsDatedByTheCompletionThatReachedIt() {
    List<PersonRecord> people =
        List.of(pupil("a", "D1", "2025-05-02"), pupil("b", "D1", "2025-05-09"));
    assertThat(
            Dashboards.forecast(
                List.of(LocalDate.parse("2025-05-02"), LocalDate.parse("2025-05-09")),
                2,
                0,
                LocalDate.parse("2025-05-20"),
                LocalDate.parse("2025-06-30")))
        .isEqualTo(new Dashboards.Forecast("met", LocalDate.parse("2025-05-09"), 0.5));
    assertThat(people).hasSize(2);
  }

  @Test
  void activeMeansActivityInTheThirtyDaysUpToAsOfAndUnplacedLearnersAreCounted() {
    PersonRecord unplaced =
        new Fixtures.Builder(P, "u")
            .add(
                statement("u1", "u", "launched", "a", "\"timestamp\":\"" + at("2025-05-01") + "\""),
                at("2025-05-01"))
            .record;
    List<PersonRecord> people = List.of(pupil("a", "D1", "2025-05-02"), unplaced);
    Dashboard d = dashboard(people, at("2025-05-25"), null);
    assertThat(cell(d.row(), "pupils").active30()).isEqualTo(1);
    assertThat(d.unplaced()).isEqualTo(1);
    assertThat(cell(dashboard(people, at("2025-06-05"), null).row(), "pupils").active30()).isZero();
  }
}
