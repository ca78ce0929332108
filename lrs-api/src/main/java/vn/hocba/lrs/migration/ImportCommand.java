package vn.hocba.lrs.migration;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import vn.hocba.lrs.cli.Cli;

/**
 * {@code import}: sends an NDJSON file to POST /admin/import/statements of a running LRS in chunks
 * of lines, so memory holds one chunk and the progress shows per chunk. Statements keep their ids:
 * running the same import again stores nothing twice, and {@code --from-line} resumes after the
 * lines a stopped run had committed.
 */
final class ImportCommand implements Cli.Command {

  static final int MAX_CHUNK_BYTES = 16 * 1024 * 1024;
  static final int MAX_LINE_BYTES = 256 * 1024 * 1024;

  private final Map<String, String> environment;
  private final InputStream stdin;

  ImportCommand(Map<String, String> environment, InputStream stdin) {
    this.environment = environment;
    this.stdin = stdin;
  }

  @Override
  public String summary() {
    return "imports an NDJSON file of statements into a running LRS (docs/migration.md)";
  }

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
    CommandOptions o =
        new CommandOptions(
            args,
            Set.of(
                "file",
                "endpoint",
                "user",
                "password",
                "xapi-version",
                "authority",
                "on-error",
                "chunk-lines",
                "from-line"),
            Set.of("dry-run"));
    LrsHttp lrs =
        new LrsHttp(
            o.require("endpoint"),
            o.require("user"),
            o.secret("password", "LRS_PASSWORD", environment));
    String file = o.require("file");
    long chunkLines = o.number("chunk-lines", 5000, 1);
    long fromLine = o.number("from-line", 1, 1);
    Uploader uploader = new Uploader(lrs, o, out);
    try (InputStream in = file.equals("-") ? stdin : Files.newInputStream(Path.of(file))) {
      NdjsonLines lines = new NdjsonLines(in, MAX_LINE_BYTES);
      ByteArrayOutputStream chunk = new ByteArrayOutputStream();
      long chunkFirst = -1;
      long chunkCount = 0;
      NdjsonLines.Line line;
      while ((line = lines.next()) != null) {
        if (line.number() < fromLine) {
          continue;
        }
        if (line.tooLong()) {
          err.println("line " + line.number() + " is longer than " + MAX_LINE_BYTES + " bytes");
          return 1;
        }
        if (chunkFirst < 0) {
          chunkFirst = line.number();
        }
        chunk.write(line.bytes());
        chunk.write('\n');
        chunkCount++;
        if (chunkCount >= chunkLines || chunk.size() >= MAX_CHUNK_BYTES) {
          if (!uploader.send(chunk.toByteArray(), chunkFirst, chunkCount)) {
            return 1;
          }
          chunk.reset();
          chunkFirst = -1;
          chunkCount = 0;
        }
      }
      if (chunkCount > 0 && !uploader.send(chunk.toByteArray(), chunkFirst, chunkCount)) {
        return 1;
      }
    }
    out.println(uploader.totals());
    return 0;
  }

  /** Posts chunks and adds up their reports. */
  static final class Uploader {
    private final LrsHttp lrs;
    private final String parameters;
    private final PrintStream out;
    long lines;
    long stored;
    long alreadyPresent;
    long rejected;
    long withoutBytes;

    Uploader(LrsHttp lrs, CommandOptions o, PrintStream out) {
      this.lrs = lrs;
      this.out = out;
      StringBuilder p = new StringBuilder();
      o.get("xapi-version").ifPresent(v -> p.append("&xapi_version=").append(encode(v)));
      o.get("authority").ifPresent(v -> p.append("&authority=").append(encode(v)));
      o.get("on-error").ifPresent(v -> p.append("&on_error=").append(encode(v)));
      if (o.flag("dry-run")) {
        p.append("&dry_run=true");
      }
      this.parameters = p.toString();
    }

    Uploader(LrsHttp lrs, String parameters, PrintStream out) {
      this.lrs = lrs;
      this.parameters = parameters;
      this.out = out;
    }

    /** Sends one chunk; false (after saying why) when the import stopped or failed. */
    boolean send(byte[] body, long firstLine, long count) throws IOException, InterruptedException {
      JsonNode report = post(body, firstLine);
      if (report == null) {
        return false;
      }
      lines += report.path("lines").asLong();
      stored += report.path("stored").asLong();
      alreadyPresent += report.path("alreadyPresent").asLong();
      rejected += report.path("rejected").asLong();
      withoutBytes += report.path("attachmentsWithoutBytes").asLong();
      out.printf(
          "lines %d-%d: %d stored, %d already present, %d rejected%n",
          firstLine,
          firstLine + count - 1,
          report.path("stored").asLong(),
          report.path("alreadyPresent").asLong(),
          report.path("rejected").asLong());
      printRejections(report);
      if (!report.path("complete").asBoolean(false)) {
        long committed = report.path("committedThroughLine").asLong();
        out.println(report.path("message").asText());
        out.println(
            "fix the rejected lines and run the same command again (imported statements are not"
                + " stored twice), or add --from-line "
                + (committed + 1)
                + " to start after the lines already imported");
        return false;
      }
      return true;
    }

    /** Posts NDJSON; the report, or null after printing why there is none. */
    JsonNode post(byte[] body, long firstLine) throws IOException, InterruptedException {
      HttpRequest request =
          lrs.request(lrs.resolve("admin/import/statements?first_line=" + firstLine + parameters))
              .header("Content-Type", StatementExportResource.MEDIA_TYPE)
              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
              .build();
      HttpResponse<byte[]> response = lrs.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200 && response.statusCode() != 400) {
        out.println("import failed: " + LrsHttp.describe(response.statusCode(), response.body()));
        return null;
      }
      JsonNode report = LrsHttp.json(response);
      if (!report.has("complete")) { // a 400 about the request itself, not a report
        out.println("import refused: " + LrsHttp.describe(response.statusCode(), response.body()));
        return null;
      }
      return report;
    }

    void printRejections(JsonNode report) {
      for (JsonNode r : report.path("rejections")) {
        StringBuilder line = new StringBuilder("  line ").append(r.path("line").asLong());
        if (r.hasNonNull("id")) {
          line.append(" (statement ").append(r.get("id").asText()).append(')');
        }
        line.append(": ");
        line.append(r.path("reason").asText());
        for (JsonNode v : r.path("violations")) {
          line.append("\n    ")
              .append(v.path("pointer").asText())
              .append(" ")
              .append(v.path("message").asText())
              .append(" (")
              .append(v.path("rule").asText())
              .append(')');
        }
        out.println(line);
      }
      long listed = report.path("rejections").size();
      if (report.path("rejected").asLong() > listed) {
        out.println("  ... and " + (report.path("rejected").asLong() - listed) + " more");
      }
    }

    String totals() {
      return "imported: "
          + lines
          + " lines, "
          + stored
          + " stored, "
          + alreadyPresent
          + " already present, "
          + rejected
          + " rejected"
          + (withoutBytes > 0
              ? "; " + withoutBytes + " attachment(s) have no bytes here (docs/migration.md)"
              : "");
    }

    private static String encode(String v) {
      return URLEncoder.encode(v, StandardCharsets.UTF_8);
    }
  }
}
