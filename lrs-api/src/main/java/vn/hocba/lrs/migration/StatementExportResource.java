package vn.hocba.lrs.migration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.hocba.eventlog.MongoEventLog;
import vn.hocba.lrs.security.Principal;
import vn.hocba.lrs.web.Problem;
import vn.hocba.lrs.xapi.StatementFilters;
import vn.hocba.statementindex.IndexProgress;
import vn.hocba.statementindex.StatementQueries;
import vn.hocba.statementindex.StatementQuery;
import vn.hocba.xapi.model.XapiVersion;

/**
 * GET /admin/export/statements: the stored statements as NDJSON, one statement per line exactly as
 * stored, oldest first, streamed in constant memory. Takes the filters of GET /statements
 * (Communication 2.1.3) and {@code include_voided} (default true: a migration must carry voided
 * statements and their voiding statements to reproduce the voided state). Scope {@code admin}.
 */
@RestController
class StatementExportResource {

  static final String PATH = "/admin/export/statements";
  static final String MEDIA_TYPE = "application/x-ndjson";

  /** The log position the export covers: everything recorded up to it, nothing after. */
  static final String THROUGH_HEADER = "X-Hocba-Export-Through";

  private static final Logger log = LoggerFactory.getLogger(StatementExportResource.class);
  private static final Set<String> KNOWN =
      Stream.concat(StatementFilters.NAMES.stream(), Stream.of("include_voided"))
          .collect(Collectors.toUnmodifiableSet());

  private final StatementExport export;
  private final MongoEventLog eventLog;
  private final IndexProgress progress;
  private final Duration consistencyWait;

  StatementExportResource(
      MongoEventLog eventLog,
      StatementQueries queries,
      IndexProgress progress,
      @Value("${lrs.statements.consistency-wait:10s}") Duration consistencyWait) {
    this.export = new StatementExport(queries);
    this.eventLog = eventLog;
    this.progress = progress;
    this.consistencyWait = consistencyWait;
  }

  @GetMapping(PATH)
  void export(
      @RequestParam Map<String, String> params,
      HttpServletRequest request,
      HttpServletResponse response)
      throws InterruptedException {
    Principal.of(request).require("admin");
    for (String name : params.keySet()) {
      if (!KNOWN.contains(name)) {
        throw Problem.badRequest(
            "unknown parameter '"
                + name
                + "'; the export takes the filters of GET statements"
                + " and include_voided");
      }
    }
    if ("false".equals(params.get("ascending"))) {
      throw Problem.badRequest(
          "an export is written oldest first, so that an import stores statements in their"
              + " original order; ascending=false is not accepted");
    }
    // the agent parameter is checked by the 2.0 rules, which accept every 1.0.3 identifier
    StatementQuery query =
        StatementFilters.parse(
            params, XapiVersion.V2_0_0, StatementExport.MAX_PAGE, Optional.empty());
    boolean includeVoided =
        !params.containsKey("include_voided") || StatementFilters.bool(params, "include_voided");
    long through = eventLog.nextPosition() - 1;
    if (!progress.awaitPosition(through, consistencyWait)) {
      throw Problem.unavailable(
          "the statement index has not yet applied the whole log (it may be rebuilding); an"
              + " export now would miss statements, try again later");
    }
    response.setStatus(200);
    response.setContentType(MEDIA_TYPE);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.setHeader(THROUGH_HEADER, Long.toString(through));
    long written = 0;
    try {
      OutputStream out = new BufferedOutputStream(response.getOutputStream(), 64 * 1024);
      long[] count = {0};
      export.write(
          query,
          includeVoided,
          through,
          json -> {
            out.write(json.getBytes(StandardCharsets.UTF_8));
            out.write('\n');
            count[0]++;
          });
      written = count[0];
      out.flush();
    } catch (IOException clientGone) {
      // the client closed the connection: stop reading the log, nothing to answer
      log.info("export stopped: the client went away");
      return;
    }
    log.info("export: {} statements through log position {}", written, through);
  }
}
