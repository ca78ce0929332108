package vn.hocba.xapi.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The client reader and the reader of stored statements give the same trees. */
class StrictJsonTest {

  private static final String STATEMENT =
      """
      {"id":"6690e6c9-3ef0-4ed3-8b37-7f3964730bee","actor":{"mbox":"mailto:an@example.vn",\
      "name":"Nguyễn Thị An 👩‍🎓"},"verb":{"id":"http://adlnet.gov/expapi/verbs/scored"},\
      "object":{"id":"http://example.vn/a"},"result":{"score":{"scaled":0.50,"raw":1.0,\
      "min":0,"max":1E+2},"extensions":{"http://example.vn/x":[1,-0.0,1e-7,\
      12345678901234567890123]}},"stored":"2026-11-29T01:02:03.456Z"}""";

  @Test
  @DisplayName("a stored statement parses to the tree a client's does, numbers exact (Data 4.0)")
  void storedEqualsClient() {
    JsonNode client = StrictJson.parse(STATEMENT);
    JsonNode stored = StrictJson.parseStored(STATEMENT);
    assertThat(stored).isEqualTo(client);
    assertThat(StrictJson.write(stored)).isEqualTo(StrictJson.write(client));
    // 0.50 and 1.0 keep their scale, as the client wrote them
    assertThat(stored.at("/result/score/scaled").decimalValue().scale()).isEqualTo(2);
    assertThat(stored.at("/result/score/raw").toString()).isEqualTo("1.0");
    assertThat(stored.at("/actor/name").asText()).isEqualTo("Nguyễn Thị An 👩‍🎓");
  }

  @Test
  @DisplayName("only client input is checked for duplicate keys")
  void duplicatesOnlyForClients() {
    String twice = "{\"a\":1,\"a\":2}";
    assertThatThrownBy(() -> StrictJson.parse(twice))
        .isInstanceOf(StrictJson.InvalidJsonException.class);
    assertThat(StrictJson.parseStored(twice).get("a").asInt()).isEqualTo(2);
    assertThatThrownBy(() -> StrictJson.parseStored("{\"a\":1} 2"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  @DisplayName("an unpaired surrogate escape is refused in values and names; a pair is a character")
  void unpairedSurrogates() {
    for (String json :
        new String[] {
          "{\"name\":\"Nguy\\u1ec5n \\ud800\"}",
          "{\"name\":\"\\udc00x\"}",
          "[\"a\", {\"b\": [\"\\ud83d\"]}]",
          "{\"\\ud800\":1}",
          "\"\\ude00\\ud83d\""
        }) {
      assertThatThrownBy(() -> StrictJson.parse(json))
          .as(json)
          .isInstanceOf(StrictJson.InvalidJsonException.class)
          .hasMessageContaining("unpaired UTF-16 surrogate");
    }
    assertThat(StrictJson.parse("{\"name\":\"\\ud83d\\ude00 ễ\"}").get("name").asText())
        .isEqualTo("😀 ễ");
  }
}
