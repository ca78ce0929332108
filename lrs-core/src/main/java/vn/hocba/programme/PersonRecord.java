package vn.hocba.programme;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a programme knows about one learner, as history: the learning facts drawn from their
 * statements and their placements, each with when the LRS stored it and, once voided, when that
 * happened. Nothing is ever removed, so that the learner's progress can be computed as of any past
 * moment ({@link PersonProgress}). Applying the same event twice changes nothing.
 */
public record PersonRecord(
    String programme, String person, String name, List<Fact> facts, List<Placement> placements) {

  /**
   * One statement about a programme topic.
   *
   * @param onTopic the statement's object is the topic's activity itself (not a lesson in it)
   * @param success result.success, or null
   * @param scaled result.score.scaled, or null
   * @param durationMillis result.duration in milliseconds, or null
   * @param happened when the learning happened: the statement timestamp, never after stored
   */
  public record Fact(
      String statementId,
      long position,
      String topic,
      boolean onTopic,
      String verb,
      Boolean success,
      Double scaled,
      Long durationMillis,
      Instant happened,
      Instant stored,
      String registration,
      Instant voidedAt) {

    public boolean visibleAt(Instant asOf) {
      return !stored.isAfter(asOf) && (voidedAt == null || voidedAt.isAfter(asOf));
    }
  }

  /** Where a learner belongs from {@code effective} on; a null group withdraws them. */
  public record Placement(
      long position,
      String source,
      String statementId,
      String group,
      String locality,
      LocalDate effective,
      Instant stored,
      Instant voidedAt) {

    public static final String ROSTER = "roster";
    public static final String STATEMENT = "statement";

    public boolean visibleAt(Instant asOf, LocalDate day) {
      return !stored.isAfter(asOf)
          && (voidedAt == null || voidedAt.isAfter(asOf))
          && !effective.isAfter(day);
    }
  }

  public static PersonRecord empty(String programme, String person) {
    return new PersonRecord(programme, person, null, List.of(), List.of());
  }

  /** With this fact added, unless the statement is already known. */
  public PersonRecord withFacts(List<Fact> added, String actorName) {
    List<Fact> out = new ArrayList<>(facts);
    boolean changed = false;
    for (Fact f : added) {
      if (out.stream().noneMatch(x -> x.statementId().equals(f.statementId()))) {
        out.add(f);
        changed = true;
      }
    }
    String n = actorName != null ? actorName : name;
    if (!changed && java.util.Objects.equals(n, name)) {
      return this;
    }
    return new PersonRecord(programme, person, n, List.copyOf(out), placements);
  }

  /**
   * With this placement added, unless an event at the same position is already known; a placement
   * by statement is kept only when it differs from the latest placement by statement.
   */
  public PersonRecord withPlacement(Placement p) {
    if (placements.stream().anyMatch(x -> x.position() == p.position())) {
      return this;
    }
    if (Placement.STATEMENT.equals(p.source())) {
      Placement last = null;
      for (Placement x : placements) {
        if (Placement.STATEMENT.equals(x.source()) && x.voidedAt() == null) {
          last = x;
        }
      }
      if (last != null
          && java.util.Objects.equals(last.group(), p.group())
          && java.util.Objects.equals(last.locality(), p.locality())) {
        return this;
      }
    }
    List<Placement> out = new ArrayList<>(placements);
    out.add(p);
    return new PersonRecord(programme, person, name, facts, List.copyOf(out));
  }

  /** With what this statement contributed marked voided at {@code when} (first voiding wins). */
  public PersonRecord voided(String statementId, Instant when) {
    boolean changed = false;
    List<Fact> fs = new ArrayList<>(facts.size());
    for (Fact f : facts) {
      if (f.statementId().equals(statementId) && f.voidedAt() == null) {
        f =
            new Fact(
                f.statementId(),
                f.position(),
                f.topic(),
                f.onTopic(),
                f.verb(),
                f.success(),
                f.scaled(),
                f.durationMillis(),
                f.happened(),
                f.stored(),
                f.registration(),
                when);
        changed = true;
      }
      fs.add(f);
    }
    List<Placement> ps = new ArrayList<>(placements.size());
    for (Placement p : placements) {
      if (statementId.equals(p.statementId()) && p.voidedAt() == null) {
        p =
            new Placement(
                p.position(),
                p.source(),
                p.statementId(),
                p.group(),
                p.locality(),
                p.effective(),
                p.stored(),
                when);
        changed = true;
      }
      ps.add(p);
    }
    return changed
        ? new PersonRecord(programme, person, name, List.copyOf(fs), List.copyOf(ps))
        : this;
  }
}
