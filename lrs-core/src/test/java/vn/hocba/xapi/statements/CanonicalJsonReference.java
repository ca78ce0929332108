package vn.hocba.xapi.statements;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The canonical form as first written (StringBuilder, then {@code getBytes(UTF_8)}), kept as the
 * reference that {@link CanonicalJson}'s direct UTF-8 writer must equal byte for byte: the chain's
 * hashes of stored events depend on it.
 */
final class CanonicalJsonReference {

  private static final int MAX_PLAIN_SCALE = 1000;
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private CanonicalJsonReference() {}

  /**
   * The canonical UTF-8 bytes of {@code node}.
   *
   * @throws IllegalArgumentException for a NaN or infinite floating-point node, or a POJO node,
   *     neither of which is JSON (StrictJson never produces them)
   */
  static byte[] bytes(JsonNode node) {
    StringBuilder out = new StringBuilder(1024);
    write(node, out);
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The canonical text, for diagnostics and tests. */
  static String text(JsonNode node) {
    StringBuilder out = new StringBuilder();
    write(node, out);
    return out.toString();
  }

  private static void write(JsonNode node, StringBuilder out) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      out.append("null");
    } else if (node.isObject()) {
      List<Map.Entry<String, JsonNode>> members = new ArrayList<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        members.add(it.next());
      }
      members.sort(Map.Entry.comparingByKey());
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, JsonNode> member : members) {
        if (!first) {
          out.append(',');
        }
        first = false;
        string(member.getKey(), out);
        out.append(':');
        write(member.getValue(), out);
      }
      out.append('}');
    } else if (node.isArray()) {
      out.append('[');
      boolean first = true;
      for (JsonNode element : node) {
        if (!first) {
          out.append(',');
        }
        first = false;
        write(element, out);
      }
      out.append(']');
    } else if (node.isTextual()) {
      string(node.textValue(), out);
    } else if (node.isBoolean()) {
      out.append(node.booleanValue() ? "true" : "false");
    } else if (node.isIntegralNumber()) {
      out.append(node.bigIntegerValue().toString());
    } else if (node.isNumber()) {
      out.append(decimal(node));
    } else if (node.isBinary()) {
      string(Base64.getEncoder().encodeToString(binary(node)), out);
    } else {
      throw new IllegalArgumentException("not a JSON value: " + node.getNodeType());
    }
  }

  private static String decimal(JsonNode node) {
    if (node.isBigDecimal()) {
      return plain(node.decimalValue());
    }
    double d = node.doubleValue();
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new IllegalArgumentException("a non-finite number is not JSON: " + d);
    }
    // float/double nodes: their shortest round-trip decimal text, written plainly.
    String text = node.isFloat() ? Float.toString(node.floatValue()) : Double.toString(d);
    return plain(new BigDecimal(text));
  }

  /**
   * Plain decimal text; a number with an absurd exponent (say {@code 1e999999999}, short enough to
   * pass the parser's length limit) keeps its scientific form instead of expanding to a billion
   * digits. Either way the text depends only on the value and scale, so it stays deterministic.
   */
  private static String plain(BigDecimal value) {
    return Math.abs((long) value.scale()) > MAX_PLAIN_SCALE
        ? value.toString()
        : value.toPlainString();
  }

  private static byte[] binary(JsonNode node) {
    try {
      return node.binaryValue();
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("unreadable binary node", e);
    }
  }

  /** Copies runs of characters that need no escape in one append: most of a statement's text. */
  private static void string(String s, StringBuilder out) {
    out.append('"');
    int run = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x20
          && c != '"'
          && c != '\\'
          && (!Character.isSurrogate(c) || !isLoneSurrogate(s, i))) {
        continue;
      }
      out.append(s, run, i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> unicodeEscape(c, out);
      }
      run = i + 1;
    }
    out.append(s, run, s.length());
    out.append('"');
  }

  private static boolean isLoneSurrogate(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
    }
    return false;
  }

  private static void unicodeEscape(char c, StringBuilder out) {
    out.append("\\u")
        .append(HEX[(c >> 12) & 0xf])
        .append(HEX[(c >> 8) & 0xf])
        .append(HEX[(c >> 4) & 0xf])
        .append(HEX[c & 0xf]);
  }
}
