package vn.hocba.xapi.validation;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import vn.hocba.xapi.json.StrictJson;

/** Test helpers: loading JSON fixtures and editing trees by JSON pointer. */
final class Fixtures {

  private static final JsonNode BASES = load("/validation/bases.json");

  private Fixtures() {}

  static JsonNode load(String resource) {
    try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      return StrictJson.parse(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fresh copy of a named valid base Statement from bases.json. */
  static JsonNode base(String name) {
    JsonNode base = BASES.get(name);
    if (base == null) {
      throw new IllegalArgumentException("unknown base " + name);
    }
    return base.deepCopy();
  }

  static JsonNode json(String text) {
    return StrictJson.parse(text);
  }

  /** Sets (or, for "", replaces) the value at {@code pointer}; returns the possibly new root. */
  static JsonNode set(JsonNode root, String pointer, JsonNode value) {
    if (pointer.isEmpty()) {
      return value.deepCopy();
    }
    JsonPointer p = JsonPointer.compile(pointer);
    JsonNode parent = root.at(p.head());
    String last = p.last().getMatchingProperty();
    if (parent instanceof ObjectNode object) {
      object.set(last, value.deepCopy());
    } else if (parent instanceof ArrayNode array) {
      int index = Integer.parseInt(last);
      if (index == array.size()) {
        array.add(value.deepCopy());
      } else {
        array.set(index, value.deepCopy());
      }
    } else {
      throw new IllegalArgumentException("no container at " + p.head());
    }
    return root;
  }

  static JsonNode remove(JsonNode root, String pointer) {
    JsonPointer p = JsonPointer.compile(pointer);
    JsonNode parent = root.at(p.head());
    String last = p.last().getMatchingProperty();
    if (parent instanceof ObjectNode object) {
      if (object.remove(last) == null) {
        throw new IllegalArgumentException("nothing to remove at " + pointer);
      }
    } else if (parent instanceof ArrayNode array) {
      array.remove(Integer.parseInt(last));
    } else {
      throw new IllegalArgumentException("no container at " + p.head());
    }
    return root;
  }
}
