package vn.hocba.programme;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import vn.hocba.programme.PersonRecord.Fact;
import vn.hocba.programme.PersonRecord.Placement;
import vn.hocba.programme.Programme.CompletionRule;
import vn.hocba.programme.Programme.Group;
import vn.hocba.programme.Programme.Topic;

/**
 * A learner's progress as of a moment, from their {@link PersonRecord}: only what was stored by
 * then and not voided by then counts (docs/programmes.md, "Rules").
 *
 * @param placement where the learner belongs then; empty when unplaced or withdrawn
 * @param placements every placement known then, oldest first
 * @param active whether any fact is known then
 */
public record PersonProgress(
    String person,
    String name,
    Instant asOf,
    Optional<Placement> placement,
    List<Placement> placements,
    List<TopicProgress> topics,
    Completion completion,
    Instant firstActivity,
    Instant lastActivity,
    boolean active) {

  public static final String VERBS = "http://adlnet.gov/expapi/verbs/";
  static final String PASSED = VERBS + "passed";
  static final String FAILED = VERBS + "failed";
  static final String COMPLETED = VERBS + "completed";
  static final Set<String> ATTEMPT_VERBS =
      Set.of(VERBS + "launched", VERBS + "attempted", VERBS + "initialized");

  /** Status of one topic. */
  public enum Status {
    NOT_STARTED("not-started"),
    IN_PROGRESS("in-progress"),
    COMPLETED("completed"),
    PASSED("passed"),
    FAILED("failed");

    private final String wire;

    Status(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }
  }

  /** Progress in one topic. */
  public record TopicProgress(
      String topic,
      Status status,
      Double bestScore,
      int attempts,
      long timeSpentMillis,
      Instant firstActivity,
      Instant lastActivity) {}

  /**
   * Whether the learner meets their group's completion rule.
   *
   * @param since when the statement that completed the rule happened (its timestamp)
   * @param statements the statements that prove it, the earliest that count for each topic
   */
  public record Completion(boolean met, Instant since, List<String> statements) {
    static final Completion NOT_MET = new Completion(false, null, List.of());
  }

  /** The learner's progress as of {@code asOf}. */
  public static PersonProgress of(ProgrammeIndex index, PersonRecord record, Instant asOf) {
    LocalDate day = index.day(asOf);
    List<Fact> facts = new ArrayList<>();
    for (Fact f : record.facts()) {
      if (f.visibleAt(asOf)) {
        facts.add(f);
      }
    }
    facts.sort(Comparator.comparing(Fact::happened).thenComparingLong(Fact::position));
    List<Placement> known = new ArrayList<>();
    for (Placement p : record.placements()) {
      if (!p.stored().isAfter(asOf)) {
        known.add(p);
      }
    }
    known.sort(Comparator.comparingLong(Placement::position));
    Optional<Placement> placement = placement(record.placements(), asOf, day);
    List<TopicProgress> topics = new ArrayList<>();
    for (Topic t : index.programme().topics()) {
      topics.add(topic(t.id(), facts));
    }
    Completion completion =
        placement
            .flatMap(p -> index.group(p.group()))
            .map(g -> completion(g.completion(), facts))
            .orElse(Completion.NOT_MET);
    Instant first = facts.isEmpty() ? null : facts.get(0).happened();
    Instant last = facts.isEmpty() ? null : facts.get(facts.size() - 1).happened();
    return new PersonProgress(
        record.person(),
        record.name(),
        asOf,
        placement,
        List.copyOf(known),
        List.copyOf(topics),
        completion,
        first,
        last,
        !facts.isEmpty());
  }

  /**
   * The placement that holds on {@code day}: the latest roster placement in effect (latest
   * effective date, then latest stored), which may withdraw the learner; without any, the latest
   * placement by statement.
   */
  static Optional<Placement> placement(List<Placement> all, Instant asOf, LocalDate day) {
    Placement roster = null;
    Placement byStatement = null;
    for (Placement p : all) {
      if (!p.visibleAt(asOf, day)) {
        continue;
      }
      if (Placement.ROSTER.equals(p.source())) {
        if (roster == null
            || p.effective().isAfter(roster.effective())
            || (p.effective().equals(roster.effective()) && p.position() > roster.position())) {
          roster = p;
        }
      } else if (byStatement == null || p.position() > byStatement.position()) {
        byStatement = p;
      }
    }
    Placement chosen = roster != null ? roster : byStatement;
    return chosen == null || chosen.group() == null ? Optional.empty() : Optional.of(chosen);
  }

  static TopicProgress topic(String topic, List<Fact> facts) {
    boolean any = false;
    boolean passed = false;
    boolean completed = false;
    boolean failed = false;
    Double best = null;
    int attempts = 0;
    long spent = 0;
    Instant first = null;
    Instant last = null;
    for (Fact f : facts) {
      if (!f.topic().equals(topic)) {
        continue;
      }
      any = true;
      if (f.onTopic()) {
        if (PASSED.equals(f.verb()) && !Boolean.FALSE.equals(f.success())) {
          passed = true;
        } else if (COMPLETED.equals(f.verb()) && !Boolean.FALSE.equals(f.success())) {
          completed = true;
        } else if (FAILED.equals(f.verb()) || Boolean.FALSE.equals(f.success())) {
          failed = true;
        }
      }
      if (f.scaled() != null && (best == null || f.scaled() > best)) {
        best = f.scaled();
      }
      if (ATTEMPT_VERBS.contains(f.verb())) {
        attempts++;
      }
      if (f.durationMillis() != null) {
        spent += f.durationMillis();
      }
      if (first == null) {
        first = f.happened();
      }
      last = f.happened();
    }
    Status status =
        !any
            ? Status.NOT_STARTED
            : passed
                ? Status.PASSED
                : completed ? Status.COMPLETED : failed ? Status.FAILED : Status.IN_PROGRESS;
    if (any && attempts == 0) {
      attempts = 1; // a platform that never says "launched" still had one attempt
    }
    return new TopicProgress(topic, status, best, attempts, spent, first, last);
  }

  /** Whether a statement shows its topic done under this rule. */
  static boolean counts(CompletionRule rule, Fact f) {
    return f.onTopic()
        && rule.verbs().contains(f.verb())
        && !Boolean.FALSE.equals(f.success())
        && (rule.minimumScaledScore() == null
            || (f.scaled() != null && f.scaled() >= rule.minimumScaledScore()));
  }

  /**
   * Walks the facts in the order they happened and stops at the first moment the rule is met: every
   * required topic and {@code minimum} of the chosen ones each shown by a counting statement.
   */
  static Completion completion(CompletionRule rule, List<Fact> factsInOrder) {
    Map<String, Fact> firstCounting = new LinkedHashMap<>();
    Set<String> relevant = new HashSet<>(rule.required());
    relevant.addAll(rule.choose());
    for (Fact f : factsInOrder) {
      if (!relevant.contains(f.topic()) || firstCounting.containsKey(f.topic())) {
        continue;
      }
      if (!counts(rule, f)) {
        continue;
      }
      firstCounting.put(f.topic(), f);
      if (!firstCounting.keySet().containsAll(rule.required())) {
        continue;
      }
      List<Fact> chosen = new ArrayList<>();
      for (Fact c : firstCounting.values()) {
        if (rule.choose().contains(c.topic())) {
          chosen.add(c);
        }
      }
      if (chosen.size() < rule.minimum()) {
        continue;
      }
      List<String> proof = new ArrayList<>();
      for (String t : rule.required()) {
        proof.add(firstCounting.get(t).statementId());
      }
      for (int i = 0; i < rule.minimum(); i++) {
        if (!proof.contains(chosen.get(i).statementId())) {
          proof.add(chosen.get(i).statementId());
        }
      }
      return new Completion(true, f.happened(), List.copyOf(proof));
    }
    return Completion.NOT_MET;
  }

  /** The group whose rule applies, if placed. */
  public Optional<Group> group(ProgrammeIndex index) {
    return placement.flatMap(p -> index.group(p.group()));
  }
}
