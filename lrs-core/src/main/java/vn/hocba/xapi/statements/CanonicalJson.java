package vn.hocba.xapi.statements;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
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
    Utf8 out = new Utf8(1024, null);
    write(node, out);
    return out.toByteArray();
  }

  /** Buffer size of {@link #digest}; a string that needs more room grows its call's buffer. */
  static final int DIGEST_BUFFER = 16 * 1024;

  /** One buffer per thread for {@link #digest}: the ledger hashes every event it appends. */
  private static final ThreadLocal<byte[]> DIGEST_BUFFERS =
      ThreadLocal.withInitial(() -> new byte[DIGEST_BUFFER]);

  /**
   * Feeds the canonical UTF-8 bytes of {@code node} to {@code digest}, the same bytes as {@link
   * #bytes}, through a reused buffer instead of a new array per call.
   *
   * @throws IllegalArgumentException as {@link #bytes}
   */
  public static void digest(JsonNode node, MessageDigest digest) {
    Utf8 out = new Utf8(DIGEST_BUFFERS.get(), digest);
    write(node, out);
    out.flush();
  }

  /** The canonical text, for diagnostics and tests. */
  static String text(JsonNode node) {
    return new String(bytes(node), StandardCharsets.UTF_8);
  }

  /**
   * UTF-8 written straight into a growing byte array: canonical bytes are made for every event
   * appended, and building a String first, then encoding it, cost twice the work. Strings are
   * escaped and encoded by {@link #string} into its array directly.
   */
  private static final class Utf8 {
    private byte[] buf;
    private int len;

    /** Where full buffers go; null to keep every byte in a growing array. */
    private final MessageDigest sink;

    Utf8(int capacity, MessageDigest sink) {
      this(new byte[capacity], sink);
    }

    Utf8(byte[] buf, MessageDigest sink) {
      this.buf = buf;
      this.sink = sink;
    }

    private void room(int n) {
      if (len + n > buf.length) {
        if (sink != null) {
          flush();
          if (n <= buf.length) {
            return;
          }
          // a string longer than the shared buffer allows: this call alone takes a larger one
          buf = new byte[n];
          return;
        }
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
      }
    }

    /** Hands the bytes written so far to the sink. */
    void flush() {
      sink.update(buf, 0, len);
      len = 0;
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

  /**
   * Escapes and encodes in one pass, with one capacity check for the whole string (at most six
   * bytes per char, for an escape): the statement text inside every event is most of the bytes
   * hashed on the POST path.
   */
  private static void string(String s, Utf8 out) {
    int n = s.length();
    out.room(n * 6 + 2);
    byte[] b = out.buf;
    int len = out.len;
    b[len++] = '"';
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        if (c >= 0x20 && c != '"' && c != '\\') {
          b[len++] = (byte) c;
          continue;
        }
        b[len++] = '\\';
        switch (c) {
          case '"' -> b[len++] = '"';
          case '\\' -> b[len++] = '\\';
          case '\b' -> b[len++] = 'b';
          case '\f' -> b[len++] = 'f';
          case '\n' -> b[len++] = 'n';
          case '\r' -> b[len++] = 'r';
          case '\t' -> b[len++] = 't';
          default -> len = hexEscape(c, b, len);
        }
      } else if (c < 0x800) {
        b[len++] = (byte) (0xC0 | (c >> 6));
        b[len++] = (byte) (0x80 | (c & 0x3F));
      } else if (!Character.isSurrogate(c)) {
        b[len++] = (byte) (0xE0 | (c >> 12));
        b[len++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        b[len++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        b[len++] = (byte) (0xF0 | (cp >> 18));
        b[len++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        b[len++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        b[len++] = (byte) (0x80 | (cp & 0x3F));
      } else {
        b[len++] = '\\';
        len = hexEscape(c, b, len); // a lone surrogate: UTF-8 cannot carry it
      }
    }
    b[len++] = '"';
    out.len = len;
  }

  /** {@code u} and four lowercase hex digits, after a backslash already written. */
  private static int hexEscape(char c, byte[] b, int len) {
    b[len++] = 'u';
    b[len++] = (byte) HEX[(c >> 12) & 0xf];
    b[len++] = (byte) HEX[(c >> 8) & 0xf];
    b[len++] = (byte) HEX[(c >> 4) & 0xf];
    b[len++] = (byte) HEX[c & 0xf];
    return len;
  }
}
