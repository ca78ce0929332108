package vn.hocba.lrs.store;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.BinData;
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

  /**
   * The heap a document or key takes, estimated from its own contents. H2 samples this per map and
   * sizes its page cache ({@code lrs.store.cache-mb}) by the sum; a single running average over
   * every map (what this type used to answer) came to about 3 KB, so the event log's commits of
   * about 250 KB each were counted at a hundredth of their size and the cache held the whole log in
   * memory, the heap growing with the store.
   */
  @Override
  public int getMemory(Object obj) {
    if (obj instanceof Document || obj instanceof KeyValue) {
      return (int) Math.min(Integer.MAX_VALUE, heap(obj, 0));
    }
    return super.getMemory(obj);
  }

  /** Nesting below which {@link #heap} stops looking inside values (BSON allows 100 levels). */
  private static final int MAX_DEPTH = 32;

  /**
   * An estimate of the bytes a decoded value takes on a 64-bit JVM with compressed pointers: object
   * headers, a map entry per field, a string's chars (one byte each, Latin-1 being the common
   * case), an array's bytes. H2 asks for about 30 % accuracy; this is within that for the documents
   * the LRS stores.
   */
  static long heap(Object v, int depth) {
    if (v == null) {
      return 0;
    }
    if (v instanceof String s) {
      return 40 + s.length();
    }
    if (v instanceof BinData b) {
      return 32 + b.getData().length;
    }
    if (v instanceof byte[] b) {
      return 16 + b.length;
    }
    if (depth >= MAX_DEPTH) {
      return 64;
    }
    if (v instanceof java.util.Map<?, ?> m) {
      long total = 64 + 8L * Integer.highestOneBit(Math.max(1, m.size()) * 2); // map, table
      for (java.util.Map.Entry<?, ?> e : m.entrySet()) {
        total += 40 + heap(e.getKey(), depth + 1) + heap(e.getValue(), depth + 1);
      }
      return total;
    }
    if (v instanceof KeyValue k) { // an index key: its values in a list
      long total = 56 + 8L * k.size();
      for (int i = 0; i < k.size(); i++) {
        total += heap(k.get(i), depth + 1);
      }
      return total;
    }
    if (v instanceof java.util.Collection<?> c) {
      long total = 40 + 8L * c.size();
      for (Object o : c) {
        total += heap(o, depth + 1);
      }
      return total;
    }
    return 24; // numbers, booleans, dates, object ids and the like
  }

  @Override
  public void write(WriteBuffer buff, Object obj) {
    if (obj instanceof KeyValue k && plainKey(k)) {
      int start = buff.position();
      buff.put((byte) TAG_KEY).putVarInt(k.size());
      for (Object v : k) {
        super.write(buff, v);
      }
      return;
    }
    if (obj instanceof Document d) {
      int start = buff.position();
      buff.put((byte) TAG_DOCUMENT);
      if (Bson.document(buff, d)) {
        int length = buff.position() - start - 1;
        if (length <= MAX_BSON) {
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
      // read in place: the decoder copies what it keeps (strings, ids), nothing aliases the page
      return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bson));
    }
    return super.read(buff);
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
