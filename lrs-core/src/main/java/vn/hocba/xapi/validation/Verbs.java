package vn.hocba.xapi.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/** Data 2.4.3: a Verb is {id: IRI (required), display: Language Map}. */
final class Verbs {

  static final String RULE = "Data 2.4.3";
  private static final Set<String> KEYS = Set.of("id", "display");

  private Verbs() {}

  static void verb(Check c, JsonNode node, String pointer) {
    if (!c.object(node, pointer, RULE, "\"verb\"", KEYS)) {
      return;
    }
    JsonNode id = c.required(node, "id", pointer, RULE + ".s3.table1.row1", "the verb id");
    if (id != null) {
      c.iri(id, Check.at(pointer, "id"), RULE + ".s3.table1.row1", "the verb id");
    }
    JsonNode display = node.get("display");
    if (Check.present(display)) {
      LanguageMaps.languageMap(
          c, display, Check.at(pointer, "display"), RULE + ".s3.table1.row2", "the verb display");
    }
  }
}
