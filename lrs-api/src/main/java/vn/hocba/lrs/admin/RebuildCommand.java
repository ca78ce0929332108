package vn.hocba.lrs.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import vn.hocba.lrs.cli.Cli;
import vn.hocba.xapi.json.StrictJson;

/**
 * {@code java -jar lrs.jar rebuild <group> --endpoint URL --user K --password S [--wait]}: asks a
 * running LRS to rebuild a read model from event zero ({@code POST /admin/rebuilds/<group>}); with
 * {@code --wait}, prints its progress until it has caught up.
 */
public final class RebuildCommand implements Cli.Command {

  private static final String USAGE =
      "usage: rebuild <processing-group> --endpoint http://host:port --user KEY --password SECRET"
          + " [--wait] [--interval SECONDS]";

  private final Duration timeout = Duration.ofSeconds(60);

  @Override
  public String summary() {
    return "rebuilds a read model from event zero on a running LRS (--wait follows it)";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
    Options o = Options.parse(args);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    String path =
        "/admin/rebuilds/"
            + URLEncoder.encode(o.group(), StandardCharsets.UTF_8).replace("+", "%20");
    HttpResponse<String> started = send(http, o, "POST", path);
    if (started.statusCode() != 202) {
      err.println(failure(started));
      return 1;
    }
    JsonNode status = StrictJson.parse(started.body());
    out.println(
        o.group()
            + ": bắt đầu dựng lại từ sự kiện 0 / rebuild started from event zero, through log"
            + " position "
            + status.path("targetPosition").asLong());
    if (!o.await()) {
      out.println("theo dõi / follow: GET " + o.endpoint() + path);
      return 0;
    }
    while (true) {
      String state = status.path("state").asText();
      out.println(line(o.group(), status));
      if (state.equals("caught-up")) {
        return 0;
      }
      if (state.equals("failed")) {
        err.println(o.group() + ": " + status.path("error").asText("failed"));
        return 1;
      }
      Thread.sleep(o.interval().toMillis());
      HttpResponse<String> r = send(http, o, "GET", path);
      if (r.statusCode() != 200) {
        err.println(failure(r));
        return 1;
      }
      status = StrictJson.parse(r.body());
    }
  }

  /** One progress line: events done of the target, rate over the recent window, time left. */
  static String line(String group, JsonNode s) {
    long done = s.path("eventsDone").asLong();
    long total = s.path("targetPosition").asLong() + 1;
    String percent =
        total <= 0
            ? "100"
            : String.format(Locale.ROOT, "%.1f", Math.min(100.0, 100.0 * done / total));
    String rate =
        s.path("eventsPerSecond").isNumber()
            ? String.format(Locale.ROOT, "%.0f", s.path("eventsPerSecond").asDouble())
            : "?";
    String state =
        switch (s.path("state").asText()) {
          case "caught-up" -> "đã bắt kịp / caught up";
          case "failed" -> "thất bại / failed";
          default -> "đang chạy / running";
        };
    String left = s.path("secondsLeft").isNumber() ? s.path("secondsLeft").asLong() + " s" : "? s";
    return String.format(
        Locale.ROOT,
        "%s: %s, %d/%d sự kiện / events (%s%%), %s sự kiện/giây / events/s, còn / left %s",
        group,
        state,
        done,
        total,
        percent,
        rate,
        left);
  }

  private HttpResponse<String> send(HttpClient http, Options o, String method, String path)
      throws IOException, InterruptedException {
    String credential =
        Base64.getEncoder()
            .encodeToString((o.user() + ":" + o.password()).getBytes(StandardCharsets.UTF_8));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(o.endpoint() + path))
            .timeout(timeout)
            .header("Authorization", "Basic " + credential)
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static String failure(HttpResponse<String> r) {
    String message = r.body();
    try {
      message = StrictJson.parse(r.body()).path("message").asText(r.body());
    } catch (RuntimeException e) {
      // not JSON: show the body as it came
    }
    return "HTTP " + r.statusCode() + ": " + message;
  }

  record Options(
      String group,
      String endpoint,
      String user,
      String password,
      boolean await,
      Duration interval) {

    static Options parse(List<String> args) {
      Map<String, String> named = new HashMap<>();
      String group = null;
      boolean await = false;
      for (int i = 0; i < args.size(); i++) {
        String a = args.get(i);
        if (a.equals("--wait")) {
          await = true;
        } else if (a.startsWith("--")) {
          if (i + 1 >= args.size()) {
            throw new Cli.UsageException(a + " needs a value; " + USAGE);
          }
          named.put(a.substring(2), args.get(++i));
        } else if (group == null) {
          group = a;
        } else {
          throw new Cli.UsageException("unexpected argument " + a + "; " + USAGE);
        }
      }
      for (String k : named.keySet()) {
        if (!List.of("endpoint", "user", "password", "interval").contains(k)) {
          throw new Cli.UsageException("unknown option --" + k + "; " + USAGE);
        }
      }
      if (group == null
          || !named.containsKey("endpoint")
          || !named.containsKey("user")
          || !named.containsKey("password")) {
        throw new Cli.UsageException(USAGE);
      }
      String endpoint = named.get("endpoint").replaceAll("/+$", "");
      if (!endpoint.startsWith("http://") && !endpoint.startsWith("https://")) {
        throw new Cli.UsageException("--endpoint must be an http:// or https:// URL");
      }
      Duration interval;
      try {
        interval =
            Duration.ofMillis(
                Math.round(Double.parseDouble(named.getOrDefault("interval", "1")) * 1000));
      } catch (NumberFormatException e) {
        throw new Cli.UsageException("--interval takes seconds, e.g. 2 or 0.5");
      }
      if (interval.toMillis() < 50) {
        throw new Cli.UsageException("--interval must be at least 0.05 seconds");
      }
      return new Options(
          group, endpoint, named.get("user"), named.get("password"), await, interval);
    }

    @Override
    public String toString() {
      return "Options[group=" + group + ", endpoint=" + endpoint + ", user=" + user + "]";
    }
  }
}
