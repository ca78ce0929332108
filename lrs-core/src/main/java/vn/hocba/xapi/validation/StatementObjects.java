package vn.hocba.xapi.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * Data 2.4.4: the Statement's object is an Activity (the default), an Agent or Group, a Statement
 * Reference, or (not inside a SubStatement) a SubStatement. objectType values are case-sensitive.
 */
final class StatementObjects {

  static final String RULE = "Data 2.4.4";
  static final String STATEMENT_REF_RULE = "Data 2.4.4.3.s4";
  private static final Set<String> STATEMENT_REF_KEYS = Set.of("objectType", "id");

  private StatementObjects() {}

  /** Whether the object is an Activity (objectType absent or "Activity"), for Data 2.4.6.s4. */
  static boolean isActivity(JsonNode object) {
    if (object == null || !object.isObject()) {
      return false;
    }
    JsonNode type = object.get("objectType");
    return type == null || (type.isTextual() && "Activity".equals(type.textValue()));
  }

  static void object(Check c, JsonNode node, String pointer, boolean insideSubStatement) {
    if (node == null || !node.isObject()) {
      c.wrongType(node, pointer, RULE, "\"object\"", "an object");
      return;
    }
    JsonNode typeNode = node.get("objectType");
    if (!Check.present(typeNode)) {
      Activities.activity(c, node, pointer, "the Activity");
      return;
    }
    String ptr = Check.at(pointer, "objectType");
    String type = c.string(typeNode, ptr, RULE + ".s2", "the object's objectType");
    if (type == null) {
      return;
    }
    switch (type) {
      case "Activity" -> Activities.activity(c, node, pointer, "the Activity");
      case "Agent", "Group" ->
          Actors.actor(c, node, pointer, Actors.Kind.AGENT_OR_GROUP, "the object " + type);
      case "StatementRef" -> statementRef(c, node, pointer, "the StatementRef");
      case "SubStatement" -> {
        if (insideSubStatement) {
          c.add(ptr, "Data 2.4.4.3.s8.b4", "a SubStatement must not contain a SubStatement");
        } else {
          Statements.subStatement(c, node, pointer);
        }
      }
      default ->
          c.add(
              ptr,
              RULE + ".s2",
              "the object's objectType must be one of Activity, Agent, Group, StatementRef or"
                  + " SubStatement (case-sensitive)");
    }
  }

  /**
   * Data 2.4.4.3.s4: a Statement Reference has objectType "StatementRef" and the UUID id of a
   * Statement.
   */
  static void statementRef(Check c, JsonNode node, String pointer, String what) {
    if (!c.object(node, pointer, STATEMENT_REF_RULE, what, STATEMENT_REF_KEYS)) {
      return;
    }
    JsonNode type = node.get("objectType");
    String typePtr = Check.at(pointer, "objectType");
    if (!Check.present(type)) {
      c.add(typePtr, STATEMENT_REF_RULE + ".b1", what + " must have objectType \"StatementRef\"");
    } else if (!type.isTextual() || !"StatementRef".equals(type.textValue())) {
      c.add(
          typePtr,
          STATEMENT_REF_RULE + ".b1",
          what + " objectType must be the string \"StatementRef\" (case-sensitive)");
    }
    JsonNode id = c.required(node, "id", pointer, STATEMENT_REF_RULE + ".b2", what + " id");
    if (id != null) {
      c.uuid(id, Check.at(pointer, "id"), STATEMENT_REF_RULE + ".b2", what + " id");
    }
  }
}
