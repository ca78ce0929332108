package vn.hocba.xapi.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import vn.hocba.xapi.model.XapiVersion;

/**
 * The state of one validation run: the version whose rules apply and the violations found so far,
 * plus the shape checks every concern needs (object with known keys, typed scalars, nulls).
 *
 * <p>Messages name properties and expected formats only; they never quote a submitted value,
 * because values may be personal data (Data 2.4.2.3).
 */
final class Check {

  static final String NULL_RULE = "Data 2.2.s4.b1.b1";
  static final String TYPE_RULE = "Data 2.2.s4.b1.b2";
  static final String KEY_CASE_RULE = "Data 2.2.s4.b1.b5";
  static final String UNKNOWN_KEY_RULE = "Data 2.2.s4.b1.b7";

  final XapiVersion version;
  private final List<Violation> violations = new ArrayList<>();

  Check(XapiVersion version) {
    this.version = version == null ? XapiVersion.V1_0_3 : version;
  }

  boolean v2() {
    return version == XapiVersion.V2_0_0;
  }

  List<Violation> result() {
    return List.copyOf(violations);
  }

  void add(String pointer, String rule, String message) {
    violations.add(new Violation(pointer, rule, message));
  }

  /** RFC 6901 pointer to a member of the object at {@code pointer}. */
  static String at(String pointer, String key) {
    return pointer + "/" + key.replace("~", "~0").replace("/", "~1");
  }

  static String at(String pointer, int index) {
    return pointer + "/" + index;
  }

  static boolean present(JsonNode node) {
    return node != null && !node.isMissingNode();
  }

  /** A JSON type name for messages (never the value itself). */
  static String typeOf(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "missing";
    }
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT, POJO -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> "an unsupported value";
    };
  }

  /**
   * Reports a wrong type: a null becomes a Data 2.2.s4.b1.b1 violation, anything else a violation
   * of {@code rule}.
   */
  void wrongType(JsonNode node, String pointer, String rule, String what, String expected) {
    if (node != null && node.isNull()) {
      add(pointer, NULL_RULE, what + " must not be null");
    } else {
      add(pointer, rule, what + " must be " + expected + ", not " + typeOf(node));
    }
  }

  /**
   * Checks that {@code node} is an object whose keys are all in {@code allowed}; reports unknown
   * keys (and keys that differ only in case, Data 2.2.s4.b1.b5). Returns whether it is an object.
   */
  boolean object(JsonNode node, String pointer, String rule, String what, Set<String> allowed) {
    if (node == null || !node.isObject()) {
      wrongType(node, pointer, rule, what, "an object");
      return false;
    }
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      String key = fields.next().getKey();
      if (allowed.contains(key)) {
        continue;
      }
      String caseMatch = null;
      for (String known : allowed) {
        if (known.toLowerCase(Locale.ROOT).equals(key.toLowerCase(Locale.ROOT))) {
          caseMatch = known;
        }
      }
      if (caseMatch != null) {
        add(
            at(pointer, key),
            KEY_CASE_RULE,
            what + " has a key whose case differs from the property \"" + caseMatch + "\"");
      } else {
        add(at(pointer, key), UNKNOWN_KEY_RULE, what + " has a property that is not allowed here");
      }
    }
    return true;
  }

  /** Reports a missing required property; returns the value when present. */
  JsonNode required(JsonNode parent, String key, String pointer, String rule, String what) {
    JsonNode value = parent.get(key);
    if (!present(value)) {
      add(at(pointer, key), rule, what + " is required");
      return null;
    }
    return value;
  }

  /** Checks a string-typed property; returns the text or null when the type is wrong. */
  String string(JsonNode node, String pointer, String rule, String what) {
    if (node == null || !node.isTextual()) {
      wrongType(node, pointer, rule, what, "a string");
      return null;
    }
    return node.textValue();
  }

  /** Checks a boolean-typed property. */
  void bool(JsonNode node, String pointer, String rule, String what) {
    if (node == null || !node.isBoolean()) {
      wrongType(node, pointer, rule, what, "a boolean (true or false)");
    }
  }

  /** Checks a number-typed property; returns it or null. */
  java.math.BigDecimal number(JsonNode node, String pointer, String rule, String what) {
    if (node == null || !node.isNumber()) {
      wrongType(node, pointer, rule, what, "a number");
      return null;
    }
    return node.decimalValue();
  }

  /** Checks that a string property holds an IRI (Data 4.3, Data 2.2.s4.b1.b8). */
  void iri(JsonNode node, String pointer, String rule, String what) {
    String text = string(node, pointer, rule, what);
    if (text != null && !Iris.isIri(text)) {
      add(pointer, rule, what + " must be an absolute IRI with a scheme");
    }
  }

  /** Checks that a string property holds an IRL (an IRI meant to be resolvable). */
  void irl(JsonNode node, String pointer, String rule, String what) {
    String text = string(node, pointer, rule, what);
    if (text != null && !Iris.isIrl(text)) {
      add(pointer, rule, what + " must be an IRL (an absolute IRI with a scheme)");
    }
  }

  /** Checks that a string property holds a UUID in standard string form (Data 4.4). */
  void uuid(JsonNode node, String pointer, String rule, String what) {
    String text = string(node, pointer, rule, what);
    if (text != null && !Uuids.isUuid(text)) {
      add(pointer, rule, what + " must be a UUID in standard string form (8-4-4-4-12 hex digits)");
    }
  }
}
