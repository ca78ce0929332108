package vn.hocba.programme;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Rosters: CSV checked whole, every bad row with its line")
class RostersTest {

  static final ProgrammeIndex P = Fixtures.tiny();
  static final LocalDate TODAY = LocalDate.parse("2025-05-01");

  @Test
  void goodRowsInAnyColumnOrderWithQuotesAndABom() {
    String csv =
        "\uFEFFgroup,learner,locality,effective\r\n"
            + "staff,mailto:an@example.vn,D1,2025-04-20\r\n"
            + "pupils,\"account:https://school.vn|h,s 1\",C1,\r\n"
            + ",openid:https://id.example.vn/x,,2025-06-01\r\n";
    Rosters.Parsed p = Rosters.parse(csv, P, TODAY);
    assertThat(p.problems()).isEmpty();
    assertThat(p.rows()).hasSize(3);
    assertThat(p.rows().get(0).person()).isEqualTo(PersonKeys.ofLearner("mailto:an@example.vn"));
    assertThat(p.rows().get(1).person()).isEqualTo("account:https://school.vn|h,s 1");
    assertThat(p.rows().get(1).effective()).isEqualTo(TODAY);
    assertThat(p.rows().get(1).line()).isEqualTo(3);
    assertThat(p.rows().get(2).group()).isNull();
  }

  @Test
  void everyBadRowIsReportedAndNoRowIsKept() {
    String csv =
        "learner,group,locality\n"
            + "mailto:ok@example.vn,staff,D1\n"
            + "someone,staff,D1\n"
            + "mailto:b@example.vn,nobody,D1\n"
            + "mailto:c@example.vn,staff,X9\n"
            + "mailto:ok@example.vn,pupils,D1\n"
            + "mailto:d@example.vn,staff\n";
    Rosters.Parsed p = Rosters.parse(csv, P, TODAY);
    assertThat(p.rows()).isEmpty();
    assertThat(p.problems()).extracting(Rosters.Problem::line).containsExactly(3, 4, 5, 6, 7);
    assertThat(p.problems().get(1).message()).isEqualTo("unknown group 'nobody'");
    assertThat(p.problems().get(3).message()).contains("line 2");
  }

  @Test
  void aHeaderWithoutTheRequiredColumnsOrAnUnclosedQuoteIsRejected() {
    assertThat(Rosters.parse("name,group\nx,y\n", P, TODAY).problems().get(0).message())
        .contains("missing: learner");
    assertThat(
            Rosters.parse("learner,group,locality\n\"mailto:x,staff,D1\n", P, TODAY)
                .problems()
                .get(0)
                .message())
        .contains("never closes");
    assertThat(Rosters.parse("", P, TODAY).problems()).isNotEmpty();
  }
}
