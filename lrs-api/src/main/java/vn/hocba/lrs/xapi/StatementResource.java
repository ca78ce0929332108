package vn.hocba.lrs.xapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.hocba.eventlog.MongoEventLog;
import vn.hocba.eventlog.StatementLedger;
import vn.hocba.lrs.security.Principal;
import vn.hocba.statementindex.IndexProgress;
import vn.hocba.statementindex.StatementQueries;
import vn.hocba.statementindex.StatementQueries.IndexedStatement;
import vn.hocba.xapi.json.StrictJson;
import vn.hocba.xapi.model.XapiVersion;
import vn.hocba.xapi.statements.StatementFormats;
import vn.hocba.xapi.validation.StatementValidator;
import vn.hocba.xapi.validation.Violation;

/** The Statement Resource (Communication 2.1): PUT, POST, GET and HEAD of statements. */
@RestController
class StatementResource {

  private static final String PATH = "/xapi/statements";

  private final StatementLedger ledger;
  private final MongoEventLog eventLog;
  private final StatementQueries queries;
  private final IndexProgress progress;
  private final Clock clock;
  private final Duration consistencyWait;
  private final int maxLimit;
  private final long maxBodyBytes;

  StatementResource(
      StatementLedger ledger,
      MongoEventLog eventLog,
      StatementQueries queries,
      IndexProgress progress,
      Clock clock,
      @Value("${lrs.statements.consistency-wait:10s}") Duration consistencyWait,
      @Value("${lrs.statements.max-limit:500}") int maxLimit,
      @Value("${lrs.statements.max-body-bytes:16000000}") long maxBodyBytes) {
    this.ledger = ledger;
    this.eventLog = eventLog;
    this.queries = queries;
    this.progress = progress;
    this.clock = clock;
    this.consistencyWait = consistencyWait;
    this.maxLimit = maxLimit;
    this.maxBodyBytes = maxBodyBytes;
  }

  // ---- writes ----------------------------------------------------------------------------

  @PutMapping(PATH)
  ResponseEntity<String> put(
      @RequestParam Map<String, String> params,
      @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
      @RequestBody(required = false) byte[] body,
      @RequestAttribute(Principal.ATTRIBUTE) Principal principal,
      @RequestAttribute(XapiRequestFilter.VERSION_ATTRIBUTE) XapiVersion version) {
    requireScope(principal, "statements/write");
    rejectAlternateSyntax(params);
    String statementId = params.get("statementId");
    if (statementId == null) {
      throw XapiProblem.badRequest("PUT requires the statementId parameter (Communication 2.1.1)");
    }
    for (String p : params.keySet()) {
      if (!p.equals("statementId")) {
        throw XapiProblem.badRequest("unexpected parameter '" + p + "' on PUT statements");
      }
    }
    if (!StatementParameters.isUuid(statementId)) {
      throw XapiProblem.badRequest("statementId must be a UUID (Data 4.5)");
    }
    JsonNode statement = readJson(contentType, body);
    if (!statement.isObject()) {
      throw XapiProblem.badRequest("PUT takes one statement, a JSON object (Communication 2.1.1)");
    }
    JsonNode id = statement.get("id");
    if (id != null && !(id.isTextual() && id.asText().equalsIgnoreCase(statementId))) {
      throw XapiProblem.badRequest(
          "the statement's id differs from the statementId parameter (Communication 2.1.1)");
    }
    List<Violation> violations = StatementValidator.validateStatement(statement, version);
    if (!violations.isEmpty()) {
      throw XapiProblem.invalid("the statement is not valid xAPI", violations);
    }
    ((com.fasterxml.jackson.databind.node.ObjectNode) statement)
        .put("id", statementId.toLowerCase(Locale.ROOT));
    record(List.of(statement), principal, version);
    return ResponseEntity.noContent().build();
  }

  @PostMapping(PATH)
  ResponseEntity<String> post(
      @RequestParam Map<String, String> params,
      @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
      @RequestBody(required = false) byte[] body,
      @RequestAttribute(Principal.ATTRIBUTE) Principal principal,
      @RequestAttribute(XapiRequestFilter.VERSION_ATTRIBUTE) XapiVersion version) {
    requireScope(principal, "statements/write");
    rejectAlternateSyntax(params);
    if (!params.isEmpty()) {
      throw XapiProblem.badRequest(
          "POST statements takes no parameters, got '" + params.keySet().iterator().next() + "'");
    }
    JsonNode content = readJson(contentType, body);
    if (!content.isObject() && !content.isArray()) {
      throw XapiProblem.badRequest("POST takes a statement or an array of statements");
    }
    List<Violation> violations = StatementValidator.validateStatementBatch(content, version);
    if (!violations.isEmpty()) {
      throw XapiProblem.invalid(
          "the request holds invalid statements; none was stored", violations);
    }
    List<JsonNode> statements = new ArrayList<>();
    if (content.isArray()) {
      content.forEach(statements::add);
    } else {
      statements.add(content);
    }
    Set<String> seen = new HashSet<>();
    for (JsonNode s : statements) {
      if (s.hasNonNull("id") && !seen.add(s.get("id").asText().toLowerCase(Locale.ROOT))) {
        throw XapiProblem.badRequest(
            "the batch holds the same statement id twice; none was stored");
      }
    }
    if (statements.size() > MongoEventLog.MAX_EVENTS_PER_COMMIT / 2) {
      throw XapiProblem.tooLarge(
          "at most " + MongoEventLog.MAX_EVENTS_PER_COMMIT / 2 + " statements per request");
    }
    List<String> ids = statements.isEmpty() ? List.of() : record(statements, principal, version);
    ArrayNode out = StrictJson.mapper().createArrayNode();
    ids.forEach(out::add);
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(StrictJson.write(out));
  }

  private List<String> record(List<JsonNode> statements, Principal principal, XapiVersion version) {
    StatementLedger.Recorded r =
        ledger.record(statements, principal.authority(), principal.key(), version);
    if (r.appended()) {
      try {
        progress.awaitPosition(r.lastPosition(), consistencyWait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return r.statementIds();
  }

  private JsonNode readJson(String contentType, byte[] body) {
    MediaType type;
    try {
      type = contentType == null ? null : MediaType.parseMediaType(contentType);
    } catch (IllegalArgumentException e) {
      throw XapiProblem.badRequest("malformed Content-Type header");
    }
    if (type == null || !MediaType.APPLICATION_JSON.equalsTypeAndSubtype(type)) {
      if (type != null && "multipart".equals(type.getType())) {
        throw XapiProblem.badRequest(
            "statements with attachment parts (multipart/mixed) are not accepted by this version;"
                + " use attachments with fileUrl");
      }
      throw XapiProblem.badRequest(
          "statements must be sent as application/json (Communication 1.5.1)");
    }
    if (body == null || body.length == 0) {
      throw XapiProblem.badRequest("the request has no body");
    }
    if (body.length > maxBodyBytes) {
      throw XapiProblem.tooLarge("the request body is larger than " + maxBodyBytes + " bytes");
    }
    return StrictJson.parse(body);
  }

  // ---- reads -----------------------------------------------------------------------------

  @GetMapping(PATH)
  ResponseEntity<String> get(
      @RequestParam Map<String, String> params,
      @RequestHeader(value = HttpHeaders.ACCEPT_LANGUAGE, required = false) String acceptLanguage,
      @RequestAttribute(Principal.ATTRIBUTE) Principal principal,
      @RequestAttribute(XapiRequestFilter.VERSION_ATTRIBUTE) XapiVersion version,
      HttpServletRequest request) {
    requireScope(principal, "statements/read");
    rejectAlternateSyntax(params);
    StatementParameters p = StatementParameters.parse(params, version, maxLimit);
    List<Locale.LanguageRange> languages = StatementParameters.languages(acceptLanguage);
    if (p.singleId().isPresent()) {
      String id = p.singleId().get();
      IndexedStatement s =
          queries
              .byId(id)
              .or(() -> behindIndex(id))
              .filter(found -> found.voided() == p.voided())
              .orElseThrow(
                  () ->
                      XapiProblem.notFound(
                          p.voided()
                              ? "no voided statement with that voidedStatementId"
                              : "no statement with that statementId (or it is voided)"));
      String json = format(s.json(), p.format(), languages);
      return respond(json, s.stored(), p.attachments());
    }
    StatementQueries.Page page = queries.query(p.query());
    StringBuilder out = new StringBuilder(256 + page.statements().size() * 600);
    out.append("{\"statements\":[");
    Instant lastModified = null;
    for (int i = 0; i < page.statements().size(); i++) {
      IndexedStatement s = page.statements().get(i);
      if (i > 0) {
        out.append(',');
      }
      out.append(format(s.json(), p.format(), languages));
      if (lastModified == null || s.stored().isAfter(lastModified)) {
        lastModified = s.stored();
      }
    }
    out.append("],\"more\":");
    out.append(
        page.next()
            .map(
                k ->
                    StrictJson.mapper()
                        .getNodeFactory()
                        .textNode(PATH + "?more=" + p.more(k))
                        .toString())
            .orElse("\"\""));
    out.append('}');
    return respond(
        out.toString(), lastModified == null ? clock.instant() : lastModified, p.attachments());
  }

  /**
   * A statement the index has not applied yet (after a restart, or while it catches up) is read
   * from the log, so that an acknowledged POST is always readable by id.
   */
  private Optional<IndexedStatement> behindIndex(String id) {
    if (progress.position() >= eventLog.nextPosition() - 1) {
      return Optional.empty();
    }
    return ledger.lookup(id).map(l -> new IndexedStatement(id, l.json(), l.stored(), l.voided()));
  }

  private ResponseEntity<String> respond(String json, Instant lastModified, boolean attachments) {
    // X-Experience-API-Consistent-Through is set by XapiRequestFilter on every response
    ResponseEntity.BodyBuilder b = ResponseEntity.ok().lastModified(lastModified.toEpochMilli());
    if (attachments) {
      // Communication 2.1.3.s2.b6: multipart answer; this version stores no attachment bytes
      // (raw parts are refused on write), so the statement part is the only part.
      String boundary = "hocba-" + Long.toHexString(clock.millis());
      String multipart =
          "--"
              + boundary
              + "\r\nContent-Type: application/json\r\n\r\n"
              + json
              + "\r\n--"
              + boundary
              + "--\r\n";
      return b.contentType(MediaType.parseMediaType("multipart/mixed; boundary=" + boundary))
          .body(multipart);
    }
    return b.contentType(MediaType.APPLICATION_JSON).body(json);
  }

  private static String format(
      String json, StatementParameters.Format format, List<Locale.LanguageRange> languages) {
    return switch (format) {
      case EXACT -> json;
      case IDS -> StrictJson.write(StatementFormats.ids(StrictJson.parse(json)));
      case CANONICAL ->
          StrictJson.write(StatementFormats.canonical(StrictJson.parse(json), languages));
    };
  }

  private static void requireScope(Principal principal, String scope) {
    if (!principal.may(scope)) {
      throw XapiProblem.forbidden("this credential may not use " + scope);
    }
  }

  private static void rejectAlternateSyntax(Map<String, String> params) {
    if (params.containsKey("method")) {
      throw XapiProblem.badRequest(
          "the alternate request syntax (Communication 1.3) is not accepted by this LRS");
    }
  }
}
