package vn.hocba.lrs.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.ActiveProfiles;

/**
 * What an operator reads when the LRS starts on the embedded store. The property below only makes
 * this context a new one, so that its start is captured here and not reused from another test.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "hocba.test.startup-log=captured")
@ActiveProfiles("test")
class StartupLogTest {

  @Test
  @DisplayName(
      "the start names the store and what it does with indexes once, without a warning per index")
  void oneLineAboutIndexesNoWarnings(CapturedOutput output) {
    String log = output.getAll();
    assertThat(log)
        .contains("store: embedded mongo-java-server, memory backend")
        .contains(Store.SCANS.substring(2));
    // the LRS declares non-unique indexes for a real MongoDB; mongo-java-server ignores each one
    // with a warning unless its logger is turned down (application.yml)
    assertThat(log).doesNotContain("is not yet implemented");
    assertThat(log.lines().filter(l -> l.contains(" WARN ") && l.contains("bwaldvogel"))).isEmpty();
  }
}
