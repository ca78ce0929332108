package vn.hocba.xapi.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Data 2.4.4.1: Activities, Activity Definitions and Interaction Activities (interactionType,
 * correctResponsesPattern and interaction component lists).
 */
final class Activities {

  static final String RULE = "Data 2.4.4.1";
  private static final Set<String> ACTIVITY_KEYS = Set.of("objectType", "id", "definition");
  private static final Set<String> DEFINITION_KEYS =
      Set.of(
          "name",
          "description",
          "type",
          "moreInfo",
          "interactionType",
          "correctResponsesPattern",
          "choices",
          "scale",
          "source",
          "target",
          "steps",
          "extensions");
  private static final Set<String> COMPONENT_KEYS = Set.of("id", "description");
  private static final List<String> COMPONENT_LISTS =
      List.of("choices", "scale", "source", "target", "steps");

  /** Data 2.4.4.1.s15.table2: which component lists each interactionType supports. */
  private static final Map<String, Set<String>> LISTS_BY_TYPE =
      Map.of(
          "true-false", Set.of(),
          "choice", Set.of("choices"),
          "fill-in", Set.of(),
          "long-fill-in", Set.of(),
          "matching", Set.of("source", "target"),
          "performance", Set.of("steps"),
          "sequencing", Set.of("choices"),
          "likert", Set.of("scale"),
          "numeric", Set.of(),
          "other", Set.of());

  private Activities() {}

  /** Validates an Activity (the objectType, if present, was already checked by the caller). */
  static void activity(Check c, JsonNode node, String pointer, String what) {
    if (!c.object(node, pointer, RULE, what, ACTIVITY_KEYS)) {
      return;
    }
    JsonNode id = c.required(node, "id", pointer, RULE + ".s1.table1.row2", what + " id");
    if (id != null) {
      c.iri(id, Check.at(pointer, "id"), RULE + ".s1.table1.row2", what + " id");
    }
    JsonNode definition = node.get("definition");
    if (Check.present(definition)) {
      definition(c, definition, Check.at(pointer, "definition"));
    }
  }

  private static void definition(Check c, JsonNode def, String pointer) {
    if (!c.object(
        def, pointer, RULE + ".s1.table1.row3", "the Activity definition", DEFINITION_KEYS)) {
      return;
    }
    String table = RULE + ".s2.table1";
    if (Check.present(def.get("name"))) {
      LanguageMaps.languageMap(
          c, def.get("name"), Check.at(pointer, "name"), table + ".row1", "the definition name");
    }
    if (Check.present(def.get("description"))) {
      LanguageMaps.languageMap(
          c,
          def.get("description"),
          Check.at(pointer, "description"),
          table + ".row2",
          "the definition description");
    }
    if (Check.present(def.get("type"))) {
      c.iri(def.get("type"), Check.at(pointer, "type"), table + ".row3", "the definition type");
    }
    if (Check.present(def.get("moreInfo"))) {
      c.irl(
          def.get("moreInfo"),
          Check.at(pointer, "moreInfo"),
          table + ".row4",
          "the definition moreInfo");
    }
    if (Check.present(def.get("extensions"))) {
      Extensions.extensions(
          c, def.get("extensions"), Check.at(pointer, "extensions"), table + ".row5");
    }
    interaction(c, def, pointer);
  }

  private static void interaction(Check c, JsonNode def, String pointer) {
    JsonNode typeNode = def.get("interactionType");
    Set<String> supported = Set.of();
    boolean typeKnown = false;
    if (Check.present(typeNode)) {
      String ptr = Check.at(pointer, "interactionType");
      String type = c.string(typeNode, ptr, RULE + ".s9", "interactionType");
      if (type != null) {
        supported = LISTS_BY_TYPE.get(type);
        if (supported == null) {
          c.add(
              ptr,
              "Data 2.2.s4.b1.b6",
              "interactionType must be one of the values in Data 2.4.4.1.s9 (case-sensitive)");
          supported = Set.of();
        } else {
          typeKnown = true;
        }
      }
    }
    JsonNode pattern = def.get("correctResponsesPattern");
    if (Check.present(pattern)) {
      String ptr = Check.at(pointer, "correctResponsesPattern");
      if (!Check.present(typeNode)) {
        c.add(
            ptr,
            RULE + ".s13.b1",
            "correctResponsesPattern is only allowed on an interaction Activity with an interactionType");
      }
      if (!pattern.isArray()) {
        c.wrongType(pattern, ptr, RULE + ".s8", "correctResponsesPattern", "an array of strings");
      } else {
        for (int i = 0; i < pattern.size(); i++) {
          c.string(
              pattern.get(i), Check.at(ptr, i), RULE + ".s8", "a correctResponsesPattern entry");
        }
      }
    }
    for (String list : COMPONENT_LISTS) {
      JsonNode components = def.get(list);
      if (!Check.present(components)) {
        continue;
      }
      String ptr = Check.at(pointer, list);
      if (!supported.contains(list) && (typeKnown || !Check.present(typeNode))) {
        c.add(
            ptr,
            RULE + ".s15.table2",
            "\""
                + list
                + "\" is not a supported interaction component list for this interactionType");
      }
      components(c, components, ptr, list);
    }
  }

  private static void components(Check c, JsonNode list, String pointer, String name) {
    if (!list.isArray()) {
      c.wrongType(
          list, pointer, RULE + ".s15", "\"" + name + "\"", "an array of interaction components");
      return;
    }
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode component = list.get(i);
      String ptr = Check.at(pointer, i);
      if (!c.object(component, ptr, RULE + ".s15", "an interaction component", COMPONENT_KEYS)) {
        continue;
      }
      JsonNode id =
          c.required(
              component, "id", ptr, RULE + ".s15.table1.row1", "an interaction component id");
      if (id != null) {
        String text =
            c.string(
                id, Check.at(ptr, "id"), RULE + ".s15.table1.row1", "an interaction component id");
        if (text != null && !ids.add(text)) {
          c.add(
              Check.at(ptr, "id"),
              RULE + ".s16.b1",
              "interaction component ids must be distinct within \"" + name + "\"");
        }
      }
      if (Check.present(component.get("description"))) {
        LanguageMaps.languageMap(
            c,
            component.get("description"),
            Check.at(ptr, "description"),
            RULE + ".s15",
            "an interaction component description");
      }
    }
  }
}
