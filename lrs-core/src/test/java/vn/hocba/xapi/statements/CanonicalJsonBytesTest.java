package vn.hocba.xapi.statements;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The direct UTF-8 writer gives exactly the bytes of the first implementation (a String, then
 * UTF-8), on random trees with every escape and surrogate case: every stored event's chain hash
 * depends on these bytes.
 */
class CanonicalJsonBytesTest {

  private static final JsonNodeFactory F = JsonNodeFactory.withExactBigDecimals(true);

  /** Chars around every boundary the encoder and the escaper care about. */
  private static final char[] CHARS = {
    'a', 'Z', '0', ' ', '"', '\\', '/', '\b', '\f', '\n', '\r', '\t', 0, 1, 0x1f, 0x7f, 0x80, 0xe9,
    0x7ff, 0x800, 'ễ', 'Đ', '中', 0xfffd, 0xffff, 0xd83d, 0xde00, 0xdbff, 0xdfff, 0xd800, 0xdc00
  };

  private static String string(Random r) {
    StringBuilder b = new StringBuilder();
    int n = r.nextInt(12);
    for (int i = 0; i < n; i++) {
      if (r.nextInt(4) == 0) {
        b.appendCodePoint(0x1F600 + r.nextInt(80)); // a well-formed pair
      } else {
        b.append(CHARS[r.nextInt(CHARS.length)]); // halves of pairs too: lone surrogates
      }
    }
    return b.toString();
  }

  private static JsonNode tree(Random r, int depth) {
    int kind = depth > 3 ? 2 + r.nextInt(6) : r.nextInt(8);
    switch (kind) {
      case 0 -> {
        ObjectNode o = F.objectNode();
        for (int i = r.nextInt(5); i > 0; i--) {
          o.set(string(r), tree(r, depth + 1));
        }
        return o;
      }
      case 1 -> {
        ArrayNode a = F.arrayNode();
        for (int i = r.nextInt(5); i > 0; i--) {
          a.add(tree(r, depth + 1));
        }
        return a;
      }
      case 2, 3 -> {
        return F.textNode(string(r));
      }
      case 4 -> {
        return F.numberNode(new BigDecimal(BigInteger.valueOf(r.nextLong()), r.nextInt(40) - 20));
      }
      case 5 -> {
        return F.numberNode(r.nextInt(3) == 0 ? r.nextLong() : r.nextInt(100));
      }
      case 6 -> {
        return F.numberNode(r.nextDouble() * Math.pow(10, r.nextInt(40) - 20));
      }
      default -> {
        return r.nextBoolean() ? F.booleanNode(r.nextBoolean()) : F.nullNode();
      }
    }
  }

  /**
   * Digests of the bytes the first implementation (a String, then UTF-8) gave for these inputs,
   * recorded before it was replaced: the bytes are pinned, not compared with a copy of the code.
   */
  private static final String TREES =
      "760ecb58cf8e369f8924ec0cf03e3297db3f6461ab811b90c008292ad90c2561";

  private static final String LONG =
      "ded1182a8fb8f5189b93c1d51817e96a5441f7b150e2654efb8b76da4998e89b";

  @Test
  @DisplayName("5,000 random trees: the same canonical bytes as the first implementation")
  void sameBytesAsBefore() throws Exception {
    Random r = new Random(20261129);
    MessageDigest all = MessageDigest.getInstance("SHA-256");
    for (int i = 0; i < 5000; i++) {
      all.update(CanonicalJson.bytes(tree(r, 0)));
    }
    assertThat(HexFormat.of().formatHex(all.digest())).isEqualTo(TREES);
  }

  @Test
  @DisplayName("a long statement-sized string with every kind of char")
  void longText() throws Exception {
    Random r = new Random(7);
    StringBuilder b = new StringBuilder();
    while (b.length() < 200_000) {
      b.append(string(r));
    }
    ObjectNode n = F.objectNode().put("statement", b.toString());
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(CanonicalJson.bytes(n));
    assertThat(HexFormat.of().formatHex(digest)).isEqualTo(LONG);
  }

  @Test
  @DisplayName("digest feeds the same bytes: the 5,000 random trees give the pinned digest")
  void digestOfRandomTrees() throws Exception {
    Random r = new Random(20261129);
    MessageDigest all = MessageDigest.getInstance("SHA-256");
    for (int i = 0; i < 5000; i++) {
      CanonicalJson.digest(tree(r, 0), all);
    }
    assertThat(HexFormat.of().formatHex(all.digest())).isEqualTo(TREES);
  }

  @Test
  @DisplayName("digest: a string longer than its buffer, and the buffer reused after it")
  void digestOfLongText() throws Exception {
    Random r = new Random(7);
    StringBuilder b = new StringBuilder();
    while (b.length() < 200_000) {
      b.append(string(r));
    }
    ObjectNode n = F.objectNode().put("statement", b.toString());
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    CanonicalJson.digest(n, sha);
    assertThat(HexFormat.of().formatHex(sha.digest())).isEqualTo(LONG);
    ObjectNode small = F.objectNode().put("a", "ễ").put("b", 1);
    CanonicalJson.digest(small, sha);
    assertThat(sha.digest())
        .isEqualTo(MessageDigest.getInstance("SHA-256").digest(CanonicalJson.bytes(small)));
  }

  @Test
  @DisplayName("digest: a tree of many short strings, flushed many times on the way")
  void digestAcrossFlushes() throws Exception {
    Random r = new Random(11);
    ArrayNode a = F.arrayNode();
    int chars = 0;
    while (chars < 5 * CanonicalJson.DIGEST_BUFFER) {
      String s = string(r);
      a.add(s);
      a.add(F.numberNode(new BigDecimal(BigInteger.valueOf(r.nextLong()), 3)));
      chars += s.length() + 24;
    }
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    CanonicalJson.digest(a, sha);
    assertThat(sha.digest())
        .isEqualTo(MessageDigest.getInstance("SHA-256").digest(CanonicalJson.bytes(a)));
  }
}
