package vn.hocba.lrs.webui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import vn.hocba.xapi.json.StrictJson;

/**
 * The web dashboard in headless Chromium, against the app on the memory store. Data goes in through
 * the public APIs only: the Quang Nam programme file (its dates moved so that the run is in
 * progress today, its populations scaled down) beside a tiny second programme, a roster CSV, and
 * xAPI statements. Then {@code src/test/node/dashboard-browser/dashboard.mjs} (playwright-core
 * driving {@code /usr/bin/chromium}) signs in, checks the overview against the API, switches the
 * language, drills into Tam Ky, opens a learner and saves screenshots under {@code
 * target/screenshots/}, which this test checks are not blank.
 *
 * <p>Needs Node.js 20+ and npm (the package is installed from its lock file on first use) and
 * Chromium from Debian ({@code apt-get install -y chromium}; {@code .ci/run} installs it). Without
 * Chromium the test fails, it does not skip: the dashboard would go untested.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class DashboardBrowserTest {

  static final Path RUNNER = Path.of("src", "test", "node", "dashboard-browser");
  static final Path SCREENSHOTS = Path.of("target", "screenshots");
  static final Path EXAMPLE = Path.of("..", "docs", "examples", "quang-nam-2025.yaml");
  static final String CHROMIUM =
      System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"); // dashboard.mjs reads it too
  static final String PROGRAMME = "quang-nam-2025";
  static final String DISTRICT = "502"; // Thành phố Tam Kỳ
  static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
  static final String COURSES = "https://onetouch.quangnam.gov.vn/xapi/courses/";

  /** Started eight weeks ago, due in sixteen: the trend has weeks behind it and time ahead. */
  static final LocalDate START =
      LocalDate.now(ZONE).minusWeeks(8).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));

  static final LocalDate DEADLINE = LocalDate.now(ZONE).plusWeeks(16);

  /** The topics that make a learner of each group complete (docs/examples/quang-nam-2025.yaml). */
  static final Map<String, List<String>> COMPLETING =
      Map.of(
          "officials", List.of("information-security", "digital-economy", "digital-society"),
          "students", List.of("student-digital-skills"),
          "adults", List.of("digital-payment", "digital-signature"),
          "enterprise-workers", List.of("enterprise-digital-transformation"));

  /**
   * The example's denominators, divided by this, so that a few hundred learners fill the gauges.
   */
  static final int SCALE = 25;

  static final Pattern POPULATION =
      Pattern.compile("\\{group: ([a-z-]+), locality: \"(\\d+)\", count: (\\d+)}");

  /** (group, locality, population) of the test programme. */
  record Cell(String group, String locality, int population) {}

  static final List<Cell> CELLS = new ArrayList<>();

  @LocalServerPort int port;

  final HttpClient http = HttpClient.newHttpClient();

  @DynamicPropertySource
  static void programme(DynamicPropertyRegistry registry) throws IOException {
    String yaml = Files.readString(EXAMPLE);
    String moved =
        yaml.replace("start: 2025-04-18", "start: " + START)
            .replace("deadline: 2025-12-31", "deadline: " + DEADLINE);
    assertThat(moved).as("the example's dates moved").doesNotContain("2025-04-18", "2025-12-31");
    Matcher m = POPULATION.matcher(moved);
    StringBuilder scaled = new StringBuilder();
    CELLS.clear();
    while (m.find()) {
      int population = (Integer.parseInt(m.group(3)) + SCALE - 1) / SCALE;
      CELLS.add(new Cell(m.group(1), m.group(2), population));
      m.appendReplacement(
          scaled,
          Matcher.quoteReplacement(
              "{group: %s, locality: \"%s\", count: %d}"
                  .formatted(m.group(1), m.group(2), population)));
    }
    m.appendTail(scaled);
    moved = scaled.toString();
    assertThat(CELLS).as("population lines of the example").hasSize(72);
    Path file = Files.createTempFile("quang-nam-browser", ".yaml");
    file.toFile().deleteOnExit();
    Files.writeString(file, moved);
    // a second programme, so that the programme choice is shown and used
    Path tiny = Path.of("src", "test", "resources", "programmes", "tiny.yaml").toAbsolutePath();
    registry.add("lrs.programmes", () -> file + "," + tiny);
  }

  @Test
  @DisplayName(
      "Chromium signs in, switches to English, drills into a district and a person; screenshots are"
          + " not blank")
  void dashboardInChromium() throws Exception {
    if (!Files.isExecutable(Path.of(CHROMIUM))) {
      fail(
          "Chromium is needed at "
              + CHROMIUM
              + " for the dashboard browser test: install Debian's package with"
              + " `apt-get install -y chromium` (.ci/run does this), or point CHROMIUM at one");
    }
    long t0 = System.nanoTime();
    Set<String> names = seed();
    long t1 = System.nanoTime();

    if (!Files.isDirectory(RUNNER.resolve("node_modules"))) {
      Result install = run(List.of("npm", "ci", "--no-audit", "--no-fund"), 300);
      assertThat(install.exit()).as("npm ci failed:%n%s", install.output()).isZero();
    }
    Files.createDirectories(SCREENSHOTS);
    try (var old = Files.list(SCREENSHOTS)) {
      for (Path p : old.toList()) {
        Files.delete(p);
      }
    }
    Result browser =
        run(
            List.of(
                "node",
                "dashboard.mjs",
                "http://127.0.0.1:" + port,
                "test-key",
                "test-secret",
                SCREENSHOTS.toAbsolutePath().toString(),
                PROGRAMME,
                DISTRICT),
            180);
    long t2 = System.nanoTime();
    System.out.printf(
        "dashboard browser test: seeding and projection %d ms, npm and Chromium run %d ms%n",
        (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
    assertThat(browser.exit()).as("the browser run failed:%n%s", browser.output()).isZero();
    assertThat(browser.output()).contains("checks passed");

    String line =
        browser
            .output()
            .lines()
            .filter(l -> l.startsWith("RESULT "))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no RESULT line:\n" + browser.output()));
    JsonNode result = StrictJson.parse(line.substring("RESULT ".length()));
    List<String> seen = new ArrayList<>();
    result.get("seen").forEach(n -> seen.add(n.asText()));
    assertThat(seen)
        .as("texts the browser found")
        .contains(
            "Chọn chương trình",
            "Tỉnh Quảng Nam",
            "Mục tiêu theo nhóm đối tượng",
            "Quang Nam Province",
            "Targets by population group",
            "Tam Ky City",
            "Thành phố Tam Kỳ");
    assertThat(seen).as("a seeded learner's page was opened").containsAnyElementsOf(names);

    List<Path> shots = new ArrayList<>();
    result.get("screenshots").forEach(n -> shots.add(Path.of(n.asText())));
    assertThat(shots.stream().map(p -> p.getFileName().toString()))
        .contains("overview-desktop-vi.png", "overview-phone-vi.png", "person-phone-vi.png");
    for (Path shot : shots) {
      assertNotBlank(shot);
    }
  }

  /** A screenshot shows a page: many colours, and much of it differs from the background. */
  static void assertNotBlank(Path png) throws IOException {
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image).as("%s is a PNG", png).isNotNull();
    assertThat(image.getWidth()).as("%s width", png).isGreaterThanOrEqualTo(390);
    Map<Integer, Integer> counts = new java.util.HashMap<>();
    int samples = 0;
    for (int y = 0; y < image.getHeight(); y += 3) {
      for (int x = 0; x < image.getWidth(); x += 3) {
        counts.merge(image.getRGB(x, y), 1, Integer::sum);
        samples++;
      }
    }
    int background = counts.values().stream().max(Integer::compare).orElse(0);
    assertThat(counts.size()).as("%s: distinct colours", png).isGreaterThan(32);
    assertThat(1.0 - (double) background / samples)
        .as("%s: share of pixels that are not background", png)
        .isGreaterThan(0.15);
  }

  // ---- seeding through the public APIs

  /**
   * Places between half and all of each (district, group) population by roster, sends their
   * statements (55 % complete their group's rule, the others fail a first topic), and waits until
   * the dashboard counts every completion. Returns the learners' names.
   */
  Set<String> seed() throws Exception {
    Random random = new Random(2025);
    StringBuilder roster = new StringBuilder("learner,group,locality,effective\n");
    ArrayNode statements = StrictJson.mapper().createArrayNode();
    Set<String> names = new HashSet<>();
    int completers = 0;
    Instant now = Instant.now();
    long window = Duration.between(START.atStartOfDay(ZONE).toInstant(), now).toMinutes();
    for (Cell cell : CELLS) {
      int count = Math.max(1, (int) (cell.population() * (0.5 + 0.5 * random.nextDouble())));
      for (int i = 0; i < count; i++) {
        String mbox = "mailto:hv-%s-%s-%d@example.vn".formatted(cell.locality(), cell.group(), i);
        String name = name(random);
        names.add(name);
        roster.append(mbox).append(',').append(cell.group()).append(',');
        roster.append(cell.locality()).append(',').append(START).append('\n');
        boolean completes = random.nextInt(100) < 55;
        completers += completes ? 1 : 0;
        List<String> topics =
            completes ? COMPLETING.get(cell.group()) : COMPLETING.get(cell.group()).subList(0, 1);
        for (String topic : topics) {
          Instant at = now.minus(random.nextLong(1, Math.max(2, window)), ChronoUnit.MINUTES);
          double score = completes ? 0.75 + random.nextInt(24) / 100.0 : 0.3;
          statements.add(
              statement(mbox, name, topic, completes ? "passed" : "failed", score, at, random));
        }
      }
    }
    HttpResponse<String> placed =
        send("POST", "/api/programmes/" + PROGRAMME + "/roster", "text/csv", roster.toString());
    assertThat(placed.statusCode()).as("roster import: %s", placed.body()).isEqualTo(200);
    for (int from = 0; from < statements.size(); from += 250) {
      ArrayNode batch = StrictJson.mapper().createArrayNode();
      for (int i = from; i < Math.min(statements.size(), from + 250); i++) {
        batch.add(statements.get(i));
      }
      HttpResponse<String> r =
          send("POST", "/xapi/statements", "application/json", StrictJson.write(batch));
      assertThat(r.statusCode()).as("statements: %s", r.body()).isEqualTo(200);
    }
    awaitCompleted(completers);
    return names;
  }

  void awaitCompleted(int expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String last = "";
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r =
          send("GET", "/api/programmes/" + PROGRAMME + "/dashboard", null, null);
      last = r.statusCode() + " " + r.body();
      if (r.statusCode() == 200
          && StrictJson.parse(r.body()).path("total").path("completed").asInt() == expected) {
        return;
      }
      Thread.sleep(200);
    }
    fail(
        "the dashboard did not count %d completions within 60 s; last answer: %s"
            .formatted(expected, last.length() > 600 ? last.substring(0, 600) : last));
  }

  static ObjectNode statement(
      String mbox, String name, String topic, String verb, double score, Instant at, Random r) {
    ObjectNode s = StrictJson.mapper().createObjectNode();
    s.put("id", UUID.nameUUIDFromBytes((mbox + topic).getBytes(StandardCharsets.UTF_8)).toString());
    s.putObject("actor").put("objectType", "Agent").put("name", name).put("mbox", mbox);
    s.putObject("verb")
        .put("id", "http://adlnet.gov/expapi/verbs/" + verb)
        .putObject("display")
        .put("en-US", verb);
    ObjectNode object = s.putObject("object").put("objectType", "Activity");
    object.put("id", COURSES + topic);
    ObjectNode result = s.putObject("result");
    result.putObject("score").put("scaled", score);
    result.put("success", "passed".equals(verb));
    result.put("completion", true);
    result.put("duration", "PT%dM%dS".formatted(10 + r.nextInt(80), r.nextInt(60)));
    s.put("timestamp", at.toString());
    return s;
  }

  private static final String[] FAMILY = {
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Võ", "Đặng", "Bùi", "Đỗ", "Ngô"
  };
  private static final String[] MIDDLE = {"Văn", "Thị", "Minh", "Ngọc", "Quang", "Thanh", "Hữu"};
  private static final String[] GIVEN = {
    "An", "Bình", "Châu", "Dũng", "Hà", "Hải", "Lan", "Long", "Mai", "Nam", "Phúc", "Quyên", "Sơn",
    "Tâm", "Trang", "Vy", "Khoa", "Linh"
  };

  static String name(Random r) {
    return FAMILY[r.nextInt(FAMILY.length)]
        + " "
        + MIDDLE[r.nextInt(MIDDLE.length)]
        + " "
        + GIVEN[r.nextInt(GIVEN.length)];
  }

  HttpResponse<String> send(String method, String path, String contentType, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString("test-key:test-secret".getBytes(StandardCharsets.UTF_8)))
            .header("X-Experience-API-Version", "1.0.3");
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  record Result(int exit, String output) {}

  private static Result run(List<String> command, int timeoutSeconds)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile("dashboard-browser", ".log");
    Process p =
        new ProcessBuilder(command)
            .directory(RUNNER.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
    if (!done) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    String out = Files.readString(log, StandardCharsets.UTF_8);
    Files.deleteIfExists(log);
    return new Result(done ? p.exitValue() : -1, out);
  }
}
