package vn.hocba.lrs.store;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
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
  private static final byte OBJECT_ID = 0x07;
  private static final byte BOOLEAN = 0x08;
  private static final byte DATE = 0x09;
  private static final byte NULL = 0x0A;
  private static final byte INT32 = 0x10;
  private static final byte INT64 = 0x12;

  private Bson() {}

  /** Writes a document; false when some value would not come back identical. */
  static boolean document(WriteBuffer buff, Document d) {
    int start = buff.position();
    buff.putInt(0);
    for (Map.Entry<String, Object> e : d.entrySet()) {
      if (!element(buff, e.getKey(), e.getValue())) {
        return false;
      }
    }
    buff.put((byte) 0);
    buff.putInt(start, Integer.reverseBytes(buff.position() - start));
    return true;
  }

  private static boolean array(WriteBuffer buff, ArrayList<?> list) {
    int start = buff.position();
    buff.putInt(0);
    for (int i = 0; i < list.size(); i++) {
      if (!element(buff, Integer.toString(i), list.get(i))) {
        return false;
      }
    }
    buff.put((byte) 0);
    buff.putInt(start, Integer.reverseBytes(buff.position() - start));
    return true;
  }

  private static boolean element(WriteBuffer buff, String name, Object v) {
    int typeAt = buff.position();
    buff.put((byte) 0); // the type, set below
    byte[] key = utf8(name);
    if (key == null || contains(key, (byte) 0)) {
      return false; // a field name is a C string
    }
    buff.put(key).put((byte) 0);
    byte type;
    if (v == null) {
      type = NULL;
    } else if (v instanceof String s) {
      byte[] b = utf8(s);
      if (b == null) {
        return false;
      }
      buff.putInt(Integer.reverseBytes(b.length + 1)).put(b).put((byte) 0);
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

  /** UTF-8 bytes, or null for a string with a lone surrogate, which UTF-8 cannot carry. */
  static byte[] utf8(String s) {
    // the encoder would write '?' for a lone surrogate, so look before encoding
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < s.length()
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return null;
        }
      }
    }
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static boolean contains(byte[] bytes, byte b) {
    for (byte x : bytes) {
      if (x == b) {
        return true;
      }
    }
    return false;
  }
}
