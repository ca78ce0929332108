package vn.hocba.programme;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.hocba.programme.Fixtures.statement;

import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import vn.hocba.programme.PersonProgress.Status;

@DisplayName(
    "Person progress: topic status, completion rule, voiding and placement, as of a moment")
class PersonProgressTest {

  static final ProgrammeIndex P = Fixtures.tiny();
  static final Instant T0 = Instant.parse("2025-05-01T00:00:00Z");

  static Instant day(int n) {
    return T0.plusSeconds(86_400L * n);
  }

  static String ts(int n) {
    return "\"timestamp\":\"" + day(n) + "\"";
  }

  @Test
  void ruleNeedsEveryRequiredTopicAndTheChosenMinimumAtTheMinimumScore() {
    Fixtures.Builder b =
        new Fixtures.Builder(P, "an")
            .place("staff", "D1", "2025-04-14", day(0))
            .add(
                statement(
                    "s1", "an", "passed", "a", ts(1) + ",\"result\":{\"score\":{\"scaled\":0.9}}"),
                day(1))
            // below the minimum scaled score: does not count
            .add(
                statement(
                    "s2",
                    "an",
                    "completed",
                    "b",
                    ts(2) + ",\"result\":{\"score\":{\"scaled\":0.5}}"),
                day(2));
    PersonProgress p = PersonProgress.of(P, b.record, day(3));
    assertThat(p.completion().met()).isFalse();
    b.add(
        statement("s3", "an", "completed", "c", ts(4) + ",\"result\":{\"score\":{\"scaled\":0.7}}"),
        day(4));
    p = PersonProgress.of(P, b.record, day(5));
    assertThat(p.completion().met()).isTrue();
    assertThat(p.completion().since()).isEqualTo(day(4));
    assertThat(p.completion().statements()).containsExactly("s1", "s3");
    // as of before s3 was stored, the rule was not met
    assertThat(PersonProgress.of(P, b.record, day(3)).completion().met()).isFalse();
  }

  @Test
  void aStatementWithoutScoreDoesNotMeetAMinimumScoreAndAFailureNeverCounts() {
    Fixtures.Builder b =
        new Fixtures.Builder(P, "bo")
            .place("staff", "D1", "2025-04-14", day(0))
            .add(statement("s1", "bo", "completed", "a", ts(1)), day(1))
            .add(
                statement(
                    "s2",
                    "bo",
                    "passed",
                    "b",
                    ts(1) + ",\"result\":{\"success\":false,\"score\":{\"scaled\":0.9}}"),
                day(1))
            .add(
                statement(
                    "s3", "bo", "passed", "c", ts(1) + ",\"result\":{\"score\":{\"scaled\":0.95}}"),
                day(1));
    PersonProgress p = PersonProgress.of(P, b.record, day(2));
    assertThat(p.completion().met()).isFalse();
    assertThat(p.topics())
        .extracting(PersonProgress.TopicProgress::status)
        .containsExactly(Status.COMPLETED, Status.FAILED, Status.PASSED);
  }

  @Test
  void voidingStopsAStatementCountingFromTheMomentItWasVoided() {
    Fixtures.Builder b =
        new Fixtures.Builder(P, "cu")
            .place("pupils", "C1", "2025-04-14", day(0))
            .add(statement("s1", "cu", "completed", "c", ts(1)), day(1));
    assertThat(PersonProgress.of(P, b.record, day(2)).completion().met()).isTrue();
    b.voided("s1", day(5));
    assertThat(PersonProgress.of(P, b.record, day(4)).completion().met()).isTrue();
    PersonProgress after = PersonProgress.of(P, b.record, day(6));
    assertThat(after.completion().met()).isFalse();
    assertThat(after.topics().get(2).status()).isEqualTo(Status.NOT_STARTED);
  }

  @Test
  void topicFiguresCountLessonsByTheirParentCourse() {
    String lesson =
        "\"context\":{\"contextActivities\":{\"parent\":[{\"id\":\"https://example.vn/courses/b\"}]}}";
    var s1 =
        vn.hocba.xapi.json.StrictJson.parse(
            "{\"id\":\"l1\",\"actor\":{\"mbox\":\"mailto:di@example.vn\"},\"verb\":{\"id\":\""
                + Fixtures.V
                + "launched\"},\"object\":{\"id\":\"https://example.vn/lessons/b1\"},"
                + lesson
                + ","
                + ts(1)
                + "}");
    var s2 =
        vn.hocba.xapi.json.StrictJson.parse(
            "{\"id\":\"l2\",\"actor\":{\"mbox\":\"mailto:di@example.vn\"},\"verb\":{\"id\":\""
                + Fixtures.V
                + "completed\"},\"object\":{\"id\":\"https://example.vn/lessons/b1\"},"
                + lesson
                + ",\"result\":{\"duration\":\"PT1H30M\",\"score\":{\"scaled\":0.6}},"
                + ts(2)
                + "}");
    Fixtures.Builder b =
        new Fixtures.Builder(P, "di")
            .add(s1, day(1))
            .add(s2, day(2))
            .add(
                statement(
                    "s3", "di", "launched", "b", ts(3) + ",\"result\":{\"duration\":\"PT15M\"}"),
                day(3));
    PersonProgress.TopicProgress t = PersonProgress.of(P, b.record, day(4)).topics().get(1);
    // a completed lesson is progress, not completion of the course
    assertThat(t.status()).isEqualTo(Status.IN_PROGRESS);
    assertThat(t.attempts()).isEqualTo(2);
    assertThat(t.timeSpentMillis()).isEqualTo(105 * 60_000L);
    assertThat(t.bestScore()).isEqualTo(0.6);
    assertThat(t.firstActivity()).isEqualTo(day(1));
    assertThat(t.lastActivity()).isEqualTo(day(3));
  }

  @Test
  void aRosterPlacementWinsOverStatementsAndLaterRowsMoveOrWithdrawTheLearner() {
    String ext =
        "\"context\":{\"extensions\":{\"https://hocba.vn/xapi/extensions/population-group\":\"pupils\","
            + "\"https://hocba.vn/xapi/extensions/locality\":\"D2\"}}";
    Fixtures.Builder b =
        new Fixtures.Builder(P, "em")
            .add(statement("s1", "em", "launched", "a", ts(1) + "," + ext), day(1));
    assertThat(PersonProgress.of(P, b.record, day(2)).placement().orElseThrow().locality())
        .isEqualTo("D2");
    b.place("staff", "D1", "2025-05-10", day(3)); // stored on day 3, effective on 10 May
    assertThat(PersonProgress.of(P, b.record, day(4)).placement().orElseThrow().source())
        .isEqualTo("statement");
    assertThat(PersonProgress.of(P, b.record, day(10)).placement().orElseThrow().group())
        .isEqualTo("staff");
    b.place(null, null, "2025-05-20", day(11));
    assertThat(PersonProgress.of(P, b.record, day(12)).placement()).isPresent();
    assertThat(PersonProgress.of(P, b.record, day(20)).placement()).isEmpty();
  }

  @Test
  void aTimestampAfterStoredCountsAsStoredAndMboxAndSha1AreOnePerson() {
    var s = statement("s1", "fa", "launched", "a", "\"timestamp\":\"2030-01-01T00:00:00Z\"");
    ProgrammeIndex.Extract x = P.extract(s, 0, day(1)).orElseThrow();
    assertThat(x.facts().get(0).happened()).isEqualTo(day(1));
    String sha1 = PersonKeys.ofLearner("mailto:fa@example.vn");
    assertThat(x.person()).isEqualTo(sha1);
    assertThat(PersonKeys.ofLearner("mbox_sha1sum:" + sha1.substring(13).toUpperCase()))
        .isEqualTo(sha1);
    assertThat(PersonKeys.ofLearner("mailto:fa@EXAMPLE.VN")).isEqualTo(sha1);
  }

  @Test
  void applyingTheSameEventTwiceChangesNothing() {
    var s = statement("s1", "gi", "completed", "c", ts(1));
    Fixtures.Builder b = new Fixtures.Builder(P, "gi").add(s, day(1));
    PersonRecord once = b.record;
    ProgrammeIndex.Extract x = P.extract(s, 0, day(1)).orElseThrow();
    assertThat(once.withFacts(x.facts(), x.name())).isSameAs(once);
    assertThat(once.voided("s1", day(2)).voided("s1", day(3))).isEqualTo(once.voided("s1", day(2)));
  }
}
