package vn.hocba.xapi.statements;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Statement Comparison Requirements (Data 2.3.1.s9, same text in 1.0.3 and 2.0): differences that
 * the immutability exceptions (2.3.1.b1–b7) could have caused are ignored, every other difference
 * counts. Used when a statement arrives with an id the LRS already holds: equivalent means no-op,
 * otherwise 409 Conflict (Communication 2.1.1, 2.1.2).
 *
 * <p>Ignored (each an exception of Data 2.3.1):
 *
 * <ul>
 *   <li>b1 LRS-assigned properties: {@code id}, {@code authority}, {@code stored}, {@code version};
 *       {@code timestamp} when the incoming statement has none (the LRS filled it);
 *   <li>b2 Activity Definitions: {@code definition} of every Activity (Object, contextActivities,
 *       inside a SubStatement);
 *   <li>b3 Verb {@code display};
 *   <li>b4 Timestamp serialization: timestamps compare as instants (time zone and notation free),
 *       and one kept to millisecond precision equals a finer one it truncates or rounds (Data
 *       4.5.s1.b7 lets an LRS do that);
 *   <li>b5 the order of Group {@code member} lists;
 *   <li>b6 {@code attachments};
 *   <li>b7 case of case-insensitive values: UUIDs (registration, StatementRef ids; RFC 4122), the
 *       {@code mailto:} scheme and email domain of {@code mbox} (Data 2.4.2.3.s4.b1), {@code
 *       mbox_sha1sum} hex digits, and the {@code context.language} tag (RFC 5646 2.1.1).
 * </ul>
 *
 * Not ignored (2.3.1.b8, 2.3.1.s9.b2): everything else, including Result {@code duration}, which
 * compares as a string — except that digits beyond 0.01 s are dropped first (Data 4.6.s1.b5).
 *
 * <p>Also treated as equal because the two forms mean the same and an LRS is required or allowed to
 * rewrite one into the other: an absent {@code objectType} and its default ("Agent" for Agents,
 * "Activity" for an Activity), a single contextActivities Activity and a one-element array (Data
 * 2.4.6.2.s4.b3), and JSON numbers of equal value ({@code 1.0} and {@code 1}; Data 2.2.s4.b3 lets
 * the LRS store numbers as floats, so their spelling is not part of the statement).
 */
public final class StatementEquivalence {

  private static final String[] CONTEXT_ACTIVITY_KINDS = {
    "parent", "grouping", "category", "other"
  };
  private static final Pattern DURATION_FRACTION = Pattern.compile("([.,])(\\d{2})\\d+S");
  private static final DateTimeFormatter LENIENT_ISO =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .appendLiteral('T')
          .appendValue(ChronoField.HOUR_OF_DAY, 2)
          .appendLiteral(':')
          .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
          .optionalStart()
          .appendLiteral(':')
          .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HH:MM", "Z")
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HHMM", "Z")
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HH", "Z")
          .optionalEnd()
          .toFormatter();

  private static final Comparator<JsonNode> VALUE_EQUALITY =
      (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
          return a.decimalValue().compareTo(b.decimalValue()) == 0 ? 0 : 1;
        }
        return a.equals(b) ? 0 : 1;
      };

  private StatementEquivalence() {}

  /**
   * True when {@code incoming} is the same statement as {@code stored} under Data 2.3.1.s9. Neither
   * tree is modified; odd shapes are compared as plain JSON rather than rejected.
   */
  public static boolean equivalent(JsonNode stored, JsonNode incoming) {
    if (stored == null || incoming == null) {
      return stored == incoming;
    }
    if (!stored.isObject() || !incoming.isObject()) {
      return stored.equals(VALUE_EQUALITY, incoming);
    }
    boolean incomingHasTimestamp = incoming.get("timestamp") != null;
    if (incomingHasTimestamp
        && !sameTimestamp(stored.get("timestamp"), incoming.get("timestamp"))) {
      return false;
    }
    JsonNode storedSub = subStatement(stored);
    JsonNode incomingSub = subStatement(incoming);
    if (storedSub != null
        && incomingSub != null
        && !sameTimestamp(storedSub.get("timestamp"), incomingSub.get("timestamp"))) {
      return false;
    }
    JsonNode a = normalizeStatement(stored, true);
    JsonNode b = normalizeStatement(incoming, true);
    return a.equals(VALUE_EQUALITY, b);
  }

  private static JsonNode subStatement(JsonNode statement) {
    JsonNode object = statement.get("object");
    return object != null
            && object.isObject()
            && "SubStatement".equals(Nodes.objectType(object, ""))
        ? object
        : null;
  }

  /**
   * A copy with every ignorable difference taken out. Timestamps are removed here and compared
   * separately by {@link #sameTimestamp}.
   */
  static ObjectNode normalizeStatement(JsonNode statement, boolean topLevel) {
    ObjectNode out = statement.deepCopy();
    out.remove("timestamp");
    out.remove("attachments");
    if (topLevel) {
      out.remove(Arrays.asList("id", "stored", "authority", "version"));
    }
    replace(out, "actor", normalizeAgent(out.get("actor")));
    if (out.get("verb") instanceof ObjectNode verb) {
      verb.remove("display");
    }
    JsonNode object = out.get("object");
    if (object != null && object.isObject()) {
      String type = Nodes.objectType(object, "Activity");
      switch (type) {
        case "Activity" -> out.set("object", normalizeActivity(object));
        case "Agent", "Group" -> out.set("object", normalizeAgent(object));
        case "StatementRef" -> out.set("object", lowercaseField(object, "id"));
        case "SubStatement" -> out.set("object", normalizeStatement(object, false));
        default -> {
          // unknown objectType: compared as sent
        }
      }
    }
    if (out.get("result") instanceof ObjectNode result
        && result.get("duration") != null
        && result.get("duration").isTextual()) {
      result.put("duration", truncateDuration(result.get("duration").textValue()));
    }
    if (out.get("context") instanceof ObjectNode context) {
      normalizeContext(context);
    }
    return out;
  }

  private static void normalizeContext(ObjectNode context) {
    lowercaseInPlace(context, "registration");
    lowercaseInPlace(context, "language");
    replace(context, "instructor", normalizeAgent(context.get("instructor")));
    replace(context, "team", normalizeAgent(context.get("team")));
    if (context.get("statement") instanceof ObjectNode ref) {
      context.set("statement", lowercaseField(ref, "id"));
    }
    if (context.get("contextActivities") instanceof ObjectNode activities) {
      for (String kind : CONTEXT_ACTIVITY_KINDS) {
        JsonNode value = activities.get(kind);
        if (value == null || !(value.isObject() || value.isArray())) {
          continue;
        }
        ArrayNode list = Nodes.newArray();
        if (value.isArray()) {
          for (JsonNode activity : value) {
            list.add(activity.isObject() ? normalizeActivity(activity) : activity);
          }
        } else {
          list.add(normalizeActivity(value));
        }
        activities.set(kind, list);
      }
    }
    for (JsonNode contextAgent : Nodes.array(context, "contextAgents")) {
      if (contextAgent instanceof ObjectNode c) {
        replace(c, "agent", normalizeAgent(c.get("agent")));
      }
    }
    for (JsonNode contextGroup : Nodes.array(context, "contextGroups")) {
      if (contextGroup instanceof ObjectNode c) {
        replace(c, "group", normalizeAgent(c.get("group")));
      }
    }
  }

  /** An Activity without its Definition (2.3.1.b2) and with its default objectType. */
  private static JsonNode normalizeActivity(JsonNode activity) {
    ObjectNode out = activity.deepCopy();
    out.remove("definition");
    if (out.get("objectType") == null) {
      out.put("objectType", "Activity");
    }
    return out;
  }

  /** An Agent or Group with case-insensitive IFI parts lowercased and members sorted (b5, b7). */
  private static JsonNode normalizeAgent(JsonNode agent) {
    if (agent == null || !agent.isObject()) {
      return agent;
    }
    ObjectNode out = agent.deepCopy();
    if (out.get("objectType") == null) {
      out.put("objectType", "Agent");
    }
    if (out.get("mbox") != null && out.get("mbox").isTextual()) {
      out.put("mbox", AgentKeys.normalizeMbox(out.get("mbox").textValue()));
    }
    lowercaseInPlace(out, "mbox_sha1sum");
    if (out.get("member") instanceof ArrayNode members) {
      List<JsonNode> sorted = new ArrayList<>();
      for (JsonNode member : members) {
        sorted.add(normalizeAgent(member));
      }
      sorted.sort(Comparator.comparing(CanonicalJson::text));
      ArrayNode list = Nodes.newArray();
      sorted.forEach(list::add);
      out.set("member", list);
    }
    return out;
  }

  /**
   * Result Duration is compared as a string (2.3.1.b8), ignoring precision beyond 0.01 s (Data
   * 4.6.s1.b5): "PT1.234S" and "PT1.23S" match, "PT1.2S" and "PT1.20S" do not.
   */
  static String truncateDuration(String duration) {
    Matcher m = DURATION_FRACTION.matcher(duration);
    return m.find() ? m.replaceFirst("$1$2S") : duration;
  }

  /**
   * Two timestamps are the same when they denote the same instant, or when one is written with at
   * most millisecond precision and equals the other truncated or rounded to milliseconds (Data
   * 2.3.1.b4, 4.5.s1.b5, 4.5.s1.b7). Unparseable values compare as strings.
   */
  static boolean sameTimestamp(JsonNode a, JsonNode b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (!a.isTextual() || !b.isTextual()) {
      return a.equals(b);
    }
    Optional<Instant> x = instant(a.textValue());
    Optional<Instant> y = instant(b.textValue());
    if (x.isEmpty() || y.isEmpty()) {
      return a.textValue().equals(b.textValue());
    }
    if (x.get().equals(y.get())) {
      return true;
    }
    // An LRS may keep only millisecond precision (Data 4.5.s1.b7): a value with at most three
    // fraction digits equals a finer one that truncates or rounds to it.
    boolean xCoarse = fractionDigits(a.textValue()) <= 3;
    boolean yCoarse = fractionDigits(b.textValue()) <= 3;
    return (xCoarse && reducesTo(y.get(), x.get())) || (yCoarse && reducesTo(x.get(), y.get()));
  }

  private static boolean reducesTo(Instant fine, Instant coarse) {
    Instant truncated = fine.truncatedTo(ChronoUnit.MILLIS);
    Instant rounded = fine.getNano() % 1_000_000 >= 500_000 ? truncated.plusMillis(1) : truncated;
    return coarse.equals(truncated) || coarse.equals(rounded);
  }

  /** Digits after the decimal point of the seconds in an ISO 8601 timestamp (0 when none). */
  static int fractionDigits(String timestamp) {
    int t = timestamp.indexOf('T');
    int dot = timestamp.indexOf('.', Math.max(t, 0));
    if (t < 0 || dot < 0) {
      return 0;
    }
    int n = 0;
    for (int i = dot + 1; i < timestamp.length() && Character.isDigit(timestamp.charAt(i)); i++) {
      n++;
    }
    return n;
  }

  /** The instant of an ISO 8601 timestamp; a timestamp without offset is read as UTC (4.5). */
  static Optional<Instant> instant(String timestamp) {
    try {
      var parsed = LENIENT_ISO.parseBest(timestamp, OffsetDateTime::from, LocalDateTime::from);
      if (parsed instanceof OffsetDateTime odt) {
        return Optional.of(odt.toInstant());
      }
      return Optional.of(((LocalDateTime) parsed).toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException | ClassCastException e) {
      return Optional.empty();
    }
  }

  private static JsonNode lowercaseField(JsonNode node, String field) {
    ObjectNode out = node.deepCopy();
    lowercaseInPlace(out, field);
    return out;
  }

  private static void lowercaseInPlace(ObjectNode node, String field) {
    JsonNode value = node.get(field);
    if (value != null && value.isTextual()) {
      node.put(field, Nodes.lower(value.textValue()));
    }
  }

  private static void replace(ObjectNode owner, String field, JsonNode value) {
    if (value != null) {
      owner.set(field, value);
    }
  }
}
