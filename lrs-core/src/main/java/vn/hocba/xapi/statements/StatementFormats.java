package vn.hocba.xapi.statements;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/**
 * The {@code ids} and {@code canonical} values of the GET Statements {@code format} parameter
 * (Communication 2.1.3 table row 12 and 2.1.3.s4). {@code exact} is the stored statement itself.
 * Both functions return new trees and never mutate their input.
 */
public final class StatementFormats {

  private static final String[] IFIS = {"mbox", "mbox_sha1sum", "openid", "account"};
  private static final String[] CONTEXT_ACTIVITY_KINDS = {
    "parent", "grouping", "category", "other"
  };
  private static final String[] INTERACTION_COMPONENTS = {
    "choices", "scale", "source", "target", "steps"
  };

  private StatementFormats() {}

  /**
   * {@code format=ids}: "only include minimum information necessary in Agent, Activity, Verb and
   * Group Objects to identify them. For Anonymous Groups this means including the minimum
   * information needed to identify each member."
   *
   * <ul>
   *   <li>Agent: objectType ("Agent" when absent) and its IFI;
   *   <li>Identified Group: objectType and its IFI (members dropped);
   *   <li>Anonymous Group: objectType and its members, each reduced as an Agent;
   *   <li>Activity: id only (objectType defaults to Activity);
   *   <li>Verb: id.
   * </ul>
   *
   * Applies to actor, verb, object, authority, context instructor, team, contextActivities,
   * contextAgents[].agent, contextGroups[].group, and recursively inside a SubStatement Object.
   * Everything else (result, timestamps, attachments, ...) is copied unchanged.
   */
  public static JsonNode ids(JsonNode statement) {
    if (statement == null || !statement.isObject()) {
      return statement == null ? null : statement.deepCopy();
    }
    ObjectNode out = statement.deepCopy();
    idsInPlace(out);
    return out;
  }

  private static void idsInPlace(ObjectNode statement) {
    replace(statement, "actor", StatementFormats::agentIds);
    replace(statement, "authority", StatementFormats::agentIds);
    replace(statement, "verb", StatementFormats::verbIds);
    JsonNode object = statement.get("object");
    if (object instanceof ObjectNode o) {
      String type = Nodes.objectType(o, "Activity");
      switch (type) {
        case "Activity" -> statement.set("object", activityIds(o));
        case "Agent", "Group" -> statement.set("object", agentIds(o));
        case "SubStatement" -> idsInPlace(o);
        default -> {
          // StatementRef: already minimal.
        }
      }
    }
    if (statement.get("context") instanceof ObjectNode context) {
      replace(context, "instructor", StatementFormats::agentIds);
      replace(context, "team", StatementFormats::agentIds);
      if (context.get("contextActivities") instanceof ObjectNode activities) {
        for (String kind : CONTEXT_ACTIVITY_KINDS) {
          JsonNode value = activities.get(kind);
          if (value instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
              if (array.get(i).isObject()) {
                array.set(i, activityIds(array.get(i)));
              }
            }
          } else if (value != null && value.isObject()) {
            activities.set(kind, activityIds(value));
          }
        }
      }
      for (JsonNode contextAgent : Nodes.array(context, "contextAgents")) {
        if (contextAgent instanceof ObjectNode c) {
          replace(c, "agent", StatementFormats::agentIds);
        }
      }
      for (JsonNode contextGroup : Nodes.array(context, "contextGroups")) {
        if (contextGroup instanceof ObjectNode c) {
          replace(c, "group", StatementFormats::agentIds);
        }
      }
    }
  }

  /**
   * An Agent or Group reduced to objectType and IFI (anonymous: objectType and reduced members).
   */
  static JsonNode agentIds(JsonNode agent) {
    ObjectNode out = Nodes.newObject();
    out.put("objectType", Nodes.objectType(agent, "Agent"));
    boolean identified = false;
    for (String ifi : IFIS) {
      JsonNode value = agent.get(ifi);
      if (value != null) {
        out.set(ifi, value.deepCopy());
        identified = true;
        break;
      }
    }
    if (!identified && agent.get("member") != null && agent.get("member").isArray()) {
      ArrayNode members = out.putArray("member");
      for (JsonNode member : agent.get("member")) {
        members.add(member.isObject() ? agentIds(member) : member.deepCopy());
      }
    }
    return out;
  }

  private static JsonNode activityIds(JsonNode activity) {
    ObjectNode out = Nodes.newObject(); // the id alone: objectType defaults to Activity
    if (activity.get("id") != null) {
      out.set("id", activity.get("id").deepCopy());
    }
    return out;
  }

  private static JsonNode verbIds(JsonNode verb) {
    ObjectNode out = Nodes.newObject();
    if (verb.get("id") != null) {
      out.set("id", verb.get("id").deepCopy());
    }
    return out;
  }

  /**
   * {@code format=canonical} language filtering (Communication 2.1.3.s4): every Language Map in an
   * Activity Definition (name, description, and each interaction component's description) and every
   * Verb display keeps one entry, chosen per map by {@code acceptLanguage} (see {@link
   * LanguageMaps}): the best acceptable language, else {@code und}, else the first entry.
   * Activities are the Object, all contextActivities, and the same inside a SubStatement; Agents
   * and Groups are returned as in {@code exact}. Substituting the LRS's canonical Activity
   * Definitions is the caller's job; this function filters whatever definitions the tree holds.
   *
   * @param acceptLanguage the parsed Accept-Language header ({@link
   *     Locale.LanguageRange#parse(String)}); empty or null when the header was absent
   */
  public static JsonNode canonical(JsonNode statement, List<Locale.LanguageRange> acceptLanguage) {
    if (statement == null || !statement.isObject()) {
      return statement == null ? null : statement.deepCopy();
    }
    ObjectNode out = statement.deepCopy();
    canonicalInPlace(out, acceptLanguage == null ? List.of() : acceptLanguage);
    return out;
  }

  private static void canonicalInPlace(ObjectNode statement, List<Locale.LanguageRange> ranges) {
    if (statement.get("verb") instanceof ObjectNode verb) {
      reduceMap(verb, "display", ranges);
    }
    if (statement.get("object") instanceof ObjectNode object) {
      String type = Nodes.objectType(object, "Activity");
      if ("Activity".equals(type)) {
        canonicalActivity(object, ranges);
      } else if ("SubStatement".equals(type)) {
        canonicalInPlace(object, ranges);
      }
    }
    if (statement.get("context") instanceof ObjectNode context
        && context.get("contextActivities") instanceof ObjectNode activities) {
      for (String kind : CONTEXT_ACTIVITY_KINDS) {
        JsonNode value = activities.get(kind);
        if (value instanceof ArrayNode array) {
          for (JsonNode activity : array) {
            if (activity instanceof ObjectNode a) {
              canonicalActivity(a, ranges);
            }
          }
        } else if (value instanceof ObjectNode a) {
          canonicalActivity(a, ranges);
        }
      }
    }
  }

  private static void canonicalActivity(ObjectNode activity, List<Locale.LanguageRange> ranges) {
    if (!(activity.get("definition") instanceof ObjectNode definition)) {
      return;
    }
    reduceMap(definition, "name", ranges);
    reduceMap(definition, "description", ranges);
    for (String component : INTERACTION_COMPONENTS) {
      for (JsonNode element : Nodes.array(definition, component)) {
        if (element instanceof ObjectNode e) {
          reduceMap(e, "description", ranges);
        }
      }
    }
  }

  private static void reduceMap(ObjectNode owner, String field, List<Locale.LanguageRange> ranges) {
    JsonNode map = owner.get(field);
    if (map != null && map.isObject() && map.size() > 1) {
      owner.set(field, LanguageMaps.reduce(map, ranges));
    }
  }

  private static void replace(
      ObjectNode owner, String field, java.util.function.UnaryOperator<JsonNode> reduce) {
    JsonNode value = owner.get(field);
    if (value != null && value.isObject()) {
      owner.set(field, reduce.apply(value));
    }
  }
}
