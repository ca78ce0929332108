package vn.hocba.projection;

import java.nio.charset.StandardCharsets;
import org.bson.types.Binary;

/**
 * Long texts as the log and the read models store them (decision 20): bytes in a generic binary,
 * which the MongoDB driver copies in bulk where it encodes a string char by char past its first
 * non-ASCII character; documents written before that decision hold a string.
 */
public final class StoredText {

  private StoredText() {}

  /** A text's UTF-8 bytes, as binary. */
  public static Binary of(String text) {
    return new Binary(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The text a field holds: binary read as UTF-8, a string as it is.
   *
   * @throws IllegalStateException for anything else, naming {@code what} and the type found
   */
  public static String read(Object value, String what) {
    if (value instanceof Binary b) {
      return new String(b.getData(), StandardCharsets.UTF_8);
    }
    if (value instanceof String s) {
      return s;
    }
    throw new IllegalStateException(
        what + " holds no text: " + (value == null ? "nothing" : value.getClass().getSimpleName()));
  }
}
