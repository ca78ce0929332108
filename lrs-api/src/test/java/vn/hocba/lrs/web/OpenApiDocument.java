package vn.hocba.lrs.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/** docs/openapi.yaml as a tree: its operations, and {@code $ref} resolution inside the file. */
final class OpenApiDocument {

  /** The tests run in the module directory (lrs-api). */
  static final Path FILE = Path.of("..", "docs", "openapi.yaml");

  static final List<String> METHODS =
      List.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

  private final JsonNode root;

  private OpenApiDocument(JsonNode root) {
    this.root = root;
  }

  static OpenApiDocument read() {
    try {
      return new OpenApiDocument(new YAMLMapper().readTree(FILE.toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + FILE, e);
    }
  }

  static OpenApiDocument of(JsonNode root) {
    return new OpenApiDocument(root);
  }

  JsonNode root() {
    return root;
  }

  /** One method of one path. */
  record Operation(String path, String method, JsonNode node, JsonNode pathItem) {
    /** "GET /api/programmes/{}": the method and the path with its variables unnamed. */
    String key() {
      return method.toUpperCase(java.util.Locale.ROOT) + " " + normalize(path);
    }

    String scope() {
      return node.path("x-scope").asText(null);
    }

    boolean isPublic() {
      return node.path("x-public").asBoolean(false);
    }
  }

  /** A path template with its variables unnamed, so that /a/{id} and /a/{code:.+} compare equal. */
  static String normalize(String template) {
    return template.replaceAll("\\{[^}]*}", "{}");
  }

  List<Operation> operations() {
    List<Operation> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> path : fields(root.path("paths"))) {
      JsonNode item = resolve(path.getValue());
      for (String method : METHODS) {
        if (item.has(method)) {
          out.add(new Operation(path.getKey(), method, item.get(method), item));
        }
      }
    }
    return out;
  }

  Optional<Operation> operation(String method, String pathTemplate) {
    return operations().stream()
        .filter(o -> o.method().equalsIgnoreCase(method) && o.path().equals(pathTemplate))
        .findFirst();
  }

  /** Path-level and operation-level parameters, resolved; the operation's win. */
  List<JsonNode> parameters(Operation op) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode p : op.node().path("parameters")) {
      out.add(resolve(p));
    }
    for (JsonNode p : op.pathItem().path("parameters")) {
      JsonNode r = resolve(p);
      if (out.stream()
          .noneMatch(
              x -> x.path("name").equals(r.path("name")) && x.path("in").equals(r.path("in")))) {
        out.add(r);
      }
    }
    return out;
  }

  /** The documented response for a status, resolved; or the {@code default} one, or null. */
  JsonNode response(Operation op, int status) {
    JsonNode responses = op.node().path("responses");
    JsonNode r = responses.get(Integer.toString(status));
    if (r == null) {
      r = responses.get("default");
    }
    return r == null ? null : resolve(r);
  }

  /** Follows {@code $ref} (only references inside this file) until a node without one. */
  JsonNode resolve(JsonNode node) {
    JsonNode n = node;
    for (int hops = 0; n.has("$ref"); hops++) {
      if (hops > 16) {
        throw new IllegalStateException("a $ref cycle at " + node);
      }
      String ref = n.get("$ref").asText();
      n = target(ref).orElseThrow(() -> new IllegalStateException("unresolved $ref " + ref));
    }
    return n;
  }

  /** The node a local reference ("#/components/...") names. */
  Optional<JsonNode> target(String ref) {
    if (!ref.startsWith("#/")) {
      return Optional.empty();
    }
    JsonNode t = root.at(ref.substring(1));
    return t.isMissingNode() ? Optional.empty() : Optional.of(t);
  }

  /** Every {@code $ref} in the document with the JSON pointer where it stands. */
  List<String[]> refs() {
    List<String[]> out = new ArrayList<>();
    walk(
        root,
        "",
        (at, n) -> {
          if (n.isObject() && n.has("$ref")) {
            out.add(new String[] {at, n.get("$ref").asText()});
          }
        });
    return out;
  }

  static void walk(JsonNode n, String at, BiConsumer<String, JsonNode> visit) {
    visit.accept(at, n);
    if (n.isObject()) {
      for (Map.Entry<String, JsonNode> f : fields(n)) {
        walk(f.getValue(), at + "/" + f.getKey().replace("~", "~0").replace("/", "~1"), visit);
      }
    } else if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        walk(n.get(i), at + "/" + i, visit);
      }
    }
  }

  /** The members of an object node in document order; none for anything else. */
  static List<Map.Entry<String, JsonNode>> fields(JsonNode n) {
    return n.isObject() ? List.copyOf(n.properties()) : List.of();
  }
}
