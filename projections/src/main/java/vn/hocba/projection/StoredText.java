package vn.hocba.projection;

import java.nio.charset.StandardCharsets;
import org.bson.BsonBinary;
import org.bson.types.Binary;

/**
 * Long texts as the log and the read models store them (decision 20): bytes in a generic binary,
 * which the MongoDB driver copies in bulk where it encodes a string char by char past its first
 * non-ASCII character; documents written before that decision hold a string.
 */
public final class StoredText {

  private StoredText() {}

  /**
   * A text's UTF-8 bytes, as binary. A {@link BsonBinary}, which the driver encodes from its own
   * array: {@link Binary} copies its bytes when made and again when encoded.
   */
  public static BsonBinary of(String text) {
    return bytes(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Bytes to store as a generic binary, not copied (the caller hands them over). */
  public static BsonBinary bytes(byte[] bytes) {
    return new BsonBinary(bytes);
  }

  /**
   * The bytes of a binary field as written ({@link BsonBinary}) or as read back ({@link Binary}).
   */
  public static byte[] data(Object value) {
    if (value instanceof BsonBinary b) {
      return b.getData();
    }
    if (value instanceof Binary b) {
      return b.getData();
    }
    return null;
  }

  /**
   * The text a field holds: binary read as UTF-8, a string as it is.
   *
   * @throws IllegalStateException for anything else, naming {@code what} and the type found
   */
  public static String read(Object value, String what) {
    byte[] data = data(value);
    if (data != null) {
      return new String(data, StandardCharsets.UTF_8);
    }
    if (value instanceof String s) {
      return s;
    }
    throw new IllegalStateException(
        what + " holds no text: " + (value == null ? "nothing" : value.getClass().getSimpleName()));
  }
}
