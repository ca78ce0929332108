package vn.hocba.projection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import vn.hocba.xapi.json.StrictJson;

class ParsedStatementsTest {

  private static String statement(String id) {
    return "{\"id\":\""
        + id
        + "\",\"actor\":{\"mbox\":\"mailto:a@b.vn\",\"name\":\"Nguyễn\"},"
        + "\"result\":{\"score\":{\"scaled\":0.950}}}";
  }

  /** The tree of a text that carries its id, as events do. */
  private static JsonNode of(String text) {
    return ParsedStatements.of(StrictJson.parseStored(text).path("id").asText("none"), text);
  }

  @Test
  @DisplayName("a text is parsed once for every read model, to the tree a parse of it gives")
  void parsedOnce() {
    String text = statement(UUID.randomUUID().toString());
    JsonNode first = of(text);
    assertThat(first).isEqualTo(StrictJson.parseStored(text));
    assertThat(first.at("/result/score/scaled").decimalValue()).hasToString("0.950");
    assertThat(of(text)).isSameAs(first);
    assertThat(of(new String(text.toCharArray()))) // an equal text read elsewhere
        .isSameAs(first);
  }

  @Test
  @DisplayName("a tree is served only for the text it was parsed from, whatever the id says")
  void textDecides() {
    String id = UUID.randomUUID().toString();
    String text = statement(id);
    JsonNode first = ParsedStatements.of(id, text);
    String other = text.replace("0.950", "0.25");
    JsonNode second = ParsedStatements.of(id, other);
    assertThat(second).isEqualTo(StrictJson.parseStored(other)).isNotEqualTo(first);
    assertThat(ParsedStatements.of(id, text)).isSameAs(first);
  }

  @Test
  @DisplayName("a tree the writer offers for its text is served without a parse; huge ones not")
  void offered() {
    String id = UUID.randomUUID().toString();
    String text = statement(id);
    JsonNode tree = StrictJson.parseStored(text);
    ParsedStatements.offer(id, text, tree);
    assertThat(ParsedStatements.of(id, text)).isSameAs(tree);

    String huge = "{\"pad\":\"" + "z".repeat(ParsedStatements.LONGEST_HELD) + "\"}";
    JsonNode hugeTree = StrictJson.parseStored(huge);
    ParsedStatements.offer("huge", huge, hugeTree);
    assertThat(ParsedStatements.of("huge", huge)).isNotSameAs(hugeTree).isEqualTo(hugeTree);
  }

  @Test
  @DisplayName("only recent texts are held; an old one is parsed again, to an equal tree")
  void bounded() {
    String oldest = statement(UUID.randomUUID().toString());
    JsonNode first = of(oldest);
    for (int i = 0; i < ParsedStatements.HELD + 10; i++) {
      of(statement(UUID.randomUUID().toString()));
    }
    assertThat(ParsedStatements.held()).isLessThanOrEqualTo(ParsedStatements.HELD);
    JsonNode again = of(oldest);
    assertThat(again).isNotSameAs(first).isEqualTo(first);
  }

  @Test
  @DisplayName("large statements cannot fill memory: the characters held are bounded too")
  void boundedByCharacters() {
    String padding = "x".repeat(ParsedStatements.LONGEST_HELD - 200);
    for (int i = 0; i < 200; i++) {
      String big = "{\"id\":\"" + UUID.randomUUID() + "\",\"pad\":\"" + padding + "\"}";
      assertThat(of(big).get("pad").textValue()).hasSize(padding.length());
    }
    assertThat(ParsedStatements.heldChars()).isLessThanOrEqualTo(ParsedStatements.HELD_CHARS);

    String huge = "{\"pad\":\"" + "y".repeat(ParsedStatements.LONGEST_HELD) + "\"}";
    JsonNode once = ParsedStatements.of("huge", huge);
    assertThat(ParsedStatements.of("huge", huge)).isNotSameAs(once).isEqualTo(once); // never held
  }
}
