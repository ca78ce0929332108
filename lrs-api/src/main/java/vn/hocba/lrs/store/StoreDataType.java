package vn.hocba.lrs.store;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;

/**
 * The key and value type of the embedded store's maps: H2's {@link ObjectDataType} without its two
 * costs that dominated the store's CPU under ingest.
 *
 * <ul>
 *   <li><b>Comparing index keys.</b> mongo-java-server's index keys ({@link KeyValue}) are not
 *       {@link Comparable}, so H2 Java-serializes both sides of every comparison of a B-tree search
 *       and compares the bytes. {@link #compare} gives the same answer without serializing for keys
 *       of one plain value (a string of printable ASCII, a long, an int or a double), which is
 *       every {@code _id} the LRS writes. The order must stay exactly H2's: files written before
 *       this type existed hold their trees in that order.
 *   <li><b>Writing pages.</b> Documents and keys were written with Java serialization, a new {@code
 *       ObjectOutputStream} with class descriptors per entry, each time a page changed. This type
 *       writes a document as BSON and a key as its plain values, behind tags H2 does not use, and
 *       falls back to H2's own encoding for anything that would not come back identical (so a
 *       document with a sub-millisecond instant, binary data or a malformed string keeps Java
 *       serialization). Reading accepts both, so a store written by an earlier version opens as it
 *       was; a store written by this one needs this type to be read.
 * </ul>
 */
final class StoreDataType extends ObjectDataType {

  /** A key whose values are all plain: count, then each value in H2's own encoding. */
  static final int TAG_KEY = 120;

  /** A document as BSON, which starts with its own length. */
  static final int TAG_DOCUMENT = 121;

  /** The answer of {@link #compareSingle} when it cannot decide without serializing. */
  static final int UNDECIDED = Integer.MIN_VALUE;

  /** BSON caps a document at 16 MB; a larger one keeps Java serialization. */
  private static final int MAX_BSON = 16 * 1024 * 1024;

  /** Estimated memory of a document or key, twice its encoded size as H2 estimates its own. */
  private volatile int averageSize = 10_000;

  @Override
  public int compare(Object a, Object b) {
    if (a instanceof KeyValue x && b instanceof KeyValue y && x.size() == 1 && y.size() == 1) {
      int c = compareSingle(x.get(0), y.get(0));
      if (c != UNDECIDED) {
        return c;
      }
    }
    return super.compare(a, b);
  }

  /**
   * The order of H2's fallback, {@code compareNotNull(serialize(a), serialize(b))}, for two
   * one-value keys whose serialized forms share everything up to the value: a string is written as
   * a 2-byte length and its modified UTF-8 bytes (the same as its chars for printable ASCII), a
   * number as its big-endian bits, and the bytes compare unsigned.
   */
  static int compareSingle(Object p, Object q) {
    if (p instanceof String s && q instanceof String t) {
      if (!printableAscii(s) || !printableAscii(t)) {
        return UNDECIDED;
      }
      if (s.length() != t.length()) {
        return s.length() < t.length() ? -1 : 1;
      }
      return Integer.signum(s.compareTo(t));
    }
    if (p instanceof Long l && q instanceof Long m) {
      return Integer.signum(Long.compareUnsigned(l, m));
    }
    if (p instanceof Integer i && q instanceof Integer j) {
      return Integer.signum(Integer.compareUnsigned(i, j));
    }
    if (p instanceof Double d && q instanceof Double e) {
      return Integer.signum(
          Long.compareUnsigned(Double.doubleToLongBits(d), Double.doubleToLongBits(e)));
    }
    return UNDECIDED;
  }

  /** Chars 1 to 127 only, and short enough for a 2-byte length. */
  private static boolean printableAscii(String s) {
    if (s.length() > 0xFFFF) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == 0 || c > 0x7F) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int getMemory(Object obj) {
    if (obj instanceof Document || obj instanceof KeyValue) {
      return averageSize;
    }
    return super.getMemory(obj);
  }

  @Override
  public void write(WriteBuffer buff, Object obj) {
    if (obj instanceof KeyValue k && plainKey(k)) {
      int start = buff.position();
      buff.put((byte) TAG_KEY).putVarInt(k.size());
      for (Object v : k) {
        super.write(buff, v);
      }
      account(buff.position() - start);
      return;
    }
    if (obj instanceof Document d) {
      int start = buff.position();
      buff.put((byte) TAG_DOCUMENT);
      if (Bson.document(buff, d)) {
        int length = buff.position() - start - 1;
        if (length <= MAX_BSON) {
          account(length);
          return;
        }
      }
      buff.position(start); // not representable exactly: H2's own encoding instead
    }
    super.write(buff, obj);
  }

  @Override
  public Object read(ByteBuffer buff) {
    int tag = buff.get(buff.position()) & 0xFF;
    if (tag == TAG_KEY) {
      buff.get();
      int n = DataUtils.readVarInt(buff);
      List<Object> values = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        values.add(super.read(buff));
      }
      return new KeyValue(values);
    }
    if (tag == TAG_DOCUMENT) {
      buff.get();
      int length = Integer.reverseBytes(buff.getInt(buff.position())); // BSON's own, little-endian
      ByteBuffer bson = buff.slice().limit(length);
      buff.position(buff.position() + length);
      account(length);
      // read in place: the decoder copies what it keeps (strings, ids), nothing aliases the page
      return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bson));
    }
    return super.read(buff);
  }

  private void account(int encodedSize) {
    averageSize = (int) ((encodedSize * 2L + 15L * averageSize) / 16);
  }

  /** Values H2 writes itself and reads back as the same object. */
  static boolean plainKey(KeyValue k) {
    for (int i = 0; i < k.size(); i++) {
      Object v = k.get(i);
      if (!(v == null
          || v instanceof String
          || v instanceof Long
          || v instanceof Integer
          || v instanceof Double
          || v instanceof Boolean)) {
        return false;
      }
    }
    return true;
  }
}
