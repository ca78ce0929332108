package vn.hocba.lrs.store;

import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import org.h2.mvstore.WriteBuffer;

/**
 * Writes mongo-java-server documents as BSON (bsonspec.org, little-endian) straight into an H2 page
 * buffer, for {@link StoreDataType}. Only values that mongo-java-server's BSON decoder gives back
 * as an equal object of the same class are written; on any other value the writer answers false,
 * and the caller keeps H2's own encoding. Checking and writing are one pass.
 */
final class Bson {

  private static final byte DOUBLE = 0x01;
  private static final byte STRING = 0x02;
  private static final byte DOCUMENT = 0x03;
  private static final byte ARRAY = 0x04;
  private static final byte BINARY = 0x05;
  private static final byte GENERIC_SUBTYPE = 0x00;
  private static final byte OBJECT_ID = 0x07;
  private static final byte BOOLEAN = 0x08;
  private static final byte DATE = 0x09;
  private static final byte NULL = 0x0A;
  private static final byte INT32 = 0x10;
  private static final byte INT64 = 0x12;

  private Bson() {}

  /** Writes a document; false when some value would not come back identical. */
  static boolean document(WriteBuffer buff, Document d) {
    int start = open(buff);
    for (Map.Entry<String, Object> e : d.entrySet()) {
      if (!element(buff, e.getKey(), e.getValue())) {
        return false;
      }
    }
    close(buff, start);
    return true;
  }

  /** An array is a document whose field names are the indexes. */
  private static boolean array(WriteBuffer buff, ArrayList<?> list) {
    int start = open(buff);
    for (int i = 0; i < list.size(); i++) {
      if (!element(buff, Integer.toString(i), list.get(i))) {
        return false;
      }
    }
    close(buff, start);
    return true;
  }

  /** Reserves a document's length; returns where it starts. */
  private static int open(WriteBuffer buff) {
    int start = buff.position();
    buff.putInt(0);
    return start;
  }

  /** Ends a document and writes its length, the terminating zero included, at its start. */
  private static void close(WriteBuffer buff, int start) {
    buff.put((byte) 0);
    buff.putInt(start, Integer.reverseBytes(buff.position() - start));
  }

  private static boolean element(WriteBuffer buff, String name, Object v) {
    int typeAt = buff.position();
    buff.put((byte) 0); // the type, set below
    if (name.indexOf('\0') >= 0 || utf8(buff, name) < 0) {
      return false; // a field name is a C string
    }
    buff.put((byte) 0);
    byte type;
    if (v == null) {
      type = NULL;
    } else if (v instanceof String s) {
      int lengthAt = buff.position();
      buff.putInt(0);
      int length = utf8(buff, s);
      if (length < 0) {
        return false;
      }
      buff.put((byte) 0).putInt(lengthAt, Integer.reverseBytes(length + 1));
      type = STRING;
    } else if (v instanceof Integer i) {
      buff.putInt(Integer.reverseBytes(i));
      type = INT32;
    } else if (v instanceof Long l) {
      buff.putLong(Long.reverseBytes(l));
      type = INT64;
    } else if (v instanceof Double x) {
      buff.putLong(Long.reverseBytes(Double.doubleToRawLongBits(x)));
      type = DOUBLE;
    } else if (v instanceof Boolean b) {
      buff.put((byte) (b ? 1 : 0));
      type = BOOLEAN;
    } else if (v instanceof BinData bin) {
      // the decoder gives generic (and user-defined) binary back as BinData; written as generic
      byte[] data = bin.getData();
      buff.putInt(Integer.reverseBytes(data.length)).put(GENERIC_SUBTYPE).put(data);
      type = BINARY;
    } else if (v instanceof ObjectId id) {
      buff.put(id.toByteArray());
      type = OBJECT_ID;
    } else if (v instanceof Instant t) {
      // a BSON date holds milliseconds since the epoch
      if (t.getNano() % 1_000_000 != 0
          || t.getEpochSecond() < -9_000_000_000_000L
          || t.getEpochSecond() > 9_000_000_000_000L) {
        return false;
      }
      buff.putLong(Long.reverseBytes(t.toEpochMilli()));
      type = DATE;
    } else if (v.getClass() == Document.class) {
      if (!document(buff, (Document) v)) {
        return false;
      }
      type = DOCUMENT;
    } else if (v.getClass() == ArrayList.class) {
      if (!array(buff, (ArrayList<?>) v)) {
        return false;
      }
      type = ARRAY;
    } else {
      return false;
    }
    buff.getBuffer().put(typeAt, type);
    return true;
  }

  /**
   * Writes the UTF-8 bytes of a string and returns how many there were, or -1 for a string with a
   * lone surrogate, which UTF-8 cannot carry (Java's encoder would write '?'). A string without
   * surrogates, nearly every one, is encoded by {@link String#getBytes}, which the JVM does in bulk
   * (most strings here are ASCII statement text); writing char by char into the page buffer was a
   * quarter of the page writer's samples. Strings with surrogates are checked and encoded in place.
   */
  static int utf8(WriteBuffer buff, String s) {
    if (!hasSurrogate(s)) {
      byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
      buff.put(bytes);
      return bytes.length;
    }
    int n = s.length();
    buff.limit(buff.position() + 3 * n); // room for the longest encoding
    ByteBuffer out = buff.getBuffer();
    int start = out.position();
    try {
      return encode(s, out) ? out.position() - start : -1;
    } finally {
      out.limit(out.capacity()); // as WriteBuffer keeps it, so that it grows only when full
    }
  }

  private static boolean hasSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isSurrogate(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static boolean encode(String s, ByteBuffer out) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        out.put((byte) c);
      } else if (c < 0x800) {
        out.put((byte) (0xC0 | (c >> 6))).put((byte) (0x80 | (c & 0x3F)));
      } else if (Character.isSurrogate(c)) {
        if (!Character.isHighSurrogate(c)
            || i + 1 >= n
            || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        int cp = Character.toCodePoint(c, s.charAt(++i));
        out.put((byte) (0xF0 | (cp >> 18)))
            .put((byte) (0x80 | ((cp >> 12) & 0x3F)))
            .put((byte) (0x80 | ((cp >> 6) & 0x3F)))
            .put((byte) (0x80 | (cp & 0x3F)));
      } else {
        out.put((byte) (0xE0 | (c >> 12)))
            .put((byte) (0x80 | ((c >> 6) & 0x3F)))
            .put((byte) (0x80 | (c & 0x3F)));
      }
    }
    return true;
  }
}
