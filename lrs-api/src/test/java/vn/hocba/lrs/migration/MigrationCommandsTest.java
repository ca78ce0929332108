package vn.hocba.lrs.migration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import vn.hocba.eventlog.MongoEventLog;
import vn.hocba.lrs.cli.Cli;
import vn.hocba.xapi.json.StrictJson;

/**
 * The {@code export}, {@code import} and {@code pull} commands, run in this JVM against the app
 * under test (the source) and a second app (the target), both on random loopback ports.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class MigrationCommandsTest {

  @LocalServerPort int port;
  @TempDir Path dir;
  Lrs source;
  Lrs target;

  @BeforeEach
  void lrs() {
    source = new Lrs(port);
    target = Lrs.target();
  }

  /** What a command printed and returned. */
  record Run(int code, String out, String err) {}

  static Run run(Cli.Command command, String... args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      try {
        code = command.run(List.of(args), o, e);
      } catch (java.io.IOException failed) { // as Cli.run reports it: exit code 1
        e.println("failed: " + failed);
        code = 1;
      }
    }
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  String[] credentials(String endpoint, String... more) {
    List<String> a = new ArrayList<>(List.of("--endpoint", endpoint, "--user", Lrs.KEY));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  static final Map<String, String> ENV = Map.of("LRS_PASSWORD", Lrs.SECRET);

  List<String> statements(int n, String registration) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(
          Lrs.statement(
              Lrs.id(),
              Lrs.mbox(),
              StatementMigrationTest.COMPLETED,
              "http://example.org/c/" + i,
              "\"context\":{\"registration\":\"" + registration + "\"}"));
    }
    return out;
  }

  static String idOf(String json) {
    return StrictJson.parse(json).get("id").asText();
  }

  @Nested
  @DisplayName("export and import")
  class ExportImport {

    @Test
    @DisplayName("export writes the filtered statements to a file; import moves them; again: no-op")
    void exportThenImport() throws Exception {
      String reg = Lrs.id();
      List<String> sent = statements(7, reg);
      source.post(sent.toArray(String[]::new));
      Path file = dir.resolve("history.ndjson");
      Run export =
          run(
              new ExportCommand(ENV),
              credentials(source.url, "--registration", reg, "--out", file.toString()));
      assertThat(export.code()).as(export.err()).isZero();
      assertThat(export.err()).contains("exported 7 statements");
      assertThat(Files.readAllLines(file)).hasSize(7);
      assertThat(Files.exists(dir.resolve("history.ndjson.part"))).isFalse();

      Run imported =
          run(
              new ImportCommand(ENV, System.in),
              credentials(target.url, "--file", file.toString(), "--chunk-lines", "3"));
      assertThat(imported.code()).as(imported.out()).isZero();
      assertThat(imported.out()).contains("lines 1-3:", "lines 7-7:", "7 stored");
      for (String s : sent) {
        assertThat(target.get("?statementId=" + idOf(s)).statusCode()).isEqualTo(200);
      }
      Run again =
          run(
              new ImportCommand(ENV, System.in),
              credentials(target.url, "--file", file.toString()));
      assertThat(again.out()).contains("0 stored, 7 already present");
    }

    @Test
    @DisplayName("a stopped import names the bad line and how to resume; --from-line resumes")
    void stopAndResume() throws Exception {
      List<String> lines = statements(6, Lrs.id());
      String good = lines.get(3);
      lines.set(3, good.replace("\"verb\":{", "\"verb\":{\"bogus\":1,"));
      Path file = dir.resolve("bad.ndjson");
      Files.write(file, lines);
      Run stopped =
          run(
              new ImportCommand(ENV, System.in),
              credentials(target.url, "--file", file.toString(), "--chunk-lines", "2"));
      assertThat(stopped.code()).isEqualTo(1);
      assertThat(stopped.out()).contains("line 4 (statement " + idOf(good) + "):", "--from-line 3");
      assertThat(target.get("?statementId=" + idOf(lines.get(1))).statusCode()).isEqualTo(200);
      assertThat(target.get("?statementId=" + idOf(lines.get(2))).statusCode()).isEqualTo(404);

      lines.set(3, good);
      Files.write(file, lines);
      Run resumed =
          run(
              new ImportCommand(ENV, System.in),
              credentials(target.url, "--file", file.toString(), "--from-line", "3"));
      assertThat(resumed.code()).as(resumed.out()).isZero();
      assertThat(resumed.out()).contains("4 stored, 0 already present");
    }

    @Test
    @DisplayName("an export cut off before its end fails and leaves no file")
    void truncatedExportLeavesNoFile() throws Exception {
      // an LRS that starts a chunked answer and then cuts the connection, as a failing server does
      try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        Thread cutter =
            new Thread(
                () -> {
                  try (Socket s = server.accept()) {
                    BufferedReader request =
                        new BufferedReader(
                            new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                    String header;
                    while ((header = request.readLine()) != null && !header.isEmpty()) {
                      // read the request head
                    }
                    s.getOutputStream()
                        .write(
                            ("HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\n"
                                    + "Transfer-Encoding: chunked\r\n\r\nb\r\n{\"id\":\"x\"}\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                  } catch (java.io.IOException ignored) {
                    // the test fails on its own if the client saw no answer
                  }
                });
        cutter.start();
        Path file = dir.resolve("cut.ndjson");
        Run r =
            run(
                new ExportCommand(ENV),
                credentials("http://127.0.0.1:" + server.getLocalPort(), "--out", file.toString()));
        cutter.join(10_000);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("cut off");
        assertThat(Files.exists(file)).isFalse();
        assertThat(Files.exists(dir.resolve("cut.ndjson.part"))).isFalse();
      }
    }

    @Test
    @DisplayName("the jar knows the commands; a missing option is a usage error (exit code 2)")
    void usage() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
      assertThat(Cli.run(new String[] {"help"}, o, o)).isZero();
      assertThat(out.toString(StandardCharsets.UTF_8)).contains("export", "import", "pull");
      assertThat(Cli.isCommand(new String[] {"pull"})).isTrue();
      assertThat(Cli.run(new String[] {"export", "--out", "x.ndjson"}, o, o)).isEqualTo(2);
      assertThat(Cli.run(new String[] {"import", "--file"}, o, o)).isEqualTo(2);
      assertThat(Cli.run(new String[] {"pull", "--bogus", "1"}, o, o)).isEqualTo(2);
    }
  }

  @Nested
  @DisplayName("pull from another LRS's xAPI endpoint")
  class Pull {

    static String sha256(byte[] b) throws Exception {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    /** POSTs a statement with one raw attachment to the source (Communication 1.5.2). */
    void postWithAttachment(String id, String registration, byte[] bytes) throws Exception {
      String json =
          Lrs.statement(
              id,
              Lrs.mbox(),
              StatementMigrationTest.COMPLETED,
              "http://example.org/with-attachment",
              ("\"context\":{\"registration\":\"%s\"},\"attachments\":[{\"usageType\":"
                      + "\"http://example.org/usage/report\",\"display\":{\"vi\":\"báo cáo\"},"
                      + "\"contentType\":\"application/octet-stream\",\"length\":%d,\"sha2\":\"%s\"}]")
                  .formatted(registration, bytes.length, sha256(bytes)));
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      body.writeBytes(
          ("--b1\r\nContent-Type: application/json\r\n\r\n"
                  + json
                  + "\r\n--b1\r\n"
                  + "Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\n"
                  + "X-Experience-API-Hash: "
                  + sha256(bytes)
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8));
      body.writeBytes(bytes);
      body.writeBytes("\r\n--b1--\r\n".getBytes(StandardCharsets.UTF_8));
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(source.url + "/xapi/statements"))
                      .header("Authorization", basic())
                      .header("X-Experience-API-Version", "2.0.0")
                      .header("Content-Type", "multipart/mixed; boundary=b1")
                      .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    static String basic() {
      return "Basic "
          + Base64.getEncoder()
              .encodeToString((Lrs.KEY + ":" + Lrs.SECRET).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName(
        "follows more links, keeps ids, carries voided targets and attachment bytes; a second"
            + " pull stores nothing")
    void pullsEverythingOnce() throws Exception {
      String marker = Lrs.id();
      source.post(Lrs.completed(marker, Lrs.mbox(), "http://example.org/marker"));
      String since =
          StrictJson.parse(source.get("?statementId=" + marker).body()).get("stored").asText();
      Thread.sleep(5); // what follows is stored strictly after the marker
      String reg = Lrs.id();
      List<String> sent = statements(5, reg);
      source.post(sent.toArray(String[]::new));
      String voidedId = idOf(sent.get(1));
      String voiding = Lrs.id();
      source.post(Lrs.voiding(voiding, Lrs.mbox(), voidedId));
      source.post(Lrs.voiding(Lrs.id(), Lrs.mbox(), Lrs.id())); // its target is nowhere
      byte[] bytes = new byte[3000];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) (i * 7 + 0x80);
      }
      String withAttachment = Lrs.id();
      postWithAttachment(withAttachment, reg, bytes);

      String[] args =
          credentials(
              target.url,
              "--from",
              source.url + "/xapi",
              "--from-user",
              Lrs.KEY,
              "--from-password",
              Lrs.SECRET,
              "--since",
              since,
              "--page-size",
              "2");
      Run pull = run(new PullCommand(ENV), args);
      assertThat(pull.code()).as(pull.out() + pull.err()).isZero();
      assertThat(pull.out()).contains("page 4:", "(+1 voided)", "1 statement(s) with attachment");
      assertThat(pull.out()).contains("--since ");

      for (String s : sent) {
        String id = idOf(s);
        assertThat(target.get((id.equals(voidedId) ? "?voidedStatementId=" : "?statementId=") + id))
            .extracting(HttpResponse::statusCode)
            .isEqualTo(200);
      }
      assertThat(target.get("?statementId=" + voidedId).statusCode()).isEqualTo(404);
      assertThat(target.get("?statementId=" + voiding).statusCode()).isEqualTo(200);
      JsonNode copy = StrictJson.parse(target.get("?statementId=" + withAttachment).body());
      assertThat(copy.at("/attachments/0/sha2").asText()).isEqualTo(sha256(bytes));
      HttpResponse<byte[]> withBytes =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              target.url
                                  + "/xapi/statements?attachments=true&statementId="
                                  + withAttachment))
                      .header("Authorization", basic())
                      .header("X-Experience-API-Version", "2.0.0")
                      .build(),
                  HttpResponse.BodyHandlers.ofByteArray());
      assertThat(withBytes.headers().firstValue("Content-Type").orElse(""))
          .startsWith("multipart/mixed");
      assertThat(indexOf(withBytes.body(), bytes)).isPositive();

      long logEnd = target.bean(MongoEventLog.class).nextPosition();
      Run again = run(new PullCommand(ENV), args);
      assertThat(again.code()).as(again.out()).isZero();
      assertThat(again.out()).contains(" 0 stored, 8 already present");
      assertThat(target.bean(MongoEventLog.class).nextPosition()).isEqualTo(logEnd);
    }

    static int indexOf(byte[] haystack, byte[] needle) {
      outer:
      for (int i = 0; i + needle.length <= haystack.length; i++) {
        for (int j = 0; j < needle.length; j++) {
          if (haystack[i + j] != needle[j]) {
            continue outer;
          }
        }
        return i;
      }
      return -1;
    }
  }
}
