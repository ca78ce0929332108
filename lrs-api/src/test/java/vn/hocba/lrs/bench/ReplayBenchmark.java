package vn.hocba.lrs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.bson.Document;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import vn.hocba.eventlog.MongoEventLog;
import vn.hocba.eventlog.StatementLedger;
import vn.hocba.lrs.HocbaApplication;
import vn.hocba.lrs.store.EmbeddedStore;
import vn.hocba.statements.PreparedStatement;
import vn.hocba.statements.StatementPreparation;
import vn.hocba.statements.StatementRecordedEvent;
import vn.hocba.xapi.json.StrictJson;
import vn.hocba.xapi.model.XapiVersion;

/**
 * Replay benchmark: builds an event log of a million statement events in a fresh embedded H2 store
 * (in process, through {@link StatementLedger#record} in large batches, so the hash chain and the
 * write-side keys are the real ones), then rebuilds every read model from event zero through {@code
 * POST /admin/rebuilds/<group>}, one group after the other, and reports events per second per slice
 * of the log (to show the cost per event stays flat as the log grows), CPU per event, the token
 * sizes, and how a POST fares during the rebuild. A program, not a test: run it with {@code
 * bin/replay-benchmark}. See docs/benchmark.md.
 */
final class ReplayBenchmark {

  private static final String USAGE =
      """
      ReplayBenchmark [options]
        --events N        statement events in the log (default 1000000)
        --build MODE      append (default: prepared statements appended as one commit per batch,
                          hash chain linked by the ledger, no write-side keys) or record (as a
                          POST: StatementLedger.record, with the write-side keys; slower)
        --batch N         statements per commit while building (default 1000)
        --slice N         events per reported slice (default 100000)
        --port P          HTTP port of the in-process LRS (default 18200)
        --data-dir DIR    store directory (default: a fresh temporary one, deleted at the end);
                          an existing store with enough events is reused without building
        --keep-data       keep the store directory
        --groups a,b      processing groups to rebuild (default: every streaming processor)
        --no-tracking     skip the pass that reads the log with no handlers
        --cache-mb N      H2 page cache (default 32, as the LRS)
        --no-probe        do not POST statements during the rebuilds
        --seed N          statement stream (default 7)
        --learners N      distinct learners (default 3000)
      """;

  private static final String KEY = "bench";
  private static final String SECRET = "bench-secret";

  private final Map<String, String> options;
  private final long events;
  private final long slice;
  private final int port;
  private final HttpClient http = HttpClient.newHttpClient();
  private final StringBuilder report = new StringBuilder();

  private ReplayBenchmark(Map<String, String> options) {
    this.options = options;
    this.events = Long.parseLong(options.getOrDefault("events", "1000000"));
    this.slice = Long.parseLong(options.getOrDefault("slice", "100000"));
    this.port = Integer.parseInt(options.getOrDefault("port", "18200"));
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> o = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument " + a + "\n" + USAGE);
      }
      String name = a.substring(2);
      if (List.of("help", "keep-data", "no-probe", "no-tracking").contains(name)) {
        o.put(name, "true");
      } else if (i + 1 < args.length) {
        o.put(name, args[++i]);
      } else {
        throw new IllegalArgumentException("--" + name + " needs a value\n" + USAGE);
      }
    }
    if (o.containsKey("help")) {
      System.out.println(USAGE);
      return;
    }
    new ReplayBenchmark(o).run();
    System.exit(0); // Axon's event store janitor is not a daemon thread and outlives the context
  }

  private void run() throws Exception {
    boolean temporary = !options.containsKey("data-dir");
    Path dir =
        temporary
            ? Files.createTempDirectory("hocba-replay-")
            : Path.of(options.get("data-dir")).toAbsolutePath();
    System.setProperty("axoniq.update-checker.disabled", "true");
    System.setProperty("disable-axoniq-console-message", "true");
    ConfigurableApplicationContext ctx =
        new SpringApplicationBuilder(HocbaApplication.class)
            .run( // as arguments: they win over application.yml and the environment
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--lrs.data-dir=" + dir,
                "--lrs.mongodb.uri=",
                "--lrs.store.embedded=h2",
                "--lrs.store.cache-mb="
                    + options.getOrDefault(
                        "cache-mb", String.valueOf(EmbeddedStore.DEFAULT_CACHE_MB)),
                "--lrs.bootstrap.key=" + KEY,
                "--lrs.bootstrap.secret=" + SECRET,
                "--logging.level.root=WARN",
                "--logging.level.vn.hocba.lrs.admin=INFO");
    try {
      line(
          "replay benchmark: %s, Java %s, %d cores, max heap %d MB, store %s",
          java.time.Instant.now(),
          System.getProperty("java.version"),
          Runtime.getRuntime().availableProcessors(),
          Runtime.getRuntime().maxMemory() >> 20,
          dir.resolve("hocba.mv"));
      EventProcessingConfiguration processing = ctx.getBean(EventProcessingConfiguration.class);
      Map<String, StreamingEventProcessor> processors = processors(processing);
      // the read models stay still while the log is built; the rebuilds replay it
      processors.values().forEach(StreamingEventProcessor::shutDown);
      MongoEventLog log = ctx.getBean(MongoEventLog.class);
      build(ctx.getBean(StatementLedger.class), log);
      long head = log.nextPosition() - 1;
      line("log: %d events, store file %d MB", head + 1, Files.size(dir.resolve("hocba.mv")) >> 20);
      if (!options.containsKey("no-tracking")) {
        trackingOnly(log, head);
      }
      placeTokensAtHead(ctx.getBean(TokenStore.class), processors.keySet(), head);
      processors.values().forEach(StreamingEventProcessor::start);

      List<String> groups =
          options.containsKey("groups")
              ? List.of(options.get("groups").split(","))
              : new ArrayList<>(processors.keySet());
      MongoDatabase db = ctx.getBean(MongoDatabase.class);
      for (String group : groups) {
        rebuild(group, processors.get(group), db);
      }
      System.out.println();
      System.out.println("==== summary ====");
      System.out.print(report);
    } finally {
      ctx.close();
      if (temporary && !options.containsKey("keep-data")) {
        delete(dir);
      } else {
        System.out.println("store kept at " + dir);
      }
    }
  }

  private static Map<String, StreamingEventProcessor> processors(EventProcessingConfiguration p) {
    Map<String, StreamingEventProcessor> out = new LinkedHashMap<>();
    p.eventProcessors().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> {
              if (e.getValue() instanceof StreamingEventProcessor s) {
                out.put(e.getKey(), s);
              }
            });
    return out;
  }

  /**
   * Appends statements until the log holds {@code events} events. {@code --build record} goes
   * through {@link StatementLedger#record}, as a POST does (write-side keys included); {@code
   * --build append} (the default, several times faster on the embedded store) prepares each
   * statement as the ledger does and appends it with {@link StatementLedger#append}, which links
   * the same hash chain but writes no write-side keys: fine for a replay, which reads only the log.
   */
  private void build(StatementLedger ledger, MongoEventLog log) {
    long have = log.nextPosition();
    if (have >= events) {
      line("reusing the store: it holds %d events already", have);
      return;
    }
    String mode = options.getOrDefault("build", "append");
    if (!mode.equals("append") && !mode.equals("record")) {
      throw new IllegalArgumentException("--build is append or record");
    }
    int batch = Integer.parseInt(options.getOrDefault("batch", "1000"));
    StatementGenerator generator =
        new StatementGenerator(
            Long.parseLong(options.getOrDefault("seed", "7")) + have,
            Integer.parseInt(options.getOrDefault("learners", "3000")));
    JsonNode authority =
        StrictJson.parse(
            "{\"objectType\":\"Agent\",\"account\":{\"homePage\":\"https://hocba.example.vn\","
                + "\"name\":\"replay-benchmark\"}}");
    long started = System.nanoTime();
    long lastReport = started;
    long lastAt = have;
    double cpu0 = ProcStat.cpuMillis(ProcessHandle.current().pid());
    while (log.nextPosition() < events) {
      int n = (int) Math.min(batch, events - log.nextPosition());
      List<JsonNode> statements = new ArrayList<>(n);
      for (String s : generator.next(n)) {
        statements.add(StrictJson.parse(s));
      }
      if (mode.equals("record")) {
        ledger.record(statements, authority, KEY, XapiVersion.V1_0_3);
      } else {
        List<StatementLedger.Draft> drafts = new ArrayList<>(n);
        for (JsonNode statement : statements) {
          drafts.add(
              (position, stored, previousHash) -> {
                PreparedStatement p =
                    StatementPreparation.prepare(
                        statement, authority, stored, XapiVersion.V1_0_3, () -> null);
                return new StatementRecordedEvent(
                    position,
                    p.id(),
                    StrictJson.write(p.stored()),
                    XapiVersion.V1_0_3.header(),
                    stored,
                    KEY,
                    previousHash,
                    null);
              });
        }
        ledger.append(drafts);
      }
      long now = System.nanoTime();
      if (now - lastReport > 30_000_000_000L || log.nextPosition() >= events) {
        line(
            "  building: %d / %d events, %.0f events/s lately",
            log.nextPosition(), events, (log.nextPosition() - lastAt) * 1e9 / (now - lastReport));
        lastReport = now;
        lastAt = log.nextPosition();
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    double cpu = ProcStat.cpuMillis(ProcessHandle.current().pid()) - cpu0;
    long built = log.nextPosition() - have;
    report(
        "build (%s): %d statement events in commits of %d in %.1f s = %.0f events/s, %.3f ms"
            + " CPU/event; load average %s",
        mode, built, batch, seconds, built / seconds, cpu / built, load());
  }

  /**
   * Reads the whole log as a tracking processor does (keyed look-ups of commits, deserialization)
   * with no handler at all: the tracking cost alone, per slice.
   */
  private void trackingOnly(MongoEventLog log, long head) {
    List<Long> marks = new ArrayList<>();
    List<Double> cpuMarks = new ArrayList<>();
    long started = System.nanoTime();
    double cpu0 = ProcStat.cpuMillis(ProcessHandle.current().pid());
    long[] count = {0};
    try (Stream<? extends TrackedEventMessage<?>> s = log.readEvents(null, false)) {
      s.forEach(
          m -> {
            count[0]++;
            if (count[0] % slice == 0) {
              marks.add(System.nanoTime());
              cpuMarks.add(ProcStat.cpuMillis(ProcessHandle.current().pid()));
            }
          });
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    double cpu = ProcStat.cpuMillis(ProcessHandle.current().pid()) - cpu0;
    report(
        "tracking only (MongoEventLog.readEvents from zero, no handlers): %d events in %.1f s ="
            + " %.0f events/s, %.3f ms CPU/event; load average %s",
        count[0], seconds, count[0] / seconds, cpu / count[0], load());
    sliceTable("tracking only", started, marks, cpu0, cpuMarks);
  }

  /**
   * Sets every processor's token to the head, as if its read model had followed the log live; the
   * rebuild then resets from there, as it would in production (a replay token).
   */
  private void placeTokensAtHead(TokenStore tokens, Iterable<String> names, long head) {
    for (String name : names) {
      GapAwareTrackingToken token = new GapAwareTrackingToken(head, List.of());
      int[] segments = tokens.fetchSegments(name);
      if (segments.length == 0) {
        tokens.initializeTokenSegments(name, 1, token);
      }
      for (int s : tokens.fetchSegments(name)) {
        tokens.storeToken(token, name, s);
        tokens.releaseClaim(name, s);
      }
    }
  }

  private void rebuild(String group, StreamingEventProcessor processor, MongoDatabase db)
      throws Exception {
    if (processor == null) {
      line("no streaming processor %s; skipped", group);
      return;
    }
    System.out.println();
    line("---- rebuild of %s ----", group);
    Probe probe = options.containsKey("no-probe") ? null : new Probe();
    double cpu0 = ProcStat.cpuMillis(ProcessHandle.current().pid());
    long started = System.nanoTime();
    HttpResponse<String> r = admin("POST", "/admin/rebuilds/" + group);
    if (r.statusCode() != 202) {
      line("POST /admin/rebuilds/%s answered %d: %s", group, r.statusCode(), r.body());
      return;
    }
    long target = StrictJson.parse(r.body()).path("targetPosition").asLong();
    if (probe != null) {
      probe.start();
    }
    List<Long> marks = new ArrayList<>();
    List<Double> cpuMarks = new ArrayList<>();
    long nextMark = slice - 1;
    long lastPrint = started;
    int replayTokenBytes = -1;
    String state;
    while (true) {
      long position = position(processor);
      long now = System.nanoTime();
      while (position >= nextMark && nextMark <= target) {
        marks.add(now);
        cpuMarks.add(ProcStat.cpuMillis(ProcessHandle.current().pid()));
        nextMark += slice;
      }
      if (replayTokenBytes < 0 && position > target / 2) {
        replayTokenBytes = tokenBytes(db, group);
      }
      if (now - lastPrint > 10_000_000_000L || position >= target) {
        JsonNode s = StrictJson.parse(admin("GET", "/admin/rebuilds/" + group).body());
        state = s.path("state").asText();
        line(
            "  %s: %s, %d / %d events, %s events/s, %s s left",
            group,
            state,
            s.path("eventsDone").asLong(),
            target + 1,
            s.path("eventsPerSecond").asText(),
            s.path("secondsLeft").asText());
        lastPrint = now;
        if (!state.equals("running")) {
          break;
        }
      }
      Thread.sleep(20);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    double cpu = ProcStat.cpuMillis(ProcessHandle.current().pid()) - cpu0;
    if (probe != null) {
      probe.stop();
    }
    long done = target + 1;
    report(
        "rebuild of %s: %s; %d events in %.1f s = %.0f events/s, %.3f ms CPU/event (whole"
            + " process); token %d bytes during the replay (a ReplayToken), %d bytes after;"
            + " load average %s",
        group,
        state,
        done,
        seconds,
        done / seconds,
        cpu / done,
        replayTokenBytes,
        tokenBytes(db, group),
        load());
    sliceTable("rebuild of " + group, started, marks, cpu0, cpuMarks);
    if (probe != null) {
      report("  %s", probe.summary());
    }
  }

  private static long position(StreamingEventProcessor p) {
    Map<Integer, EventTrackerStatus> status = p.processingStatus();
    return status.isEmpty()
        ? -1
        : status.values().stream()
            .mapToLong(s -> s.getCurrentPosition().orElse(-1))
            .min()
            .orElse(-1);
  }

  private static int tokenBytes(MongoDatabase db, String group) {
    Document d =
        db.getCollection("tracking_tokens").find(new Document("_id", group + "/0")).first();
    return d == null || d.getString("token") == null
        ? -1
        : d.getString("token").getBytes(StandardCharsets.UTF_8).length;
  }

  /**
   * Events per second in each slice of the log, and CPU per event in each slice: the CPU figure
   * shows whether the cost per event grows with the log even when other work on the machine makes
   * the wall-clock rate jump.
   */
  private void sliceTable(
      String what, long started, List<Long> marks, double cpuStart, List<Double> cpuMarks) {
    if (marks.isEmpty()) {
      return;
    }
    StringBuilder rateLine = new StringBuilder();
    StringBuilder cpuLine = new StringBuilder();
    rateLine.append("  ").append(what).append(", events/s per slice of ").append(slice).append(":");
    cpuLine.append("  ").append(what).append(", ms CPU/event per slice:");
    long previous = started;
    double previousCpu = cpuStart;
    List<Double> rates = new ArrayList<>();
    List<Double> cpus = new ArrayList<>();
    for (int i = 0; i < marks.size(); i++) {
      double rate = slice * 1e9 / Math.max(1, marks.get(i) - previous);
      double cpu = (cpuMarks.get(i) - previousCpu) / slice;
      rates.add(rate);
      cpus.add(cpu);
      rateLine.append(String.format(Locale.ROOT, " %.0f", rate));
      cpuLine.append(String.format(Locale.ROOT, " %.3f", cpu));
      previous = marks.get(i);
      previousCpu = cpuMarks.get(i);
    }
    report("%s", rateLine);
    report("%s", cpuLine);
    if (rates.size() >= 2) {
      report(
          "  last slice / first slice: rate %.2f, CPU per event %.2f; CPU per event, last slice /"
              + " mean of the others %.2f",
          rates.get(rates.size() - 1) / rates.get(0),
          cpus.get(cpus.size() - 1) / cpus.get(0),
          cpus.get(cpus.size() - 1)
              / cpus.subList(0, cpus.size() - 1).stream()
                  .mapToDouble(Double::doubleValue)
                  .average()
                  .orElseThrow());
    }
  }

  /** One statement POSTed per second during a rebuild: does ingestion go on, and how fast? */
  private final class Probe {
    private final AtomicBoolean running = new AtomicBoolean();
    private final List<Double> millis = new ArrayList<>();
    private int failed;
    private Thread thread;
    private final StatementGenerator generator = new StatementGenerator(99, 50);

    void start() {
      running.set(true);
      thread =
          new Thread(
              () -> {
                while (running.get()) {
                  long t0 = System.nanoTime();
                  HttpResponse<String> r = post(generator.next());
                  synchronized (millis) {
                    if (r != null && r.statusCode() == 200) {
                      millis.add((System.nanoTime() - t0) / 1e6);
                    } else {
                      failed++;
                    }
                  }
                  sleep(1000);
                }
              },
              "replay-probe");
      thread.start();
    }

    void stop() throws InterruptedException {
      running.set(false);
      thread.join();
    }

    String summary() {
      synchronized (millis) {
        List<Double> sorted = millis.stream().sorted().toList();
        if (sorted.isEmpty()) {
          return "probe: no POST answered (" + failed + " failed)";
        }
        return String.format(
            Locale.ROOT,
            "probe during the rebuild: %d POSTs of one statement answered 200, %d failed;"
                + " latency p50 %.0f ms, max %.0f ms",
            sorted.size(),
            failed,
            sorted.get(sorted.size() / 2),
            sorted.get(sorted.size() - 1));
      }
    }
  }

  private HttpResponse<String> post(String statement) {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/xapi/statements"))
              .timeout(Duration.ofSeconds(60))
              .header("Authorization", basic())
              .header("X-Experience-API-Version", "1.0.3")
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(statement, StandardCharsets.UTF_8))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private HttpResponse<String> admin(String method, String path)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(120))
            .header("Authorization", basic())
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String basic() {
    return "Basic "
        + Base64.getEncoder().encodeToString((KEY + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The machine's load averages (1, 5, 15 min): other work competes with the benchmark. */
  private static String load() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  private static void line(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
  }

  private void report(String format, Object... args) {
    String s = String.format(Locale.ROOT, format, args);
    System.out.println(s);
    report.append(s).append('\n');
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
