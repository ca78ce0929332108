package vn.hocba.lrs.cli;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code roster --programme ID --file roster.csv [--endpoint URL] --user K --password S}: sends a
 * roster to a running LRS (POST /api/programmes/{id}/roster) and prints its report.
 */
final class RosterCommand implements Cli.Command {

  @Override
  public String summary() {
    return "--programme ID --file roster.csv [--endpoint http://localhost:8080] --user K"
        + " --password S   imports a roster";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
    Map<String, String> o =
        options(args, List.of("programme", "file", "endpoint", "user", "password"));
    for (String required : List.of("programme", "file", "user", "password")) {
      if (!o.containsKey(required)) {
        throw new Cli.UsageException("--" + required + " is required");
      }
    }
    String endpoint = o.getOrDefault("endpoint", "http://localhost:8080").replaceAll("/+$", "");
    Path file = Path.of(o.get("file"));
    if (!Files.isRegularFile(file)) {
      throw new Cli.UsageException("no file " + file);
    }
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(endpoint + "/api/programmes/" + o.get("programme") + "/roster"))
            .timeout(Duration.ofMinutes(5))
            .header("Content-Type", "text/csv; charset=UTF-8")
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString(
                            (o.get("user") + ":" + o.get("password"))
                                .getBytes(StandardCharsets.UTF_8)))
            .POST(HttpRequest.BodyPublishers.ofFile(file))
            .build();
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    (r.statusCode() == 200 ? out : err).println(r.body());
    return r.statusCode() == 200 ? 0 : 1;
  }

  /** {@code --name value} pairs; unknown names are usage errors. */
  static Map<String, String> options(List<String> args, List<String> known) {
    Map<String, String> o = new HashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (!a.startsWith("--") || !known.contains(a.substring(2))) {
        throw new Cli.UsageException(
            "unknown option " + a + " (known: --" + String.join(", --", known) + ")");
      }
      if (i + 1 >= args.size()) {
        throw new Cli.UsageException(a + " needs a value");
      }
      o.put(a.substring(2), args.get(++i));
    }
    return o;
  }
}
