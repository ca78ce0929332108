package vn.hocba.lrs.xapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import vn.hocba.lrs.web.Problem;
import vn.hocba.statementindex.StatementQuery;
import vn.hocba.xapi.json.StrictJson;
import vn.hocba.xapi.model.XapiVersion;
import vn.hocba.xapi.statements.AgentKeys;
import vn.hocba.xapi.validation.StatementValidator;
import vn.hocba.xapi.validation.Violation;

/**
 * The filter parameters of GET /statements (Communication 2.1.3) parsed into a {@link
 * StatementQuery}, shared by the Statement Resource and the admin export so that both read the same
 * parameters the same way; malformed values are 400s.
 */
public final class StatementFilters {

  /** The filter parameters (Communication 2.1.3.s1.table1), without paging and format. */
  public static final Set<String> NAMES =
      Set.of(
          "agent",
          "verb",
          "activity",
          "registration",
          "related_activities",
          "related_agents",
          "since",
          "until",
          "ascending");

  private StatementFilters() {}

  /**
   * The query these parameters ask for; parameters not in {@link #NAMES} are ignored here.
   *
   * @param version the rules the agent parameter is validated with
   */
  public static StatementQuery parse(
      Map<String, String> params,
      XapiVersion version,
      int limit,
      Optional<StatementQuery.PageKey> after) {
    Optional<String> agentKey = Optional.empty();
    if (params.containsKey("agent")) {
      JsonNode agent;
      try {
        agent = StrictJson.parse(params.get("agent"));
      } catch (StrictJson.InvalidJsonException e) {
        throw Problem.badRequest("the agent parameter is not JSON: " + e.getMessage());
      }
      List<Violation> v = StatementValidator.validateActor(agent, version, "");
      if (!v.isEmpty()) {
        throw Problem.invalid("the agent parameter is not a valid Agent or identified Group", v);
      }
      agentKey = AgentKeys.key(agent);
      if (agentKey.isEmpty()) {
        throw Problem.badRequest("the agent parameter needs an inverse functional identifier");
      }
    }
    Optional<String> registration = Optional.ofNullable(params.get("registration"));
    if (registration.isPresent() && !StatementParameters.isUuid(registration.get())) {
      throw Problem.badRequest("registration must be a UUID");
    }
    return new StatementQuery(
        agentKey,
        iri(params, "verb"),
        iri(params, "activity"),
        registration.map(r -> r.toLowerCase(Locale.ROOT)),
        bool(params, "related_activities"),
        bool(params, "related_agents"),
        timestamp(params, "since"),
        timestamp(params, "until"),
        limit,
        bool(params, "ascending"),
        after);
  }

  /** A true/false parameter, false when absent; anything else is a 400. */
  public static boolean bool(Map<String, String> params, String name) {
    String v = params.get(name);
    if (v == null) {
      return false;
    }
    return switch (v) {
      case "true" -> true;
      case "false" -> false;
      default -> throw Problem.badRequest(name + " must be true or false");
    };
  }

  private static Optional<String> iri(Map<String, String> params, String name) {
    String v = params.get(name);
    if (v == null) {
      return Optional.empty();
    }
    if (!v.matches("^[A-Za-z][A-Za-z0-9+.-]*:\\S*$")) {
      throw Problem.badRequest(name + " must be an IRI");
    }
    return Optional.of(v);
  }

  private static Optional<Instant> timestamp(Map<String, String> params, String name) {
    String v = params.get(name);
    if (v == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          OffsetDateTime.parse(v, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
    } catch (DateTimeParseException e) {
      throw Problem.badRequest(name + " must be an ISO 8601 timestamp with a time zone");
    }
  }
}
