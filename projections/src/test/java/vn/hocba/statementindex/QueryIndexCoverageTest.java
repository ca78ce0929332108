package vn.hocba.statementindex;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import vn.hocba.projection.IndexCoverage;

/**
 * Every query shape the statement index issues is served by a declared index on a real MongoDB
 * (rule in {@link IndexCoverage}); the (stored, _id) sort also serves since/until and the cursor.
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
    var filter = StatementQueries.filter(q);
    assertThat(IndexCoverage.shape(filter).ranges()).isSubsetOf("stored", "_id");
    assertThat(IndexCoverage.covered(filter, List.of("stored", "_id"), StatementQueries.indexes()))
        .as("shape %s", IndexCoverage.shape(filter))
        .isTrue();
  }
}
