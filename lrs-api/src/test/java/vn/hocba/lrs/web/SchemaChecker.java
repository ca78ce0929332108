package vn.hocba.lrs.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks JSON against the OpenAPI 3.0 schema subset docs/openapi.yaml uses: {@code type}, {@code
 * required}, {@code properties}, {@code items}, {@code enum}, {@code nullable}, {@code allOf},
 * {@code format} (date, date-time), {@code pattern}, {@code minimum}, {@code maximum}, {@code
 * additionalProperties} (true/false). Stricter than OpenAPI on one point: an object with {@code
 * properties} may carry no property it does not document, unless {@code additionalProperties} is
 * true, so that the document cannot silently fall behind the code; a property documented by any
 * part of an {@code allOf} counts as documented for every part, so {@code allOf} composes. A
 * keyword outside the subset is reported by {@link #unsupported}, never ignored.
 */
final class SchemaChecker {

  static final Set<String> KEYWORDS =
      Set.of(
          "$ref",
          "type",
          "required",
          "properties",
          "items",
          "enum",
          "nullable",
          "allOf",
          "format",
          "pattern",
          "minimum",
          "maximum",
          "additionalProperties",
          // annotations only
          "description",
          "example",
          "default",
          "title");

  private final OpenApiDocument doc;

  SchemaChecker(OpenApiDocument doc) {
    this.doc = doc;
  }

  /**
   * Every way {@code value} departs from {@code schema}, each with a JSON pointer; empty if none.
   */
  List<String> check(JsonNode schema, JsonNode value) {
    List<String> out = new ArrayList<>();
    check(schema, value, "", out, 0, Set.of());
    return out;
  }

  private void check(
      JsonNode schemaOrRef,
      JsonNode value,
      String at,
      List<String> out,
      int depth,
      Set<String> siblings) {
    if (depth > 64) {
      out.add(at + ": schema nested too deep");
      return;
    }
    JsonNode s = doc.resolve(schemaOrRef);
    String where = at.isEmpty() ? "/" : at;
    if (value == null || value.isMissingNode()) {
      out.add(where + ": missing");
      return;
    }
    if (value.isNull()) {
      if (!s.path("nullable").asBoolean(false)) {
        out.add(where + ": null, but the schema is not nullable");
      }
      return;
    }
    if (s.has("allOf")) {
      Set<String> composed = new HashSet<>(siblings);
      documented(s, composed, 0);
      for (JsonNode part : s.path("allOf")) {
        check(part, value, at, out, depth + 1, composed);
      }
    }
    String type = s.path("type").asText(null);
    if (type != null && !hasType(value, type)) {
      out.add(where + ": expected " + type + ", got " + value.getNodeType().name().toLowerCase());
      return;
    }
    if (s.has("enum")) {
      boolean listed = false;
      for (JsonNode e : s.get("enum")) {
        listed |= e.equals(value);
      }
      if (!listed) {
        out.add(where + ": " + value + " is not one of " + s.get("enum"));
      }
    }
    if (value.isTextual()) {
      text(s, value.asText(), where, out);
    }
    if (value.isNumber()) {
      if (s.has("minimum") && value.decimalValue().compareTo(s.get("minimum").decimalValue()) < 0) {
        out.add(where + ": " + value + " is below " + s.get("minimum"));
      }
      if (s.has("maximum") && value.decimalValue().compareTo(s.get("maximum").decimalValue()) > 0) {
        out.add(where + ": " + value + " is above " + s.get("maximum"));
      }
    }
    if (value.isObject()) {
      for (JsonNode r : s.path("required")) {
        if (!value.has(r.asText())) {
          out.add(at + "/" + r.asText() + ": required, missing");
        }
      }
      JsonNode properties = s.get("properties");
      if (properties != null) {
        for (Map.Entry<String, JsonNode> f : OpenApiDocument.fields(value)) {
          JsonNode p = properties.get(f.getKey());
          if (p != null) {
            check(p, f.getValue(), at + "/" + f.getKey(), out, depth + 1, Set.of());
          } else if (!s.path("additionalProperties").asBoolean(false)
              && !siblings.contains(f.getKey())) {
            out.add(at + "/" + f.getKey() + ": not documented");
          }
        }
      }
    }
    if (value.isArray() && s.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        check(s.get("items"), value.get(i), at + "/" + i, out, depth + 1, Set.of());
      }
    }
  }

  /** Adds the property names a schema and its allOf parts document. */
  private void documented(JsonNode schemaOrRef, Set<String> names, int depth) {
    JsonNode s = doc.resolve(schemaOrRef);
    if (depth > 64) {
      return;
    }
    OpenApiDocument.fields(s.path("properties")).forEach(p -> names.add(p.getKey()));
    for (JsonNode part : s.path("allOf")) {
      documented(part, names, depth + 1);
    }
  }

  private static boolean hasType(JsonNode v, String type) {
    return switch (type) {
      case "object" -> v.isObject();
      case "array" -> v.isArray();
      case "string" -> v.isTextual();
      case "integer" -> v.isIntegralNumber();
      case "number" -> v.isNumber();
      case "boolean" -> v.isBoolean();
      default -> false;
    };
  }

  private static void text(JsonNode s, String v, String where, List<String> out) {
    String format = s.path("format").asText("");
    try {
      if (format.equals("date")) {
        LocalDate.parse(v);
      } else if (format.equals("date-time")) {
        OffsetDateTime.parse(v);
      }
    } catch (DateTimeException e) {
      out.add(where + ": '" + v + "' is not a " + format);
    }
    if (s.has("pattern") && !Pattern.compile(s.get("pattern").asText()).matcher(v).find()) {
      out.add(where + ": '" + v + "' does not match " + s.get("pattern").asText());
    }
  }

  /** Keywords of this schema and the schemas inside it that the checker does not understand. */
  List<String> unsupported(JsonNode schema, String at) {
    List<String> out = new ArrayList<>();
    unsupported(schema, at, out, 0);
    return out;
  }

  private void unsupported(JsonNode s, String at, List<String> out, int depth) {
    if (depth > 64 || !s.isObject()) {
      return;
    }
    for (Map.Entry<String, JsonNode> f : OpenApiDocument.fields(s)) {
      String k = f.getKey();
      if (!KEYWORDS.contains(k) && !k.startsWith("x-")) {
        out.add(at + "/" + k);
      }
    }
    if (s.has("additionalProperties") && !s.get("additionalProperties").isBoolean()) {
      out.add(at + "/additionalProperties (only true or false)");
    }
    if (s.has("type")
        && !Set.of("object", "array", "string", "integer", "number", "boolean")
            .contains(s.get("type").asText())) {
      out.add(at + "/type " + s.get("type"));
    }
    for (Map.Entry<String, JsonNode> p : OpenApiDocument.fields(s.path("properties"))) {
      unsupported(p.getValue(), at + "/properties/" + p.getKey(), out, depth + 1);
    }
    if (s.has("items")) {
      unsupported(s.get("items"), at + "/items", out, depth + 1);
    }
    for (int i = 0; i < s.path("allOf").size(); i++) {
      unsupported(s.get("allOf").get(i), at + "/allOf/" + i, out, depth + 1);
    }
  }
}
