package vn.hocba.xapi.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/** Data 2.4: the Statement and (Data 2.4.4.3) SubStatement envelopes. */
final class Statements {

  static final String RULE = "Data 2.4";
  static final String TABLE = "Data 2.4.s1.table1";
  static final String REQUIRED_RULE = "Data 2.2.s2.b3";
  static final String SUB_RULE = "Data 2.4.4.3.s8";

  private static final Set<String> KEYS =
      Set.of(
          "id",
          "actor",
          "verb",
          "object",
          "result",
          "context",
          "timestamp",
          "stored",
          "authority",
          "version",
          "attachments");
  private static final Set<String> SUB_KEYS =
      Set.of(
          "objectType", "actor", "verb", "object", "result", "context", "timestamp", "attachments");
  private static final Set<String> FORBIDDEN_IN_SUB =
      Set.of("id", "stored", "version", "authority");

  private Statements() {}

  static void statement(Check c, JsonNode node, String pointer) {
    if (!c.object(node, pointer, RULE, "a Statement", KEYS)) {
      return;
    }
    JsonNode id = node.get("id");
    if (Check.present(id)) {
      c.uuid(id, Check.at(pointer, "id"), "Data 2.4.1", "the Statement id");
    }
    body(c, node, pointer, false);
    voiding(c, node, pointer);
    JsonNode stored = node.get("stored");
    if (Check.present(stored)) {
      timestamp(c, stored, Check.at(pointer, "stored"), "Data 2.4.8", "stored");
    }
    JsonNode authority = node.get("authority");
    if (Check.present(authority)) {
      Actors.authority(c, authority, Check.at(pointer, "authority"));
    }
    JsonNode version = node.get("version");
    if (Check.present(version)) {
      String ptr = Check.at(pointer, "version");
      String text = c.string(version, ptr, "Data 2.4.10", "version");
      if (text != null && !Versions.isAccepted(text, c.version)) {
        c.add(
            ptr,
            "Data 2.4.10.s3.b2",
            c.v2() ? "version must be 1.0, 1.0.x, 2.0 or 2.0.x" : "version must be 1.0 or 1.0.x");
      }
    }
  }

  /** Data 2.3.2.s2.b1: the Object of a voiding statement is a StatementRef. */
  private static void voiding(Check c, JsonNode node, String pointer) {
    if ("http://adlnet.gov/expapi/verbs/voided".equals(node.path("verb").path("id").asText(null))
        && node.path("object").isObject()
        && !"StatementRef".equals(node.path("object").path("objectType").asText(null))) {
      c.add(
          Check.at(Check.at(pointer, "object"), "objectType"),
          "Data 2.3.2.s2.b1",
          "the Object of a voiding statement must be a StatementRef");
    }
  }

  /** Data 2.4.4.3.s8: a SubStatement is validated as a Statement, minus the LRS-set properties. */
  static void subStatement(Check c, JsonNode node, String pointer) {
    for (String key : FORBIDDEN_IN_SUB) {
      if (node.has(key)) {
        c.add(
            Check.at(pointer, key),
            SUB_RULE + ".b3",
            "a SubStatement must not have the \"" + key + "\" property");
      }
    }
    ObjectWithoutForbidden view = new ObjectWithoutForbidden(node);
    c.object(view.node, pointer, SUB_RULE, "a SubStatement", SUB_KEYS);
    body(c, node, pointer, true);
  }

  /** Properties shared by Statements and SubStatements. */
  private static void body(Check c, JsonNode node, String pointer, boolean sub) {
    JsonNode actor = c.required(node, "actor", pointer, REQUIRED_RULE, "\"actor\"");
    if (actor != null) {
      Actors.actor(c, actor, Check.at(pointer, "actor"), Actors.Kind.AGENT_OR_GROUP, "the actor");
    }
    JsonNode verb = c.required(node, "verb", pointer, REQUIRED_RULE, "\"verb\"");
    if (verb != null) {
      Verbs.verb(c, verb, Check.at(pointer, "verb"));
    }
    JsonNode object = c.required(node, "object", pointer, REQUIRED_RULE, "\"object\"");
    if (object != null) {
      StatementObjects.object(c, object, Check.at(pointer, "object"), sub);
    }
    JsonNode result = node.get("result");
    if (Check.present(result)) {
      Results.result(c, result, Check.at(pointer, "result"));
    }
    JsonNode context = node.get("context");
    if (Check.present(context)) {
      Contexts.context(
          c, context, Check.at(pointer, "context"), StatementObjects.isActivity(object));
    }
    JsonNode timestamp = node.get("timestamp");
    if (Check.present(timestamp)) {
      timestamp(c, timestamp, Check.at(pointer, "timestamp"), "Data 2.4.7", "timestamp");
    }
    JsonNode attachments = node.get("attachments");
    if (Check.present(attachments)) {
      Attachments.attachments(c, attachments, Check.at(pointer, "attachments"));
    }
  }

  private static void timestamp(Check c, JsonNode node, String pointer, String rule, String what) {
    String text = c.string(node, pointer, rule, what);
    if (text == null) {
      return;
    }
    String problem = Timestamps.problem(text, c.version);
    if (problem != null) {
      c.add(pointer, "Data 4.5.s1.b1", what + " " + problem);
    }
  }

  /** A copy of a SubStatement without the properties already reported by Data 2.4.4.3.s8.b3. */
  private static final class ObjectWithoutForbidden {
    final JsonNode node;

    ObjectWithoutForbidden(JsonNode original) {
      if (original.isObject()) {
        com.fasterxml.jackson.databind.node.ObjectNode copy =
            ((com.fasterxml.jackson.databind.node.ObjectNode) original).deepCopy();
        copy.remove(FORBIDDEN_IN_SUB);
        node = copy;
      } else {
        node = original;
      }
    }
  }
}
