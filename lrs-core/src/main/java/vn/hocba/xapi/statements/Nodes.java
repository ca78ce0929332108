package vn.hocba.xapi.statements;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Defensive tree helpers shared by this package: no method throws on a node of the wrong kind. */
final class Nodes {

  static final JsonNodeFactory FACTORY = JsonNodeFactory.withExactBigDecimals(true);

  private Nodes() {}

  /** The text of {@code node.field} when it is a JSON string. */
  static Optional<String> text(JsonNode node, String field) {
    if (node == null || !node.isObject()) {
      return Optional.empty();
    }
    JsonNode value = node.get(field);
    return value != null && value.isTextual() ? Optional.of(value.textValue()) : Optional.empty();
  }

  /** {@code node.field} when it is a JSON object. */
  static Optional<JsonNode> object(JsonNode node, String field) {
    if (node == null || !node.isObject()) {
      return Optional.empty();
    }
    JsonNode value = node.get(field);
    return value != null && value.isObject() ? Optional.of(value) : Optional.empty();
  }

  /** The declared objectType, or {@code fallback} when absent or not a string. */
  static String objectType(JsonNode node, String fallback) {
    return text(node, "objectType").orElse(fallback);
  }

  /** True for an Agent or Group in an Actor-like position (objectType absent means Agent). */
  static boolean isAgentOrGroup(JsonNode node, boolean objectTypeRequired) {
    if (node == null || !node.isObject()) {
      return false;
    }
    String type = objectType(node, objectTypeRequired ? "" : "Agent");
    return "Agent".equals(type) || "Group".equals(type);
  }

  /** True for a Statement object that is an Activity (objectType absent means Activity). */
  static boolean isActivity(JsonNode object) {
    return object != null && object.isObject() && "Activity".equals(objectType(object, "Activity"));
  }

  /** A single value or an array of values as a list of the object elements. */
  static List<JsonNode> objects(JsonNode oneOrMany) {
    List<JsonNode> out = new ArrayList<>();
    if (oneOrMany == null) {
      return out;
    }
    if (oneOrMany.isArray()) {
      for (JsonNode element : oneOrMany) {
        if (element.isObject()) {
          out.add(element);
        }
      }
    } else if (oneOrMany.isObject()) {
      out.add(oneOrMany);
    }
    return out;
  }

  /** The elements of {@code node.field} when it is an array, else none. */
  static List<JsonNode> array(JsonNode node, String field) {
    List<JsonNode> out = new ArrayList<>();
    if (node != null && node.isObject() && node.get(field) != null && node.get(field).isArray()) {
      node.get(field).forEach(out::add);
    }
    return out;
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  static ObjectNode newObject() {
    return FACTORY.objectNode();
  }

  static ArrayNode newArray() {
    return FACTORY.arrayNode();
  }
}
