package vn.hocba.xapi.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Data 2.4.6 Context and Data 2.4.6.2 contextActivities; for xAPI 2.0 also the contextAgents and
 * contextGroups arrays (IEEE 9274.1.1 context: contextAgent/contextGroup objects with an optional,
 * non-empty relevantTypes array of IRIs).
 */
final class Contexts {

  static final String RULE = "Data 2.4.6";
  static final String TABLE = RULE + ".s3.table1";
  static final String CONTEXT_ACTIVITIES_RULE = "Data 2.4.6.2.s4";
  static final String CONTEXT_AGENTS_RULE = "Data 2.4.6 (2.0 contextAgents)";
  static final String CONTEXT_GROUPS_RULE = "Data 2.4.6 (2.0 contextGroups)";

  private static final Set<String> KEYS_1_0 =
      Set.of(
          "registration",
          "instructor",
          "team",
          "contextActivities",
          "revision",
          "platform",
          "language",
          "statement",
          "extensions");
  private static final Set<String> KEYS_2_0 =
      Set.of(
          "registration",
          "instructor",
          "team",
          "contextActivities",
          "revision",
          "platform",
          "language",
          "statement",
          "extensions",
          "contextAgents",
          "contextGroups");
  private static final Set<String> CONTEXT_ACTIVITY_KEYS =
      Set.of("parent", "grouping", "category", "other");
  private static final Set<String> CONTEXT_AGENT_KEYS =
      Set.of("objectType", "agent", "relevantTypes");
  private static final Set<String> CONTEXT_GROUP_KEYS =
      Set.of("objectType", "group", "relevantTypes");

  private Contexts() {}

  static void context(Check c, JsonNode node, String pointer, boolean objectIsActivity) {
    if (!c.object(node, pointer, RULE, "\"context\"", c.v2() ? KEYS_2_0 : KEYS_1_0)) {
      return;
    }
    JsonNode registration = node.get("registration");
    if (Check.present(registration)) {
      c.uuid(
          registration, Check.at(pointer, "registration"), TABLE + ".row1", "context registration");
    }
    JsonNode instructor = node.get("instructor");
    if (Check.present(instructor)) {
      Actors.actor(
          c,
          instructor,
          Check.at(pointer, "instructor"),
          Actors.Kind.AGENT_OR_GROUP,
          "context instructor");
    }
    JsonNode team = node.get("team");
    if (Check.present(team)) {
      Actors.actor(c, team, Check.at(pointer, "team"), Actors.Kind.GROUP, "context team");
    }
    JsonNode contextActivities = node.get("contextActivities");
    if (Check.present(contextActivities)) {
      contextActivities(c, contextActivities, Check.at(pointer, "contextActivities"));
    }
    activityOnlyString(c, node, pointer, "revision", ".row5", ".s4.b1", objectIsActivity);
    activityOnlyString(c, node, pointer, "platform", ".row6", ".s4.b2", objectIsActivity);
    JsonNode language = node.get("language");
    if (Check.present(language)) {
      LanguageMaps.languageTag(
          c, language, Check.at(pointer, "language"), TABLE + ".row7", "context language");
    }
    JsonNode statement = node.get("statement");
    if (Check.present(statement)) {
      StatementObjects.statementRef(
          c, statement, Check.at(pointer, "statement"), "context statement");
    }
    JsonNode extensions = node.get("extensions");
    if (Check.present(extensions)) {
      Extensions.extensions(c, extensions, Check.at(pointer, "extensions"), TABLE + ".row9");
    }
    if (c.v2()) {
      JsonNode agents = node.get("contextAgents");
      if (Check.present(agents)) {
        relevantList(c, agents, Check.at(pointer, "contextAgents"), true);
      }
      JsonNode groups = node.get("contextGroups");
      if (Check.present(groups)) {
        relevantList(c, groups, Check.at(pointer, "contextGroups"), false);
      }
    }
  }

  private static void contextActivities(Check c, JsonNode node, String pointer) {
    if (!node.isObject()) {
      c.wrongType(node, pointer, TABLE + ".row4", "contextActivities", "an object");
      return;
    }
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> entry = fields.next();
      String ptr = Check.at(pointer, entry.getKey());
      if (!CONTEXT_ACTIVITY_KEYS.contains(entry.getKey())) {
        c.add(
            ptr,
            CONTEXT_ACTIVITIES_RULE + ".b1",
            "contextActivities keys must be parent, grouping, category or other (case-sensitive)");
        continue;
      }
      JsonNode value = entry.getValue();
      if (value.isArray()) {
        for (int i = 0; i < value.size(); i++) {
          contextActivity(c, value.get(i), Check.at(ptr, i));
        }
      } else if (value.isObject()) {
        contextActivity(c, value, ptr);
      } else {
        c.wrongType(
            value,
            ptr,
            CONTEXT_ACTIVITIES_RULE + ".b2",
            "a contextActivities value",
            "an Activity or an array of Activities");
      }
    }
  }

  private static void contextActivity(Check c, JsonNode activity, String pointer) {
    if (activity.isObject()) {
      JsonNode type = activity.get("objectType");
      if (Check.present(type) && !(type.isTextual() && "Activity".equals(type.textValue()))) {
        c.add(
            Check.at(pointer, "objectType"),
            CONTEXT_ACTIVITIES_RULE + ".b2",
            "a context Activity's objectType must be \"Activity\"");
      }
    }
    Activities.activity(c, activity, pointer, "a context Activity");
  }

  /** xAPI 2.0 contextAgents / contextGroups: arrays of contextAgent / contextGroup objects. */
  private static void relevantList(Check c, JsonNode list, String pointer, boolean agents) {
    String rule = agents ? CONTEXT_AGENTS_RULE : CONTEXT_GROUPS_RULE;
    String name = agents ? "contextAgents" : "contextGroups";
    String objectType = agents ? "contextAgent" : "contextGroup";
    String member = agents ? "agent" : "group";
    if (!list.isArray()) {
      c.wrongType(list, pointer, rule, name, "an array of " + objectType + " objects");
      return;
    }
    for (int i = 0; i < list.size(); i++) {
      JsonNode entry = list.get(i);
      String ptr = Check.at(pointer, i);
      String what = "a " + objectType;
      if (!c.object(entry, ptr, rule, what, agents ? CONTEXT_AGENT_KEYS : CONTEXT_GROUP_KEYS)) {
        continue;
      }
      JsonNode type = c.required(entry, "objectType", ptr, rule, what + " objectType");
      if (type != null && !(type.isTextual() && objectType.equals(type.textValue()))) {
        c.add(
            Check.at(ptr, "objectType"),
            rule,
            what + " objectType must be \"" + objectType + "\" (case-sensitive)");
      }
      JsonNode actor = c.required(entry, member, ptr, rule, what + " " + member);
      if (actor != null) {
        Actors.actor(
            c,
            actor,
            Check.at(ptr, member),
            agents ? Actors.Kind.AGENT : Actors.Kind.GROUP,
            what + " " + member);
      }
      JsonNode relevantTypes = entry.get("relevantTypes");
      if (Check.present(relevantTypes)) {
        String typesPtr = Check.at(ptr, "relevantTypes");
        if (!relevantTypes.isArray()) {
          c.wrongType(relevantTypes, typesPtr, rule, "relevantTypes", "an array of IRIs");
        } else if (relevantTypes.isEmpty()) {
          c.add(typesPtr, rule, "relevantTypes must contain at least one IRI");
        } else {
          for (int j = 0; j < relevantTypes.size(); j++) {
            c.iri(relevantTypes.get(j), Check.at(typesPtr, j), rule, "a relevantTypes entry");
          }
        }
      }
    }
  }

  /** Context revision and platform: strings, allowed only when the object is an Activity. */
  private static void activityOnlyString(
      Check c,
      JsonNode context,
      String pointer,
      String property,
      String row,
      String bullet,
      boolean objectIsActivity) {
    JsonNode value = context.get(property);
    if (!Check.present(value)) {
      return;
    }
    String at = Check.at(pointer, property);
    c.string(value, at, TABLE + row, "context " + property);
    if (!objectIsActivity) {
      c.add(
          at,
          RULE + bullet,
          "context " + property + " may only be used when the Statement's object is an Activity");
    }
  }
}
