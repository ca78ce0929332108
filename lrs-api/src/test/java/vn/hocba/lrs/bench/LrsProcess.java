package vn.hocba.lrs.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The LRS jar started as a child JVM on a free loopback port with a fresh data directory. */
final class LrsProcess implements AutoCloseable {

  final Process process;
  final String url;
  final Path dataDir;
  final Path log;
  private final boolean keepData;

  private LrsProcess(Process process, String url, Path dataDir, Path log, boolean keepData) {
    this.process = process;
    this.url = url;
    this.dataDir = dataDir;
    this.log = log;
    this.keepData = keepData;
  }

  static LrsProcess start(
      Path jar, String key, String secret, List<String> jvmOptions, boolean keepData)
      throws IOException {
    Path dir = Files.createTempDirectory("hocba-bench-");
    return start(jar, key, secret, jvmOptions, List.of(), keepData, dir.resolve("data"));
  }

  /**
   * Starts the jar on {@code dataDir} (its parent also holds the log), e.g. again on the data of a
   * process that was closed with keepData; {@code args} are the LRS's own arguments.
   */
  static LrsProcess start(
      Path jar,
      String key,
      String secret,
      List<String> jvmOptions,
      List<String> args,
      boolean keepData,
      Path dataDir)
      throws IOException {
    if (!Files.isRegularFile(jar)) {
      throw new IOException("no LRS jar at " + jar + " (build it: mvn -B -DskipTests package)");
    }
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path log = dataDir.getParent().resolve("lrs-" + System.nanoTime() + ".log");
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.addAll(jvmOptions);
    cmd.add("-jar");
    cmd.add(jar.toAbsolutePath().toString());
    cmd.addAll(args);
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("LRS_DATA_DIR", dataDir.toString());
    pb.environment().put("LRS_BOOTSTRAP_KEY", key);
    pb.environment().put("LRS_BOOTSTRAP_SECRET", secret);
    pb.environment().put("SERVER_PORT", Integer.toString(port));
    pb.environment().put("SERVER_ADDRESS", "127.0.0.1");
    return new LrsProcess(pb.start(), "http://127.0.0.1:" + port, dataDir, log, keepData);
  }

  long pid() {
    return process.pid();
  }

  /** Waits until GET /xapi/about answers 200; fails if the process ends or the time runs out. */
  void awaitReady(HttpClient http, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    HttpRequest about =
        HttpRequest.newBuilder(URI.create(url + "/xapi/about"))
            .header("X-Experience-API-Version", "1.0.3")
            .timeout(Duration.ofSeconds(5))
            .build();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("the LRS ended with code " + process.exitValue() + "\n" + logTail());
      }
      try {
        if (http.send(about, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new IOException(
        "the LRS did not answer /xapi/about within " + timeout + "\n" + logTail());
  }

  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public synchronized void close() {
    if (process.isAlive()) {
      process.destroy(); // SIGTERM: Spring closes the store cleanly
      try {
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    if (!keepData) {
      deleteTree(dataDir.getParent());
    }
  }

  static void deleteTree(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp directory left behind is harmless
    }
  }
}
