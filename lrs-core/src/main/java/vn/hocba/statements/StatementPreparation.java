package vn.hocba.statements;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Supplier;
import vn.hocba.xapi.model.XapiVersion;
import vn.hocba.xapi.statements.Voiding;

/**
 * Fills in what the LRS sets on a validated statement (Data 2.4.1 id, 2.4.7 timestamp, 2.4.8
 * stored, 2.4.9 authority, 2.4.10 version). Pure: the clock and the id source are passed in.
 */
public final class StatementPreparation {

  /** Millisecond UTC timestamps, as "stored" is written (RFC 3339, Data 4.5). */
  public static final DateTimeFormatter STORED_FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private StatementPreparation() {}

  /** The last stored time formatted: every statement of a request shares one. */
  private record Formatted(Instant stored, String text) {}

  private static volatile Formatted lastFormatted =
      new Formatted(Instant.EPOCH, STORED_FORMAT.format(Instant.EPOCH));

  static String storedText(Instant stored) {
    Formatted last = lastFormatted;
    if (last.stored().equals(stored)) {
      return last.text();
    }
    String text = STORED_FORMAT.format(stored);
    lastFormatted = new Formatted(stored, text);
    return text;
  }

  /**
   * @param received a statement that passed validation
   * @param authority the Agent the credential stands for; overwrites any sent authority (Data
   *     2.4.9: the LRS SHOULD overwrite it based on the credentials used)
   * @param stored when the LRS stores it
   * @param newId source of ids for statements sent without one (Data 2.4.1)
   */
  public static PreparedStatement prepare(
      JsonNode received,
      JsonNode authority,
      Instant stored,
      XapiVersion version,
      Supplier<String> newId) {
    return prepare(received, authority, false, stored, version, newId);
  }

  /**
   * As {@link #prepare(JsonNode, JsonNode, Instant, XapiVersion, Supplier)}, but with {@code
   * keepSubmittedAuthority} a statement that carries an authority keeps it (Data 2.4.9.s3.b5: only
   * where a strong trust relationship exists, such as an administrator migrating another LRS's
   * history); one without gets {@code authority} (Data 2.4.9.s3.b1).
   */
  public static PreparedStatement prepare(
      JsonNode received,
      JsonNode authority,
      boolean keepSubmittedAuthority,
      Instant stored,
      XapiVersion version,
      Supplier<String> newId) {
    // the received tree stays as sent (Admission compares it, Data 2.3.1): the stored tree shares
    // its subtrees and copies only the objects it changes (a deep copy of every node was 6 % of
    // the request threads' samples)
    ObjectNode s = ((ObjectNode) received).objectNode().setAll((ObjectNode) received);
    String id = s.hasNonNull("id") ? s.get("id").asText().toLowerCase(Locale.ROOT) : newId.get();
    s.put("id", id);
    String storedText = storedText(stored);
    if (!s.hasNonNull("timestamp")) {
      s.put("timestamp", storedText); // Data 2.4.7: the LRS sets it to "stored" when absent
    }
    s.put("stored", storedText);
    if (!(keepSubmittedAuthority && s.hasNonNull("authority"))) {
      s.set("authority", authority.deepCopy());
    }
    arrayContextActivities(s);
    if (s.get("object") instanceof ObjectNode o
        && "SubStatement".equals(o.path("objectType").asText())) {
      ObjectNode copy = o.objectNode().setAll(o);
      if (arrayContextActivities(copy)) {
        s.set("object", copy);
      }
    }
    if (!s.hasNonNull("version")) {
      s.put("version", version == XapiVersion.V2_0_0 ? "2.0.0" : "1.0.0");
    }
    return new PreparedStatement(id, s, received, Voiding.voidedTarget(s));
  }

  /**
   * Data 2.4.6.2: a single context Activity is stored as an array of one, so that every reader sees
   * the same shape (the LRS returns a ContextActivity in an array, XAPI-00096). The statement's
   * context and contextActivities are replaced by changed copies, never changed in place.
   *
   * @return whether anything was wrapped
   */
  static boolean arrayContextActivities(ObjectNode statement) {
    if (!(statement.path("context").path("contextActivities") instanceof ObjectNode activities)) {
      return false;
    }
    ObjectNode wrapped = null;
    for (String kind : new String[] {"parent", "grouping", "category", "other"}) {
      JsonNode value = activities.get(kind);
      if (value != null && value.isObject()) {
        if (wrapped == null) {
          wrapped = activities.objectNode().setAll(activities);
        }
        wrapped.putArray(kind).add(value);
      }
    }
    if (wrapped == null) {
      return false;
    }
    // the statement's own context and contextActivities are copies: the received tree keeps its
    // single objects
    ObjectNode context = statement.objectNode().setAll((ObjectNode) statement.get("context"));
    context.set("contextActivities", wrapped);
    statement.set("context", context);
    return true;
  }
}
