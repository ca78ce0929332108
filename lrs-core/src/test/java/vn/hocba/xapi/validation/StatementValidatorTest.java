package vn.hocba.xapi.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import vn.hocba.xapi.model.XapiVersion;

@DisplayName("StatementValidator")
class StatementValidatorTest {

  private static final XapiVersion V1 = XapiVersion.V1_0_3;
  private static final XapiVersion V2 = XapiVersion.V2_0_0;

  private static List<Violation> validate(JsonNode statement, XapiVersion version) {
    return StatementValidator.validateStatement(statement, version);
  }

  @Nested
  @DisplayName("Data 2.4 / Appendix A: complete valid Statements")
  class ValidStatements {

    @ParameterizedTest(name = "{0} under {1}")
    @MethodSource("vn.hocba.xapi.validation.StatementValidatorTest#bases")
    @DisplayName("every base fixture is valid")
    void basesAreValid(String base, XapiVersion version) {
      assertThat(validate(Fixtures.base(base), version)).isEmpty();
    }

    @Test
    @DisplayName("Data 2.2.s2.b4: property order does not matter")
    void orderDoesNotMatter() {
      JsonNode s =
          Fixtures.json(
              "{\"object\":{\"id\":\"http://example.com/a\"},"
                  + "\"verb\":{\"id\":\"http://example.com/v\"},\"actor\":{\"mbox\":\"mailto:a@example.com\"}}");
      assertThat(validate(s, V1)).isEmpty();
    }

    @Test
    @DisplayName("Data 2.2.s2.b3: an empty object reports actor, verb and object as missing")
    void emptyObjectReportsAllRequired() {
      assertThat(validate(Fixtures.json("{}"), V1))
          .extracting(Violation::pointer, Violation::rule)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple("/actor", "Data 2.2.s2.b3"),
              org.assertj.core.groups.Tuple.tuple("/verb", "Data 2.2.s2.b3"),
              org.assertj.core.groups.Tuple.tuple("/object", "Data 2.2.s2.b3"));
    }

    @Test
    @DisplayName("all violations are returned, not only the first")
    void reportsAllViolations() {
      JsonNode s = Fixtures.base("full");
      s = Fixtures.set(s, "/id", Fixtures.json("\"nope\""));
      s = Fixtures.set(s, "/verb/id", Fixtures.json("\"nope\""));
      s = Fixtures.set(s, "/result/score/scaled", Fixtures.json("2"));
      assertThat(validate(s, V1))
          .extracting(Violation::pointer)
          .contains("/id", "/verb/id", "/result/score/scaled");
    }
  }

  static Stream<Arguments> bases() {
    List<Arguments> out = new ArrayList<>();
    for (String b :
        List.of("minimal", "full", "substatement", "statementref", "agentObject", "groupActor")) {
      out.add(Arguments.of(b, V1));
      out.add(Arguments.of(b, V2));
    }
    out.add(Arguments.of("v2context", V2));
    return out.stream();
  }

  @Nested
  @DisplayName("Communication 2.1.2: POST /statements batches")
  class Batches {

    @ParameterizedTest
    @EnumSource(XapiVersion.class)
    @DisplayName("an empty array is a valid batch")
    void emptyArrayIsValid(XapiVersion version) {
      assertThat(StatementValidator.validateStatementBatch(Fixtures.json("[]"), version)).isEmpty();
    }

    @Test
    @DisplayName("a single Statement object is validated without an index prefix")
    void singleObject() {
      JsonNode s = Fixtures.set(Fixtures.base("minimal"), "/verb/id", Fixtures.json("\"x\""));
      assertThat(StatementValidator.validateStatementBatch(s, V1))
          .extracting(Violation::pointer)
          .containsExactly("/verb/id");
    }

    @Test
    @DisplayName("violations inside an array are prefixed with /{index}")
    void arrayPointersArePrefixed() {
      JsonNode bad = Fixtures.set(Fixtures.base("minimal"), "/verb/id", Fixtures.json("\"x\""));
      JsonNode batch = Fixtures.json("[]");
      ((com.fasterxml.jackson.databind.node.ArrayNode) batch).add(Fixtures.base("full"));
      ((com.fasterxml.jackson.databind.node.ArrayNode) batch).add(bad);
      assertThat(StatementValidator.validateStatementBatch(batch, V1))
          .extracting(Violation::pointer, Violation::rule)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("/1/verb/id", "Data 2.4.3.s3.table1.row1"));
    }

    @Test
    @DisplayName("a non-object element is reported at its index")
    void nonObjectElement() {
      assertThat(StatementValidator.validateStatementBatch(Fixtures.json("[1]"), V1))
          .extracting(Violation::pointer, Violation::rule)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("/0", "Data 2.4"));
    }

    @Test
    @DisplayName("Communication 2.1.2.s2.b6: two Statements with the same id are rejected")
    void duplicateIds() {
      JsonNode a = Fixtures.base("full");
      JsonNode b =
          Fixtures.set(
              Fixtures.base("minimal"),
              "/id",
              Fixtures.json("\"6F1B0F3E-2B4C-4D5E-9F60-7A8B9C0D1E2F\""));
      JsonNode batch = JsonNodeFactory.instance.arrayNode().add(a).add(b);
      assertThat(StatementValidator.validateStatementBatch(batch, V1))
          .extracting(Violation::pointer, Violation::rule)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("/1/id", "Communication 2.1.2.s2.b6"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"text\"", "1", "true", "null"})
    @DisplayName("a body that is neither object nor array is rejected")
    void scalarBody(String body) {
      assertThat(StatementValidator.validateStatementBatch(Fixtures.json(body), V1))
          .extracting(Violation::pointer, Violation::rule)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("", "Communication 2.1.2"));
    }

    @Test
    @DisplayName("a Java null body is rejected, not thrown")
    void javaNull() {
      assertThat(StatementValidator.validateStatementBatch(null, V1)).hasSize(1);
    }
  }

  @Nested
  @DisplayName("Communication 2.1.3: the agent parameter (validateActor)")
  class ActorParameter {

    @Test
    @DisplayName("a valid Agent has no violations")
    void validAgent() {
      assertThat(
              StatementValidator.validateActor(
                  Fixtures.json("{\"objectType\":\"Agent\",\"mbox\":\"mailto:a@example.com\"}"),
                  V1,
                  "/agent"))
          .isEmpty();
    }

    @Test
    @DisplayName("an identified Group is a valid agent parameter")
    void identifiedGroup() {
      assertThat(
              StatementValidator.validateActor(
                  Fixtures.json(
                      "{\"objectType\":\"Group\",\"openid\":\"https://id.example.com/g\"}"),
                  V2,
                  ""))
          .isEmpty();
    }

    @Test
    @DisplayName("pointers are prefixed with the given pointer (Data 2.4.2.4)")
    void prefixedPointer() {
      assertThat(
              StatementValidator.validateActor(
                  Fixtures.json("{\"account\":{\"name\":\"x\"}}"), V1, "/agent"))
          .extracting(Violation::pointer, Violation::rule)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(
                  "/agent/account/homePage", "Data 2.4.2.4.s2.table1.row1"));
    }

    @Test
    @DisplayName("Data 2.4.2.1.s2.b2: two IFIs are rejected")
    void twoIfis() {
      assertThat(
              StatementValidator.validateActor(
                  Fixtures.json(
                      "{\"mbox\":\"mailto:a@example.com\",\"openid\":\"https://id.example.com/a\"}"),
                  V1,
                  null))
          .extracting(Violation::pointer, Violation::rule)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("", "Data 2.4.2.1.s2.b2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"mailto:a@example.com\"", "[]", "1", "null"})
    @DisplayName("a non-object agent is rejected (Data 2.4.2)")
    void notAnObject(String json) {
      assertThat(StatementValidator.validateActor(Fixtures.json(json), V1, "/agent"))
          .extracting(Violation::pointer)
          .containsExactly("/agent");
    }
  }

  @Nested
  @DisplayName("Never throws: any JSON type at any position")
  class Robustness {

    static Stream<Arguments> mutations() {
      List<String> replacements =
          List.of(
              "null",
              "0",
              "-1.5",
              "\"\"",
              "\"x\"",
              "true",
              "[]",
              "{}",
              "[null]",
              "{\"a\":null}",
              "[[]]",
              "[{}]");
      List<Arguments> out = new ArrayList<>();
      for (String base : List.of("full", "substatement", "v2context", "groupActor")) {
        for (String pointer : pointers(Fixtures.base(base), "")) {
          for (String replacement : replacements) {
            out.add(Arguments.of(base, pointer, replacement));
          }
        }
      }
      return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} := {2}")
    @MethodSource("mutations")
    @DisplayName("replacing any value with any JSON type never throws, under both versions")
    void neverThrows(String base, String pointer, String replacement) {
      JsonNode s = Fixtures.set(Fixtures.base(base), pointer, Fixtures.json(replacement));
      for (XapiVersion version : XapiVersion.values()) {
        assertThatCode(() -> validate(s, version)).doesNotThrowAnyException();
        assertThatCode(
                () ->
                    StatementValidator.validateStatementBatch(
                        JsonNodeFactory.instance.arrayNode().add(s), version))
            .doesNotThrowAnyException();
      }
    }

    static Stream<Arguments> nullablePositions() {
      List<Arguments> out = new ArrayList<>();
      for (String base : List.of("full", "substatement", "groupActor")) {
        for (String pointer : pointers(Fixtures.base(base), "")) {
          if (!pointer.contains("/extensions/")) {
            out.add(Arguments.of(base, pointer));
          }
        }
      }
      return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} := null")
    @MethodSource("nullablePositions")
    @DisplayName("Data 2.2.s4.b1.b1: null anywhere outside extensions is rejected")
    void nullIsRejectedOutsideExtensions(String base, String pointer) {
      JsonNode s = Fixtures.set(Fixtures.base(base), pointer, JsonNodeFactory.instance.nullNode());
      assertThat(validate(s, V1)).isNotEmpty();
    }

    @Test
    @DisplayName("a Java null statement and a null version are handled")
    void javaNulls() {
      assertThat(validate(null, V1)).extracting(Violation::pointer).containsExactly("");
      assertThat(validate(Fixtures.base("minimal"), null)).isEmpty();
      assertThat(StatementValidator.validateActor(null, null, null)).hasSize(1);
    }

    /** Every value position below the root, depth first. */
    static List<String> pointers(JsonNode node, String prefix) {
      List<String> out = new ArrayList<>();
      if (node.isObject()) {
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> e = it.next();
          String p = Check.at(prefix, e.getKey());
          out.add(p);
          out.addAll(pointers(e.getValue(), p));
        }
      } else if (node.isArray()) {
        for (int i = 0; i < node.size(); i++) {
          String p = Check.at(prefix, i);
          out.add(p);
          out.addAll(pointers(node.get(i), p));
        }
      }
      return out;
    }
  }

  @Nested
  @DisplayName("Messages never echo personal data (Data 2.4.2.3)")
  class PersonalData {

    static Stream<Arguments> leaks() {
      return Stream.of(
          Arguments.of("/actor/mbox", "\"mailto:secret.person.private.example\"", "secret.person"),
          Arguments.of("/actor/mbox", "\"secret.person@private.example\"", "secret.person"),
          Arguments.of("/actor/name", "{\"first\":\"Nguyen Van Secret\"}", "Secret"),
          Arguments.of(
              "/actor/mbox_sha1sum", "\"ebd31e95054c018b10727ccffd2ef2ec3a016eXX\"", "ebd31e"),
          Arguments.of("/actor/openid", "\"secret person\"", "secret"),
          Arguments.of("/context/instructor/account/homePage", "\"secret-lms\"", "secret"),
          Arguments.of("/context/instructor/account/name", "42", "42"));
    }

    @ParameterizedTest(name = "{0} := {1}")
    @MethodSource("leaks")
    @DisplayName("an invalid identifier is reported without quoting it")
    void messagesDoNotQuoteValues(String pointer, String value, String secret) {
      JsonNode s = Fixtures.set(Fixtures.base("full"), pointer, Fixtures.json(value));
      List<Violation> violations = validate(s, V1);
      assertThat(violations).isNotEmpty();
      assertThat(violations).allSatisfy(v -> assertThat(v.message()).doesNotContain(secret));
    }
  }

  @Nested
  @DisplayName("Every violation cites a specification section")
  class Citations {

    @ParameterizedTest
    @ValueSource(strings = {"/actor", "/verb", "/object", "/result", "/context", "/attachments"})
    @DisplayName("rules are 'Data …' or 'Communication …' and pointers are valid RFC 6901")
    void rulesCiteSections(String pointer) {
      JsonNode s = Fixtures.set(Fixtures.base("full"), pointer, Fixtures.json("{\"Bad Key\":1}"));
      List<Violation> violations = validate(s, V2);
      assertThat(violations)
          .isNotEmpty()
          .allSatisfy(
              v -> {
                assertThat(v.rule()).matches("(Data|Communication) \\d.*");
                assertThat(v.pointer()).startsWith(pointer);
                assertThat(v.message()).isNotBlank();
              });
    }
  }
}
