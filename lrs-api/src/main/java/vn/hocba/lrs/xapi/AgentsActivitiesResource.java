package vn.hocba.lrs.xapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;
import vn.hocba.catalog.CatalogQueries;
import vn.hocba.lrs.security.Principal;
import vn.hocba.lrs.web.Problem;
import vn.hocba.statementindex.IndexProgress;
import vn.hocba.xapi.json.StrictJson;
import vn.hocba.xapi.model.XapiVersion;

/**
 * The Agents Resource (Communication 2.4) and the Activities Resource (2.5), answered from the
 * catalog projection of the statement log.
 */
@RestController
class AgentsActivitiesResource {

  private static final Duration CATCH_UP = Duration.ofSeconds(2);
  private static final String[] IFIS = {"mbox", "mbox_sha1sum", "openid", "account"};

  private final CatalogQueries catalog;
  private final IndexProgress statementIndex;
  private final IndexProgress catalogProgress;

  AgentsActivitiesResource(
      CatalogQueries catalog,
      IndexProgress statementIndex,
      @Qualifier("catalogProgress") IndexProgress catalogProgress) {
    this.catalog = catalog;
    this.statementIndex = statementIndex;
    this.catalogProgress = catalogProgress;
  }

  /**
   * Communication 2.4: a Person object for the agent. This LRS does not link several identifiers to
   * one person, so the Person carries the agent's own identifier and every name that statements
   * gave that identifier.
   */
  @GetMapping("/xapi/agents")
  ResponseEntity<String> agents(
      HttpServletRequest request,
      @RequestAttribute(Principal.ATTRIBUTE) Principal principal,
      @RequestAttribute(XapiRequestFilter.VERSION_ATTRIBUTE) XapiVersion version) {
    requireRead(principal);
    Map<String, String> params = only(request, "agent");
    String text = params.get("agent");
    if (text == null || text.isEmpty()) {
      throw Problem.badRequest("the agent parameter is required (Communication 2.4)");
    }
    String key = DocumentResources.agentKey(text, version);
    JsonNode agent = StrictJson.parse(text);
    catchUp();
    Set<String> names = new LinkedHashSet<>();
    if (agent.path("name").isTextual()) {
      names.add(agent.get("name").asText());
    }
    names.addAll(catalog.names(key));
    ObjectNode person = StrictJson.mapper().createObjectNode();
    person.put("objectType", "Person");
    names.forEach(person.putArray("name")::add);
    if (names.isEmpty()) {
      person.putArray("name");
    }
    for (String ifi : IFIS) {
      if (agent.has(ifi)) {
        person.putArray(ifi).add(agent.get(ifi).deepCopy());
      }
    }
    return json(person);
  }

  /**
   * Communication 2.5: the activity with the canonical definition merged from the statements that
   * defined it; an activity no statement defined is still an Activity object, with its id only.
   */
  @GetMapping("/xapi/activities")
  ResponseEntity<String> activities(
      HttpServletRequest request, @RequestAttribute(Principal.ATTRIBUTE) Principal principal) {
    requireRead(principal);
    Map<String, String> params = only(request, "activityId");
    String id = params.get("activityId");
    if (id == null || id.isEmpty()) {
      throw Problem.badRequest("the activityId parameter is required (Communication 2.5)");
    }
    if (!id.matches("^[A-Za-z][A-Za-z0-9+.-]*:\\S*$")) {
      throw Problem.badRequest("activityId must be an IRI");
    }
    catchUp();
    JsonNode activity =
        catalog
            .activity(id)
            .orElseGet(
                () ->
                    StrictJson.mapper()
                        .createObjectNode()
                        .put("objectType", "Activity")
                        .put("id", id));
    return json(activity);
  }

  /** Read-your-writes: what the statement index has applied, the catalog has applied too. */
  private void catchUp() {
    long target = statementIndex.position();
    if (target < 0) {
      return;
    }
    try {
      catalogProgress.awaitPosition(target, CATCH_UP);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Map<String, String> only(HttpServletRequest request, String name) {
    Map<String, String> params = DocumentResources.query(request.getQueryString());
    if (params.containsKey("method")) {
      throw Problem.badRequest(
          "the alternate request syntax (Communication 1.3) is not accepted by this LRS");
    }
    for (String p : params.keySet()) {
      if (!p.equals(name)) {
        throw Problem.badRequest("unexpected parameter '" + p + "'");
      }
    }
    return params;
  }

  private static void requireRead(Principal principal) {
    if (!principal.may("statements/read") && !principal.may("profile")) {
      throw Problem.forbidden("this credential may not read agents and activities");
    }
  }

  private static ResponseEntity<String> json(JsonNode body) {
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(StrictJson.write(body));
  }
}
