package vn.hocba.lrs.xapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The running LRS driven by {@code @xapi/xapi} (npm), a widely used third-party xAPI client, with
 * raw attachments: {@code src/test/node/xapi-client/e2e.mjs} sends a statement with a text and a
 * binary attachment part, reads both back, queries, voids, and round-trips state, an activity
 * profile, the Activities and the Agents resources. Needs Node.js 20+ and npm (installed by {@code
 * .ci/run} where missing); the package is installed from its lock file on first use.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class XapiJsClientInteropTest {

  static final Path CLIENT = Path.of("src", "test", "node", "xapi-client");

  @LocalServerPort int port;

  @Test
  @DisplayName(
      "@xapi/xapi posts statements with attachments and uses every resource (Communication 1.5.2, 2.1-2.7)")
  void thirdPartyClientWorksEndToEnd() throws Exception {
    if (!Files.isDirectory(CLIENT.resolve("node_modules"))) {
      Result install = run(List.of("npm", "ci", "--no-audit", "--no-fund"), 300);
      assertThat(install.exit()).as("npm ci failed:%n%s", install.output()).isZero();
    }
    Result e2e =
        run(
            List.of(
                "node",
                "e2e.mjs",
                "http://127.0.0.1:" + port + "/xapi/",
                "test-key",
                "test-secret"),
            180);
    assertThat(e2e.exit()).as("the client run failed:%n%s", e2e.output()).isZero();
    assertThat(e2e.output()).contains("checks passed");
  }

  record Result(int exit, String output) {}

  private static Result run(List<String> command, int timeoutSeconds)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile("xapi-client", ".log");
    Process p =
        new ProcessBuilder(command)
            .directory(CLIENT.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly();
    }
    String out = Files.readString(log, StandardCharsets.UTF_8);
    // the client library prints whole request objects on failure: keep the head and the tail
    if (out.length() > 4000) {
      out = out.substring(0, 1500) + "\n...\n" + out.substring(out.length() - 2500);
    }
    return new Result(done ? p.exitValue() : -1, out);
  }
}
