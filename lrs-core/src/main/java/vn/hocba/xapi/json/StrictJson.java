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
import java.util.Iterator;
import java.util.Map;

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
      requireWholeCharacters(node);
      return node;
    } catch (JsonProcessingException e) {
      throw new InvalidJsonException(e.getOriginalMessage());
    } catch (IOException e) {
      throw new InvalidJsonException(e.getMessage());
    }
  }

  /**
   * Refuses a name or string holding an unpaired surrogate. JSON's grammar lets a client write one
   * as an escape ({@code "\\uD800"} alone), but it is no Unicode character (RFC 8259 section 8.2;
   * RFC 7493 section 2.1 forbids it): UTF-8 cannot carry it, so the stores would keep a replacement
   * character, a GET would not give back what was stored, and the hash chain, computed over the
   * text as accepted, would no longer match what the log reads back.
   */
  private static void requireWholeCharacters(JsonNode node) {
    if (node.isTextual()) {
      requireWholeCharacters(node.textValue());
    } else if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        requireWholeCharacters(field.getKey());
        requireWholeCharacters(field.getValue());
      }
    } else if (node.isArray()) {
      for (JsonNode item : node) {
        requireWholeCharacters(item);
      }
    }
  }

  private static void requireWholeCharacters(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!Character.isSurrogate(c)) {
        continue;
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++; // a pair: one character beyond the Basic Multilingual Plane
        continue;
      }
      throw new InvalidJsonException(
          "a string or property name holds an unpaired UTF-16 surrogate escape (\\uD800 to"
              + " \\uDFFF without its pair), which is no Unicode character (RFC 8259 section 8.2)");
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
