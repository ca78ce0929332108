package vn.hocba.projection;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.model.IndexModel;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.conversions.Bson;

/**
 * The rule every query shape must meet on a real MongoDB: some declared index starts with equality
 * fields of the query only (at least one), and its remaining keys are the range or sort fields the
 * query uses. Equality fields the index leaves out are filtered in the fetch.
 */
public final class IndexCoverage {

  private IndexCoverage() {}

  /** Equality and range fields of a filter; fields inside an $or count as ranges. */
  public record Shape(Set<String> equality, Set<String> ranges) {}

  public static Shape shape(Bson filter) {
    BsonDocument doc =
        filter.toBsonDocument(BsonDocument.class, MongoClientSettings.getDefaultCodecRegistry());
    Set<String> equality = new LinkedHashSet<>();
    Set<String> ranges = new LinkedHashSet<>();
    collect(doc, equality, ranges);
    return new Shape(equality, ranges);
  }

  /** True when one of the indexes serves the filter, with {@code sortKeys} as its tail. */
  public static boolean covered(Bson filter, List<String> sortKeys, List<IndexModel> indexes) {
    Shape s = shape(filter);
    Set<String> tail = new LinkedHashSet<>(sortKeys);
    tail.addAll(s.ranges());
    return indexes.stream().anyMatch(index -> serves(keys(index), s.equality(), tail));
  }

  static List<String> keys(IndexModel index) {
    return new ArrayList<>(
        index
            .getKeys()
            .toBsonDocument(BsonDocument.class, MongoClientSettings.getDefaultCodecRegistry())
            .keySet());
  }

  private static boolean serves(List<String> keys, Set<String> equality, Set<String> tail) {
    int prefix = 0;
    while (prefix < keys.size() && equality.contains(keys.get(prefix))) {
      prefix++;
    }
    if (prefix == 0 && !equality.isEmpty()) {
      return false;
    }
    // right after the equality prefix come the query's range and sort fields (any order), so
    // that ranges and sorts use the index; keys after those are unused but harmless
    List<String> rest = keys.subList(prefix, keys.size());
    return rest.size() >= tail.size() && Set.copyOf(rest.subList(0, tail.size())).equals(tail);
  }

  private static void collect(BsonDocument filter, Set<String> equality, Set<String> ranges) {
    for (String key : filter.keySet()) {
      BsonValue v = filter.get(key);
      if (key.equals("$and") || key.equals("$or")) {
        boolean or = key.equals("$or");
        for (BsonValue part : v.asArray()) {
          collect(part.asDocument(), or ? ranges : equality, ranges);
        }
      } else if (v.isDocument()
          && v.asDocument().keySet().stream().anyMatch(k -> k.startsWith("$"))) {
        ranges.add(key);
      } else {
        equality.add(key);
      }
    }
  }
}
