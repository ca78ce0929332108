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

  private static final ObjectMapper MAPPER = build(true);

  /** The same reading without duplicate detection, for JSON this LRS wrote itself. */
  private static final ObjectMapper STORED = build(false);

  private StrictJson() {}

  private static ObjectMapper build(boolean detectDuplicates) {
    JsonFactory factory =
        JsonFactory.builder()
            .configure(StreamReadFeature.STRICT_DUPLICATE_DETECTION, detectDuplicates)
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

  /**
   * Parses a statement (or other JSON) that this LRS validated and stored, with the same exact
   * numbers as {@link #parse}. It skips the checks that only client input needs (duplicate keys
   * were refused before storing) and reads the text as it is, without encoding it to UTF-8 first:
   * the read models parse every stored statement again.
   */
  public static JsonNode parseStored(String json) {
    try {
      return STORED.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON is unreadable: " + e.getOriginalMessage(), e);
    }
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
