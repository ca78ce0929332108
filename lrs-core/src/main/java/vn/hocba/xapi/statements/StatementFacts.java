package vn.hocba.xapi.statements;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * What the statement query index needs from one statement, extracted once at write time
 * (Communication 2.1.3 GET Statements filters). Agent sets hold {@link AgentKeys} keys.
 *
 * @param id the statement id, lowercased (UUIDs are case insensitive, RFC 4122); "" if absent
 * @param verbId the Verb id, for the {@code verb} filter
 * @param agents keys for the {@code agent} filter: the Actor and an Agent/Group Object, plus the
 *     members of a Group in either position (2.1.3 table row 3)
 * @param relatedAgents keys for {@code related_agents=true}: Actor, Object, Authority, context
 *     instructor and team, 2.0 contextAgents[].agent and contextGroups[].group, the members of any
 *     of those Groups, and the same properties inside a SubStatement Object (row 8)
 * @param activities the Object's Activity id, for the {@code activity} filter (row 5)
 * @param relatedActivities for {@code related_activities=true}: the Object Activity, every
 *     contextActivities entry, and the same inside a SubStatement Object (row 7)
 * @param registrations the statement's own context.registration, lowercased (row 6)
 * @param statementRefTarget the lowercased id of a StatementRef Object (2.1.3.s3)
 * @param voiding true when this statement voids its StatementRef target (Data 2.3.2)
 */
public record StatementFacts(
    String id,
    String verbId,
    Set<String> agents,
    Set<String> relatedAgents,
    Set<String> activities,
    Set<String> relatedActivities,
    Set<String> registrations,
    Optional<String> statementRefTarget,
    boolean voiding) {

  private static final String[] CONTEXT_ACTIVITY_KINDS = {
    "parent", "grouping", "category", "other"
  };

  public StatementFacts {
    agents = Collections.unmodifiableSet(new LinkedHashSet<>(agents));
    relatedAgents = Collections.unmodifiableSet(new LinkedHashSet<>(relatedAgents));
    activities = Collections.unmodifiableSet(new LinkedHashSet<>(activities));
    relatedActivities = Collections.unmodifiableSet(new LinkedHashSet<>(relatedActivities));
    registrations = Collections.unmodifiableSet(new LinkedHashSet<>(registrations));
    statementRefTarget = statementRefTarget == null ? Optional.empty() : statementRefTarget;
  }

  /** Extracts the facts of a (validated) statement; odd shapes yield fewer facts, never errors. */
  public static StatementFacts of(JsonNode statement) {
    String id = Nodes.text(statement, "id").map(Nodes::lower).orElse("");
    String verbId = Nodes.text(Nodes.object(statement, "verb").orElse(null), "id").orElse("");

    JsonNode actor = Nodes.object(statement, "actor").orElse(null);
    JsonNode object = Nodes.object(statement, "object").orElse(null);

    Set<String> agents = new LinkedHashSet<>();
    addAgent(agents, actor);
    if (Nodes.isAgentOrGroup(object, true)) {
      addAgent(agents, object);
    }

    Set<String> relatedAgents = new LinkedHashSet<>();
    addRelatedAgents(relatedAgents, statement);
    addAgent(relatedAgents, Nodes.object(statement, "authority").orElse(null));
    if (object != null && "SubStatement".equals(Nodes.objectType(object, ""))) {
      addRelatedAgents(relatedAgents, object);
    }

    Set<String> activities = new LinkedHashSet<>();
    if (Nodes.isActivity(object)) {
      Nodes.text(object, "id").ifPresent(activities::add);
    }

    Set<String> relatedActivities = new LinkedHashSet<>();
    addRelatedActivities(relatedActivities, statement);
    if (object != null && "SubStatement".equals(Nodes.objectType(object, ""))) {
      addRelatedActivities(relatedActivities, object);
    }

    Set<String> registrations = new LinkedHashSet<>();
    Nodes.text(Nodes.object(statement, "context").orElse(null), "registration")
        .map(Nodes::lower)
        .ifPresent(registrations::add);

    return new StatementFacts(
        id,
        verbId,
        agents,
        relatedAgents,
        activities,
        relatedActivities,
        registrations,
        Voiding.statementRefTarget(statement),
        Voiding.voidedTarget(statement).isPresent());
  }

  /** Actor, Agent/Group Object and context agents of a statement or SubStatement. */
  private static void addRelatedAgents(Set<String> keys, JsonNode statement) {
    addAgent(keys, Nodes.object(statement, "actor").orElse(null));
    JsonNode object = Nodes.object(statement, "object").orElse(null);
    if (Nodes.isAgentOrGroup(object, true)) {
      addAgent(keys, object);
    }
    JsonNode context = Nodes.object(statement, "context").orElse(null);
    if (context == null) {
      return;
    }
    addAgent(keys, Nodes.object(context, "instructor").orElse(null));
    addAgent(keys, Nodes.object(context, "team").orElse(null));
    for (JsonNode contextAgent : Nodes.array(context, "contextAgents")) {
      addAgent(keys, Nodes.object(contextAgent, "agent").orElse(null));
    }
    for (JsonNode contextGroup : Nodes.array(context, "contextGroups")) {
      addAgent(keys, Nodes.object(contextGroup, "group").orElse(null));
    }
  }

  /** Object Activity and every contextActivities entry of a statement or SubStatement. */
  private static void addRelatedActivities(Set<String> ids, JsonNode statement) {
    JsonNode object = Nodes.object(statement, "object").orElse(null);
    if (Nodes.isActivity(object)) {
      Nodes.text(object, "id").ifPresent(ids::add);
    }
    JsonNode contextActivities =
        Nodes.object(Nodes.object(statement, "context").orElse(null), "contextActivities")
            .orElse(null);
    if (contextActivities == null) {
      return;
    }
    for (String kind : CONTEXT_ACTIVITY_KINDS) {
      for (JsonNode activity : Nodes.objects(contextActivities.get(kind))) {
        Nodes.text(activity, "id").ifPresent(ids::add);
      }
    }
  }

  /** The key of an Agent or Group and of each Group member. */
  private static void addAgent(Set<String> keys, JsonNode agentOrGroup) {
    if (agentOrGroup == null) {
      return;
    }
    AgentKeys.key(agentOrGroup).ifPresent(keys::add);
    for (JsonNode member : Nodes.array(agentOrGroup, "member")) {
      AgentKeys.key(member).ifPresent(keys::add);
    }
  }
}
