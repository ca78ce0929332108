package vn.hocba.xapi.statements;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import vn.hocba.xapi.json.StrictJson;

/** Test helpers: JSON from text (single quotes allowed for readability) and from fixtures. */
final class Json {

  private Json() {}

  /** Parses JSON text in which ' stands for " (no test value needs a literal apostrophe). */
  static JsonNode json(String text) {
    return StrictJson.parse(text.replace('\'', '"'));
  }

  /** A fixture from src/test/resources/statements/. */
  static JsonNode fixture(String name) {
    try (InputStream in = Json.class.getResourceAsStream("/statements/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return StrictJson.parse(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
