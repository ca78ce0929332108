package vn.hocba.xapi.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;

/**
 * Data 4.1: an extensions property is an object whose keys MUST be IRIs (4.1.s3.b1); the LRS MUST
 * NOT reject a Statement based on the values (4.1.s3.b2), so values, including null, are accepted.
 */
final class Extensions {

  private Extensions() {}

  static void extensions(Check c, JsonNode node, String pointer, String rule) {
    if (node == null || !node.isObject()) {
      c.wrongType(node, pointer, rule, "\"extensions\"", "an object");
      return;
    }
    Iterator<String> keys = node.fieldNames();
    while (keys.hasNext()) {
      String key = keys.next();
      if (!Iris.isIri(key)) {
        c.add(Check.at(pointer, key), "Data 4.1.s3.b1", "an extension key must be an IRI");
      }
    }
  }
}
