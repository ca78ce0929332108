package vn.hocba.lrs.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import vn.hocba.lrs.cli.Cli;
import vn.hocba.lrs.demo.SyntheticRun.Placement;
import vn.hocba.xapi.json.StrictJson;

/**
 * {@code java -jar lrs.jar demo --endpoint URL --user K --password S [options]}: generates a
 * synthetic run of a programme and loads it through the public endpoints of a running LRS that
 * knows the programme (LRS_PROGRAMMES), then prints what it sent and how fast.
 */
public final class DemoCommand implements Cli.Command {

  static final String DEFAULT_PROGRAMME = "docs/examples/quang-nam-2025.yaml";

  @Override
  public String summary() {
    return "loads a synthetic run of a programme through the xAPI endpoint (README: Demo)";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
    if (args.contains("--help")) {
      out.print(USAGE);
      return 0;
    }
    Options o = Options.parse(args);
    DemoProgramme programme = DemoProgramme.read(o.programme);
    Instant now = Instant.now();
    long t0 = System.nanoTime();
    SyntheticRun run =
        SyntheticRun.generate(
            programme,
            new SyntheticRun.Settings(
                o.seed, o.learners, o.weeks, o.cohorts, SyntheticRun.Profile.demo()),
            now);
    long generated = run.statements.size() + run.late.size();
    out.printf(
        Locale.ROOT,
        "Chương trình / programme %s: bắt đầu / starts %s, mô phỏng / simulating %d tuần / weeks"
            + " (%s → %s)%n",
        programme.id(),
        programme.start(),
        o.weeks,
        programme.start(),
        LocalDate.ofInstant(run.end, programme.timeZone()));
    out.printf(
        Locale.ROOT,
        "Đã tạo / generated %,d học viên / learners, %,d câu lệnh / statements in %.1f s (seed %d)%n",
        run.learners.size(),
        generated,
        (System.nanoTime() - t0) / 1e9,
        o.seed);
    if (Duration.between(run.end, now).toDays() > 30) {
      out.println(
          "Lưu ý: các tuần mô phỏng đã qua từ lâu nên 'hoạt động 30 ngày' sẽ bằng 0; dùng bin/demo"
              + " hoặc demo-programme để dời ngày bắt đầu.");
      out.println(
          "Note: the simulated weeks ended long ago, so 'active in 30 days' will be 0; bin/demo"
              + " (or demo-programme) moves the programme start to recent weeks.");
    }

    DemoLoader lrs = new DemoLoader(o.endpoint, o.user, o.password, out);
    if (!lrs.awaitReady(o.wait)) {
      err.println("không kết nối được / cannot reach " + o.endpoint + "/xapi/about");
      return 1;
    }
    HttpResponse<String> known = lrs.get("/api/programmes/" + DemoLoader.enc(programme.id()));
    if (known.statusCode() == 404) {
      err.println(
          "Máy chủ không biết chương trình / the server does not know programme "
              + programme.id()
              + ": start it with LRS_PROGRAMMES="
              + o.programme.toAbsolutePath());
      return 1;
    }
    if (known.statusCode() != 200) {
      err.println("GET /api/programmes/" + programme.id() + " answered " + known.statusCode());
      return 1;
    }
    String serverStart = StrictJson.parse(known.body()).path("start").asText();
    if (!serverStart.equals(programme.start().toString())) {
      err.println(
          "the server's programme starts on "
              + serverStart
              + ", the file "
              + o.programme
              + " on "
              + programme.start()
              + ": give the demo the file the server was started with");
      return 1;
    }

    long load0 = System.nanoTime();
    long[] roster = lrs.roster(programme.id(), run.roster, o.rosterChunk);
    out.printf(
        Locale.ROOT,
        "Danh sách / roster: %,d dòng / rows, %,d xếp lớp / placed%n",
        roster[0],
        roster[1]);
    long posted = lrs.post(run, run.statements, o.batch, o.clients, "câu lệnh / statements");
    posted += lrs.post(run, run.late, o.batch, o.clients, "đến muộn, hủy / late, voiding");
    long[] changes = lrs.roster(programme.id(), run.laterRoster, o.rosterChunk);
    double seconds = (System.nanoTime() - load0) / 1e9;

    Map<Placement, Integer> byPlacement = new EnumMap<>(Placement.class);
    Map<String, Integer> byGroup = new TreeMap<>();
    run.learners.forEach(
        l -> {
          byPlacement.merge(l.placement(), 1, Integer::sum);
          byGroup.merge(l.group(), 1, Integer::sum);
        });
    out.println();
    out.println("Xong / done");
    out.printf(
        Locale.ROOT,
        "  học viên / learners:      %,d (%s) — danh sách / roster %,d, chỉ qua extensions / by"
            + " extensions only %,d, chưa xếp / unplaced %,d%n",
        run.learners.size(),
        byGroup.toString().replaceAll("[{}]", ""),
        byPlacement.getOrDefault(Placement.ROSTER, 0),
        byPlacement.getOrDefault(Placement.EXTENSIONS, 0),
        byPlacement.getOrDefault(Placement.NONE, 0));
    out.printf(
        Locale.ROOT,
        "  câu lệnh / statements:    %,d (trong đó hủy / of which voiding %,d; đến muộn / late"
            + " %,d)%n",
        posted,
        run.voidingCount(),
        run.late.size());
    out.printf(
        Locale.ROOT,
        "  danh sách / roster rows:  %,d, sau đó / then %,d chuyển, rút / moves, withdrawals%n",
        roster[0],
        changes[0]);
    out.printf(Locale.ROOT, "  thời gian / elapsed:      %.1f s%n", seconds);
    out.printf(
        Locale.ROOT,
        "  tốc độ / rate:            %.0f câu lệnh/giây · statements/s%n",
        posted / seconds);
    if (o.settle.toSeconds() > 0) {
      settle(lrs, programme, o.settle, out);
    }
    out.println();
    out.println("Bảng điều khiển / dashboard: " + lrs.base() + "/dashboard");
    out.println(
        "API: " + lrs.base() + "/api/programmes/" + DemoLoader.enc(programme.id()) + "/dashboard");
    return 0;
  }

  /** Waits until the dashboard is complete through the head of the log, then prints it. */
  private static void settle(DemoLoader lrs, DemoProgramme p, Duration max, PrintStream out)
      throws Exception {
    long t0 = System.nanoTime();
    long deadline = t0 + max.toNanos();
    String path = "/api/programmes/" + DemoLoader.enc(p.id()) + "/dashboard";
    JsonNode board;
    boolean caughtUp;
    do {
      HttpResponse<String> r = lrs.get(path);
      if (r.statusCode() != 200) {
        out.println("  (GET " + path + " answered " + r.statusCode() + ")");
        return;
      }
      board = StrictJson.parse(r.body());
      caughtUp = board.path("through").asLong() >= board.path("head").asLong();
      if (!caughtUp) {
        Thread.sleep(2000);
      }
    } while (!caughtUp && System.nanoTime() < deadline);
    out.printf(
        Locale.ROOT,
        "  bảng điều khiển cập nhật sau / dashboard caught up after %.1f s%s%n",
        (System.nanoTime() - t0) / 1e9,
        caughtUp ? "" : " (chưa xong / not yet complete)");
    out.println(
        "  nhóm / group           dân số/pop  ghi danh/enrolled  30 ngày/active30"
            + "  hoàn thành/completed  tỉ lệ/share  mục tiêu/target  dự báo/forecast");
    for (JsonNode g : board.path("groups")) {
      out.printf(
          Locale.ROOT,
          "  %-22s %10d %18d %17d %21d %12.1f%% %15.0f%% %s %s%n",
          g.path("group").asText(),
          g.path("population").asLong(),
          g.path("enrolled").asLong(),
          g.path("active30").asLong(),
          g.path("completed").asLong(),
          g.path("share").asDouble() * 100,
          g.path("target").asDouble() * 100,
          g.path("forecast").path("status").asText(),
          g.path("forecast").path("date").asText(""));
    }
    out.println("  chưa xếp / unplaced: " + board.path("unplaced").asLong());
  }

  /** Command-line options of demo. */
  private static final class Options {
    String endpoint = "http://localhost:8080";
    String user;
    String password;
    Path programme = Path.of(DEFAULT_PROGRAMME);
    long seed = 2025;
    int weeks = 8;
    int learners = 14_700;
    int clients = 4;
    int batch = 250;
    int rosterChunk = 1000;
    Map<String, Integer> cohorts = Map.of();
    Duration wait = Duration.ofSeconds(5);
    Duration settle = Duration.ofSeconds(300);

    static Options parse(List<String> args) {
      Options o = new Options();
      for (int i = 0; i < args.size(); i++) {
        String a = args.get(i);
        if (i + 1 >= args.size()) {
          throw new Cli.UsageException(a + " needs a value\n" + USAGE);
        }
        String v = args.get(++i);
        switch (a) {
          case "--endpoint" -> o.endpoint = v;
          case "--user" -> o.user = v;
          case "--password" -> o.password = v;
          case "--programme" -> o.programme = Path.of(v);
          case "--seed" -> o.seed = Long.parseLong(v);
          case "--weeks" -> o.weeks = positive(a, v);
          case "--learners" -> o.learners = positive(a, v);
          case "--clients" -> o.clients = positive(a, v);
          case "--batch" -> o.batch = Math.min(1000, positive(a, v));
          case "--cohorts" -> o.cohorts = cohorts(v);
          case "--wait" -> o.wait = Duration.ofSeconds(positive(a, v));
          case "--settle" -> o.settle = Duration.ofSeconds(Integer.parseInt(v));
          default -> throw new Cli.UsageException("unknown option " + a + "\n" + USAGE);
        }
      }
      if (o.user == null || o.password == null) {
        throw new Cli.UsageException("--user and --password are required\n" + USAGE);
      }
      if (!Files.isRegularFile(o.programme)) {
        throw new Cli.UsageException("no programme file " + o.programme + " (--programme)");
      }
      return o;
    }

    private static int positive(String option, String v) {
      try {
        int n = Integer.parseInt(v);
        if (n > 0) {
          return n;
        }
      } catch (NumberFormatException e) {
        // falls through to the usage error
      }
      throw new Cli.UsageException(option + " needs a positive number, got " + v);
    }

    private static Map<String, Integer> cohorts(String v) {
      Map<String, Integer> m = new LinkedHashMap<>();
      for (String part : v.split(",")) {
        String[] kv = part.split("=", 2);
        if (kv.length != 2) {
          throw new Cli.UsageException("--cohorts is group=count,group=count, got " + v);
        }
        m.put(kv[0].trim(), positive("--cohorts", kv[1].trim()));
      }
      return m;
    }
  }

  static final String USAGE =
      """
      usage: java -jar lrs.jar demo --user KEY --password SECRET [options]
        --endpoint URL        the LRS (default http://localhost:8080)
        --programme FILE      the programme file the LRS was started with
                              (default docs/examples/quang-nam-2025.yaml)
        --seed N              the synthetic run (default 2025); the same seed gives the same
                              learners and statements, so posting it twice changes nothing
        --weeks N             weeks of activity from the programme start (default 8)
        --learners N          learners (default 14700)
        --cohorts g=n,...     learners per group, scaled to --learners (default: in
                              proportion to the groups' populations)
        --clients N           concurrent requests (default 4)
        --batch N             statements per request (default 250, at most 1000)
        --wait SECONDS        wait this long for the LRS to answer (default 5)
        --settle SECONDS      then wait up to this long for the dashboard (default 300; 0 = no)
      """;
}
