package vn.hocba.programme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Programme files: loaded and validated, every problem with its path")
class ProgrammeFilesTest {

  @Test
  void theQuangNamExampleLoads() {
    Programme p = ProgrammeFiles.read(Path.of("../docs/examples/quang-nam-2025.yaml"));
    assertThat(p.id()).isEqualTo("quang-nam-2025");
    assertThat(p.topics()).hasSize(10);
    assertThat(p.groups())
        .extracting(Programme.Group::id)
        .containsExactly("officials", "students", "adults", "enterprise-workers");
    assertThat(p.groups()).extracting(Programme.Group::target).containsExactly(0.8, 1.0, 0.8, 0.8);
    assertThat(p.localities()).filteredOn(l -> l.level() == Programme.Level.DISTRICT).hasSize(18);
    assertThat(p.root().code()).isEqualTo("49");
    assertThat(p.digest()).hasSize(64);
  }

  @Test
  void theDigestChangesWithTheContentOnly() {
    String a = Fixtures.tinyText();
    String b = a.replace("target: 0.5", "target: 0.6");
    assertThat(ProgrammeFiles.parse(a, "a").digest())
        .isEqualTo(ProgrammeFiles.parse(a + "\n# note\n", "a").digest());
    assertThat(ProgrammeFiles.parse(a, "a").digest())
        .isNotEqualTo(ProgrammeFiles.parse(b, "b").digest());
  }

  @Test
  void everyProblemIsReportedWithItsPath() {
    String bad =
        Fixtures.tinyText()
            .replace("target: 0.5", "target: 80")
            .replace("required: [c]", "required: [zz]")
            .replace("parent: \"D1\", name: {vi: \"Xã 1\"", "parent: \"D9\", name: {vi: \"Xã 1\"")
            .replace(
                "{group: pupils, locality: \"P\", count: 20}",
                "{group: nobody, locality: \"P\", count: -1}");
    assertThatThrownBy(() -> ProgrammeFiles.parse(bad, "bad.yaml"))
        .isInstanceOf(ProgrammeFiles.ProgrammeException.class)
        .satisfies(
            e ->
                assertThat(((ProgrammeFiles.ProgrammeException) e).problems())
                    .anySatisfy(m -> assertThat(m).startsWith("/groups/0/target:"))
                    .anySatisfy(
                        m ->
                            assertThat(m)
                                .contains("/groups/1/completion/required/0: unknown topic 'zz'"))
                    .anySatisfy(
                        m -> assertThat(m).contains("/localities/4/parent: unknown locality 'D9'"))
                    .anySatisfy(
                        m -> assertThat(m).contains("/population/3/group: unknown group 'nobody'"))
                    .anySatisfy(m -> assertThat(m).contains("/population/3/count:")))
        .hasMessageStartingWith("bad.yaml: ");
  }

  @Test
  void unknownFieldsAndBrokenYamlAreRejected() {
    assertThatThrownBy(() -> ProgrammeFiles.parse(Fixtures.tinyText() + "colour: red\n", "x"))
        .hasMessageContaining("/colour: unknown field");
    assertThatThrownBy(() -> ProgrammeFiles.parse("id: [unclosed", "x"))
        .hasMessageContaining("not valid YAML or JSON");
    assertThatThrownBy(() -> ProgrammeFiles.parse("- a list", "x"))
        .hasMessageContaining("one object");
  }

  @Test
  void aMergedUnitNeedsAnEndDateAndAKnownSuccessor() {
    String bad =
        Fixtures.tinyText().replace("validTo: 2025-06-30, successor: \"D3\"", "successor: \"D7\"");
    assertThatThrownBy(() -> ProgrammeFiles.parse(bad, "x"))
        .hasMessageContaining("/localities/2/successor: a successor needs validTo")
        .hasMessageContaining("/localities/2/successor: unknown locality 'D7'");
  }
}
