package vn.hocba.lrs.xapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import vn.hocba.attachments.AttachmentStore;
import vn.hocba.eventlog.MongoEventLog;
import vn.hocba.eventlog.StatementLedger;
import vn.hocba.lrs.security.Principal;
import vn.hocba.lrs.web.Problem;
import vn.hocba.statementindex.IndexProgress;
import vn.hocba.statementindex.StatementQueries;
import vn.hocba.statementindex.StatementQueries.IndexedStatement;
import vn.hocba.xapi.attachments.AttachmentParts;
import vn.hocba.xapi.attachments.Multipart;
import vn.hocba.xapi.attachments.Signatures;
import vn.hocba.xapi.json.StrictJson;
import vn.hocba.xapi.model.XapiVersion;
import vn.hocba.xapi.statements.StatementFormats;
import vn.hocba.xapi.validation.StatementValidator;
import vn.hocba.xapi.validation.Violation;

/** The Statement Resource (Communication 2.1): PUT, POST, GET and HEAD of statements. */
@RestController
class StatementResource {

  private static final String PATH = "/xapi/statements";
  private static final long PREALLOCATED_BODY = 1 << 20;

  private final StatementLedger ledger;
  private final MongoEventLog eventLog;
  private final StatementQueries queries;
  private final IndexProgress progress;
  private final Clock clock;
  private final Duration consistencyWait;
  private final int maxLimit;
  private final long maxBodyBytes;
  private final AttachmentStore attachments;

  StatementResource(
      StatementLedger ledger,
      AttachmentStore attachments,
      MongoEventLog eventLog,
      StatementQueries queries,
      IndexProgress progress,
      Clock clock,
      @Value("${lrs.statements.consistency-wait:10s}") Duration consistencyWait,
      @Value("${lrs.statements.max-limit:500}") int maxLimit,
      @Value("${lrs.statements.max-body-bytes:32000000}") long maxBodyBytes) {
    this.ledger = ledger;
    this.attachments = attachments;
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
      HttpServletRequest request,
      @RequestAttribute(Principal.ATTRIBUTE) Principal principal,
      @RequestAttribute(XapiRequestFilter.VERSION_ATTRIBUTE) XapiVersion version) {
    requireScope(principal, "statements/write");
    rejectAlternateSyntax(params);
    String statementId = params.get("statementId");
    if (statementId == null) {
      throw Problem.badRequest("PUT requires the statementId parameter (Communication 2.1.1)");
    }
    for (String p : params.keySet()) {
      if (!p.equals("statementId")) {
        throw Problem.badRequest("unexpected parameter '" + p + "' on PUT statements");
      }
    }
    if (!StatementParameters.isUuid(statementId)) {
      throw Problem.badRequest("statementId must be a UUID (Data 4.5)");
    }
    Incoming incoming = readBody(contentType, request);
    JsonNode statement = incoming.content();
    if (!statement.isObject()) {
      throw Problem.badRequest("PUT takes one statement, a JSON object (Communication 2.1.1)");
    }
    JsonNode id = statement.get("id");
    if (id != null && !(id.isTextual() && id.asText().equalsIgnoreCase(statementId))) {
      throw Problem.badRequest(
          "the statement's id differs from the statementId parameter (Communication 2.1.1)");
    }
    List<Violation> violations = StatementValidator.validateStatement(statement, version);
    if (!violations.isEmpty()) {
      throw Problem.invalid("the statement is not valid xAPI", violations);
    }
    ((com.fasterxml.jackson.databind.node.ObjectNode) statement)
        .put("id", statementId.toLowerCase(Locale.ROOT));
    storeAttachments(List.of(statement), incoming.parts());
    record(List.of(statement), principal, version);
    return ResponseEntity.noContent().build();
  }

  @PostMapping(PATH)
  ResponseEntity<String> post(
      @RequestParam Map<String, String> params,
      @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
      HttpServletRequest request,
      @RequestAttribute(Principal.ATTRIBUTE) Principal principal,
      @RequestAttribute(XapiRequestFilter.VERSION_ATTRIBUTE) XapiVersion version) {
    requireScope(principal, "statements/write");
    rejectAlternateSyntax(params);
    if (!params.isEmpty()) {
      throw Problem.badRequest(
          "POST statements takes no parameters, got '" + params.keySet().iterator().next() + "'");
    }
    Incoming incoming = readBody(contentType, request);
    JsonNode content = incoming.content();
    if (!content.isObject() && !content.isArray()) {
      throw Problem.badRequest("POST takes a statement or an array of statements");
    }
    List<Violation> violations = StatementValidator.validateStatementBatch(content, version);
    if (!violations.isEmpty()) {
      throw Problem.invalid("the request holds invalid statements; none was stored", violations);
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
        throw Problem.badRequest("the batch holds the same statement id twice; none was stored");
      }
    }
    if (statements.size() > MongoEventLog.MAX_EVENTS_PER_COMMIT / 2) {
      throw Problem.tooLarge(
          "at most " + MongoEventLog.MAX_EVENTS_PER_COMMIT / 2 + " statements per request");
    }
    storeAttachments(statements, incoming.parts());
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

  /** The statement part of a request and its raw attachment parts (none for JSON). */
  private record Incoming(JsonNode content, List<Multipart.Part> parts) {}

  /**
   * Reads the body up to {@code lrs.statements.max-body-bytes} (413 beyond) as application/json or
   * multipart/mixed (Communication 1.5.1, 1.5.2); the first multipart part is the statement JSON.
   */
  private Incoming readBody(String contentType, HttpServletRequest request) {
    String type = contentType == null ? null : Multipart.mediaType(contentType);
    boolean json = "application/json".equals(type);
    boolean multipart = "multipart/mixed".equals(type);
    if (!json && !multipart) {
      throw Problem.badRequest(
          "statements must be sent as application/json or multipart/mixed (Communication 1.5)");
    }
    byte[] body = readLimited(request);
    if (body.length == 0) {
      throw Problem.badRequest("the request has no body");
    }
    if (json) {
      return new Incoming(StrictJson.parse(body), List.of());
    }
    List<Multipart.Part> parts =
        Multipart.parse(body, Multipart.boundary(contentType).orElse(null));
    Multipart.Part first = parts.get(0);
    if (!"application/json".equals(first.mediaType())) {
      throw Problem.badRequest(
          "the first part of a multipart/mixed request must be the statements as"
              + " application/json (Communication 1.5.2.s2.b2.b1)");
    }
    return new Incoming(StrictJson.parse(first.body()), parts.subList(1, parts.size()));
  }

  private byte[] readLimited(HttpServletRequest request) {
    long declared = request.getContentLengthLong();
    if (declared > maxBodyBytes) {
      throw Problem.tooLarge("the request body is larger than " + maxBodyBytes + " bytes");
    }
    try (InputStream in = request.getInputStream()) {
      if (declared >= 0 && declared <= PREALLOCATED_BODY) {
        // the declared length, read into one array of that size (the container stops the stream
        // there); reading in chunks and joining them cost the body's size twice over. Only up to
        // 1 MB: a larger declared length is not trusted with memory before its bytes arrive.
        byte[] body = new byte[(int) declared];
        int read = in.readNBytes(body, 0, body.length);
        return read == body.length ? body : Arrays.copyOf(body, read);
      }
      byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
      if (body.length > maxBodyBytes) {
        throw Problem.tooLarge("the request body is larger than " + maxBodyBytes + " bytes");
      }
      return body;
    } catch (IOException e) {
      throw Problem.badRequest("the request body could not be read");
    }
  }

  /**
   * Matches the raw parts to the statements' attachments, verifies signatures (Data 2.6), then
   * stores the bytes, all before the ledger commits: on any error nothing is recorded, and an
   * acknowledged statement never lacks its bytes.
   */
  private void storeAttachments(List<JsonNode> statements, List<Multipart.Part> parts) {
    Map<String, AttachmentParts.Received> received = AttachmentParts.match(statements, parts);
    Signatures.verifyAll(statements, received);
    for (AttachmentParts.Received r : received.values()) {
      attachments.store(r.sha2(), r.contentType(), r.bytes());
    }
  }

  // ---- reads -----------------------------------------------------------------------------

  @GetMapping(PATH)
  ResponseEntity<?> get(
      @RequestParam Map<String, String> params,
      @RequestHeader(value = HttpHeaders.ACCEPT_LANGUAGE, required = false) String acceptLanguage,
      @RequestAttribute(Principal.ATTRIBUTE) Principal principal,
      @RequestAttribute(XapiRequestFilter.VERSION_ATTRIBUTE) XapiVersion version,
      HttpServletResponse response) {
    requireScope(principal, "statements/read");
    rejectAlternateSyntax(params);
    StatementParameters p = StatementParameters.parse(params, version, maxLimit);
    List<Locale.LanguageRange> languages = StatementParameters.languages(acceptLanguage);
    if (p.singleId().isPresent()) {
      String id = p.singleId().get();
      IndexedStatement s =
          byId(id)
              .filter(found -> found.voided() == p.voided())
              .orElseThrow(
                  () ->
                      Problem.notFound(
                          p.voided()
                              ? "no voided statement with that voidedStatementId"
                              : "no statement with that statementId (or it is voided)"));
      String json = format(s.json(), p.format(), languages);
      return respond(json, s.stored(), p.attachments() ? List.of(s.json()) : null, response);
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
        out.toString(),
        lastModified == null ? clock.instant() : lastModified,
        p.attachments() ? page.statements().stream().map(IndexedStatement::json).toList() : null,
        response);
  }

  /**
   * A statement by id. While the index is behind the log (after a restart, during a rebuild) it may
   * lack the statement or a later voiding of it, so the write side answers: an acknowledged POST is
   * always readable by id, with its voided state as the log says (Data 2.3.2).
   */
  private Optional<IndexedStatement> byId(String id) {
    if (progress.position() >= eventLog.nextPosition() - 1) {
      return queries.byId(id);
    }
    return ledger.lookup(id).map(l -> new IndexedStatement(id, l.json(), l.stored(), l.voided()));
  }

  /**
   * The answer of a GET: JSON, or with {@code attachments=true} a multipart/mixed body whose first
   * part is the JSON and whose further parts are the stored bytes of every attachment the returned
   * statements reference, each sha2 once (Communication 2.1.3.s2.b6, 1.5.2). Attachments known only
   * by fileUrl have no bytes here and no part.
   */
  private ResponseEntity<?> respond(
      String json,
      Instant lastModified,
      List<String> withAttachments,
      HttpServletResponse response) {
    // X-Experience-API-Consistent-Through is set by XapiRequestFilter on every response
    ResponseEntity.BodyBuilder b = ResponseEntity.ok().lastModified(lastModified.toEpochMilli());
    if (withAttachments == null) {
      return b.contentType(MediaType.APPLICATION_JSON).body(json);
    }
    Map<String, AttachmentStore.Stored> parts = new LinkedHashMap<>();
    for (String statement : withAttachments) {
      for (JsonNode a : StrictJson.parse(statement).path("attachments")) {
        String sha2 = a.path("sha2").asText().toLowerCase(Locale.ROOT);
        if (!sha2.isEmpty() && !parts.containsKey(sha2)) {
          attachments
              .load(sha2)
              .ifPresent(
                  st ->
                      parts.put(
                          sha2,
                          new AttachmentStore.Stored(
                              sha2, a.path("contentType").asText(st.contentType()), st.bytes())));
        }
      }
    }
    String boundary = "hocba-" + UUID.randomUUID().toString().replace("-", "");
    ByteArrayOutputStream out = new ByteArrayOutputStream(json.length() + 256);
    ascii(out, "--" + boundary + "\r\nContent-Type: application/json\r\n\r\n");
    out.writeBytes(json.getBytes(StandardCharsets.UTF_8));
    for (AttachmentStore.Stored part : parts.values()) {
      ascii(
          out,
          "\r\n--"
              + boundary
              + "\r\nContent-Type: "
              + part.contentType()
              + "\r\nContent-Transfer-Encoding: binary\r\nX-Experience-API-Hash: "
              + part.sha2()
              + "\r\n\r\n");
      out.writeBytes(part.bytes());
    }
    ascii(out, "\r\n--" + boundary + "--\r\n");
    // set on the servlet response so that it keeps the form "multipart/mixed; boundary=..."
    response.setContentType("multipart/mixed; boundary=" + boundary);
    return b.body(out.toByteArray());
  }

  private static void ascii(ByteArrayOutputStream out, String text) {
    out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static String format(
      String json, StatementParameters.Format format, List<Locale.LanguageRange> languages) {
    return switch (format) {
      case EXACT -> json;
      case IDS -> StrictJson.write(StatementFormats.ids(StrictJson.parseStored(json)));
      case CANONICAL ->
          StrictJson.write(StatementFormats.canonical(StrictJson.parseStored(json), languages));
    };
  }

  private static void requireScope(Principal principal, String scope) {
    if (!principal.may(scope)) {
      throw Problem.forbidden("this credential may not use " + scope);
    }
  }

  private static void rejectAlternateSyntax(Map<String, String> params) {
    if (params.containsKey("method")) {
      throw Problem.badRequest(
          "the alternate request syntax (Communication 1.3) is not accepted by this LRS");
    }
  }
}
