package vn.hocba.lrs.migration;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.hocba.attachments.AttachmentStore;
import vn.hocba.eventlog.MongoEventLog;
import vn.hocba.eventlog.StatementLedger;
import vn.hocba.lrs.security.Principal;
import vn.hocba.lrs.web.Problem;
import vn.hocba.lrs.xapi.StatementFilters;
import vn.hocba.statementindex.IndexProgress;
import vn.hocba.xapi.json.StrictJson;
import vn.hocba.xapi.model.XapiVersion;

/**
 * POST /admin/import/statements: NDJSON statements, read as a stream (the body has no size limit
 * and is never held whole), stored in batches that keep their ids, answered with a report of every
 * line. 200 when every line was imported (or skipped on request), 400 when the import stopped at a
 * bad line; the report then says which lines were committed. Scope {@code admin}.
 */
@RestController
class StatementImportResource {

  static final String PATH = "/admin/import/statements";
  static final int DEFAULT_BATCH = 500;

  private static final Logger log = LoggerFactory.getLogger(StatementImportResource.class);
  private static final Set<String> KNOWN =
      Set.of("xapi_version", "authority", "on_error", "first_line", "batch_size", "dry_run");

  private final StatementImport importer;

  StatementImportResource(
      StatementLedger ledger,
      AttachmentStore attachments,
      IndexProgress progress,
      @Value("${lrs.statements.consistency-wait:10s}") Duration consistencyWait,
      @Value("${lrs.statements.max-body-bytes:32000000}") long maxBodyBytes) {
    // a line may be as large as the largest statements request the LRS accepts
    this.importer =
        new StatementImport(
            ledger,
            attachments,
            progress,
            consistencyWait,
            (int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes));
  }

  @PostMapping(PATH)
  ResponseEntity<String> importStatements(
      @RequestParam Map<String, String> params,
      @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
      HttpServletRequest request)
      throws IOException {
    Principal principal = Principal.of(request);
    principal.require("admin");
    StatementImport.Options options = options(params);
    String type =
        contentType == null
            ? ""
            : contentType.split(";")[0].trim().toLowerCase(java.util.Locale.ROOT);
    if (!type.equals(StatementExportResource.MEDIA_TYPE)) {
      throw Problem.badRequest(
          "the body must be NDJSON, Content-Type " + StatementExportResource.MEDIA_TYPE);
    }
    StatementImport.Report report;
    try (InputStream body = request.getInputStream()) {
      report = importer.run(body, options, principal);
    }
    log.info(
        "import: {} lines, {} stored, {} already present, {} rejected{}",
        report.lines(),
        report.stored(),
        report.alreadyPresent(),
        report.rejected(),
        report.refused() ? ", stopped" : "");
    HttpStatus status = report.refused() ? HttpStatus.BAD_REQUEST : HttpStatus.OK;
    ObjectNode json = StrictJson.mapper().createObjectNode();
    if (report.refused()) { // the shape of every error body (web.Errors), with the report
      json.put("error", true);
      json.put("statusCode", status.value());
    }
    json.put("message", report.message());
    json.setAll(report.json());
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_JSON)
        .body(StrictJson.write(json));
  }

  static StatementImport.Options options(Map<String, String> params) {
    for (String name : params.keySet()) {
      if (!KNOWN.contains(name)) {
        throw Problem.badRequest(
            "unknown parameter '" + name + "'; the import takes " + String.join(", ", KNOWN));
      }
    }
    XapiVersion version = XapiVersion.V2_0_0;
    if (params.containsKey("xapi_version")) {
      version =
          XapiVersion.fromHeader(params.get("xapi_version"))
              .orElseThrow(() -> Problem.badRequest("xapi_version must be 1.0.3 or 2.0.0"));
    }
    boolean keepAuthority =
        switch (params.getOrDefault("authority", "keep")) {
          case "keep" -> true;
          case "credential" -> false;
          default -> throw Problem.badRequest("authority must be keep or credential");
        };
    StatementImport.OnError onError =
        switch (params.getOrDefault("on_error", "stop")) {
          case "stop" -> StatementImport.OnError.STOP;
          case "skip" -> StatementImport.OnError.SKIP;
          default -> throw Problem.badRequest("on_error must be stop or skip");
        };
    long firstLine = number(params, "first_line", 1, 1, Long.MAX_VALUE / 2);
    int batch =
        (int)
            number(params, "batch_size", DEFAULT_BATCH, 1, MongoEventLog.MAX_EVENTS_PER_COMMIT / 2);
    return new StatementImport.Options(
        version,
        keepAuthority,
        onError,
        firstLine,
        batch,
        StatementFilters.bool(params, "dry_run"));
  }

  private static long number(
      Map<String, String> params, String name, long dflt, long min, long max) {
    String v = params.get(name);
    if (v == null) {
      return dflt;
    }
    try {
      long n = Long.parseLong(v);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw Problem.badRequest(name + " must be a whole number from " + min + " to " + max);
  }
}
