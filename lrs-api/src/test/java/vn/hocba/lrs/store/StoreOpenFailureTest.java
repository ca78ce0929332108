package vn.hocba.lrs.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;

/**
 * A store file that is already open (a second LRS on the same data directory) or cannot be read:
 * the LRS must not start, and must say why and what to do.
 */
class StoreOpenFailureTest {

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
          analyzers().stream()
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

  @Test
  @DisplayName(
      "a damaged store file is refused with its name, and the start failure says what to do")
  void damagedStore() throws Exception {
    Path file = dir.resolve("hocba.mv");
    byte[] noise = new byte[64 * 1024];
    new Random(7).nextBytes(noise);
    Files.write(file, noise);
    EmbeddedStore.StoreUnreadableException e =
        assertThrows(
            EmbeddedStore.StoreUnreadableException.class, () -> EmbeddedStore.open(file, 8));
    assertThat(e.getMessage()).contains(file.toString()).contains("cannot be read");
    FailureAnalysis analysis =
        analyzers().stream()
            .filter(a -> a instanceof StoreUnreadableFailureAnalyzer)
            .findFirst()
            .orElseThrow()
            .analyze(new IllegalStateException("bean creation failed", e));
    assertThat(analysis.getDescription()).startsWith("The embedded store " + file);
    assertThat(analysis.getAction()).contains("LRS_DATA_DIR").contains("docs/migration.md");
    assertThat(Files.readAllBytes(file)).isEqualTo(noise); // left as it was
  }

  /** The failure analyzers as Boot loads them; those that need a bean factory are skipped. */
  private static List<FailureAnalyzer> analyzers() {
    return SpringFactoriesLoader.forDefaultResourceLocation()
        .load(FailureAnalyzer.class, (type, name, skipped) -> {});
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
