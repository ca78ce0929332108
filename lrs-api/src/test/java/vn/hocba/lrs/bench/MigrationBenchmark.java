package vn.hocba.lrs.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import vn.hocba.xapi.json.StrictJson;

/**
 * Import and export at volume, with the LRS's heap capped below the data's size: imports N
 * generated statements in one streamed POST /admin/import/statements, restarts the LRS on the same
 * data with a small heap, exports everything through GET /admin/export/statements, then imports the
 * export again (every statement already present). Prints throughput and the largest heap use the
 * LRS reported while exporting. A program, not a test: {@code bin/migration-benchmark}. See
 * docs/benchmark.md.
 */
final class MigrationBenchmark {

  static final String USAGE =
      """
      bin/migration-benchmark [options]
        --jar PATH           LRS jar to start (default lrs-api/target/lrs.jar)
        --statements N       statements to import and export (default 50000)
        --pad BYTES          extra bytes per statement, in a result extension (default 2000)
        --import-heap SIZE   -Xmx of the LRS while importing (default 256m)
        --export-heap SIZE   -Xmx of the LRS while exporting and re-importing (default 64m)
        --keep-data          keep the data directory and logs
      """;

  private static final String KEY = "bench";
  private static final String SECRET = "bench-secret";

  public static void main(String[] args) throws Exception {
    Map<String, String> o = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--help")) {
        System.out.print(USAGE);
        return;
      }
      if (args[i].equals("--keep-data")) {
        o.put("keep-data", "true");
      } else if (args[i].startsWith("--") && i + 1 < args.length) {
        o.put(args[i].substring(2), args[++i]);
      } else {
        throw new IllegalArgumentException("bad argument " + args[i] + "\n" + USAGE);
      }
    }
    Path jar = Path.of(o.getOrDefault("jar", "lrs-api/target/lrs.jar"));
    int n = Integer.parseInt(o.getOrDefault("statements", "50000"));
    int pad = Integer.parseInt(o.getOrDefault("pad", "2000"));
    String importHeap = o.getOrDefault("import-heap", "256m");
    String exportHeap = o.getOrDefault("export-heap", "64m");
    boolean keep = o.containsKey("keep-data");
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    List<String> lrsArgs = List.of("--lrs.store.cache-mb=8");

    // the embedded store's page cache lives in the heap (lrs.store.cache-mb, default 32)
    Path dataDir = Files.createTempDirectory("hocba-migration-bench-").resolve("data");
    double importSeconds;
    long bodyBytes;
    try (LrsProcess lrs =
        LrsProcess.start(
            jar,
            KEY,
            SECRET,
            List.of("-Xmx" + importHeap, "-XX:+ExitOnOutOfMemoryError"),
            lrsArgs,
            true,
            dataDir)) {
      lrs.awaitReady(http, Duration.ofMinutes(3));
      Generated body = new Generated(n, pad);
      long t0 = System.nanoTime();
      String report = importBody(http, lrs.url, body);
      importSeconds = (System.nanoTime() - t0) / 1e9;
      bodyBytes = body.bytes.get();
      require(number(report, "stored") == n, "import stored all statements: " + report);
    }

    long lines;
    long exportBytes;
    double exportSeconds;
    double reimportSeconds;
    long peakHeap;
    try (LrsProcess lrs =
        LrsProcess.start(
            jar,
            KEY,
            SECRET,
            List.of("-Xmx" + exportHeap, "-XX:+ExitOnOutOfMemoryError"),
            lrsArgs,
            keep,
            dataDir)) {
      lrs.awaitReady(http, Duration.ofMinutes(3));
      HeapSampler heap = new HeapSampler(http, lrs.url);
      heap.start();
      long t0 = System.nanoTime();
      HttpResponse<InputStream> r =
          http.send(
              request(lrs.url + "/admin/export/statements").GET().build(),
              HttpResponse.BodyHandlers.ofInputStream());
      require(r.statusCode() == 200, "export answered " + r.statusCode());
      long[] counted = count(r.body());
      exportSeconds = (System.nanoTime() - t0) / 1e9;
      heap.finish();
      peakHeap = heap.peak.get();
      lines = counted[0];
      exportBytes = counted[1];
      require(lines == n, "export wrote " + lines + " of " + n + " statements");
      require(lrs.process.isAlive(), "the LRS is still running after the export");

      t0 = System.nanoTime();
      String again = importBody(http, lrs.url, new Generated(n, pad));
      reimportSeconds = (System.nanoTime() - t0) / 1e9;
      require(
          number(again, "alreadyPresent") == n && number(again, "stored") == 0,
          "a second import stores nothing: " + again);
    }

    System.out.printf(
        Locale.ROOT,
        """
        statements            %,d (%,.1f MB of NDJSON, %,d bytes each on average)
        import                %.1f s, %,.0f statements/s, %.1f MB/s  (LRS -Xmx%s, one streamed request)
        export                %.1f s, %,.0f statements/s, %.1f MB/s  (LRS -Xmx%s)
        largest heap in use   %.1f MB while exporting %.1f MB (sampled every 100 ms, garbage included)
        import again          %.1f s, %,.0f statements/s, every statement already present (-Xmx%s)
        """,
        n,
        bodyBytes / 1e6,
        bodyBytes / n,
        importSeconds,
        n / importSeconds,
        bodyBytes / 1e6 / importSeconds,
        importHeap,
        exportSeconds,
        n / exportSeconds,
        exportBytes / 1e6 / exportSeconds,
        exportHeap,
        peakHeap / 1e6,
        exportBytes / 1e6,
        reimportSeconds,
        n / reimportSeconds,
        exportHeap);
    if (!keep) {
      LrsProcess.deleteTree(dataDir.getParent());
    }
  }

  static HttpRequest.Builder request(String url) {
    return HttpRequest.newBuilder(URI.create(url))
        .header(
            "Authorization",
            "Basic "
                + Base64.getEncoder()
                    .encodeToString((KEY + ":" + SECRET).getBytes(StandardCharsets.UTF_8)))
        .timeout(Duration.ofHours(2));
  }

  static String importBody(HttpClient http, String url, Generated body)
      throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            request(url + "/admin/import/statements")
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    require(r.statusCode() == 200, "import answered " + r.statusCode() + ": " + r.body());
    return r.body();
  }

  static long number(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":(\\d+)").matcher(json);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  static long[] count(InputStream in) throws IOException {
    byte[] buffer = new byte[1 << 16];
    long lines = 0;
    long bytes = 0;
    try (in) {
      int k;
      while ((k = in.read(buffer)) > 0) {
        bytes += k;
        for (int i = 0; i < k; i++) {
          if (buffer[i] == '\n') {
            lines++;
          }
        }
      }
    }
    return new long[] {lines, bytes};
  }

  static void require(boolean condition, String what) {
    if (!condition) {
      throw new IllegalStateException("failed: " + what);
    }
  }

  /**
   * The NDJSON body, generated as it is read (the benchmark never holds it either): the ingestion
   * benchmark's statements with a padding extension, the same ids for the same seed.
   */
  static final class Generated extends InputStream {
    private final StatementGenerator generator = new StatementGenerator(7, 300);
    private final String padding;
    private int left;
    private byte[] current = new byte[0];
    private int at;
    final AtomicLong bytes = new AtomicLong();

    Generated(int statements, int pad) {
      this.left = statements;
      this.padding = "x".repeat(pad);
    }

    private boolean fill() {
      if (at < current.length) {
        return true;
      }
      if (left == 0) {
        return false;
      }
      left--;
      String s = generator.next();
      if (!padding.isEmpty()) {
        ObjectNode statement = (ObjectNode) StrictJson.parse(s);
        ObjectNode result =
            statement.has("result")
                ? (ObjectNode) statement.get("result")
                : statement.putObject("result");
        ObjectNode extensions =
            result.has("extensions")
                ? (ObjectNode) result.get("extensions")
                : result.putObject("extensions");
        extensions.put("https://hocba.example.vn/xapi/extensions/ghi-chu", padding);
        s = StrictJson.write(statement);
      }
      current = (s + "\n").getBytes(StandardCharsets.UTF_8);
      at = 0;
      bytes.addAndGet(current.length);
      return true;
    }

    @Override
    public int read() {
      return fill() ? current[at++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (!fill()) {
        return -1;
      }
      int k = Math.min(len, current.length - at);
      System.arraycopy(current, at, b, off, k);
      at += k;
      return k;
    }
  }

  /** Polls the LRS's heap use (actuator jvm.memory.used, area heap) and keeps the largest. */
  static final class HeapSampler extends Thread {
    private final HttpClient http;
    private final String url;
    private final AtomicBoolean running = new AtomicBoolean(true);
    final AtomicLong peak = new AtomicLong();

    HeapSampler(HttpClient http, String url) {
      this.http = http;
      this.url = url;
      setDaemon(true);
    }

    @Override
    public void run() {
      Pattern value = Pattern.compile("\"value\":([0-9.Ee+]+)");
      while (running.get()) {
        try {
          String body =
              http.send(
                      HttpRequest.newBuilder(
                              URI.create(url + "/actuator/metrics/jvm.memory.used?tag=area:heap"))
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body();
          Matcher m = value.matcher(body);
          if (m.find()) {
            peak.accumulateAndGet((long) Double.parseDouble(m.group(1)), Math::max);
          }
          Thread.sleep(100);
        } catch (IOException e) {
          // the next sample will do
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    void finish() {
      running.set(false);
    }
  }
}
