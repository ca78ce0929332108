package vn.hocba.xapi.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Data 4.2: a Language Map is an object whose keys are RFC 5646 language tags and whose values are
 * strings in that language.
 */
final class LanguageMaps {

  static final String RULE = "Data 4.2";

  private LanguageMaps() {}

  /** Validates the language map at {@code pointer}; {@code rule} is the property's own row. */
  static void languageMap(Check c, JsonNode node, String pointer, String rule, String what) {
    if (node == null || !node.isObject()) {
      c.wrongType(node, pointer, rule, what, "a language map (an object keyed by language tags)");
      return;
    }
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> entry = fields.next();
      String ptr = Check.at(pointer, entry.getKey());
      if (!LanguageTags.isLanguageTag(entry.getKey())) {
        c.add(ptr, "Data 2.2.s4.b2", what + " has a key that is not an RFC 5646 language tag");
      }
      JsonNode value = entry.getValue();
      if (!value.isTextual()) {
        c.wrongType(value, ptr, RULE, what + " entry", "a string");
      }
    }
  }

  /** Validates a single language tag value such as context.language (Data 2.4.6.s3.table1.row7). */
  static void languageTag(Check c, JsonNode node, String pointer, String rule, String what) {
    String text = c.string(node, pointer, rule, what);
    if (text != null && !LanguageTags.isLanguageTag(text)) {
      c.add(pointer, rule, what + " must be an RFC 5646 language tag");
    }
  }
}
