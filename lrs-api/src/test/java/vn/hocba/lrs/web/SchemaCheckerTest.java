package vn.hocba.lrs.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import vn.hocba.xapi.json.StrictJson;

/** The schema subset checker that OpenApiDocumentTest relies on. */
class SchemaCheckerTest {

  static final OpenApiDocument DOC =
      OpenApiDocument.of(
          yaml(
              """
      components:
        schemas:
          Text:
            type: object
            required: [vi, en]
            properties:
              vi: {type: string}
              en: {type: string}
          Thing:
            type: object
            required: [id, count, share, name, status, when, day, week, tags, note]
            properties:
              id: {type: string}
              count: {type: integer, minimum: 0}
              share: {type: number}
              name: {$ref: "#/components/schemas/Text"}
              status: {type: string, enum: [met, late]}
              when: {type: string, format: date-time}
              day: {type: string, format: date, nullable: true}
              week: {type: string, pattern: "^[0-9]{4}-W[0-9]{2}$"}
              tags: {type: array, items: {type: string}}
              note:
                nullable: true
                allOf:
                  - $ref: "#/components/schemas/Text"
      """));

  static final JsonNode THING = DOC.root().at("/components/schemas/Thing");

  static final String GOOD =
      """
      {"id":"a","count":3,"share":0.5,"name":{"vi":"Xã","en":"Commune"},"status":"met",
       "when":"2025-06-01T00:00:00Z","day":null,"week":"2025-W22","tags":["x"],"note":null}
      """;

  static JsonNode yaml(String s) {
    try {
      return new YAMLMapper().readTree(s);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode thing(String field, String json) {
    com.fasterxml.jackson.databind.node.ObjectNode n = StrictJson.parse(GOOD).deepCopy();
    if (json == null) {
      n.remove(field);
    } else {
      n.set(field, StrictJson.parse(json));
    }
    return n;
  }

  static java.util.List<String> check(JsonNode value) {
    return new SchemaChecker(DOC).check(THING, value);
  }

  @Test
  @DisplayName("a conforming value has no problem")
  void conforming() {
    assertThat(check(StrictJson.parse(GOOD))).isEmpty();
    assertThat(check(thing("note", "{\"vi\":\"a\",\"en\":\"b\"}"))).isEmpty();
  }

  @Nested
  @DisplayName("each departure is reported with its pointer")
  class Departures {

    @Test
    void missingRequired() {
      assertThat(check(thing("status", null))).containsExactly("/status: required, missing");
    }

    @Test
    void wrongType() {
      assertThat(check(thing("count", "\"3\"")))
          .containsExactly("/count: expected integer, got string");
      assertThat(check(thing("count", "3.5"))).hasSize(1);
      assertThat(check(thing("share", "true"))).hasSize(1);
      assertThat(check(thing("tags", "[1]")))
          .containsExactly("/tags/0: expected string, got number");
    }

    @Test
    void nullWhereNotNullable() {
      assertThat(check(thing("id", "null")))
          .containsExactly("/id: null, but the schema is not nullable");
    }

    @Test
    void notInEnum() {
      assertThat(check(thing("status", "\"done\""))).hasSize(1);
    }

    @Test
    void badFormatsAndPatterns() {
      assertThat(check(thing("when", "\"2025-06-01\""))).hasSize(1);
      assertThat(check(thing("day", "\"2025-13-01\""))).hasSize(1);
      assertThat(check(thing("week", "\"2025-22\""))).hasSize(1);
      assertThat(check(thing("count", "-1"))).hasSize(1);
    }

    @Test
    void throughReferencesAndAllOf() {
      assertThat(check(thing("name", "{\"vi\":\"Xã\"}")))
          .containsExactly("/name/en: required, missing");
      assertThat(check(thing("note", "{\"vi\":1,\"en\":\"b\"}")))
          .containsExactly("/note/vi: expected string, got number");
    }

    @Test
    void undocumentedProperty() {
      assertThat(check(thing("extra", "1"))).containsExactly("/extra: not documented");
    }
  }

  @Test
  @DisplayName(
      "allOf composes: a property documented by one part is documented for all, others are not")
  void allOfComposes() {
    JsonNode both =
        yaml(
            """
            allOf:
              - $ref: "#/components/schemas/Text"
              - type: object
                properties:
                  count: {type: integer}
            """);
    SchemaChecker checker = new SchemaChecker(DOC);
    assertThat(checker.check(both, StrictJson.parse("{\"vi\":\"a\",\"en\":\"b\",\"count\":1}")))
        .isEmpty();
    assertThat(checker.check(both, StrictJson.parse("{\"vi\":\"a\",\"en\":\"b\",\"count\":\"1\"}")))
        .containsExactly("/count: expected integer, got string");
    assertThat(checker.check(both, StrictJson.parse("{\"vi\":\"a\",\"en\":\"b\",\"x\":1}")))
        .containsExactly("/x: not documented", "/x: not documented");
  }

  @Test
  @DisplayName("keywords outside the subset are reported, not ignored")
  void unsupported() {
    JsonNode s = yaml("type: object\nproperties:\n  a: {oneOf: [{type: string}]}\n");
    assertThat(new SchemaChecker(DOC).unsupported(s, "#")).containsExactly("#/properties/a/oneOf");
  }
}
