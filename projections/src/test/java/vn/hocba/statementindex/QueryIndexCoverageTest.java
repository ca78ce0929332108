package vn.hocba.statementindex;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.model.IndexModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every query shape the statement index issues is served by a declared index on a real MongoDB:
 * some declared index starts with an equality field of the query, continues only with equality
 * fields, and ends with the (stored, _id) sort, which also serves since/until and the cursor.
 */
class QueryIndexCoverageTest {

  static Stream<StatementQuery> shapes() {
    List<StatementQuery> out = new ArrayList<>();
    Optional<String> some = Optional.of("x");
    for (int mask = 0; mask < (1 << 9); mask++) {
      boolean agent = (mask & 1) != 0;
      boolean verb = (mask & 2) != 0;
      boolean activity = (mask & 4) != 0;
      boolean registration = (mask & 8) != 0;
      boolean related = (mask & 16) != 0;
      boolean since = (mask & 32) != 0;
      boolean until = (mask & 64) != 0;
      boolean ascending = (mask & 128) != 0;
      boolean after = (mask & 256) != 0;
      out.add(
          new StatementQuery(
              agent ? some : Optional.empty(),
              verb ? some : Optional.empty(),
              activity ? some : Optional.empty(),
              registration ? some : Optional.empty(),
              related,
              related,
              since ? Optional.of(Instant.EPOCH) : Optional.empty(),
              until ? Optional.of(Instant.now()) : Optional.empty(),
              10,
              ascending,
              after
                  ? Optional.of(new StatementQuery.PageKey(Instant.EPOCH, "id"))
                  : Optional.empty()));
    }
    return out.stream();
  }

  @ParameterizedTest
  @MethodSource("shapes")
  @DisplayName("each query shape has a declared index")
  void everyShapeIsCovered(StatementQuery q) {
    BsonDocument filter =
        StatementQueries.filter(q)
            .toBsonDocument(BsonDocument.class, MongoClientSettings.getDefaultCodecRegistry());
    Set<String> equality = new LinkedHashSet<>();
    Set<String> ranges = new LinkedHashSet<>();
    collect(filter, equality, ranges);
    assertThat(ranges).isSubsetOf("stored", "_id");
    boolean covered =
        StatementQueries.indexes().stream().anyMatch(index -> serves(index, equality));
    assertThat(covered).as("shape with equality on %s", equality).isTrue();
  }

  private static boolean serves(IndexModel index, Set<String> equality) {
    List<String> keys =
        new ArrayList<>(
            index
                .getKeys()
                .toBsonDocument(BsonDocument.class, MongoClientSettings.getDefaultCodecRegistry())
                .keySet());
    int sortAt = keys.indexOf("stored");
    if (sortAt < 1 || !keys.subList(sortAt, keys.size()).equals(List.of("stored", "_id"))) {
      return false;
    }
    return equality.containsAll(keys.subList(0, sortAt));
  }

  /** Walks $and/$or and sorts fields into equality matches and range conditions. */
  private static void collect(BsonDocument filter, Set<String> equality, Set<String> ranges) {
    for (String key : filter.keySet()) {
      BsonValue v = filter.get(key);
      if (key.equals("$and") || key.equals("$or")) {
        boolean or = key.equals("$or");
        for (BsonValue part : v.asArray()) {
          // inside an $or (the page cursor) every field counts as a range on the sort keys
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
