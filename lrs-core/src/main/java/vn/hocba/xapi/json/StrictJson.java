package vn.hocba.xapi.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The one JSON reader for client input: duplicate keys, trailing tokens, comments and NaN fail, and
 * numbers keep their exact decimal form so statements round-trip unchanged.
 */
public final class StrictJson {

  private static final ObjectMapper MAPPER = build();

  private StrictJson() {}

  private static ObjectMapper build() {
    JsonFactory factory =
        JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(64)
                    .maxStringLength(16 * 1024 * 1024)
                    .maxNumberLength(400)
                    .build())
            .build();
    return JsonMapper.builder(factory)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
        .build();
  }

  /** The shared mapper, for writing JSON and for trusted (already stored) documents. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Parses client bytes as one JSON value; throws {@link InvalidJsonException} on any defect. */
  public static JsonNode parse(byte[] body) {
    try (JsonParser parser = MAPPER.createParser(body)) {
      JsonNode node = MAPPER.readTree(parser);
      if (node == null || node.isMissingNode()) {
        throw new InvalidJsonException("the body is empty, a JSON value was expected");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new InvalidJsonException(e.getOriginalMessage());
    } catch (IOException e) {
      throw new InvalidJsonException(e.getMessage());
    }
  }

  /** Parses client text (a query parameter, say) as one JSON value. */
  public static JsonNode parse(String text) {
    return parse(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Compact JSON text of a tree. */
  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree could not be written", e);
    }
  }

  /** Malformed JSON from a client: always a 400. */
  public static final class InvalidJsonException extends RuntimeException {
    public InvalidJsonException(String message) {
      super("invalid JSON: " + message);
    }
  }
}
