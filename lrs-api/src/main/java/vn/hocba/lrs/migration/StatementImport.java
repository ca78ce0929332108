package vn.hocba.lrs.migration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import vn.hocba.attachments.AttachmentStore;
import vn.hocba.eventlog.StatementLedger;
import vn.hocba.lrs.security.Principal;
import vn.hocba.statementindex.IndexProgress;
import vn.hocba.xapi.json.StrictJson;
import vn.hocba.xapi.model.XapiVersion;
import vn.hocba.xapi.validation.StatementValidator;
import vn.hocba.xapi.validation.Violation;

/**
 * Imports NDJSON statements read from a stream: each line is parsed strictly and validated, valid
 * statements go to the ledger in batches (each batch stored whole or not at all), and a report says
 * what became of every line. Memory holds one batch, whatever the size of the stream.
 *
 * <p>Statements keep their ids, so importing the same lines again stores nothing new (Data 2.3.1:
 * an equivalent statement with a known id is a no-op); a known id with different content is a
 * conflict. The ledger assigns {@code stored} now (Data 2.4.8.s3.b2) and keeps {@code timestamp};
 * the statement's own {@code authority} is kept or replaced as the options say (Data 2.4.9).
 */
final class StatementImport {

  /** Rejected lines listed in a report; more are only counted. */
  static final int MAX_LISTED = 100;

  /** A batch is cut at this many bytes of statement text even when it has fewer statements. */
  static final int MAX_BATCH_BYTES = 4 * 1024 * 1024;

  /** What to do with a line that cannot be stored. */
  enum OnError {
    /** Store nothing from the batch holding it nor after it; read on only to report. */
    STOP,
    /** Report it and store the other statements. */
    SKIP
  }

  /**
   * @param defaultVersion the rules for statements without a {@code version} property
   * @param keepAuthority keep a statement's own authority (else the importing credential's)
   * @param firstLine the number the first line of the stream has in the file it comes from
   */
  record Options(
      XapiVersion defaultVersion,
      boolean keepAuthority,
      OnError onError,
      long firstLine,
      int batchSize,
      boolean dryRun) {}

  /** A line that was not stored, with why; never the statement's content. */
  record Rejection(long line, String statementId, String reason, List<Violation> violations) {}

  private final StatementLedger ledger;
  private final AttachmentStore attachments;
  private final IndexProgress progress;
  private final Duration consistencyWait;
  private final int maxLineBytes;

  StatementImport(
      StatementLedger ledger,
      AttachmentStore attachments,
      IndexProgress progress,
      Duration consistencyWait,
      int maxLineBytes) {
    this.ledger = ledger;
    this.attachments = attachments;
    this.progress = progress;
    this.consistencyWait = consistencyWait;
    this.maxLineBytes = maxLineBytes;
  }

  /** A validated statement waiting in the current batch. */
  private record Pending(long line, String id, JsonNode statement, int bytes) {}

  /** The running state of one import, turned into the report at the end. */
  private final class Run {
    final Options options;
    final Principal principal;
    final List<Pending> batch = new ArrayList<>();
    final Set<String> batchIds = new HashSet<>();
    XapiVersion batchVersion;
    int batchBytes;
    long lines;
    long statements;
    long stored;
    long alreadyPresent;
    long rejected;
    final List<Rejection> listed = new ArrayList<>();
    long committedThrough;
    boolean stopped;
    long lastPosition = -1;
    final Set<String> missingAttachments = new HashSet<>();

    Run(Options options, Principal principal) {
      this.options = options;
      this.principal = principal;
      this.committedThrough = options.firstLine() - 1;
    }

    void reject(long line, String id, String reason, List<Violation> violations) {
      rejected++;
      if (listed.size() < MAX_LISTED) {
        listed.add(new Rejection(line, id, reason, violations));
      }
      if (options.onError() == OnError.STOP && !stopped) {
        stopped = true; // the batch holding this line is dropped, nothing after it is stored
        clearBatch();
      }
    }

    void clearBatch() {
      batch.clear();
      batchIds.clear();
      batchBytes = 0;
      batchVersion = null;
    }

    void add(Pending p, XapiVersion version) {
      if (stopped) {
        return; // validated and counted only
      }
      // a batch has one version (the ledger records it per request) and each id once (a repeated
      // id is compared with the first by the ledger, as on a second import)
      boolean cut =
          !batch.isEmpty()
              && (version != batchVersion
                  || batchIds.contains(p.id())
                  || batchBytes + p.bytes() > MAX_BATCH_BYTES);
      if (cut) {
        flush();
        if (stopped) {
          return;
        }
      }
      batch.add(p);
      batchIds.add(p.id());
      batchBytes += p.bytes();
      batchVersion = version;
      if (batch.size() >= options.batchSize()) {
        flush();
      }
    }

    /**
     * Records the batch; in skip mode a conflicting statement is taken out and the rest retried.
     */
    void flush() {
      if (batch.isEmpty() || stopped) {
        return;
      }
      long last = batch.get(batch.size() - 1).line();
      if (options.dryRun()) {
        committedThrough = last;
        clearBatch();
        return;
      }
      while (!batch.isEmpty()) {
        try {
          StatementLedger.Recorded r =
              ledger.record(
                  batch.stream().map(Pending::statement).toList(),
                  principal.authority(),
                  options.keepAuthority(),
                  principal.key(),
                  batchVersion);
          stored += r.newStatements();
          alreadyPresent += batch.size() - r.newStatements();
          if (r.appended()) {
            lastPosition = Math.max(lastPosition, r.lastPosition());
            if (r.newStatements() > 0) {
              noteMissingAttachments();
            }
          }
          break;
        } catch (StatementLedger.StatementConflictException e) {
          Pending conflicting =
              batch.stream().filter(p -> p.id().equals(e.statementId())).findFirst().orElseThrow();
          batch.remove(conflicting);
          batchIds.remove(conflicting.id());
          reject(
              conflicting.line(),
              conflicting.id(),
              "a different statement with this id is already stored (Data 2.3.1)",
              List.of());
          if (stopped) {
            return;
          }
        }
      }
      committedThrough = last;
      clearBatch();
    }

    /** Raw attachments (no fileUrl) whose bytes this LRS does not hold: the import has none. */
    void noteMissingAttachments() {
      for (Pending p : batch) {
        for (JsonNode a : p.statement().path("attachments")) {
          String sha2 = a.path("sha2").asText("").toLowerCase(Locale.ROOT);
          if (!a.hasNonNull("fileUrl")
              && !sha2.isEmpty()
              && !missingAttachments.contains(sha2)
              && !attachments.contains(sha2)) {
            missingAttachments.add(sha2);
          }
        }
      }
    }
  }

  /** Reads every line of the stream and imports it; the stream is read to its end. */
  Report run(InputStream body, Options options, Principal principal) throws IOException {
    Run run = new Run(options, principal);
    NdjsonLines reader = new NdjsonLines(body, maxLineBytes);
    NdjsonLines.Line raw;
    while ((raw = reader.next()) != null) {
      run.lines++;
      long line = options.firstLine() - 1 + raw.number();
      if (raw.blank()) {
        continue;
      }
      run.statements++;
      if (raw.tooLong()) {
        run.reject(line, null, "the line is longer than " + maxLineBytes + " bytes", List.of());
        continue;
      }
      JsonNode statement;
      try {
        statement = StrictJson.parse(raw.bytes());
      } catch (StrictJson.InvalidJsonException e) {
        // the parser's message may quote the line's content, which can be personal data
        run.reject(
            line,
            null,
            "not one valid JSON value (strict JSON: no duplicate keys, comments or trailing text)",
            List.of());
        continue;
      }
      if (!statement.isObject()) {
        run.reject(line, null, "a line must hold one statement, a JSON object", List.of());
        continue;
      }
      JsonNode idNode = statement.get("id");
      String id =
          idNode != null && idNode.isTextual() ? idNode.asText().toLowerCase(Locale.ROOT) : null;
      if (id == null
          || !id.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) {
        run.reject(
            line,
            null,
            "an imported statement must carry its id (a UUID), so that importing it again stores"
                + " nothing twice",
            List.of());
        continue;
      }
      XapiVersion version = rulesFor(statement).orElse(options.defaultVersion());
      List<Violation> violations = StatementValidator.validateStatement(statement, version);
      if (!violations.isEmpty()) {
        run.reject(line, id, "not a valid xAPI " + version.header() + " statement", violations);
        continue;
      }
      run.add(new Pending(line, id, statement, raw.bytes().length), version);
    }
    run.flush();
    if (run.lastPosition >= 0) {
      try {
        progress.awaitPosition(run.lastPosition, consistencyWait); // read-your-writes, bounded
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return new Report(
        options,
        run.lines,
        run.statements,
        run.stored,
        run.alreadyPresent,
        run.rejected,
        List.copyOf(run.listed),
        run.committedThrough,
        run.stopped,
        run.missingAttachments.size());
  }

  /** The rules a statement's own version property asks for (Data 2.4.10), when it names one. */
  static Optional<XapiVersion> rulesFor(JsonNode statement) {
    JsonNode v = statement.get("version");
    return v != null && v.isTextual() ? XapiVersion.fromHeader(v.asText()) : Optional.empty();
  }

  /** What became of an import. */
  record Report(
      Options options,
      long lines,
      long statements,
      long stored,
      long alreadyPresent,
      long rejected,
      List<Rejection> rejections,
      long committedThroughLine,
      boolean stopped,
      int attachmentsWithoutBytes) {

    /** Stopped at a bad line (the default mode), or a dry run found one. */
    boolean refused() {
      return stopped || options.dryRun() && rejected > 0;
    }

    String message() {
      if (!refused()) {
        return options.dryRun()
            ? "dry run: every statement is valid; nothing was stored"
            : "imported";
      }
      if (options.dryRun()) {
        return "dry run: " + rejected + " line(s) would be rejected; nothing was stored";
      }
      return "the import stopped at a bad line: lines up to "
          + committedThroughLine
          + " were imported, nothing after them; every rejected line is listed (up to "
          + MAX_LISTED
          + ")";
    }

    ObjectNode json() {
      ObjectNode n = StrictJson.mapper().createObjectNode();
      n.put("lines", lines);
      n.put("statements", statements);
      n.put("stored", stored);
      n.put("alreadyPresent", alreadyPresent);
      n.put("rejected", rejected);
      n.put("committedThroughLine", committedThroughLine);
      n.put("complete", !refused());
      n.put("dryRun", options.dryRun());
      n.put("attachmentsWithoutBytes", attachmentsWithoutBytes);
      ArrayNode list = n.putArray("rejections");
      for (Rejection r : rejections) {
        ObjectNode o = list.addObject();
        o.put("line", r.line());
        if (r.statementId() != null) {
          o.put("id", r.statementId());
        }
        o.put("reason", r.reason());
        if (!r.violations().isEmpty()) {
          ArrayNode v = o.putArray("violations");
          for (Violation violation : r.violations()) {
            v.addObject()
                .put("pointer", violation.pointer())
                .put("rule", violation.rule())
                .put("message", violation.message());
          }
        }
      }
      return n;
    }
  }
}
