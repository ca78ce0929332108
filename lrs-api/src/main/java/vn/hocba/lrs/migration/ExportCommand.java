package vn.hocba.lrs.migration;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import vn.hocba.lrs.cli.Cli;

/**
 * {@code export}: GET /admin/export/statements of a running LRS into a file (or stdout), streamed.
 * The file is written as {@code FILE.part} and renamed only when the whole answer has arrived, so a
 * cut connection never leaves a file that looks complete.
 */
final class ExportCommand implements Cli.Command {

  /** Options that are passed on as the export's query parameters. */
  static final Map<String, String> FILTERS =
      Map.of(
          "agent", "agent",
          "verb", "verb",
          "activity", "activity",
          "registration", "registration",
          "related-activities", "related_activities",
          "related-agents", "related_agents",
          "since", "since",
          "until", "until",
          "include-voided", "include_voided");

  private final Map<String, String> environment;

  ExportCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public String summary() {
    return "writes a running LRS's statements to an NDJSON file (docs/migration.md)";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
    Set<String> known = new java.util.HashSet<>(Set.of("endpoint", "user", "password", "out"));
    known.addAll(FILTERS.keySet());
    CommandOptions o = new CommandOptions(args, known, Set.of());
    LrsHttp lrs =
        new LrsHttp(
            o.require("endpoint"),
            o.require("user"),
            o.secret("password", "LRS_PASSWORD", environment));
    String target = o.require("out");
    StringBuilder query = new StringBuilder();
    FILTERS.forEach(
        (option, param) ->
            o.get(option)
                .ifPresent(
                    v ->
                        query
                            .append(query.isEmpty() ? "?" : "&")
                            .append(param)
                            .append('=')
                            .append(URLEncoder.encode(v, StandardCharsets.UTF_8))));
    HttpRequest request =
        lrs.request(lrs.resolve("admin/export/statements" + query))
            .header("Accept", StatementExportResource.MEDIA_TYPE)
            .GET()
            .build();
    HttpResponse<InputStream> response =
        lrs.send(request, HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) {
      err.println(
          "export refused: "
              + LrsHttp.describe(response.statusCode(), LrsHttp.readAll(response.body())));
      return 1;
    }
    long lines;
    if (target.equals("-")) {
      lines = copy(response.body(), out);
      out.flush();
    } else {
      Path file = Path.of(target);
      Path part = file.resolveSibling(file.getFileName() + ".part");
      try (OutputStream file_ = Files.newOutputStream(part)) {
        lines = copy(response.body(), file_);
      } catch (IOException e) {
        Files.deleteIfExists(part);
        throw new IOException("the export was cut off before its end; no file was written", e);
      }
      Files.move(part, file, StandardCopyOption.REPLACE_EXISTING);
    }
    err.println(
        "exported "
            + lines
            + " statements"
            + response
                .headers()
                .firstValue(StatementExportResource.THROUGH_HEADER)
                .map(p -> " (log position " + p + ")")
                .orElse("")
            + (target.equals("-") ? "" : " to " + target));
    return 0;
  }

  /** Copies the stream; returns how many lines it held. */
  static long copy(InputStream in, OutputStream out) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long lines = 0;
    try (in) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        for (int i = 0; i < n; i++) {
          if (buffer[i] == '\n') {
            lines++;
          }
        }
        out.write(buffer, 0, n);
      }
    }
    return lines;
  }
}
