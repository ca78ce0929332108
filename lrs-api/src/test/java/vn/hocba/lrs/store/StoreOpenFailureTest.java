package vn.hocba.lrs.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
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
  @DisplayName(
      "a store file open elsewhere is refused with its name, and the start failure says what to do")
  void inUse() {
    Path file = dir.resolve("hocba.mv");
    MVStore first = EmbeddedStore.open(file, 8);
    try {
      EmbeddedStore.StoreInUseException e =
          assertThrows(EmbeddedStore.StoreInUseException.class, () -> EmbeddedStore.open(file, 8));
      assertThat(e.getMessage()).contains(file.toString()).contains("LRS_DATA_DIR");
      FailureAnalysis analysis = analysis(StoreOpenFailureAnalyzer.class, e);
      assertThat(analysis.getDescription()).contains(file.toString()).contains("LRS_DATA_DIR");
      assertThat(analysis.getAction()).contains("Stop the other process");
    } finally {
      first.close();
    }
    EmbeddedStore.open(file, 8).close(); // free again once the first has closed it
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
    FailureAnalysis analysis = analysis(StoreOpenFailureAnalyzer.class, e);
    assertThat(analysis.getDescription()).startsWith("The embedded store " + file);
    assertThat(analysis.getAction()).contains("LRS_DATA_DIR").contains("docs/migration.md");
    assertThat(Files.readAllBytes(file)).isEqualTo(noise); // left as it was
  }

  /**
   * What the analyzer of {@code type}, loaded as Boot loads them at a failed start, says about a
   * bean creation failure caused by {@code cause}. Analyzers that need a bean factory are skipped.
   */
  private static FailureAnalysis analysis(Class<?> type, Throwable cause) {
    return SpringFactoriesLoader.forDefaultResourceLocation()
        .load(FailureAnalyzer.class, (factory, name, skipped) -> {})
        .stream()
        .filter(type::isInstance)
        .findFirst()
        .orElseThrow()
        .analyze(new IllegalStateException("bean creation failed", cause));
  }
}
