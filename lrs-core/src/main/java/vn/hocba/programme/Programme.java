package vn.hocba.programme;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * A learning programme: what is taught (topics), who must learn it (population groups with a target
 * share, a deadline and a completion rule), where (localities with effective dates) and how many
 * people each group counts per locality (the denominators). Loaded from a programme file by {@link
 * ProgrammeFiles}; never hard-coded.
 *
 * @param digest SHA-256 of the file's canonical content: read models built under another digest are
 *     rebuilt
 */
public record Programme(
    String id,
    Text name,
    ZoneId timeZone,
    LocalDate start,
    PlacementExtensions placementExtensions,
    List<Topic> topics,
    List<Group> groups,
    List<Locality> localities,
    List<Population> population,
    String digest) {

  /** A text in Vietnamese (first) and English. */
  public record Text(String vi, String en) {}

  /** The context.extensions IRIs that place a learner who has no roster entry. */
  public record PlacementExtensions(String group, String locality) {}

  /** One topic (course) of the curriculum, identified by its xAPI activity IRI. */
  public record Topic(String id, String activity, Text name) {}

  /** A population group with its target share of people meeting its completion rule. */
  public record Group(
      String id, Text name, double target, LocalDate deadline, CompletionRule completion) {}

  /**
   * What completing means for a group: every {@code required} topic, plus at least {@code minimum}
   * of {@code choose}, each shown by a statement with one of {@code verbs}, not unsuccessful, and
   * scoring at least {@code minimumScaledScore} when that is set.
   */
  public record CompletionRule(
      List<String> required,
      List<String> choose,
      int minimum,
      List<String> verbs,
      Double minimumScaledScore) {}

  /** Administrative level of a locality. */
  public enum Level {
    PROVINCE,
    DISTRICT,
    COMMUNE;

    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * A locality valid from {@code validFrom} to {@code validTo} (both inclusive; null = open). When
   * it stops being valid, its learners count under {@code successor} (a merge or a renaming).
   */
  public record Locality(
      String code,
      Level level,
      String parent,
      Text name,
      LocalDate validFrom,
      LocalDate validTo,
      String successor) {

    public boolean validOn(LocalDate day) {
      return (validFrom == null || !day.isBefore(validFrom))
          && (validTo == null || !day.isAfter(validTo));
    }
  }

  /** How many people a group counts in a locality. */
  public record Population(String group, String locality, long count) {}

  public Optional<Group> group(String groupId) {
    return groups.stream().filter(g -> g.id().equals(groupId)).findFirst();
  }

  public Optional<Topic> topic(String topicId) {
    return topics.stream().filter(t -> t.id().equals(topicId)).findFirst();
  }

  public Optional<Locality> locality(String code) {
    return localities.stream().filter(l -> l.code().equals(code)).findFirst();
  }

  /** The top of the hierarchy: the first locality without a parent. */
  public Locality root() {
    return localities.stream().filter(l -> l.parent() == null).findFirst().orElseThrow();
  }
}
