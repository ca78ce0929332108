package vn.hocba.documents;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vn.hocba.projection.IndexCoverage;

/** Every document list query (Communication 2.3.s4, 2.6.s4, 2.7.s4) has a declared index. */
class DocumentQueryIndexCoverageTest {

  @ParameterizedTest(name = "{0} registration={1} since={2}")
  @CsvSource({
    "STATE, false, false",
    "STATE, true, false",
    "STATE, false, true",
    "STATE, true, true",
    "ACTIVITY_PROFILE, false, false",
    "ACTIVITY_PROFILE, false, true",
    "AGENT_PROFILE, false, false",
    "AGENT_PROFILE, false, true"
  })
  @DisplayName("each document list shape has a declared index")
  void everyListShapeIsCovered(DocumentStore.Kind kind, boolean registration, boolean since) {
    String activity = kind == DocumentStore.Kind.AGENT_PROFILE ? null : "http://example.org/a";
    String agent = kind == DocumentStore.Kind.ACTIVITY_PROFILE ? null : "mbox:mailto:a@b.c";
    var filter =
        DocumentStore.filter(
            kind, activity, agent, registration ? "r" : null, since ? Instant.EPOCH : null);
    assertThat(IndexCoverage.covered(filter, List.of(), DocumentStore.indexes()))
        .as("shape %s", IndexCoverage.shape(filter))
        .isTrue();
  }

  @org.junit.jupiter.api.Test
  @DisplayName("a document's change history is read by its document key")
  void historyIsCovered() {
    assertThat(
            IndexCoverage.covered(
                com.mongodb.client.model.Filters.eq("doc", "k"),
                List.of(),
                DocumentStore.changeIndexes()))
        .isTrue();
  }
}
