package vn.hocba.lrs.migration;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import vn.hocba.lrs.cli.Cli;
import vn.hocba.xapi.attachments.AttachmentException;
import vn.hocba.xapi.attachments.Multipart;
import vn.hocba.xapi.json.StrictJson;
import vn.hocba.xapi.statements.Voiding;

/**
 * {@code pull}: reads statements from another LRS's Statement Resource (Communication 2.1.3, oldest
 * first, following {@code more} links) and imports each page into this LRS through POST
 * /admin/import/statements, so ids are kept and a second run stores nothing twice.
 *
 * <p>A query never returns voided statements (Communication 2.1.4.s1.b1), but it returns the
 * voiding statements: for each, the voided target is fetched by {@code voidedStatementId} and
 * imported before it, so the voided state arrives too. Attachment bytes (Communication 1.5.2) are
 * asked for with {@code attachments=true} and handed to this LRS by posting the statement with its
 * parts to its own Statement Resource after the import: an equivalent statement is a no-op there
 * (Data 2.3.1), while its bytes are stored.
 */
final class PullCommand implements Cli.Command {

  private final Map<String, String> environment;

  PullCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public String summary() {
    return "copies statements from another LRS's xAPI endpoint into a running LRS (docs/migration.md)";
  }

  /** One answer of the other LRS: statements, attachment parts by sha2, and the more link. */
  record Page(List<JsonNode> statements, Map<String, Multipart.Part> parts, String more) {}

  @Override
  public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
    CommandOptions o =
        new CommandOptions(
            args,
            Set.of(
                "from",
                "from-user",
                "from-password",
                "since",
                "until",
                "xapi-version",
                "page-size",
                "endpoint",
                "user",
                "password",
                "authority",
                "on-error"),
            Set.of("no-attachments"));
    LrsHttp source =
        new LrsHttp(
            o.require("from"),
            o.require("from-user"),
            o.secret("from-password", "LRS_FROM_PASSWORD", environment));
    LrsHttp target =
        new LrsHttp(
            o.require("endpoint"),
            o.require("user"),
            o.secret("password", "LRS_PASSWORD", environment));
    String version = o.get("xapi-version").orElse("1.0.3");
    if (!version.equals("1.0.3") && !version.equals("2.0.0")) {
      throw new Cli.UsageException("--xapi-version must be 1.0.3 or 2.0.0");
    }
    boolean attachments = !o.flag("no-attachments");
    StringBuilder query = new StringBuilder("statements?ascending=true");
    if (attachments) {
      query.append("&attachments=true");
    }
    for (String name : List.of("since", "until")) {
      o.get(name).ifPresent(v -> query.append('&').append(name).append('=').append(encode(v)));
    }
    o.get("page-size").ifPresent(v -> query.append("&limit=").append(o.number("page-size", 0, 1)));
    StringBuilder importParameters = new StringBuilder("&xapi_version=").append(version);
    o.get("authority").ifPresent(v -> importParameters.append("&authority=").append(encode(v)));
    o.get("on-error").ifPresent(v -> importParameters.append("&on_error=").append(encode(v)));
    ImportCommand.Uploader uploader =
        new ImportCommand.Uploader(target, importParameters.toString(), out);
    Puller puller = new Puller(source, target, version, attachments, out);

    URI next = source.resolve(query.toString());
    long pulled = 0;
    int pages = 0;
    String lastStored = null;
    while (next != null) {
      Page page = puller.get(next);
      pages++;
      List<JsonNode> batch = puller.withVoidedTargets(page);
      if (!batch.isEmpty()) {
        StringBuilder ndjson = new StringBuilder();
        for (JsonNode s : batch) {
          ndjson.append(StrictJson.write(s)).append('\n');
        }
        JsonNode report =
            uploader.post(ndjson.toString().getBytes(StandardCharsets.UTF_8), pulled + 1);
        if (report == null) {
          return 1;
        }
        uploader.printRejections(report);
        Set<Integer> rejected = new HashSet<>();
        for (JsonNode r : report.path("rejections")) {
          rejected.add((int) (r.path("line").asLong() - pulled - 1));
        }
        uploader.stored += report.path("stored").asLong();
        uploader.alreadyPresent += report.path("alreadyPresent").asLong();
        uploader.rejected += report.path("rejected").asLong();
        if (!report.path("complete").asBoolean(false)) {
          out.println(report.path("message").asText());
          out.println("the pull stopped; nothing after this page was imported");
          return 1;
        }
        for (int i = 0; i < batch.size(); i++) {
          if (!rejected.contains(i)) {
            puller.copyAttachments(batch.get(i), page.parts());
          }
        }
        pulled += batch.size();
        for (JsonNode s : page.statements()) {
          if (s.hasNonNull("stored")) {
            lastStored = s.get("stored").asText();
          }
        }
      }
      out.printf(
          "page %d: %d statements%s; so far %d pulled: %d stored, %d already present%n",
          pages,
          page.statements().size(),
          batch.size() > page.statements().size()
              ? " (+" + (batch.size() - page.statements().size()) + " voided)"
              : "",
          pulled,
          uploader.stored,
          uploader.alreadyPresent);
      next = page.more() == null || page.more().isEmpty() ? null : source.resolve(page.more());
    }
    out.println(
        "pulled "
            + pulled
            + " statements: "
            + uploader.stored
            + " stored, "
            + uploader.alreadyPresent
            + " already present, "
            + uploader.rejected
            + " rejected"
            + (puller.attachmentsCopied > 0
                ? ", " + puller.attachmentsCopied + " statement(s) with attachment bytes"
                : "")
            + (puller.attachmentsFailed > 0
                ? ", " + puller.attachmentsFailed + " statement(s) whose bytes were not copied"
                : ""));
    if (lastStored != null) {
      out.println("to pull only what is newer next time, add: --since " + lastStored);
    }
    return puller.attachmentsFailed > 0 ? 1 : 0;
  }

  /** Talks to both LRSs for one pull. */
  static final class Puller {
    private final LrsHttp source;
    private final LrsHttp target;
    private final String version;
    private final boolean attachments;
    private final PrintStream out;
    private final Set<String> fetchedTargets = new HashSet<>();
    int attachmentsCopied;
    int attachmentsFailed;

    Puller(LrsHttp source, LrsHttp target, String version, boolean attachments, PrintStream out) {
      this.source = source;
      this.target = target;
      this.version = version;
      this.attachments = attachments;
      this.out = out;
    }

    /** GET with a few retries for a busy or briefly unreachable LRS. */
    HttpResponse<byte[]> fetch(URI uri) throws IOException, InterruptedException {
      HttpRequest request =
          source.request(uri).header("X-Experience-API-Version", version).GET().build();
      IOException last = null;
      for (int attempt = 0; attempt < 4; attempt++) {
        if (attempt > 0) {
          Thread.sleep(1000L << (attempt - 1));
        }
        try {
          HttpResponse<byte[]> r = source.send(request, HttpResponse.BodyHandlers.ofByteArray());
          if (r.statusCode() == 429 || r.statusCode() >= 500) {
            last = new IOException(uri + ": " + LrsHttp.describe(r.statusCode(), r.body()));
            continue;
          }
          return r;
        } catch (IOException e) {
          last = e;
        }
      }
      throw last;
    }

    /** A page of the other LRS's statements. */
    Page get(URI uri) throws IOException, InterruptedException {
      HttpResponse<byte[]> r = fetch(uri);
      if (r.statusCode() != 200) {
        throw new IOException(uri + " answered " + LrsHttp.describe(r.statusCode(), r.body()));
      }
      Body body = body(r);
      JsonNode result = body.json();
      List<JsonNode> statements = new ArrayList<>();
      result.path("statements").forEach(statements::add);
      return new Page(statements, body.parts(), result.path("more").asText(""));
    }

    /**
     * The page's statements, each voiding statement preceded by its voided target (fetched by
     * voidedStatementId) when the other LRS has it, so that the voided state is carried over.
     */
    List<JsonNode> withVoidedTargets(Page page) throws IOException, InterruptedException {
      Set<String> inPage = new HashSet<>();
      for (JsonNode s : page.statements()) {
        inPage.add(s.path("id").asText().toLowerCase(Locale.ROOT));
      }
      List<JsonNode> out = new ArrayList<>();
      for (JsonNode s : page.statements()) {
        Optional<String> voided = Voiding.voidedTarget(s);
        if (voided.isPresent()
            && !inPage.contains(voided.get())
            && fetchedTargets.add(voided.get())) {
          voidedStatement(voided.get())
              .ifPresent(
                  b -> {
                    out.add(b.json());
                    page.parts().putAll(b.parts());
                  });
        }
        out.add(s);
      }
      return out;
    }

    private Optional<Body> voidedStatement(String id) throws IOException, InterruptedException {
      HttpResponse<byte[]> r =
          fetch(
              source.resolve(
                  "statements?voidedStatementId=" + id + (attachments ? "&attachments=true" : "")));
      if (r.statusCode() == 404) {
        return Optional.empty(); // never stored there, or not visible to this credential
      }
      if (r.statusCode() != 200) {
        throw new IOException(
            "voided statement " + id + ": " + LrsHttp.describe(r.statusCode(), r.body()));
      }
      return Optional.of(body(r));
    }

    /** JSON, or multipart/mixed whose first part is the JSON (Communication 2.1.3.s2.b6). */
    private static Body body(HttpResponse<byte[]> r) throws IOException {
      String type = r.headers().firstValue("Content-Type").orElse("application/json");
      if (!Multipart.mediaType(type).equals("multipart/mixed")) {
        return new Body(LrsHttp.json(r), new HashMap<>());
      }
      try {
        List<Multipart.Part> parts =
            Multipart.parse(r.body(), Multipart.boundary(type).orElse(null));
        Map<String, Multipart.Part> bySha2 = new LinkedHashMap<>();
        for (Multipart.Part p : parts.subList(1, parts.size())) {
          String sha2 = p.header("X-Experience-API-Hash");
          if (sha2 != null) {
            bySha2.put(sha2.trim().toLowerCase(Locale.ROOT), p);
          }
        }
        return new Body(StrictJson.parse(parts.get(0).body()), bySha2);
      } catch (AttachmentException | StrictJson.InvalidJsonException e) {
        throw new IOException(r.uri() + " answered a multipart body that cannot be read", e);
      }
    }

    record Body(JsonNode json, Map<String, Multipart.Part> parts) {}

    /**
     * Posts a statement with raw attachments to this LRS's Statement Resource with their bytes: the
     * statement is already imported, so only the bytes are new.
     */
    void copyAttachments(JsonNode statement, Map<String, Multipart.Part> parts)
        throws IOException, InterruptedException {
      List<Multipart.Part> mine = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (JsonNode a : statement.path("attachments")) {
        String sha2 = a.path("sha2").asText("").toLowerCase(Locale.ROOT);
        if (!a.hasNonNull("fileUrl") && parts.containsKey(sha2) && seen.add(sha2)) {
          mine.add(parts.get(sha2));
        }
      }
      if (mine.isEmpty()) {
        return;
      }
      String boundary = "hocba-pull-" + UUID.randomUUID().toString().replace("-", "");
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      ascii(body, "--" + boundary + "\r\nContent-Type: application/json\r\n\r\n");
      body.writeBytes(StrictJson.write(statement).getBytes(StandardCharsets.UTF_8));
      for (Multipart.Part p : mine) {
        ascii(
            body,
            "\r\n--"
                + boundary
                + "\r\nContent-Type: "
                + Optional.ofNullable(p.header("Content-Type")).orElse("application/octet-stream")
                + "\r\nContent-Transfer-Encoding: binary\r\nX-Experience-API-Hash: "
                + p.header("X-Experience-API-Hash").trim()
                + "\r\n\r\n");
        body.writeBytes(p.body());
      }
      ascii(body, "\r\n--" + boundary + "--\r\n");
      String statementVersion =
          StatementImport.rulesFor(statement).map(v -> v.header()).orElse(version);
      HttpRequest request =
          target
              .request(target.resolve("xapi/statements"))
              .header("X-Experience-API-Version", statementVersion)
              .header("Content-Type", "multipart/mixed; boundary=" + boundary)
              .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
              .build();
      HttpResponse<byte[]> r = target.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() == 200) {
        attachmentsCopied++;
      } else {
        attachmentsFailed++;
        out.println(
            "  attachments of statement "
                + statement.path("id").asText()
                + " were not copied: "
                + LrsHttp.describe(r.statusCode(), r.body()));
      }
    }

    private static void ascii(ByteArrayOutputStream out, String text) {
      out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
    }
  }

  private static String encode(String v) {
    return URLEncoder.encode(v, StandardCharsets.UTF_8);
  }
}
