package vn.hocba.xapi.statements;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A deterministic serialization of a JSON tree for hashing, modelled on RFC 8785 (JCS):
 *
 * <ul>
 *   <li>object members sorted by their names' UTF-16 code units ({@link String#compareTo});
 *   <li>no whitespace;
 *   <li>strings escaped as JCS does: {@code \"}, {@code \\}, {@code \b \f \n \r \t}, other controls
 *       below U+0020 as <code>&#92;u00xx</code> (lowercase hex), everything else literal; a lone
 *       surrogate (not valid I-JSON) is written as <code>&#92;uxxxx</code> so nothing is lost in
 *       UTF-8;
 *   <li>numbers as the decimal text held by the node, <em>not</em> the ES6 double form of JCS:
 *       integers in full, decimals as {@link BigDecimal#toPlainString()}. Trees from {@code
 *       StrictJson} keep exact decimals, so {@code 1.0} and {@code 1} hash differently, which is
 *       what exact-format storage wants (a scale beyond ±1000 keeps {@link BigDecimal#toString()});
 *   <li>UTF-8 bytes.
 * </ul>
 *
 * The same tree gives the same bytes whatever the order its members were inserted in.
 */
public final class CanonicalJson {

  private static final int MAX_PLAIN_SCALE = 1000;
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private CanonicalJson() {}

  /**
   * The canonical UTF-8 bytes of {@code node}.
   *
   * @throws IllegalArgumentException for a NaN or infinite floating-point node, or a POJO node,
   *     neither of which is JSON (StrictJson never produces them)
   */
  public static byte[] bytes(JsonNode node) {
    Utf8 out = new Utf8(1024);
    write(node, out);
    return out.toByteArray();
  }

  /** The canonical text, for diagnostics and tests. */
  static String text(JsonNode node) {
    return new String(bytes(node), StandardCharsets.UTF_8);
  }

  /**
   * UTF-8 written straight into a growing byte array: canonical bytes are made for every event
   * appended, and building a String first, then encoding it, cost twice the work. Lone surrogates
   * never reach it (they are escaped), so every char sequence it encodes is well formed.
   */
  private static final class Utf8 {
    private byte[] buf;
    private int len;

    Utf8(int capacity) {
      buf = new byte[capacity];
    }

    private void room(int n) {
      if (len + n > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
      }
    }

    /** One ASCII char. */
    Utf8 append(char c) {
      room(1);
      buf[len++] = (byte) c;
      return this;
    }

    /** ASCII text: punctuation, literals, numbers. */
    Utf8 append(String ascii) {
      room(ascii.length());
      for (int i = 0; i < ascii.length(); i++) {
        buf[len++] = (byte) ascii.charAt(i);
      }
      return this;
    }

    /** Chars {@code from} to {@code to} of {@code s}, encoded as UTF-8. */
    Utf8 append(String s, int from, int to) {
      room((to - from) * 3); // at most 3 bytes per char (a pair: 4 bytes for 2 chars)
      for (int i = from; i < to; i++) {
        char c = s.charAt(i);
        if (c < 0x80) {
          buf[len++] = (byte) c;
        } else if (c < 0x800) {
          buf[len++] = (byte) (0xC0 | (c >> 6));
          buf[len++] = (byte) (0x80 | (c & 0x3F));
        } else if (Character.isHighSurrogate(c)) {
          int cp = Character.toCodePoint(c, s.charAt(++i));
          buf[len++] = (byte) (0xF0 | (cp >> 18));
          buf[len++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
          buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
          buf[len++] = (byte) (0x80 | (cp & 0x3F));
        } else {
          buf[len++] = (byte) (0xE0 | (c >> 12));
          buf[len++] = (byte) (0x80 | ((c >> 6) & 0x3F));
          buf[len++] = (byte) (0x80 | (c & 0x3F));
        }
      }
      return this;
    }

    byte[] toByteArray() {
      return Arrays.copyOf(buf, len);
    }
  }

  private static void write(JsonNode node, Utf8 out) {
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
  private static void string(String s, Utf8 out) {
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

  private static void unicodeEscape(char c, Utf8 out) {
    out.append("\\u")
        .append(HEX[(c >> 12) & 0xf])
        .append(HEX[(c >> 8) & 0xf])
        .append(HEX[(c >> 4) & 0xf])
        .append(HEX[c & 0xf]);
  }
}
