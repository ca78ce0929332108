package vn.hocba.lrs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.hocba.lrs.store.EmbeddedStore;

class CliTest {

  @Test
  @DisplayName("help, --help and -h list the commands instead of starting the server")
  void helpFlagsAreTheHelpCommand() {
    for (String flag : new String[] {"help", "--help", "-help", "-h", "-?"}) {
      assertThat(Cli.isCommand(new String[] {flag})).as(flag).isTrue();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code =
          Cli.run(
              new String[] {flag},
              new PrintStream(out, true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8));
      assertThat(code).as(flag).isZero();
      assertThat(out.toString(StandardCharsets.UTF_8))
          .as(flag)
          .contains("starts the LRS")
          .contains("verify-chain")
          .contains("rebuild");
      assertThat(err.toString(StandardCharsets.UTF_8)).as(flag).isEmpty();
    }
  }

  @Test
  @DisplayName("server options and no arguments start the server")
  void serverOptionsAreNotCommands() {
    assertThat(Cli.isCommand(new String[0])).isFalse();
    assertThat(Cli.isCommand(new String[] {"--server.port=9090"})).isFalse();
    assertThat(Cli.isCommand(new String[] {"--lrs.xapi.unversioned-response-version=1.0.3"}))
        .isFalse();
    assertThat(Cli.isCommand(new String[] {"verify-chain", "--data-dir", "x"})).isTrue();
  }

  /** A command's exit code and what it wrote to standard error. */
  record Ran(int code, String err) {}

  static Ran run(String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Cli.run(
            args,
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Ran(code, err.toString(StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("a command on a store another process holds says so, in Vietnamese and English")
  void storeInUse(@TempDir Path dir) {
    MVStore held = EmbeddedStore.open(dir.resolve("hocba.mv"), 8);
    try {
      Ran audit =
          run(
              "audit-person",
              "--programme-file",
              "../docs/examples/quang-nam-2025.yaml",
              "--learner",
              "mailto:lan@example.org",
              "--data-dir",
              dir.toString());
      assertThat(audit.code()).isEqualTo(1);
      assertThat(audit.err())
          .startsWith("audit-person: kho nhúng đang được tiến trình khác mở")
          .contains(dir.resolve("hocba.mv").toString())
          .contains("in use by another process")
          .doesNotContain("Exception");
      Ran verify = run("verify-chain", "--data-dir", dir.toString());
      assertThat(verify.code()).isEqualTo(2);
      assertThat(verify.err())
          .contains("the embedded store is open in another process")
          .contains("GET /admin/chain/verify");
    } finally {
      held.close();
    }
  }

  @Test
  @DisplayName("a command on a damaged store names it and stops")
  void storeUnreadable(@TempDir Path dir) throws Exception {
    Files.write(dir.resolve("hocba.mv"), new byte[64 * 1024]);
    Ran verify = run("verify-chain", "--data-dir", dir.toString());
    assertThat(verify.code()).isEqualTo(1);
    assertThat(verify.err())
        .startsWith("verify-chain: không đọc được kho nhúng / the embedded store ")
        .contains(dir.resolve("hocba.mv").toString())
        .contains("cannot be read");
  }
}
