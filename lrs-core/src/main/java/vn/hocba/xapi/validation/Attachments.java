package vn.hocba.xapi.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.Set;
import java.util.regex.Pattern;

/** Data 2.4.11: attachment metadata (the raw parts are checked by the multipart layer). */
final class Attachments {

  static final String RULE = "Data 2.4.11";
  static final String TABLE = RULE + ".s2.table1";
  private static final Set<String> KEYS =
      Set.of("usageType", "display", "description", "contentType", "length", "sha2", "fileUrl");
  private static final String TOKEN = "[A-Za-z0-9!#$%&'*+.^_`|~-]+";

  /** RFC 2045/6838 media type with optional parameters. */
  private static final Pattern MEDIA_TYPE =
      Pattern.compile(
          "^"
              + TOKEN
              + "/"
              + TOKEN
              + "(?:\\s*;\\s*"
              + TOKEN
              + "=(?:"
              + TOKEN
              + "|\"(?:[^\"\\\\]|\\\\.)*\"))*\\s*$");

  /** Hex digest of SHA-224, SHA-256, SHA-384 or SHA-512. */
  private static final Pattern SHA2_HEX =
      Pattern.compile("^(?:[0-9A-Fa-f]{56}|[0-9A-Fa-f]{64}|[0-9A-Fa-f]{96}|[0-9A-Fa-f]{128})$");

  private Attachments() {}

  static void attachments(Check c, JsonNode node, String pointer) {
    if (node == null || !node.isArray()) {
      c.wrongType(
          node,
          pointer,
          "Data 2.4.s1.table1.row11",
          "\"attachments\"",
          "an array of Attachment objects");
      return;
    }
    for (int i = 0; i < node.size(); i++) {
      attachment(c, node.get(i), Check.at(pointer, i));
    }
  }

  private static void attachment(Check c, JsonNode node, String pointer) {
    if (!c.object(node, pointer, RULE, "an Attachment", KEYS)) {
      return;
    }
    JsonNode usageType = c.required(node, "usageType", pointer, TABLE + ".row1", "usageType");
    if (usageType != null) {
      c.iri(usageType, Check.at(pointer, "usageType"), TABLE + ".row1", "usageType");
    }
    JsonNode display = c.required(node, "display", pointer, TABLE + ".row2", "display");
    if (display != null) {
      LanguageMaps.languageMap(
          c, display, Check.at(pointer, "display"), TABLE + ".row2", "attachment display");
    }
    JsonNode description = node.get("description");
    if (Check.present(description)) {
      LanguageMaps.languageMap(
          c,
          description,
          Check.at(pointer, "description"),
          TABLE + ".row3",
          "attachment description");
    }
    JsonNode contentType = c.required(node, "contentType", pointer, TABLE + ".row4", "contentType");
    if (contentType != null) {
      String ptr = Check.at(pointer, "contentType");
      String text = c.string(contentType, ptr, TABLE + ".row4", "contentType");
      if (text != null && !MEDIA_TYPE.matcher(text).matches()) {
        c.add(
            ptr, TABLE + ".row4", "contentType must be an Internet media type such as text/plain");
      }
    }
    JsonNode length = c.required(node, "length", pointer, TABLE + ".row5", "length");
    if (length != null) {
      String ptr = Check.at(pointer, "length");
      if (!length.isIntegralNumber()) {
        c.wrongType(length, ptr, TABLE + ".row5", "length", "an integer number of octets");
      } else if (length.bigIntegerValue().compareTo(BigInteger.ZERO) < 0) {
        c.add(ptr, TABLE + ".row5", "length must not be negative");
      }
    }
    JsonNode sha2 = c.required(node, "sha2", pointer, TABLE + ".row6", "sha2");
    if (sha2 != null) {
      String ptr = Check.at(pointer, "sha2");
      String text = c.string(sha2, ptr, TABLE + ".row6", "sha2");
      if (text != null && !SHA2_HEX.matcher(text).matches()) {
        c.add(ptr, TABLE + ".row6", "sha2 must be a hexadecimal SHA-2 hash");
      }
    }
    JsonNode fileUrl = node.get("fileUrl");
    if (Check.present(fileUrl)) {
      c.irl(fileUrl, Check.at(pointer, "fileUrl"), TABLE + ".row7", "fileUrl");
    }
  }
}
