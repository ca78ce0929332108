package vn.hocba.xapi.statements;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.hocba.xapi.statements.Json.json;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Voiding (Data 2.3.2)")
class VoidingTest {

  @Test
  void voidedVerbWithStatementRefVoidsItsTarget() {
    assertThat(
            Voiding.voidedTarget(
                json(
                    "{'verb':{'id':'http://adlnet.gov/expapi/verbs/voided'},"
                        + "'object':{'objectType':'StatementRef','id':'E05AA883-ACAF-40AD-BF54-02C8CE485FB0'}}")))
        .contains("e05aa883-acaf-40ad-bf54-02c8ce485fb0");
  }

  @Test
  void voidedVerbWithAnActivityVoidsNothing() {
    // Data 2.3.2.s2.b1: the Object of a voiding statement is a StatementRef
    assertThat(
            Voiding.voidedTarget(
                json(
                    "{'verb':{'id':'http://adlnet.gov/expapi/verbs/voided'},'object':{'id':'http://x.org/a'}}")))
        .isEmpty();
  }

  @Test
  void otherVerbWithStatementRefVoidsNothing() {
    assertThat(
            Voiding.isVoiding(
                json(
                    "{'verb':{'id':'http://adlnet.gov/expapi/verbs/voided/'},"
                        + "'object':{'objectType':'StatementRef','id':'e05aa883-acaf-40ad-bf54-02c8ce485fb0'}}")))
        .isFalse();
  }

  @Test
  void oddInputVoidsNothing() {
    assertThat(Voiding.voidedTarget(json("{}"))).isEmpty();
    assertThat(Voiding.voidedTarget(null)).isEmpty();
    assertThat(
            Voiding.voidedTarget(
                json(
                    "{'verb':{'id':'http://adlnet.gov/expapi/verbs/voided'},'object':{'objectType':'StatementRef'}}")))
        .isEmpty();
  }
}
