package vn.hocba.lrs.xapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import vn.hocba.documents.DocumentStore;
import vn.hocba.documents.DocumentStore.Conditions;
import vn.hocba.documents.DocumentStore.Identity;
import vn.hocba.documents.DocumentStore.Kind;
import vn.hocba.documents.DocumentStore.Stored;
import vn.hocba.lrs.security.Principal;
import vn.hocba.lrs.web.Problem;
import vn.hocba.xapi.json.StrictJson;
import vn.hocba.xapi.model.XapiVersion;
import vn.hocba.xapi.statements.AgentKeys;
import vn.hocba.xapi.validation.StatementValidator;
import vn.hocba.xapi.validation.Violation;

/**
 * The Document Resources (Communication 2.2): State (2.3), Activity Profile (2.7) and Agent Profile
 * (2.6). Documents of any type are kept byte for byte with their Content-Type; concurrency control
 * (Communication 3.1) is done by {@link DocumentStore}.
 */
@RestController
class DocumentResources {

  static final String STATE = "/xapi/activities/state";
  static final String ACTIVITY_PROFILE = "/xapi/activities/profile";
  static final String AGENT_PROFILE = "/xapi/agents/profile";
  private static final int MAX_PARAM_CHARS = 8192;
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

  private final DocumentStore store;
  private final Clock clock;
  private final int maxBytes;

  DocumentResources(
      DocumentStore store, Clock clock, @Value("${lrs.documents.max-bytes:8000000}") int maxBytes) {
    this.store = store;
    this.clock = clock;
    this.maxBytes = maxBytes;
  }

  /** What one request names, after validation. */
  private record Target(
      Kind kind,
      String activityId,
      String agentKey,
      String registration,
      String docId,
      Instant since) {
    Identity identity() {
      return new Identity(kind, activityId, agentKey, registration, docId);
    }
  }

  @RequestMapping(
      path = {STATE, ACTIVITY_PROFILE, AGENT_PROFILE},
      method = {RequestMethod.GET, RequestMethod.PUT, RequestMethod.POST, RequestMethod.DELETE})
  void handle(
      HttpServletRequest request,
      HttpServletResponse response,
      @RequestAttribute(Principal.ATTRIBUTE) Principal principal,
      @RequestAttribute(XapiRequestFilter.VERSION_ATTRIBUTE) XapiVersion version)
      throws IOException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    Kind kind =
        switch (path) {
          case STATE -> Kind.STATE;
          case ACTIVITY_PROFILE -> Kind.ACTIVITY_PROFILE;
          default -> Kind.AGENT_PROFILE;
        };
    String method = request.getMethod();
    boolean read = method.equals("GET") || method.equals("HEAD");
    String scope = kind == Kind.STATE ? "state" : "profile";
    if (!principal.may(scope) && !(read && principal.may(scope + "/read"))) {
      throw Problem.forbidden("this credential may not use " + scope);
    }
    Map<String, String> params = query(request.getQueryString());
    Target t = target(kind, method, params, version);
    String who = principal.key();
    switch (method) {
      case "GET", "HEAD" -> get(t, response);
      case "PUT", "POST" -> {
        String contentType = contentType(request);
        byte[] body = body(request);
        Conditions c =
            new Conditions(
                request.getHeader(HttpHeaders.IF_MATCH),
                request.getHeader(HttpHeaders.IF_NONE_MATCH),
                // Communication 3.1: profiles always; State from 2.0 on (4.1.4 of 2.0)
                kind != Kind.STATE || version == XapiVersion.V2_0_0);
        if (method.equals("PUT")
            && kind != Kind.STATE
            && version == XapiVersion.V1_0_3
            && c.ifMatch() == null
            && c.ifNoneMatch() == null
            && store.get(t.identity()).isEmpty()) {
          // 1.0.3 (Communication 2.6.s3, 2.7.s3 as its suite reads them): a profile PUT names
          // If-Match or If-None-Match; on an existing document the store answers 409 instead
          throw Problem.badRequest(
              "a PUT of a profile document needs If-Match or If-None-Match (Communication 3.1)");
        }
        Stored s =
            method.equals("PUT")
                ? store.put(t.identity(), contentType, body, c, who)
                : store.post(t.identity(), contentType, body, c, who);
        response.setHeader(HttpHeaders.ETAG, quoted(s.etag()));
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
      }
      default -> { // DELETE
        if (t.docId() == null) {
          store.deleteAll(kind, t.activityId(), t.agentKey(), t.registration(), who);
        } else {
          Conditions c =
              new Conditions(
                  request.getHeader(HttpHeaders.IF_MATCH),
                  request.getHeader(HttpHeaders.IF_NONE_MATCH),
                  false);
          store.delete(t.identity(), c, who);
        }
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
      }
    }
  }

  private void get(Target t, HttpServletResponse response) throws IOException {
    if (t.docId() != null) {
      Stored s =
          store
              .get(t.identity())
              .orElseThrow(() -> Problem.notFound("no such document (Communication 2.2)"));
      response.setStatus(HttpServletResponse.SC_OK);
      response.setHeader(HttpHeaders.CONTENT_TYPE, s.contentType());
      response.setHeader(HttpHeaders.ETAG, quoted(s.etag()));
      response.setHeader(HttpHeaders.LAST_MODIFIED, httpDate(s.updated()));
      response.setContentLength(s.content().length);
      response.getOutputStream().write(s.content());
      return;
    }
    List<String> ids =
        store.ids(t.kind(), t.activityId(), t.agentKey(), t.registration(), t.since());
    Instant last =
        store
            .lastUpdated(t.kind(), t.activityId(), t.agentKey(), t.registration(), t.since())
            .orElse(clock.instant());
    ArrayNode out = StrictJson.mapper().createArrayNode();
    ids.forEach(out::add);
    byte[] bytes = StrictJson.write(out).getBytes(StandardCharsets.UTF_8);
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    response.setHeader(HttpHeaders.ETAG, quoted(DocumentStore.etag(bytes)));
    response.setHeader(HttpHeaders.LAST_MODIFIED, httpDate(last));
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  private static Target target(
      Kind kind, String method, Map<String, String> params, XapiVersion version) {
    if (params.containsKey("method")) {
      throw Problem.badRequest(
          "the alternate request syntax (Communication 1.3) is not accepted by this LRS");
    }
    String idName = kind == Kind.STATE ? "stateId" : "profileId";
    Set<String> allowed =
        switch (kind) {
          case STATE -> Set.of("activityId", "agent", "registration", "stateId", "since");
          case ACTIVITY_PROFILE -> Set.of("activityId", "profileId", "since");
          case AGENT_PROFILE -> Set.of("agent", "profileId", "since");
        };
    for (String p : params.keySet()) {
      if (!allowed.contains(p)) {
        throw Problem.badRequest("unexpected parameter '" + p + "'");
      }
    }
    String activityId = null;
    if (kind != Kind.AGENT_PROFILE) {
      activityId = required(params, "activityId");
      if (!activityId.matches("^[A-Za-z][A-Za-z0-9+.-]*:\\S*$")) {
        throw Problem.badRequest("activityId must be an IRI");
      }
    }
    String agentKey = null;
    if (kind != Kind.ACTIVITY_PROFILE) {
      agentKey = agentKey(required(params, "agent"), version);
    }
    String registration = params.get("registration");
    if (registration != null) {
      if (!StatementParameters.isUuid(registration)) {
        throw Problem.badRequest("registration must be a UUID");
      }
      registration = registration.toLowerCase(Locale.ROOT);
    }
    String docId = params.get(idName);
    if (docId != null && docId.isEmpty()) {
      throw Problem.badRequest(idName + " must not be empty");
    }
    boolean write = method.equals("PUT") || method.equals("POST");
    if (docId == null && (write || (method.equals("DELETE") && kind != Kind.STATE))) {
      throw Problem.badRequest(method + " requires the " + idName + " parameter");
    }
    Instant since = null;
    String s = params.get("since");
    if (s != null) {
      if (!(method.equals("GET") || method.equals("HEAD")) || docId != null) {
        throw Problem.badRequest("since is only for GET of the list of ids");
      }
      try {
        since = OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
      } catch (DateTimeParseException e) {
        throw Problem.badRequest("since must be an ISO 8601 timestamp with a time zone");
      }
    }
    return new Target(kind, activityId, agentKey, registration, docId, since);
  }

  /** The IFI key of the {@code agent} parameter, a JSON Agent (Communication 2.3, 2.6). */
  static String agentKey(String text, XapiVersion version) {
    JsonNode agent = StrictJson.parse(text);
    if (!agent.isObject()) {
      throw Problem.badRequest("agent must be a JSON Agent object");
    }
    List<Violation> violations = StatementValidator.validateActor(agent, version, "/agent");
    if (!violations.isEmpty()) {
      throw Problem.invalid("agent is not a valid Agent", violations);
    }
    return AgentKeys.key(agent)
        .orElseThrow(() -> Problem.badRequest("agent must have an identifier (an IFI)"));
  }

  private static String required(Map<String, String> params, String name) {
    String v = params.get(name);
    if (v == null || v.isEmpty()) {
      throw Problem.badRequest("the " + name + " parameter is required");
    }
    return v;
  }

  /**
   * The query string's parameters, decoded; a repeated parameter is an error. Read from the query
   * string itself so that a form-typed document body is never taken for parameters.
   */
  static Map<String, String> query(String queryString) {
    Map<String, String> out = new LinkedHashMap<>();
    if (queryString == null || queryString.isEmpty()) {
      return out;
    }
    if (queryString.length() > MAX_PARAM_CHARS * 4) {
      throw Problem.badRequest("the query string is too long");
    }
    for (String pair : queryString.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name;
      String value;
      try {
        name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw Problem.badRequest("malformed query string");
      }
      if (value.length() > MAX_PARAM_CHARS) {
        throw Problem.badRequest("parameter '" + name + "' is too long");
      }
      if (out.put(name, value) != null) {
        throw Problem.badRequest("parameter '" + name + "' is given twice");
      }
    }
    return out;
  }

  private static String contentType(HttpServletRequest request) {
    String ct = request.getHeader(HttpHeaders.CONTENT_TYPE);
    if (ct == null || ct.isBlank()) {
      return MediaType.APPLICATION_OCTET_STREAM_VALUE;
    }
    try {
      MediaType.parseMediaType(ct);
    } catch (IllegalArgumentException e) {
      throw Problem.badRequest("malformed Content-Type header");
    }
    return ct.trim();
  }

  private byte[] body(HttpServletRequest request) throws IOException {
    long declared = request.getContentLengthLong();
    if (declared > maxBytes) {
      throw Problem.tooLarge("documents are limited to " + maxBytes + " bytes");
    }
    byte[] bytes;
    try (InputStream in = request.getInputStream()) {
      bytes = in.readNBytes(maxBytes + 1);
    }
    if (bytes.length > maxBytes) {
      throw Problem.tooLarge("documents are limited to " + maxBytes + " bytes");
    }
    return bytes;
  }

  static String quoted(String etag) {
    return "\"" + etag + "\"";
  }

  static String httpDate(Instant instant) {
    return HTTP_DATE.format(instant.atOffset(ZoneOffset.UTC));
  }
}
