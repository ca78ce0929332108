package vn.hocba.xapi.statements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vn.hocba.xapi.statements.Json.fixture;
import static vn.hocba.xapi.statements.Json.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import vn.hocba.xapi.json.StrictJson;

@DisplayName("Canonical JSON bytes for hashing (RFC 8785 style)")
class CanonicalJsonTest {

  private static String canonical(JsonNode node) {
    return new String(CanonicalJson.bytes(node), StandardCharsets.UTF_8);
  }

  private static String canonical(String rawJson) {
    return canonical(StrictJson.parse(rawJson));
  }

  @Nested
  @DisplayName("RFC 8785 3.2.3: members sorted by UTF-16 code units")
  class KeyOrder {

    @Test
    void keysAreSortedAtEveryDepth() {
      assertThat(canonical("{\"b\":1,\"a\":{\"d\":[{\"z\":1,\"y\":2}],\"c\":true}}"))
          .isEqualTo("{\"a\":{\"c\":true,\"d\":[{\"y\":2,\"z\":1}]},\"b\":1}");
    }

    @Test
    void sortingUsesUtf16CodeUnitsNotCodePoints() {
      // RFC 8785 3.2.3 example: U+1F600 (surrogates D83D DE00) sorts before U+FB33 (FB33).
      String json =
          "{\"\ufb33\":1,\"\ud83d\ude00\":2,\"\u00e9\":3,\"Z\":4,\"a\":5,\"10\":6,\"1\":7}";
      assertThat(canonical(json))
          .isEqualTo(
              "{\"1\":7,\"10\":6,\"Z\":4,\"a\":5,\"\u00e9\":3,\"\ud83d\ude00\":2,\"\ufb33\":1}");
    }

    @Test
    void inputKeyOrderDoesNotChangeTheBytes() {
      ObjectNode one = JsonNodeFactory.instance.objectNode().put("x", 1).put("y", "2");
      ObjectNode two = JsonNodeFactory.instance.objectNode().put("y", "2").put("x", 1);
      assertThat(CanonicalJson.bytes(one)).isEqualTo(CanonicalJson.bytes(two));
    }

    @Test
    void arrayOrderIsKept() {
      assertThat(canonical("[3,1,2]")).isEqualTo("[3,1,2]");
    }

    @Test
    void sameStatementGivesTheSameBytes() {
      assertThat(CanonicalJson.bytes(fixture("full-1.0.3.json")))
          .isEqualTo(CanonicalJson.bytes(fixture("full-1.0.3.json")));
    }
  }

  @Nested
  @DisplayName("RFC 8785 3.2.2.2: minimal string escaping, no whitespace")
  class Strings {

    @Test
    void whitespaceBetweenTokensIsDropped() {
      assertThat(canonical("{ \"a\" : [ 1 , \"b c\" ] }")).isEqualTo("{\"a\":[1,\"b c\"]}");
    }

    @Test
    void quoteAndBackslashAreEscaped() {
      assertThat(canonical(json("['\\\"\\\\']".replace('\'', '"')))).isEqualTo("[\"\\\"\\\\\"]");
    }

    @Test
    void shortEscapesForTheFiveNamedControls() {
      assertThat(canonical("\"\\b\\f\\n\\r\\t\"")).isEqualTo("\"\\b\\f\\n\\r\\t\"");
    }

    @Test
    void otherControlsUseLowercaseUnicodeEscapes() {
      assertThat(canonical("\"\\u001F\\u0000\"")).isEqualTo("\"\\u001f\\u0000\"");
    }

    @Test
    void slashDelAndNonAsciiAreLiteral() {
      assertThat(canonical("\"\\/\\u007f\\u20ac\\u2028\\ud83d\\ude00\""))
          .isEqualTo("\"/\u007f\u20ac\u2028\ud83d\ude00\"");
    }

    @Test
    void nonAsciiIsWrittenAsUtf8() {
      assertThat(CanonicalJson.bytes(JsonNodeFactory.instance.textNode("đ")))
          .containsExactly('"', 0xC4, 0x91, '"');
    }

    @Test
    void loneSurrogateIsEscapedRatherThanLost() {
      assertThat(canonical(JsonNodeFactory.instance.textNode("a\ud800b")))
          .isEqualTo("\"a\\ud800b\"");
    }
  }

  @Nested
  @DisplayName("numbers are written as the exact decimal held by the tree")
  class Numbers {

    @Test
    void integersAndDecimalsKeepTheirText() {
      assertThat(canonical("[0,-7,12345678901234567890123,0.95,1.0,-0.5]"))
          .isEqualTo("[0,-7,12345678901234567890123,0.95,1.0,-0.5]");
    }

    @Test
    void exponentsAreWrittenPlainly() {
      assertThat(canonical("[1E+2,1.5e-3,2E1]")).isEqualTo("[100,0.0015,20]");
    }

    @Test
    void absurdExponentsStayScientific() {
      assertThat(canonical("[1e999999999]")).isEqualTo("[1E+999999999]");
    }

    @Test
    void doubleNodesUseTheirShortestDecimal() {
      assertThat(canonical(JsonNodeFactory.instance.numberNode(0.1d))).isEqualTo("0.1");
    }

    @Test
    void nonFiniteNumbersAreNotJson() {
      assertThatThrownBy(() -> CanonicalJson.bytes(JsonNodeFactory.instance.numberNode(Double.NaN)))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Nested
  @DisplayName("literals")
  class Literals {

    @Test
    void trueFalseNull() {
      assertThat(canonical("[true,false,null]")).isEqualTo("[true,false,null]");
    }

    @Test
    void javaNullIsJsonNull() {
      assertThat(canonical((JsonNode) null)).isEqualTo("null");
    }
  }
}
