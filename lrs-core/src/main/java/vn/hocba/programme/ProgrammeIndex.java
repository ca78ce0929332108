package vn.hocba.programme;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import vn.hocba.programme.PersonRecord.Fact;
import vn.hocba.programme.PersonRecord.Placement;
import vn.hocba.programme.Programme.Group;
import vn.hocba.programme.Programme.Locality;

/** A programme with the look-ups its rules need, built once per programme. */
public final class ProgrammeIndex {

  private final Programme programme;
  private final Map<String, String> topicByActivity = new HashMap<>();
  private final Map<String, Group> groups = new LinkedHashMap<>();
  private final Map<String, Locality> localities = new LinkedHashMap<>();

  public ProgrammeIndex(Programme programme) {
    this.programme = programme;
    programme.topics().forEach(t -> topicByActivity.put(t.activity(), t.id()));
    programme.groups().forEach(g -> groups.put(g.id(), g));
    programme.localities().forEach(l -> localities.put(l.code(), l));
  }

  public Programme programme() {
    return programme;
  }

  public Optional<Group> group(String id) {
    return Optional.ofNullable(id == null ? null : groups.get(id));
  }

  public Optional<Locality> locality(String code) {
    return Optional.ofNullable(code == null ? null : localities.get(code));
  }

  /** The calendar day of an instant in the programme's time zone. */
  public LocalDate day(Instant t) {
    return t.atZone(programme.timeZone()).toLocalDate();
  }

  /** The last instant of a day in the programme's time zone. */
  public Instant endOf(LocalDate day) {
    return day.plusDays(1).atStartOfDay(programme.timeZone()).toInstant().minusMillis(1);
  }

  /**
   * The unit a locality's learners count under on a day: itself while valid, else its successor
   * (followed through later merges).
   */
  public Optional<Locality> resolve(String code, LocalDate day) {
    Locality l = localities.get(code);
    int hops = 0;
    while (l != null && !l.validOn(day) && l.successor() != null && hops++ < 32) {
      l = localities.get(l.successor());
    }
    return Optional.ofNullable(l);
  }

  /** The locality and its ancestors, from itself up to the top. */
  public List<Locality> path(Locality l) {
    List<Locality> out = new ArrayList<>();
    Locality c = l;
    while (c != null && out.size() < 32) {
      out.add(c);
      c = c.parent() == null ? null : localities.get(c.parent());
    }
    return out;
  }

  /** What one statement tells this programme about its actor. */
  public record Extract(
      String person, String name, List<Fact> facts, Optional<Placement> placement) {
    public boolean isEmpty() {
      return facts.isEmpty() && placement.isEmpty();
    }
  }

  /**
   * The learning facts (one per topic the statement is about: its object, or a parent or grouping
   * context activity) and the placement its context extensions name, for a stored statement.
   * Statements whose actor is a Group or has no IFI tell nothing about a learner.
   */
  public Optional<Extract> extract(JsonNode statement, long position, Instant stored) {
    Optional<String> person = PersonKeys.ofActor(statement.get("actor"));
    if (person.isEmpty()) {
      return Optional.empty();
    }
    Instant happened = happened(statement, stored);
    String verb = statement.path("verb").path("id").asText();
    JsonNode object = statement.path("object");
    boolean isActivity =
        !object.has("objectType") || "Activity".equals(object.path("objectType").asText());
    String objectTopic = isActivity ? topicByActivity.get(object.path("id").asText()) : null;
    List<String> topics = new ArrayList<>();
    if (objectTopic != null) {
      topics.add(objectTopic);
    }
    JsonNode ca = statement.path("context").path("contextActivities");
    for (String kind : List.of("parent", "grouping")) {
      JsonNode list = ca.path(kind);
      List<JsonNode> items = new ArrayList<>();
      if (list.isArray()) {
        list.forEach(items::add);
      } else if (list.isObject()) {
        items.add(list); // 1.0.x allowed a single activity
      }
      for (JsonNode a : items) {
        String t = topicByActivity.get(a.path("id").asText());
        if (t != null && !topics.contains(t)) {
          topics.add(t);
        }
      }
    }
    JsonNode result = statement.path("result");
    Boolean success = result.path("success").isBoolean() ? result.get("success").asBoolean() : null;
    JsonNode scaledNode = result.path("score").path("scaled");
    Double scaled = scaledNode.isNumber() ? scaledNode.asDouble() : null;
    Long duration =
        result.path("duration").isTextual()
            ? IsoDurations.millis(result.get("duration").asText()).orElse(null)
            : null;
    String registration =
        statement.path("context").path("registration").isTextual()
            ? statement.path("context").get("registration").asText()
            : null;
    String id = statement.path("id").asText();
    List<Fact> facts = new ArrayList<>();
    for (String t : topics) {
      facts.add(
          new Fact(
              id,
              position,
              t,
              t.equals(objectTopic),
              verb,
              success,
              scaled,
              duration,
              happened,
              stored,
              registration,
              null));
    }
    Optional<Placement> placement = Optional.empty();
    JsonNode ext = statement.path("context").path("extensions");
    JsonNode g = ext.get(programme.placementExtensions().group());
    JsonNode l = ext.get(programme.placementExtensions().locality());
    if (g != null && l != null && g.isTextual() && l.isValueNode()) {
      // only what the programme knows places a learner; anything else is ignored
      if (groups.containsKey(g.asText()) && localities.containsKey(l.asText())) {
        placement =
            Optional.of(
                new Placement(
                    position,
                    Placement.STATEMENT,
                    id,
                    g.asText(),
                    l.asText(),
                    day(happened),
                    stored,
                    null));
      }
    }
    JsonNode actorName = statement.path("actor").path("name");
    String name = actorName.isTextual() ? actorName.asText() : null;
    Extract e = new Extract(person.get(), name, facts, placement);
    return e.isEmpty() ? Optional.empty() : Optional.of(e);
  }

  /** The statement timestamp (Data 2.4.7), or stored when it is missing, later or unreadable. */
  static Instant happened(JsonNode statement, Instant stored) {
    JsonNode ts = statement.get("timestamp");
    if (ts == null || !ts.isTextual()) {
      return stored;
    }
    try {
      Instant t = OffsetDateTime.parse(ts.asText()).toInstant();
      return t.isAfter(stored) ? stored : t;
    } catch (DateTimeParseException e) {
      try {
        Instant t = Instant.parse(ts.asText());
        return t.isAfter(stored) ? stored : t;
      } catch (DateTimeParseException e2) {
        return stored;
      }
    }
  }
}
