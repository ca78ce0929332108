package vn.hocba.xapi.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import vn.hocba.xapi.model.XapiVersion;

/**
 * Table-driven cases from {@code validation/statement-cases.json}: each case edits a valid base
 * Statement ({@code validation/bases.json}) by JSON pointer and names, in its display name and its
 * {@code expect} entries, the rule it keeps or breaks. An empty {@code expect} means the edited
 * Statement is valid; otherwise every expected (pointer, rule) pair must be reported.
 */
@DisplayName("Statement cases from JSON fixtures (xAPI Data 2.2-4.6)")
class StatementFixtureTest {

  static Stream<Arguments> cases() {
    JsonNode cases = Fixtures.load("/validation/statement-cases.json");
    List<Arguments> out = new ArrayList<>();
    for (JsonNode c : cases) {
      for (JsonNode v : c.get("versions")) {
        XapiVersion version = "2.0.0".equals(v.asText()) ? XapiVersion.V2_0_0 : XapiVersion.V1_0_3;
        out.add(Arguments.of(version, c.get("name").asText(), c));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "[{0}] {1}")
  @MethodSource("cases")
  void fixture(XapiVersion version, String name, JsonNode c) {
    JsonNode statement = Fixtures.base(c.get("base").asText());
    Iterator<Map.Entry<String, JsonNode>> sets = c.get("set").fields();
    while (sets.hasNext()) {
      Map.Entry<String, JsonNode> e = sets.next();
      statement = Fixtures.set(statement, e.getKey(), e.getValue());
    }
    for (JsonNode pointer : c.get("remove")) {
      statement = Fixtures.remove(statement, pointer.asText());
    }

    List<Violation> violations = StatementValidator.validateStatement(statement, version);

    JsonNode expect = c.get("expect");
    if (expect.isEmpty()) {
      assertThat(violations).as(name).isEmpty();
    } else {
      for (JsonNode e : expect) {
        assertThat(violations)
            .as(name)
            .anySatisfy(
                v -> {
                  assertThat(v.pointer()).isEqualTo(e.get("pointer").asText());
                  assertThat(v.rule()).isEqualTo(e.get("rule").asText());
                });
      }
    }
  }
}
