package vn.hocba.xapi.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Agents, Groups and their Inverse Functional Identifiers (Data 2.4.2, 2.4.2.1-2.4.2.4), and the
 * authority (Data 2.4.9).
 */
final class Actors {

  static final String ACTOR_RULE = "Data 2.4.2";
  static final String AGENT_RULE = "Data 2.4.2.1";
  static final String GROUP_RULE = "Data 2.4.2.2";
  static final String IFI_RULE = "Data 2.4.2.3";
  static final String ACCOUNT_RULE = "Data 2.4.2.4";
  static final String AUTHORITY_RULE = "Data 2.4.9.s3.b1";

  private static final List<String> IFIS = List.of("mbox", "mbox_sha1sum", "openid", "account");
  private static final Set<String> AGENT_KEYS =
      Set.of("objectType", "name", "mbox", "mbox_sha1sum", "openid", "account");
  private static final Set<String> GROUP_KEYS =
      Set.of("objectType", "name", "mbox", "mbox_sha1sum", "openid", "account", "member");
  private static final Set<String> ACCOUNT_KEYS = Set.of("homePage", "name");
  private static final Pattern SHA1_HEX = Pattern.compile("^[0-9A-Fa-f]{40}$");

  /** What the surrounding property allows. */
  enum Kind {
    /** Agent or Group; objectType defaults to Agent (actor, instructor, agent parameter). */
    AGENT_OR_GROUP,
    /** Only an Agent (group members, contextAgent.agent). */
    AGENT,
    /** Only a Group; objectType "Group" is required (context.team, contextGroup.group). */
    GROUP
  }

  private Actors() {}

  /** Validates an Agent or Group according to {@code kind}. */
  static void actor(Check c, JsonNode node, String pointer, Kind kind, String what) {
    if (node == null || !node.isObject()) {
      String expected =
          switch (kind) {
            case AGENT -> "an Agent object";
            case GROUP -> "a Group object";
            default -> "an Agent or Group object";
          };
      c.wrongType(node, pointer, ACTOR_RULE, what, expected);
      return;
    }
    JsonNode objectType = node.get("objectType");
    String ptr = Check.at(pointer, "objectType");
    boolean group;
    if (!Check.present(objectType)) {
      group = kind == Kind.GROUP;
      if (kind == Kind.GROUP) {
        c.add(
            ptr,
            GROUP_RULE + ".s2.table1.row1",
            what + " must be a Group with objectType \"Group\"");
      }
    } else if (!objectType.isTextual()) {
      c.wrongType(
          objectType, ptr, AGENT_RULE + ".s2.table1.row1", what + " objectType", "a string");
      group = kind == Kind.GROUP || node.has("member");
    } else {
      String type = objectType.textValue();
      if ("Agent".equals(type)) {
        group = false;
        if (kind == Kind.GROUP) {
          c.add(ptr, GROUP_RULE + ".s2.table1.row1", what + " must be a Group, not an Agent");
        }
      } else if ("Group".equals(type)) {
        group = true;
        if (kind == Kind.AGENT) {
          c.add(ptr, GROUP_RULE + ".s4.b2", what + " must be an Agent, not a Group");
        }
      } else {
        c.add(
            ptr, ACTOR_RULE, what + " objectType must be \"Agent\" or \"Group\" (case-sensitive)");
        group = kind == Kind.GROUP || node.has("member");
      }
    }
    if (group) {
      group(c, node, pointer, what);
    } else {
      agent(c, node, pointer, what);
    }
  }

  private static void agent(Check c, JsonNode node, String pointer, String what) {
    c.object(node, pointer, AGENT_RULE, what, AGENT_KEYS);
    name(c, node, pointer, AGENT_RULE + ".s2.table1.row2", what);
    int ifis = ifis(c, node, pointer, what);
    if (ifis == 0) {
      c.add(
          pointer,
          AGENT_RULE + ".s2.b1",
          what + " must be identified by one of mbox, mbox_sha1sum, openid or account");
    } else if (ifis > 1) {
      c.add(
          pointer,
          AGENT_RULE + ".s2.b2",
          what + " must not include more than one inverse functional identifier");
    }
  }

  private static void group(Check c, JsonNode node, String pointer, String what) {
    c.object(node, pointer, GROUP_RULE, what, GROUP_KEYS);
    name(c, node, pointer, GROUP_RULE + ".s2.table1.row2", what);
    int ifis = ifis(c, node, pointer, what);
    JsonNode member = node.get("member");
    if (ifis == 0 && !Check.present(member)) {
      c.add(
          Check.at(pointer, "member"),
          GROUP_RULE + ".s4.b1",
          "an anonymous Group must include a \"member\" property");
    }
    if (ifis > 1) {
      c.add(
          pointer,
          GROUP_RULE + ".s5.b1",
          "an identified Group must include exactly one inverse functional identifier");
    }
    if (Check.present(member)) {
      members(c, member, Check.at(pointer, "member"), ifis == 0);
    }
  }

  private static void members(Check c, JsonNode member, String pointer, boolean anonymous) {
    if (!member.isArray()) {
      c.wrongType(
          member, pointer, GROUP_RULE + ".s2.table1.row3", "\"member\"", "an array of Agents");
      return;
    }
    String noGroups = GROUP_RULE + (anonymous ? ".s4.b2" : ".s5.b2");
    for (int i = 0; i < member.size(); i++) {
      JsonNode m = member.get(i);
      String ptr = Check.at(pointer, i);
      JsonNode type = m.isObject() ? m.get("objectType") : null;
      if (type != null && type.isTextual() && "Group".equals(type.textValue())) {
        c.add(
            Check.at(ptr, "objectType"), noGroups, "a Group member must be an Agent, not a Group");
        continue;
      }
      actor(c, m, ptr, Kind.AGENT, "a Group member");
    }
  }

  private static void name(Check c, JsonNode node, String pointer, String rule, String what) {
    JsonNode name = node.get("name");
    if (Check.present(name)) {
      c.string(name, Check.at(pointer, "name"), rule, what + " name");
    }
  }

  /** Validates each IFI present and returns how many there are (Data 2.4.2.3). */
  private static int ifis(Check c, JsonNode node, String pointer, String what) {
    int count = 0;
    for (String key : IFIS) {
      JsonNode value = node.get(key);
      if (!Check.present(value)) {
        continue;
      }
      count++;
      String ptr = Check.at(pointer, key);
      switch (key) {
        case "mbox" -> {
          String text = c.string(value, ptr, IFI_RULE + ".s3.table1.row1", what + " mbox");
          if (text != null && !Iris.isMailto(text)) {
            c.add(
                ptr,
                IFI_RULE + ".s3.table1.row1",
                what + " mbox must have the form \"mailto:email address\"");
          }
        }
        case "mbox_sha1sum" -> {
          String text = c.string(value, ptr, IFI_RULE + ".s3.table1.row2", what + " mbox_sha1sum");
          if (text != null && !SHA1_HEX.matcher(text).matches()) {
            c.add(
                ptr,
                IFI_RULE + ".s3.table1.row2",
                what + " mbox_sha1sum must be a SHA-1 hash in 40 hexadecimal digits");
          }
        }
        case "openid" -> {
          String text = c.string(value, ptr, IFI_RULE + ".s3.table1.row3", what + " openid");
          if (text != null && !Iris.isUri(text)) {
            c.add(ptr, IFI_RULE + ".s3.table1.row3", what + " openid must be a URI");
          }
        }
        default -> account(c, value, ptr, what);
      }
    }
    return count;
  }

  private static void account(Check c, JsonNode account, String pointer, String what) {
    if (!c.object(account, pointer, ACCOUNT_RULE, what + " account", ACCOUNT_KEYS)) {
      return;
    }
    JsonNode homePage =
        c.required(
            account,
            "homePage",
            pointer,
            ACCOUNT_RULE + ".s2.table1.row1",
            what + " account homePage");
    if (homePage != null) {
      c.irl(
          homePage,
          Check.at(pointer, "homePage"),
          ACCOUNT_RULE + ".s2.table1.row1",
          what + " account homePage");
    }
    JsonNode name =
        c.required(
            account, "name", pointer, ACCOUNT_RULE + ".s2.table1.row2", what + " account name");
    if (name != null) {
      c.string(
          name,
          Check.at(pointer, "name"),
          ACCOUNT_RULE + ".s2.table1.row2",
          what + " account name");
    }
  }

  /**
   * Data 2.4.9.s3.b1: the authority is an Agent, or (3-legged OAuth) an anonymous Group of exactly
   * two Agents.
   */
  static void authority(Check c, JsonNode node, String pointer) {
    actor(c, node, pointer, Kind.AGENT_OR_GROUP, "\"authority\"");
    if (node == null || !node.isObject()) {
      return;
    }
    JsonNode type = node.get("objectType");
    if (type == null || !type.isTextual() || !"Group".equals(type.textValue())) {
      return;
    }
    for (String ifi : IFIS) {
      if (node.has(ifi)) {
        c.add(
            Check.at(pointer, ifi),
            AUTHORITY_RULE,
            "an authority Group must be anonymous (OAuth consumer and user), without an identifier");
      }
    }
    JsonNode member = node.get("member");
    if (member != null && member.isArray() && member.size() != 2) {
      c.add(
          Check.at(pointer, "member"),
          AUTHORITY_RULE,
          "an authority Group must contain exactly two Agents");
    }
  }
}
