package vn.hocba.xapi.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Set;

/** Data 2.4.5 Result and Data 2.4.5.1 Score. */
final class Results {

  static final String RULE = "Data 2.4.5";
  static final String SCORE_RULE = "Data 2.4.5.1";
  private static final Set<String> KEYS =
      Set.of("score", "success", "completion", "response", "duration", "extensions");
  private static final Set<String> SCORE_KEYS = Set.of("scaled", "raw", "min", "max");

  private Results() {}

  static void result(Check c, JsonNode node, String pointer) {
    if (!c.object(node, pointer, RULE, "\"result\"", KEYS)) {
      return;
    }
    String table = RULE + ".s2.table1";
    if (Check.present(node.get("score"))) {
      score(c, node.get("score"), Check.at(pointer, "score"));
    }
    if (Check.present(node.get("success"))) {
      c.bool(node.get("success"), Check.at(pointer, "success"), table + ".row2", "result success");
    }
    if (Check.present(node.get("completion"))) {
      c.bool(
          node.get("completion"),
          Check.at(pointer, "completion"),
          table + ".row3",
          "result completion");
    }
    if (Check.present(node.get("response"))) {
      c.string(
          node.get("response"), Check.at(pointer, "response"), table + ".row4", "result response");
    }
    if (Check.present(node.get("duration"))) {
      String ptr = Check.at(pointer, "duration");
      String text = c.string(node.get("duration"), ptr, "Data 4.6", "result duration");
      if (text != null && !Durations.isDuration(text)) {
        c.add(
            ptr,
            "Data 4.6.s1.b1",
            "result duration must be an ISO 8601 duration such as PT1H30M or P4W");
      }
    }
    if (Check.present(node.get("extensions"))) {
      Extensions.extensions(
          c, node.get("extensions"), Check.at(pointer, "extensions"), table + ".row6");
    }
  }

  private static void score(Check c, JsonNode score, String pointer) {
    if (!c.object(score, pointer, SCORE_RULE, "\"score\"", SCORE_KEYS)) {
      return;
    }
    String table = SCORE_RULE + ".s2.table1";
    BigDecimal scaled = optionalNumber(c, score, "scaled", pointer, table + ".row1");
    BigDecimal raw = optionalNumber(c, score, "raw", pointer, table + ".row2");
    BigDecimal min = optionalNumber(c, score, "min", pointer, table + ".row3");
    BigDecimal max = optionalNumber(c, score, "max", pointer, table + ".row4");
    if (scaled != null
        && (scaled.compareTo(BigDecimal.ONE) > 0
            || scaled.compareTo(BigDecimal.ONE.negate()) < 0)) {
      c.add(Check.at(pointer, "scaled"), table + ".row1", "score scaled must be between -1 and 1");
    }
    if (min != null && max != null && min.compareTo(max) > 0) {
      c.add(Check.at(pointer, "min"), table + ".row3", "score min must not be greater than max");
    }
    if (raw != null && min != null && raw.compareTo(min) < 0) {
      c.add(Check.at(pointer, "raw"), table + ".row2", "score raw must not be less than min");
    }
    if (raw != null && max != null && raw.compareTo(max) > 0) {
      c.add(Check.at(pointer, "raw"), table + ".row2", "score raw must not be greater than max");
    }
  }

  private static BigDecimal optionalNumber(
      Check c, JsonNode score, String key, String pointer, String rule) {
    JsonNode value = score.get(key);
    if (!Check.present(value)) {
      return null;
    }
    return c.number(value, Check.at(pointer, key), rule, "score " + key);
  }
}
