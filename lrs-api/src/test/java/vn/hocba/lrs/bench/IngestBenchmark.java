package vn.hocba.lrs.bench;

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
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Ingestion benchmark of the LRS: POST /xapi/statements at batch sizes 1, 10 and 100 from
 * concurrent clients, with throughput, server CPU per statement and request latency, against the
 * ceiling of the storage path (driver + embedded mongo-java-server/H2) alone. A program, not a
 * test: run it with {@code bin/benchmark}. See docs/benchmark.md.
 */
final class IngestBenchmark {

  /** Learning Locker's figures the goals are set against. */
  private static final double LL_STATEMENTS_PER_SECOND = 550;

  private static final double LL_CPU_MS_PER_STATEMENT = 0.3;

  /** The JVM options of README's run command. */
  private static final String DEFAULT_JVM_OPTS = "-XX:+UseParallelGC";

  record Scenario(String name, int batch, int clients, int statements) {}

  record Outcome(
      Scenario scenario,
      double seconds,
      double serverCpuMs,
      double storeCpuMs,
      double jitCpuMs,
      double gcCpuMs,
      double clientCpuMs,
      double p50Ms,
      double p99Ms,
      int errors,
      int acknowledged,
      Map<String, Double> threadCpuMs,
      long storageBytes) {
    /** Acknowledged (stored) statements per second; failed requests do not count. */
    double perSecond() {
      return acknowledged / seconds;
    }

    double serverCpuPerStatement() {
      return serverCpuMs < 0 ? Double.NaN : serverCpuMs / acknowledged;
    }

    /** The LRS's own CPU: the process less the embedded store's threads. */
    double lrsCpuPerStatement() {
      return serverCpuMs < 0 || storeCpuMs < 0
          ? Double.NaN
          : (serverCpuMs - storeCpuMs) / acknowledged;
    }

    /** The JVM's JIT compiler threads: high while the LRS's code is still being compiled. */
    double jitCpuPerStatement() {
      return jitCpuMs < 0 ? Double.NaN : jitCpuMs / acknowledged;
    }

    /** The JVM's garbage collector threads. */
    double gcCpuPerStatement() {
      return gcCpuMs < 0 ? Double.NaN : gcCpuMs / acknowledged;
    }

    double clientCpuPerStatement() {
      return clientCpuMs < 0 ? Double.NaN : clientCpuMs / acknowledged;
    }

    /** Bytes the LRS wrote to storage per statement: the statement, its keys and pages around. */
    double storageBytesPerStatement() {
      return storageBytes < 0 ? Double.NaN : (double) storageBytes / acknowledged;
    }

    /** The LRS's own CPU less its JIT compiler: what the LRS's code costs once compiled. */
    double lrsCompiledCpuPerStatement() {
      return lrsCpuPerStatement() - jitCpuPerStatement();
    }
  }

  /**
   * Kinds of the LRS JVM's threads, by the prefix of their names, as the breakdown after the table
   * shows them; a thread whose name matches none is counted under "other".
   */
  static final List<Map.Entry<String, String>> THREAD_KINDS =
      List.of(
          Map.entry("http-nio-", "HTTP requests (parse, validate, hash, append)"),
          Map.entry("EventProcessor[", "projections (statement index, catalog, progress, ...)"),
          Map.entry("C# CompilerThre", "JIT compiler"),
          Map.entry("GC Thread", "garbage collector"),
          Map.entry("VM Thread", "garbage collector"),
          Map.entry("G# ", "garbage collector"),
          Map.entry("H#-serializatio", "store: H2 page serialization at each commit"),
          Map.entry("H#-save", "store: H2 file writes"),
          Map.entry("MVStore", "store: H2 background writer"),
          Map.entry("mongo-server-", "store: mongo-java-server wire protocol workers"));

  /** The breakdown's label of a thread kind ({@link ProcStat#cpuMillisByThreadKind}). */
  static String threadKindLabel(String kind) {
    for (Map.Entry<String, String> k : THREAD_KINDS) {
      if (kind.startsWith(k.getKey())) {
        return k.getValue();
      }
    }
    return "other";
  }

  private final Map<String, String> options;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private String url;
  private long serverPid = -1;
  private String authorization;

  private IngestBenchmark(Map<String, String> options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    quietLogging();
    Map<String, String> options = parse(args);
    if (options.containsKey("help")) {
      System.out.println(USAGE);
      return;
    }
    new IngestBenchmark(options).run();
  }

  /**
   * The driver and the ceiling's mongo-java-server log every connection at INFO; keep the output
   * readable.
   */
  private static void quietLogging() {
    if (org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
        instanceof ch.qos.logback.classic.Logger root) {
      root.setLevel(ch.qos.logback.classic.Level.WARN);
    }
  }

  private static final String USAGE =
      """
      IngestBenchmark [options]
        --url URL            use a running LRS (e.g. http://127.0.0.1:8080) instead of starting one
        --server-pid PID     with --url: the LRS's process id, to measure its CPU
        --jar PATH           LRS jar to start (default lrs-api/target/lrs.jar)
        --jvm-opts "OPTS"    JVM options of the started LRS (default "-XX:+UseParallelGC", the
                             options README's run command gives; "" for the JVM's defaults)
        --key K --secret S   HTTP Basic credential (default k / s; bootstrapped in a started LRS)
        --clients N          concurrent clients of the 1/10/100 scenarios (default 4)
        --n1 N               statements of the batch-1 scenario (default 2000)
        --n10 N              statements of the batch-10 scenario (default 10000)
        --n100 N             statements of each batch-100 scenario (default 10000)
        --warmup N           warm-up statements before the scenarios (default 3000)
        --settle-rounds N    at most N settling rounds after the warm-up (default 0: none)
        --settle-jit F       settled when the JIT compiler is under F of the server's CPU (0.05)
        --ceiling-docs N     documents of the driver ceiling (default: 3 x --n100)
        --no-ceiling         skip the driver ceiling
        --seed N             statement stream seed (default 42); use another seed on a reused server
        --learners N         distinct learners (default 300)
        --keep-data          keep the started LRS's data directory and log
      """;

  private static Map<String, String> parse(String[] args) {
    Map<String, String> o = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument " + a + "\n" + USAGE);
      }
      String name = a.substring(2);
      int eq = name.indexOf('=');
      if (eq >= 0) {
        o.put(name.substring(0, eq), name.substring(eq + 1));
      } else if (Set.FLAGS.contains(name)) {
        o.put(name, "true");
      } else if (i + 1 < args.length) {
        o.put(name, args[++i]);
      } else {
        throw new IllegalArgumentException("--" + name + " needs a value\n" + USAGE);
      }
    }
    return o;
  }

  /** Options without a value. */
  private static final class Set {
    static final List<String> FLAGS = List.of("help", "no-ceiling", "keep-data");
  }

  private int intOption(String name, int fallback) {
    return options.containsKey(name) ? Integer.parseInt(options.get(name)) : fallback;
  }

  private void run() throws Exception {
    int clients = intOption("clients", 4);
    int n1 = intOption("n1", 2000);
    int n10 = intOption("n10", 10_000);
    int n100 = intOption("n100", 10_000);
    int warmup = intOption("warmup", 3000);
    long seed = Long.parseLong(options.getOrDefault("seed", "42"));
    String key = options.getOrDefault("key", "k");
    String secret = options.getOrDefault("secret", "s");
    authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((key + ":" + secret).getBytes(StandardCharsets.UTF_8));

    List<Scenario> scenarios =
        List.of(
            new Scenario("batch 1, " + clients + " clients", 1, clients, n1),
            new Scenario("batch 10, " + clients + " clients", 10, clients, n10),
            new Scenario("batch 100, " + clients + " clients", 100, clients, n100),
            new Scenario("batch 100, 1 client", 100, 1, n100));

    // every statement is generated before any clock starts
    StatementGenerator generator = new StatementGenerator(seed, intOption("learners", 300));
    List<String> warm = generator.next(warmup);
    List<List<String>> streams = new ArrayList<>();
    for (Scenario s : scenarios) {
      streams.add(generator.next(s.statements()));
    }
    // settling rounds: each scenario at a fifth of its size, until the JIT compiler is quiet
    int settleRounds = intOption("settle-rounds", 0);
    double settleShare = Double.parseDouble(options.getOrDefault("settle-jit", "0.05"));
    List<List<List<String>>> settleStreams = new ArrayList<>();
    for (int r = 0; r < settleRounds; r++) {
      List<List<String>> round = new ArrayList<>();
      for (Scenario s : scenarios) {
        round.add(generator.next(Math.max(s.batch(), s.statements() / 5)));
      }
      settleStreams.add(round);
    }
    StatementGenerator ceilingGenerator =
        new StatementGenerator(seed + 1, intOption("learners", 300));
    List<String> ceilingWarm = ceilingGenerator.next(Math.min(2000, warmup));
    // 20,000 documents took 1.2-2.1 s and the rate moved by half between runs: three times the
    // batch-100 scenario's statements keep the ceiling measured over several seconds
    List<String> ceilingDocs = ceilingGenerator.next(intOption("ceiling-docs", 3 * n100));
    double avgBytes = streams.get(2).stream().mapToInt(String::length).average().orElse(0);

    System.out.printf(
        Locale.ROOT,
        "Hocba ingest benchmark: %d cores, java %s, CLK_TCK %d, seed %d, ~%.0f bytes/statement%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        ProcStat.clockTicksPerSecond(),
        seed,
        avgBytes);
    System.out.println(
        "memory: "
            + ProcStat.memory()
            + (ProcStat.freePageReporting()
                ? "; this machine's balloon device reports free pages to its host, so the store's"
                    + " writes into free memory cost system time that a full page cache does not"
                    + " (docs/benchmark.md, thirteenth session)"
                : ""));

    LrsProcess lrs = null;
    if (options.containsKey("url")) {
      url = options.get("url").replaceAll("/+$", "");
      serverPid = Long.parseLong(options.getOrDefault("server-pid", "-1"));
      System.out.println(
          "LRS: "
              + url
              + (serverPid > 0
                  ? " (pid " + serverPid + ")"
                  : " (CPU not measured: no --server-pid)"));
    } else {
      // the options README's run command starts the LRS with (decision 24)
      String opts = options.getOrDefault("jvm-opts", DEFAULT_JVM_OPTS).trim();
      List<String> jvm = opts.isEmpty() ? List.of() : Arrays.asList(opts.split("\\s+"));
      lrs =
          LrsProcess.start(
              Path.of(options.getOrDefault("jar", "lrs-api/target/lrs.jar")),
              key,
              secret,
              jvm,
              options.containsKey("keep-data"));
      LrsProcess started = lrs;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "stop-lrs"));
      url = lrs.url;
      serverPid = lrs.pid();
      long t0 = System.nanoTime();
      System.out.println(
          "LRS: starting "
              + url
              + " (pid "
              + serverPid
              + ", JVM options "
              + (jvm.isEmpty() ? "none" : String.join(" ", jvm))
              + "), log "
              + lrs.log);
      lrs.awaitReady(http, Duration.ofSeconds(180));
      System.out.printf(Locale.ROOT, "LRS: ready after %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    List<Outcome> outcomes = new ArrayList<>();
    try {
      System.out.println("warm-up: " + warm.size() + " statements");
      // every batch size the scenarios use, so that the compiled code has seen all their paths:
      // switching batch size after a warm-up at one size made the JIT recompile during the runs
      int single = Math.min(2000, Math.max(50, warm.size() / 20));
      int rest = warm.size() - single;
      int[] ends = {single, single + rest / 4, single + rest / 2, warm.size()};
      int[] batches = {1, 10, 20, 100};
      int from = 0;
      for (int i = 0; i < ends.length; i++) {
        send(
            new Scenario("warm-up", batches[i], clients, ends[i] - from),
            warm.subList(from, ends[i]),
            true);
        from = ends[i];
      }
      awaitCompilerIdle();
      settle(scenarios, settleStreams, settleShare);
      for (int i = 0; i < scenarios.size(); i++) {
        Thread.sleep(2000); // let the server's background work and GC settle
        Scenario s = scenarios.get(i);
        System.out.printf(
            Locale.ROOT,
            "running %-22s %6d statements  (load average %s)%n",
            s.name(),
            s.statements(),
            loadAverage());
        outcomes.add(send(s, streams.get(i), false));
      }
    } catch (java.util.concurrent.ExecutionException e) {
      if (lrs != null && !lrs.process.isAlive()) {
        System.out.println(
            "the LRS ended with code " + lrs.process.exitValue() + "; log tail:\n" + lrs.logTail());
      }
      throw e;
    } finally {
      if (lrs != null) {
        lrs.close(); // before the ceiling: it should not share the cores with an LRS
      }
    }

    DriverCeiling.Result ceiling = null;
    if (!options.containsKey("no-ceiling")) {
      System.out.printf(
          Locale.ROOT,
          "running driver ceiling %d documents  (load average %s)%n",
          ceilingDocs.size(),
          loadAverage());
      ceiling = DriverCeiling.run(ceilingDocs, ceilingWarm, 100, clients);
    }
    report(outcomes, ceiling, clients);
  }

  private Outcome send(Scenario s, List<String> statements, boolean warmup) throws Exception {
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < statements.size(); i += s.batch()) {
      List<String> chunk = statements.subList(i, Math.min(statements.size(), i + s.batch()));
      bodies.add(s.batch() == 1 ? chunk.get(0) : "[" + String.join(",", chunk) + "]");
    }
    long[] latencies = new long[bodies.size()];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    AtomicInteger acknowledged = new AtomicInteger();
    AtomicReference<String> firstError = new AtomicReference<>();
    URI uri = URI.create(url + "/xapi/statements");
    long self = ProcessHandle.current().pid();
    double serverCpu0 = serverPid > 0 ? ProcStat.cpuMillis(serverPid) : -1;
    double storeCpu0 = storeCpuMillis();
    double jitCpu0 = jitCpuMillis();
    double gcCpu0 = gcCpuMillis();
    double clientCpu0 = ProcStat.cpuMillis(self);
    Map<String, Double> threads0 =
        serverPid > 0 ? ProcStat.cpuMillisByThreadKind(serverPid) : Map.of();
    long storage0 = serverPid > 0 ? ProcStat.storageWriteBytes(serverPid) : -1;
    long t0 = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(s.clients());
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int c = 0; c < s.clients(); c++) {
        running.add(
            pool.submit(
                () -> {
                  int b;
                  while ((b = next.getAndIncrement()) < bodies.size()) {
                    HttpRequest request =
                        HttpRequest.newBuilder(uri)
                            .header("X-Experience-API-Version", "1.0.3")
                            .header("Content-Type", "application/json")
                            .header("Authorization", authorization)
                            .timeout(Duration.ofSeconds(120))
                            .POST(HttpRequest.BodyPublishers.ofString(bodies.get(b)))
                            .build();
                    long start = System.nanoTime();
                    HttpResponse<String> response =
                        http.send(request, HttpResponse.BodyHandlers.ofString());
                    latencies[b] = System.nanoTime() - start;
                    if (response.statusCode() == 200) {
                      acknowledged.addAndGet(
                          Math.min(s.batch(), statements.size() - b * s.batch()));
                    } else {
                      errors.incrementAndGet();
                      firstError.compareAndSet(
                          null, response.statusCode() + " " + truncate(response.body()));
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : running) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    double serverCpu = serverCpu0 < 0 ? -1 : ProcStat.cpuMillis(serverPid) - serverCpu0;
    double storeCpu = used(storeCpu0, storeCpuMillis());
    double jitCpu = used(jitCpu0, jitCpuMillis());
    double gcCpu = used(gcCpu0, gcCpuMillis());
    double clientCpu = ProcStat.cpuMillis(self) - clientCpu0;
    Map<String, Double> threadCpu = new TreeMap<>();
    if (serverPid > 0 && !threads0.isEmpty()) {
      ProcStat.cpuMillisByThreadKind(serverPid)
          .forEach(
              (kind, ms) ->
                  threadCpu.merge(
                      threadKindLabel(kind), ms - threads0.getOrDefault(kind, 0.0), Double::sum));
    }
    long storage1 = serverPid > 0 ? ProcStat.storageWriteBytes(serverPid) : -1;
    long storageBytes = storage0 < 0 || storage1 < 0 ? -1 : storage1 - storage0;
    if (firstError.get() != null) {
      System.out.println("  " + errors.get() + " requests failed; first: " + firstError.get());
    }
    long[] sorted = latencies.clone();
    Arrays.sort(sorted);
    Outcome o =
        new Outcome(
            s,
            seconds,
            serverCpu,
            storeCpu,
            jitCpu,
            gcCpu,
            clientCpu,
            percentile(sorted, 50),
            percentile(sorted, 99),
            errors.get(),
            acknowledged.get(),
            threadCpu,
            storageBytes);
    if (warmup) {
      System.out.printf(
          Locale.ROOT, "  warm-up batch %d: %.0f statements/s%n", s.batch(), o.perSecond());
    }
    return o;
  }

  /**
   * Runs every scenario at a fifth of its size, round after round, until the JIT compiler's share
   * of the server's CPU during a round is below {@code share}. After a warm-up the C2 compiler has
   * not yet compiled much of the per-request and per-commit code: on two busy cores its thresholds
   * are scaled up by the length of its queue, so methods called once per request reach them only
   * after the queue has drained, and until then they run as slower profiled code. Without these
   * rounds the measured scenarios paid for both (docs/benchmark.md, "Settling the JIT compiler").
   */
  private void settle(List<Scenario> scenarios, List<List<List<String>>> rounds, double share)
      throws Exception {
    if (rounds.isEmpty() || serverPid <= 0 || jitCpuMillis() < 0) {
      return; // no --settle-rounds (the default), or the compiler's CPU cannot be read
    }
    for (int r = 0; r < rounds.size(); r++) {
      double server = 0;
      double jit = 0;
      int stored = 0;
      for (int i = 0; i < scenarios.size(); i++) {
        Scenario s = scenarios.get(i);
        List<String> statements = rounds.get(r).get(i);
        Outcome o =
            send(
                new Scenario("settle", s.batch(), s.clients(), statements.size()),
                statements,
                false);
        server += o.serverCpuMs();
        jit += o.jitCpuMs();
        stored += o.acknowledged();
      }
      System.out.printf(
          Locale.ROOT,
          "settling round %d: %d statements, server CPU %.3f ms/statement, JIT compiler %.1f %%"
              + " of it%n",
          r + 1,
          stored,
          server / stored,
          100 * jit / server);
      awaitCompilerIdle();
      if (jit < share * server) {
        return;
      }
    }
    System.out.printf(
        Locale.ROOT,
        "the JIT compiler did not settle under %.0f %% in %d rounds%n",
        100 * share,
        rounds.size());
  }

  /** CPU ms used between two readings, or -1 when either could not be read. */
  private static double used(double before, double after) {
    return before < 0 || after < 0 ? -1 : after - before;
  }

  /**
   * Waits until the LRS JVM's JIT compiler threads are idle. On two busy cores the C2 compiler gets
   * little CPU and its queue can lag the warm-up by a minute or more, so without this the first
   * scenarios would pay for compiling the warm-up's code. Prints what the wait cost.
   */
  private void awaitCompilerIdle() throws InterruptedException {
    if (serverPid <= 0 || jitCpuMillis() < 0) {
      return;
    }
    long t0 = System.nanoTime();
    double start = jitCpuMillis();
    double before = start;
    while (System.nanoTime() - t0 < 180_000_000_000L) {
      Thread.sleep(2000);
      double now = jitCpuMillis();
      if (now - before < 40) { // under 2 % of one core over two seconds
        break;
      }
      before = now;
    }
    System.out.printf(
        Locale.ROOT,
        "JIT compiler idle after %.1f s (%.1f s of compiler CPU spent waiting)%n",
        (System.nanoTime() - t0) / 1e9,
        (jitCpuMillis() - start) / 1e3);
  }

  /** CPU ms of the LRS JVM's JIT compiler threads; -1 when its threads cannot be read. */
  private double jitCpuMillis() {
    return serverPid > 0
        ? ProcStat.threadCpuMillis(serverPid, "C1 CompilerThre", "C2 CompilerThre")
        : -1;
  }

  /** CPU ms of the LRS JVM's garbage collector threads (G1 names them so). */
  private double gcCpuMillis() {
    return serverPid > 0
        ? ProcStat.threadCpuMillis(
            serverPid, "GC Thread", "G1 Conc", "G1 Refine", "G1 Main", "G1 Service", "VM Thread")
        : -1;
  }

  /** CPU ms of the embedded store's threads, from the LRS's metrics; -1 when unavailable. */
  private double storeCpuMillis() {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(url + "/actuator/metrics/lrs.store.embedded.cpu"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("\"value\"\\s*:\\s*([0-9.Ee+-]+)").matcher(r.body());
      return r.statusCode() == 200 && m.find() ? Double.parseDouble(m.group(1)) * 1000 : -1;
    } catch (IOException | RuntimeException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
  }

  private static String truncate(String s) {
    return s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2] + "; " + ProcStat.memory();
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }

  /** Where the server's CPU went in one scenario, by kind of thread, largest first. */
  private static void printBreakdown(Outcome o) {
    if (o.threadCpuMs().isEmpty()) {
      return;
    }
    double total = o.threadCpuMs().values().stream().mapToDouble(Double::doubleValue).sum();
    System.out.println();
    System.out.println(
        "server CPU by kind of thread (" + o.scenario().name() + "), ms/statement, share:");
    o.threadCpuMs().entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(
            e ->
                System.out.printf(
                    Locale.ROOT,
                    "  %.3f  %4.1f %%  %s%n",
                    e.getValue() / o.acknowledged(),
                    total > 0 ? 100 * e.getValue() / total : 0,
                    e.getKey()));
  }

  private static void report(List<Outcome> outcomes, DriverCeiling.Result ceiling, int clients) {
    System.out.println();
    System.out.println(
        "| scenario | statements stored | seconds | statements/s | server CPU ms/statement | of which LRS (not the embedded store) | of which JIT compiler | of which GC | p50 ms | p99 ms | failed requests | client CPU ms/statement | KB written to storage/statement |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (Outcome o : outcomes) {
      System.out.printf(
          Locale.ROOT,
          "| %s | %d | %.2f | %.0f | %.3f | %.3f | %.3f | %.3f | %.1f | %.1f | %d | %.3f | %.1f |%n",
          o.scenario().name(),
          o.acknowledged(),
          o.seconds(),
          o.perSecond(),
          o.serverCpuPerStatement(),
          o.lrsCpuPerStatement(),
          o.jitCpuPerStatement(),
          o.gcCpuPerStatement(),
          o.p50Ms(),
          o.p99Ms(),
          o.errors(),
          o.clientCpuPerStatement(),
          o.storageBytesPerStatement() / 1024);
    }
    System.out.println();
    if (ceiling != null) {
      System.out.printf(
          Locale.ROOT,
          "driver ceiling (mongo-java-server H2 + sync driver, insertMany 100, %d threads, commit+fsync each): "
              + "%d documents in %.2f s = %.0f documents/s, %.3f ms CPU/document (whole process)%n",
          clients,
          ceiling.documents(),
          ceiling.seconds(),
          ceiling.perSecond(),
          ceiling.cpuMillisPerDocument());
    }
    Outcome main =
        outcomes.stream()
            .filter(o -> o.scenario().batch() == 100 && o.scenario().clients() == clients)
            .findFirst()
            .orElse(null);
    if (main == null) {
      return;
    }
    printBreakdown(main);
    System.out.println();
    System.out.println("goals, measured in this one run (" + main.scenario().name() + "):");
    System.out.printf(
        Locale.ROOT,
        "  throughput: %.0f statements/s = %.2f x Learning Locker's ~%.0f/s (goal >= 3.00)%n",
        main.perSecond(),
        main.perSecond() / LL_STATEMENTS_PER_SECOND,
        LL_STATEMENTS_PER_SECOND);
    System.out.printf(
        Locale.ROOT,
        "  server CPU: %.3f ms/statement = %.2f x Learning Locker's ~%.1f ms (goal <= 0.33)%n",
        main.serverCpuPerStatement(),
        main.serverCpuPerStatement() / LL_CPU_MS_PER_STATEMENT,
        LL_CPU_MS_PER_STATEMENT);
    System.out.printf(
        Locale.ROOT,
        "  LRS CPU without the embedded store's threads (how an LRS with a separate store is measured):"
            + " %.3f ms/statement = %.2f x (goal <= 0.33)%n",
        main.lrsCpuPerStatement(),
        main.lrsCpuPerStatement() / LL_CPU_MS_PER_STATEMENT);
    System.out.printf(
        Locale.ROOT,
        "  the same less the JIT compiler (what the LRS's code costs once compiled; see"
            + " --settle-rounds): %.3f ms/statement = %.2f x%n",
        main.lrsCompiledCpuPerStatement(),
        main.lrsCompiledCpuPerStatement() / LL_CPU_MS_PER_STATEMENT);
    if (ceiling != null) {
      System.out.printf(
          Locale.ROOT,
          "  vs driver ceiling: %.0f / %.0f = %.2f of the ceiling (goal >= 0.50)%n",
          main.perSecond(),
          ceiling.perSecond(),
          main.perSecond() / ceiling.perSecond());
    }
  }
}
