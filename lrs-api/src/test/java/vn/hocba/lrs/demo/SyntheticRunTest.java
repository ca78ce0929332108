package vn.hocba.lrs.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import vn.hocba.lrs.demo.SyntheticRun.Learner;
import vn.hocba.lrs.demo.SyntheticRun.Placement;
import vn.hocba.lrs.demo.SyntheticRun.Planned;
import vn.hocba.xapi.model.XapiVersion;
import vn.hocba.xapi.validation.StatementValidator;

class SyntheticRunTest {

  static final Path QUANG_NAM = Path.of("../docs/examples/quang-nam-2025.yaml");
  static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
  static final LocalDate TODAY = LocalDate.of(2026, 11, 28);
  static final Map<String, Integer> LAUNCH =
      Map.of("officials", 5700, "enterprise-workers", 2000, "students", 2550, "adults", 4450);
  static DemoProgramme programme;
  static SyntheticRun run;

  @BeforeAll
  static void generate() throws Exception {
    String text = Files.readString(QUANG_NAM);
    long days = DemoProgrammeCommand.shift(DemoProgramme.parse(text).start(), TODAY, 8);
    programme = DemoProgramme.parse(DemoProgramme.shiftDates(text, days));
    run = generate(2025, 1470, SyntheticRun.Profile.demo());
  }

  static SyntheticRun generate(long seed, int learners, SyntheticRun.Profile profile) {
    return SyntheticRun.generate(
        programme, new SyntheticRun.Settings(seed, learners, 8, LAUNCH, profile), NOW);
  }

  @Nested
  @DisplayName("the demo copy of a programme")
  class DemoCopy {
    @Test
    @DisplayName("moves every date by the same days so that it started N weeks ago")
    void movesEveryDate() throws Exception {
      String text = Files.readString(QUANG_NAM);
      DemoProgramme real = DemoProgramme.parse(text);
      long days = DemoProgrammeCommand.shift(real.start(), TODAY, 8);
      DemoProgramme copy =
          DemoProgramme.parse(DemoProgrammeCommand.shiftedCopy(text, QUANG_NAM, days, TODAY));

      assertThat(copy.start()).isEqualTo(TODAY.minusWeeks(8));
      assertThat(copy.groups())
          .allSatisfy(
              g ->
                  assertThat(g.deadline())
                      .isEqualTo(real.group(g.id()).orElseThrow().deadline().plusDays(days)));
      assertThat(copy.localities().get(3).validFrom())
          .isEqualTo(real.localities().get(3).validFrom().plusDays(days));
      assertThat(copy.topics()).isEqualTo(real.topics());
      assertThat(copy.population()).isEqualTo(real.population());
    }

    @Test
    @DisplayName("keeps the file's comments and says that it is a demo copy")
    void keepsComments() throws Exception {
      String text = Files.readString(QUANG_NAM);
      String copy = DemoProgrammeCommand.shiftedCopy(text, QUANG_NAM, 10, TODAY);
      assertThat(copy).startsWith("# DEMO COPY").contains("# Denominators: the size of each");
      assertThat(copy).contains("start: 2025-04-28").doesNotContain("2025-04-18");
    }
  }

  @Nested
  @DisplayName("the synthetic run")
  class Run {
    @Test
    @DisplayName("is the same for the same seed, ids included, and different for another")
    void deterministic() {
      SyntheticRun again = generate(2025, 1470, SyntheticRun.Profile.demo());
      assertThat(again.learners).isEqualTo(run.learners);
      assertThat(again.statements).isEqualTo(run.statements);
      assertThat(again.late).isEqualTo(run.late);
      assertThat(again.roster).isEqualTo(run.roster);
      assertThat(generate(2026, 1470, SyntheticRun.Profile.demo()).statements.get(0).id())
          .isNotEqualTo(run.statements.get(0).id());
    }

    @Test
    @DisplayName("never gives two statements the same id")
    void uniqueIds() {
      Set<java.util.UUID> ids = new HashSet<>();
      run.statements.forEach(s -> assertThat(ids.add(s.id())).as(s.toString()).isTrue());
      run.late.forEach(s -> assertThat(ids.add(s.id())).as(s.toString()).isTrue());
    }

    @Test
    @DisplayName("places the cohorts' learners in districts in proportion to their population")
    void cohortsAndDistricts() {
      Map<String, Long> perGroup =
          run.learners.stream()
              .collect(Collectors.groupingBy(Learner::group, Collectors.counting()));
      assertThat(perGroup)
          .containsEntry("officials", 570L)
          .containsEntry("enterprise-workers", 200L)
          .containsEntry("students", 255L)
          .containsEntry("adults", 445L);
      // Tam Kỳ (806 officials) gets several times the officials of Tây Giang (67)
      long tamKy =
          run.learners.stream()
              .filter(l -> l.group().equals("officials") && l.locality().equals("502"))
              .count();
      long tayGiang =
          run.learners.stream()
              .filter(l -> l.group().equals("officials") && l.locality().equals("504"))
              .count();
      assertThat(tamKy).isGreaterThan(4 * tayGiang);
      Set<String> names = run.learners.stream().map(Learner::name).collect(Collectors.toSet());
      assertThat(names.size()).isGreaterThan(run.learners.size() / 2);
      assertThat(run.learners).anyMatch(l -> l.mbox() == null).anyMatch(l -> l.mbox() != null);
    }

    @Test
    @DisplayName("puts most learners on the roster and about a tenth only in extensions")
    void placements() {
      long roster = run.learners.stream().filter(l -> l.placement() == Placement.ROSTER).count();
      long extensions =
          run.learners.stream().filter(l -> l.placement() == Placement.EXTENSIONS).count();
      assertThat(run.roster).hasSize((int) roster);
      assertThat(extensions).isBetween(100L, 200L);
      Set<Integer> onRoster = new HashSet<>();
      run.roster.forEach(r -> onRoster.add(r.learner()));
      for (Learner l : run.learners) {
        assertThat(onRoster.contains(l.index())).isEqualTo(l.placement() == Placement.ROSTER);
      }
    }

    @Test
    @DisplayName("has activity only between the programme start and the end of the window")
    void window() {
      Instant start = programme.start().atStartOfDay(programme.timeZone()).toInstant();
      assertThat(run.statements)
          .allSatisfy(
              s -> assertThat(s.timestamp()).isAfterOrEqualTo(start).isBeforeOrEqualTo(run.end));
      assertThat(run.end).isBefore(NOW);
    }

    @Test
    @DisplayName("has drop-outs, failures, retakes, voidings of existing statements and late ones")
    void realism() {
      Map<Integer, List<Planned>> byLearner =
          run.statements.stream().collect(Collectors.groupingBy(Planned::learner));
      assertThat(run.learners.size() - byLearner.size()).isGreaterThan(50); // never started
      assertThat(run.statements).anyMatch(s -> s.verb().equals("failed"));
      Map<String, Long> registrations = new HashMap<>();
      run.statements.stream()
          .filter(s -> s.raw() >= 0)
          .forEach(s -> registrations.merge(s.learner() + "/" + s.topic(), 1L, Long::sum));
      assertThat(registrations.values()).anyMatch(n -> n > 1); // a retake
      Set<java.util.UUID> ids = new HashSet<>();
      run.statements.forEach(s -> ids.add(s.id()));
      List<Planned> voidings = run.late.stream().filter(s -> s.topic() < 0).toList();
      assertThat(voidings).isNotEmpty().allSatisfy(v -> assertThat(ids).contains(v.voids()));
      assertThat(run.late.size()).isGreaterThan(voidings.size()); // an offline class
    }

    @Test
    @DisplayName("renders every statement as valid xAPI 1.0.3 and 2.0")
    void validXapi() {
      SyntheticRun edgy = generate(9, 300, SyntheticRun.Profile.edgeCases());
      for (List<Planned> phase : List.of(edgy.statements, edgy.late)) {
        for (Planned s : phase) {
          JsonNode json = edgy.json(s);
          assertThat(StatementValidator.validateStatement(json, XapiVersion.V1_0_3))
              .as(json.toString())
              .isEmpty();
          assertThat(StatementValidator.validateStatement(json, XapiVersion.V2_0_0))
              .as(json.toString())
              .isEmpty();
        }
      }
    }
  }
}
