package vn.hocba.xapi.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import vn.hocba.xapi.model.XapiVersion;

/**
 * Validates client-sent xAPI documents against the Data part of the specification of the version in
 * force (1.0.3 or 2.0). Pure functions: they never throw, whatever JSON they are given, and return
 * every violation found (an empty list means valid).
 *
 * <p>Pointers are RFC 6901 JSON pointers; a missing required property is reported at the pointer
 * where it should have been.
 */
public final class StatementValidator {

  private StatementValidator() {}

  /** One Statement as sent by a client (PUT /statements, or one element of a POST batch). */
  public static List<Violation> validateStatement(JsonNode statement, XapiVersion version) {
    Check c = new Check(version);
    try {
      Statements.statement(c, statement, "");
    } catch (RuntimeException e) {
      return internal(c, "");
    }
    return c.result();
  }

  /**
   * An Agent or Group on its own, e.g. the {@code agent} query parameter of GET /statements
   * (Communication 2.1.3); {@code pointer} prefixes every reported pointer.
   */
  public static List<Violation> validateActor(JsonNode actor, XapiVersion version, String pointer) {
    Check c = new Check(version);
    String base = pointer == null ? "" : pointer;
    try {
      Actors.actor(c, actor, base, Actors.Kind.AGENT_OR_GROUP, "the Agent or Group");
    } catch (RuntimeException e) {
      return internal(c, base);
    }
    return c.result();
  }

  /**
   * A POST /statements body: one Statement object or an array of them (Communication 2.1.2);
   * pointers of array elements start with "/{index}". An empty array is valid. Two Statements of
   * the batch with the same id are rejected (Communication 2.1.2.s2.b6).
   */
  public static List<Violation> validateStatementBatch(
      JsonNode arrayOrObject, XapiVersion version) {
    if (arrayOrObject == null || !arrayOrObject.isArray()) {
      if (arrayOrObject != null && arrayOrObject.isObject()) {
        return validateStatement(arrayOrObject, version);
      }
      return List.of(
          new Violation(
              "",
              "Communication 2.1.2",
              "the request body must be a Statement object or an array of Statements, not "
                  + Check.typeOf(arrayOrObject)));
    }
    List<Violation> all = new ArrayList<>();
    Map<String, Integer> ids = new HashMap<>();
    for (int i = 0; i < arrayOrObject.size(); i++) {
      JsonNode statement = arrayOrObject.get(i);
      String prefix = "/" + i;
      for (Violation v : validateStatement(statement, version)) {
        all.add(new Violation(prefix + v.pointer(), v.rule(), v.message()));
      }
      JsonNode id = statement.isObject() ? statement.get("id") : null;
      if (id != null && id.isTextual() && Uuids.isUuid(id.textValue())) {
        Integer first = ids.putIfAbsent(id.textValue().toLowerCase(Locale.ROOT), i);
        if (first != null) {
          all.add(
              new Violation(
                  prefix + "/id",
                  "Communication 2.1.2.s2.b6",
                  "the batch contains two Statements with the same id (see element "
                      + first
                      + ")"));
        }
      }
    }
    return List.copyOf(all);
  }

  /** Defensive: a bug must not turn into a 500 or let an unchecked Statement through. */
  private static List<Violation> internal(Check c, String pointer) {
    List<Violation> found = new ArrayList<>(c.result());
    found.add(new Violation(pointer, "Data 2.2.s4", "the document could not be fully validated"));
    return List.copyOf(found);
  }
}
