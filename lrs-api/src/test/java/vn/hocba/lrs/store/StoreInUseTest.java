package vn.hocba.lrs.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;

/** A store file that is already open: a second LRS on the same data directory must not start. */
class StoreInUseTest {

  @TempDir Path dir;

  @Test
  @DisplayName("opening a store file that is open elsewhere names the file and LRS_DATA_DIR")
  void secondOpenRefused() {
    Path file = dir.resolve("hocba.mv");
    MVStore first = EmbeddedStore.open(file, 8);
    try {
      assertThatThrownBy(() -> EmbeddedStore.open(file, 8))
          .isInstanceOf(EmbeddedStore.StoreInUseException.class)
          .hasMessageContaining(file.toString())
          .hasMessageContaining("LRS_DATA_DIR");
    } finally {
      first.close();
    }
    EmbeddedStore.open(file, 8).close(); // free again once the first has closed it
  }

  @Test
  @DisplayName("Spring Boot's start failure says what holds the store and what to do")
  void failureAnalysis() {
    Path file = dir.resolve("hocba.mv");
    MVStore first = EmbeddedStore.open(file, 8);
    try {
      RuntimeException failure = new IllegalStateException("bean creation failed", catchOpen(file));
      FailureAnalysis analysis =
          // as Boot loads them at a failed start; analyzers that need a bean factory are skipped
          SpringFactoriesLoader.forDefaultResourceLocation()
              .load(FailureAnalyzer.class, (type, name, skipped) -> {})
              .stream()
              .filter(a -> a instanceof StoreInUseFailureAnalyzer)
              .findFirst()
              .orElseThrow()
              .analyze(failure);
      assertThat(analysis.getDescription()).contains(file.toString()).contains("LRS_DATA_DIR");
      assertThat(analysis.getAction()).contains("Stop the other process");
    } finally {
      first.close();
    }
  }

  private static Throwable catchOpen(Path file) {
    try {
      EmbeddedStore.open(file, 8).close();
      throw new AssertionError("the second open succeeded");
    } catch (EmbeddedStore.StoreInUseException e) {
      return e;
    }
  }
}
