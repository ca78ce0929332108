package vn.hocba.xapi.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import vn.hocba.xapi.json.StrictJson;
import vn.hocba.xapi.model.XapiVersion;

@DisplayName("Data 2.3.2.s2.b1: the Object of a voiding statement is a StatementRef")
class VoidingRuleTest {

  private static final String VOIDED = "http://adlnet.gov/expapi/verbs/voided";

  @Test
  void aVoidingStatementWithAnActivityObjectIsInvalid() {
    var s =
        StrictJson.parse(
            """
        {"actor":{"mbox":"mailto:a@example.org"},"verb":{"id":"%s"},
         "object":{"id":"http://example.org/activity"}}"""
                .formatted(VOIDED));
    assertThat(StatementValidator.validateStatement(s, XapiVersion.V1_0_3))
        .extracting(Violation::rule, Violation::pointer)
        .contains(org.assertj.core.groups.Tuple.tuple("Data 2.3.2.s2.b1", "/object/objectType"));
  }

  @Test
  void aVoidingStatementWithAStatementRefIsValid() {
    var s =
        StrictJson.parse(
            """
        {"actor":{"mbox":"mailto:a@example.org"},"verb":{"id":"%s"},
         "object":{"objectType":"StatementRef","id":"0a6e4a1c-3b0f-4c53-9b43-4b1f9a2c7d11"}}"""
                .formatted(VOIDED));
    assertThat(StatementValidator.validateStatement(s, XapiVersion.V2_0_0)).isEmpty();
  }
}
