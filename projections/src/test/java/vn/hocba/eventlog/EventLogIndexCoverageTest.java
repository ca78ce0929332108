package vn.hocba.eventlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import vn.hocba.projection.IndexCoverage;

/** The event log's only non-_id query (a token at a time) has a declared index. */
class EventLogIndexCoverageTest {

  @Test
  @DisplayName("createTokenAt's query is served by the declared (ts, _id) index")
  void tokenAtIsCovered() {
    assertThat(
            IndexCoverage.covered(
                MongoEventLog.tokenAtFilter(Instant.EPOCH),
                List.of("ts", "_id"),
                MongoEventLog.indexes()))
        .isTrue();
  }
}
