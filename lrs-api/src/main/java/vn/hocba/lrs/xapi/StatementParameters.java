package vn.hocba.lrs.xapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import vn.hocba.lrs.web.Problem;
import vn.hocba.statementindex.StatementQuery;
import vn.hocba.xapi.json.StrictJson;
import vn.hocba.xapi.model.XapiVersion;

/**
 * The parameters of GET /statements (Communication 2.1.3), parsed and checked: unknown parameters,
 * malformed values and forbidden combinations are 400s. A {@code more} link carries the original
 * parameters and the page key, so the next page is read with the same filters.
 */
record StatementParameters(
    Optional<String> singleId,
    boolean voided,
    Format format,
    boolean attachments,
    StatementQuery query,
    Map<String, String> original) {

  enum Format {
    IDS,
    EXACT,
    CANONICAL
  }

  private static final Set<String> KNOWN =
      Set.of(
          "statementId",
          "voidedStatementId",
          "agent",
          "verb",
          "activity",
          "registration",
          "related_activities",
          "related_agents",
          "since",
          "until",
          "limit",
          "format",
          "attachments",
          "ascending",
          "more");
  private static final Set<String> SINGLE_ALLOWED =
      Set.of("statementId", "voidedStatementId", "format", "attachments");
  private static final Pattern UUID =
      Pattern.compile(
          "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

  static boolean isUuid(String s) {
    return s != null && UUID.matcher(s).matches();
  }

  static StatementParameters parse(Map<String, String> raw, XapiVersion version, int maxLimit) {
    for (String name : raw.keySet()) {
      if (!KNOWN.contains(name)) {
        throw Problem.badRequest("unknown parameter '" + name + "' (Communication 2.1.3)");
      }
    }
    Optional<StatementQuery.PageKey> after = Optional.empty();
    Map<String, String> params = raw;
    if (raw.containsKey("more")) {
      if (raw.size() > 1) {
        throw Problem.badRequest("a more link takes no other parameters");
      }
      MoreToken token = MoreToken.decode(raw.get("more"));
      params = token.params();
      after = Optional.of(token.key());
    }
    boolean hasId = params.containsKey("statementId");
    boolean hasVoided = params.containsKey("voidedStatementId");
    Format format = format(params.get("format"));
    boolean attachments = StatementFilters.bool(params, "attachments");
    if (hasId || hasVoided) {
      if (hasId && hasVoided) {
        throw Problem.badRequest(
            "statementId and voidedStatementId cannot be used together (Communication 2.1.3.s2.b1)");
      }
      for (String name : params.keySet()) {
        if (!SINGLE_ALLOWED.contains(name)) {
          throw Problem.badRequest(
              "with statementId or voidedStatementId only format and attachments may be given"
                  + " (Communication 2.1.3.s2.b2), got '"
                  + name
                  + "'");
        }
      }
      String id = params.get(hasId ? "statementId" : "voidedStatementId");
      if (!isUuid(id)) {
        throw Problem.badRequest("the statement id must be a UUID");
      }
      return new StatementParameters(
          Optional.of(id.toLowerCase(Locale.ROOT)), hasVoided, format, attachments, null, params);
    }
    int limit = maxLimit;
    if (params.containsKey("limit")) {
      try {
        limit = Integer.parseInt(params.get("limit"));
      } catch (NumberFormatException e) {
        throw Problem.badRequest("limit must be a nonnegative integer");
      }
      if (limit < 0) {
        throw Problem.badRequest("limit must be a nonnegative integer");
      }
      if (limit == 0 || limit > maxLimit) {
        limit = maxLimit;
      }
    }
    StatementQuery q = StatementFilters.parse(params, version, limit, after);
    return new StatementParameters(Optional.empty(), false, format, attachments, q, params);
  }

  /** The {@code more} value continuing after {@code key} with these parameters. */
  String more(StatementQuery.PageKey key) {
    return new MoreToken(original, key).encode();
  }

  private static Format format(String value) {
    if (value == null) {
      return Format.EXACT;
    }
    return switch (value) {
      case "ids" -> Format.IDS;
      case "exact" -> Format.EXACT;
      case "canonical" -> Format.CANONICAL;
      default -> throw Problem.badRequest("format must be ids, exact or canonical");
    };
  }

  static List<Locale.LanguageRange> languages(String acceptLanguage) {
    if (acceptLanguage == null || acceptLanguage.isBlank()) {
      return List.of();
    }
    try {
      return Locale.LanguageRange.parse(acceptLanguage);
    } catch (IllegalArgumentException e) {
      return List.of(); // a malformed header selects no preference rather than failing
    }
  }

  /** The opaque continuation of a query: its parameters and the key of the last statement. */
  record MoreToken(Map<String, String> params, StatementQuery.PageKey key) {

    String encode() {
      ObjectNode n = StrictJson.mapper().createObjectNode();
      ObjectNode p = n.putObject("p");
      params.forEach(p::put);
      n.put("s", key.stored().toString());
      n.put("i", key.id());
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(StrictJson.write(n).getBytes(StandardCharsets.UTF_8));
    }

    static MoreToken decode(String value) {
      try {
        JsonNode n = StrictJson.parse(Base64.getUrlDecoder().decode(value));
        Map<String, String> params = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = n.get("p").fields();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> e = it.next();
          params.put(e.getKey(), e.getValue().asText());
        }
        return new MoreToken(
            params,
            new StatementQuery.PageKey(Instant.parse(n.get("s").asText()), n.get("i").asText()));
      } catch (RuntimeException e) {
        throw Problem.badRequest("the more link is not one this LRS issued");
      }
    }
  }
}
