package vn.hocba.xapi.statements;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.hocba.xapi.statements.Json.fixture;
import static vn.hocba.xapi.statements.Json.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Statement Comparison Requirements (Data 2.3.1.s9)")
class StatementEquivalenceTest {

  private static final JsonNode STORED = fixture("full-1.0.3.json");

  /** A copy of the stored statement with one change applied. */
  private static JsonNode incoming(Consumer<ObjectNode> change) {
    ObjectNode copy = STORED.deepCopy();
    change.accept(copy);
    return copy;
  }

  private static ObjectNode at(ObjectNode root, String pointer) {
    return (ObjectNode) root.at(pointer);
  }

  @Test
  void identicalStatementsAreEquivalent() {
    assertThat(StatementEquivalence.equivalent(STORED, STORED.deepCopy())).isTrue();
  }

  @Test
  void comparisonDoesNotMutateEitherTree() {
    JsonNode stored = STORED.deepCopy();
    JsonNode other = incoming(s -> at(s, "/actor").remove("objectType"));
    JsonNode otherBefore = other.deepCopy();
    StatementEquivalence.equivalent(stored, other);
    assertThat(stored).isEqualTo(STORED);
    assertThat(other).isEqualTo(otherBefore);
  }

  @Nested
  @DisplayName("2.3.1.b1: properties the LRS assigns are ignored")
  class LrsAssigned {

    @Test
    void idCaseStoredAuthorityAndVersionAreIgnored() {
      JsonNode in =
          incoming(
              s -> {
                s.put("id", "6690e6c9-3ef0-4ed3-8b37-7f3964730bee");
                s.remove("stored");
                s.remove("authority");
                s.remove("version");
              });
      assertThat(StatementEquivalence.equivalent(STORED, in)).isTrue();
    }

    @Test
    void differentAuthorityIsIgnored() {
      JsonNode in = incoming(s -> s.set("authority", json("{'mbox':'mailto:other@x.org'}")));
      assertThat(StatementEquivalence.equivalent(STORED, in)).isTrue();
    }

    @Test
    void timestampIsIgnoredWhenTheIncomingStatementHasNone() {
      assertThat(StatementEquivalence.equivalent(STORED, incoming(s -> s.remove("timestamp"))))
          .isTrue();
    }

    @Test
    void differentTimestampIsADifference() {
      JsonNode in = incoming(s -> s.put("timestamp", "2013-05-18T05:32:35.804Z"));
      assertThat(StatementEquivalence.equivalent(STORED, in)).isFalse();
    }

    @Test
    void timestampSentButNotStoredIsADifference() {
      JsonNode stored = incoming(s -> s.remove("timestamp"));
      assertThat(StatementEquivalence.equivalent(stored, STORED)).isFalse();
    }
  }

  @Nested
  @DisplayName("2.3.1.b2: Activity Definitions are not part of the statement")
  class ActivityDefinitions {

    @Test
    void objectDefinitionDifferencesAreIgnored() {
      JsonNode in = incoming(s -> at(s, "/object").remove("definition"));
      assertThat(StatementEquivalence.equivalent(STORED, in)).isTrue();
    }

    @Test
    void contextActivityDefinitionsAreIgnored() {
      JsonNode in =
          incoming(
              s ->
                  at(s, "/context/contextActivities/parent")
                      .set("definition", json("{'name':{'en':'series'}}")));
      assertThat(StatementEquivalence.equivalent(STORED, in)).isTrue();
    }

    @Test
    void differentActivityIdIsADifference() {
      JsonNode in =
          incoming(s -> at(s, "/object").put("id", "http://www.example.com/meetings/occurances/1"));
      assertThat(StatementEquivalence.equivalent(STORED, in)).isFalse();
    }
  }

  @Nested
  @DisplayName("2.3.1.b3: Verb display is not part of the statement")
  class VerbDisplay {

    @Test
    void displayDifferencesAreIgnored() {
      JsonNode in = incoming(s -> at(s, "/verb").set("display", json("{'vi':'đã tham dự'}")));
      assertThat(StatementEquivalence.equivalent(STORED, in)).isTrue();
    }

    @Test
    void differentVerbIdIsADifference() {
      JsonNode in =
          incoming(s -> at(s, "/verb").put("id", "http://adlnet.gov/expapi/verbs/attempted"));
      assertThat(StatementEquivalence.equivalent(STORED, in)).isFalse();
    }
  }

  @Nested
  @DisplayName("2.3.1.b4: timestamps compare as points in time")
  class Timestamps {

    @Test
    void otherTimeZoneForTheSameInstantIsEquivalent() {
      JsonNode in = incoming(s -> s.put("timestamp", "2013-05-18T07:32:34.804+02:00"));
      assertThat(StatementEquivalence.equivalent(STORED, in)).isTrue();
    }

    @Test
    void sameInstantBeyondMillisecondsIsEquivalent() {
      JsonNode stored = incoming(s -> s.put("timestamp", "2013-05-18T05:32:34.8041234Z"));
      JsonNode in = incoming(s -> s.put("timestamp", "2013-05-18T07:32:34.804123400+02:00"));
      assertThat(StatementEquivalence.equivalent(stored, in)).isTrue();
    }

    @Test
    void timestampWithoutZoneIsReadAsUtc() {
      JsonNode in = incoming(s -> s.put("timestamp", "2013-05-18T05:32:34.804"));
      assertThat(StatementEquivalence.equivalent(STORED, in)).isTrue();
    }

    @Test
    void millisecondTruncationByTheLrsIsEquivalent() {
      JsonNode stored = incoming(s -> s.put("timestamp", "2013-05-18T05:32:34.804Z"));
      JsonNode in = incoming(s -> s.put("timestamp", "2013-05-18T05:32:34.80449Z"));
      assertThat(StatementEquivalence.equivalent(stored, in)).isTrue();
    }

    @Test
    void millisecondRoundingByTheLrsIsEquivalent() {
      JsonNode stored = incoming(s -> s.put("timestamp", "2013-05-18T05:32:34.805Z"));
      JsonNode in = incoming(s -> s.put("timestamp", "2013-05-18T05:32:34.8047Z"));
      assertThat(StatementEquivalence.equivalent(stored, in)).isTrue();
    }

    @Test
    void subMillisecondDifferenceBetweenPreciseValuesIsADifference() {
      JsonNode stored = incoming(s -> s.put("timestamp", "2013-05-18T05:32:34.8041Z"));
      JsonNode in = incoming(s -> s.put("timestamp", "2013-05-18T05:32:34.8049Z"));
      assertThat(StatementEquivalence.equivalent(stored, in)).isFalse();
    }

    @Test
    void subStatementTimestampsCompareAsInstantsToo() {
      JsonNode stored = fixture("substatement-2.0.json");
      ObjectNode same = stored.deepCopy();
      at(same, "/object").put("timestamp", "2024-01-01T11:00:00+01:00");
      ObjectNode later = stored.deepCopy();
      at(later, "/object").put("timestamp", "2024-01-01T10:00:01Z");
      assertThat(StatementEquivalence.equivalent(stored, same)).isTrue();
      assertThat(StatementEquivalence.equivalent(stored, later)).isFalse();
    }
  }

  @Nested
  @DisplayName("2.3.1.b5: Group members are an unordered list")
  class GroupMembers {

    @Test
    void reorderedMembersAreEquivalent() {
      JsonNode in =
          incoming(
              s -> {
                ArrayNode members = (ArrayNode) s.at("/actor/member");
                JsonNode first = members.remove(0);
                members.add(first);
              });
      assertThat(StatementEquivalence.equivalent(STORED, in)).isTrue();
    }

    @Test
    void reorderedInstructorMembersAreEquivalent() {
      JsonNode in =
          incoming(
              s -> {
                ArrayNode members = (ArrayNode) s.at("/context/instructor/member");
                members.add(members.remove(0));
              });
      assertThat(StatementEquivalence.equivalent(STORED, in)).isTrue();
    }

    @Test
    void missingMemberIsADifference() {
      JsonNode in = incoming(s -> ((ArrayNode) s.at("/actor/member")).remove(1));
      assertThat(StatementEquivalence.equivalent(STORED, in)).isFalse();
    }

    @Test
    void otherListsKeepTheirOrder() {
      JsonNode in =
          incoming(
              s -> {
                ArrayNode other = (ArrayNode) s.at("/context/contextActivities/other");
                other.add(other.remove(0));
              });
      assertThat(StatementEquivalence.equivalent(STORED, in)).isFalse();
    }
  }

  @Nested
  @DisplayName("2.3.1.b6: attachments are not part of the statement")
  class Attachments {

    @Test
    void attachmentsAreIgnored() {
      JsonNode in =
          incoming(
              s ->
                  s.set(
                      "attachments",
                      json(
                          "[{'usageType':'http://x.org/u','display':{'en':'a'},'contentType':'text/plain',"
                              + "'length':1,'sha2':'ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb'}]")));
      assertThat(StatementEquivalence.equivalent(STORED, in)).isTrue();
    }
  }

  @Nested
  @DisplayName("2.3.1.b7: case-insensitive values")
  class CaseInsensitive {

    @Test
    void emailDomainCaseIsIgnored() {
      JsonNode in =
          incoming(s -> at(s, "/actor/member/0").put("mbox", "mailto:andrew@EXAMPLE.com"));
      assertThat(StatementEquivalence.equivalent(STORED, in)).isTrue();
    }

    @Test
    void emailLocalPartCaseIsADifference() {
      JsonNode in =
          incoming(s -> at(s, "/actor/member/0").put("mbox", "mailto:Andrew@example.com"));
      assertThat(StatementEquivalence.equivalent(STORED, in)).isFalse();
    }

    @Test
    void sha1sumHexCaseIsIgnored() {
      JsonNode in =
          incoming(
              s ->
                  at(s, "/actor/member/1")
                      .put("mbox_sha1sum", "ebd31e95054c018b10727ccffd2ef2ec3a016ee9"));
      assertThat(StatementEquivalence.equivalent(STORED, in)).isTrue();
    }

    @Test
    void uuidCaseIsIgnoredForRegistrationAndStatementRefs() {
      JsonNode in =
          incoming(
              s -> {
                at(s, "/context").put("registration", "ec531277-b57b-4c15-8d91-d292c5b2b8f7");
                at(s, "/context/statement").put("id", "6690E6C9-3EF0-4ED3-8B37-7F3964730BEF");
              });
      assertThat(StatementEquivalence.equivalent(STORED, in)).isTrue();
    }

    @Test
    void languageTagCaseIsIgnored() {
      JsonNode in = incoming(s -> at(s, "/context").put("language", "EN"));
      assertThat(StatementEquivalence.equivalent(STORED, in)).isTrue();
    }

    @Test
    void differentRegistrationIsADifference() {
      JsonNode in =
          incoming(
              s -> at(s, "/context").put("registration", "ec531277-b57b-4c15-8d91-d292c5b2b8f8"));
      assertThat(StatementEquivalence.equivalent(STORED, in)).isFalse();
    }

    @Test
    void activityIdCaseIsADifference() {
      JsonNode in =
          incoming(
              s ->
                  at(s, "/object")
                      .put("id", "http://www.example.com/meetings/occurances/34534".toUpperCase()));
      assertThat(StatementEquivalence.equivalent(STORED, in)).isFalse();
    }

    @Test
    void accountNameCaseIsADifference() {
      JsonNode in = incoming(s -> at(s, "/actor/account").put("name", "TEAM-PB"));
      assertThat(StatementEquivalence.equivalent(STORED, in)).isFalse();
    }
  }

  @Nested
  @DisplayName("2.3.1.b8: Result Duration is compared as a string")
  class Duration {

    @Test
    void sameDurationOtherNotationIsADifference() {
      JsonNode in = incoming(s -> at(s, "/result").put("duration", "PT60M"));
      assertThat(StatementEquivalence.equivalent(STORED, in)).isFalse();
    }

    @Test
    void precisionBeyondHundredthsIsIgnored() {
      JsonNode stored = incoming(s -> at(s, "/result").put("duration", "PT1.23S"));
      JsonNode in = incoming(s -> at(s, "/result").put("duration", "PT1.2345S"));
      assertThat(StatementEquivalence.equivalent(stored, in)).isTrue();
    }

    @Test
    void hundredthsStillCount() {
      JsonNode stored = incoming(s -> at(s, "/result").put("duration", "PT1.23S"));
      JsonNode in = incoming(s -> at(s, "/result").put("duration", "PT1.24S"));
      assertThat(StatementEquivalence.equivalent(stored, in)).isFalse();
    }
  }

  @Nested
  @DisplayName("2.3.1.s9.b2: every other difference counts")
  class OtherDifferences {

    @Test
    void agentNameIsADifference() {
      JsonNode in = incoming(s -> at(s, "/actor").put("name", "Team P.B."));
      assertThat(StatementEquivalence.equivalent(STORED, in)).isFalse();
    }

    @Test
    void resultScoreIsADifference() {
      JsonNode in = incoming(s -> at(s, "/result/score").put("scaled", 0.9));
      assertThat(StatementEquivalence.equivalent(STORED, in)).isFalse();
    }

    @Test
    void missingResultIsADifference() {
      JsonNode in = incoming(s -> s.remove("result"));
      assertThat(StatementEquivalence.equivalent(STORED, in)).isFalse();
    }

    @Test
    void addedContextExtensionIsADifference() {
      JsonNode in =
          incoming(s -> at(s, "/context").set("extensions", json("{'http://x.org/e':1}")));
      assertThat(StatementEquivalence.equivalent(STORED, in)).isFalse();
    }

    @Test
    void subStatementContentIsCompared() {
      JsonNode stored = fixture("substatement-2.0.json");
      ObjectNode in = stored.deepCopy();
      at(in, "/object/context/contextAgents/0/agent")
          .put("mbox", "mailto:someone-else@example.com");
      assertThat(StatementEquivalence.equivalent(stored, in)).isFalse();
    }

    @Test
    void subStatementVerbDisplayAndActivityDefinitionsAreIgnored() {
      JsonNode stored = fixture("substatement-2.0.json");
      ObjectNode in = stored.deepCopy();
      at(in, "/object/verb").remove("display");
      at(in, "/object/context/contextActivities/parent/0").remove("definition");
      assertThat(StatementEquivalence.equivalent(stored, in)).isTrue();
    }

    @Test
    void contextGroupMembersAreUnordered() {
      JsonNode stored =
          json(
              "{'actor':{'mbox':'mailto:a@x.org'},'verb':{'id':'http://x.org/v'},'object':{'id':'http://x.org/o'},"
                  + "'context':{'contextGroups':[{'objectType':'contextGroup','group':{'objectType':'Group',"
                  + "'member':[{'mbox':'mailto:1@x.org'},{'mbox':'mailto:2@x.org'}]}}]}}");
      JsonNode in =
          json(
              stored
                  .toString()
                  .replace("1@x.org", "TMP")
                  .replace("2@x.org", "1@x.org")
                  .replace("TMP", "2@x.org"));
      assertThat(StatementEquivalence.equivalent(stored, in)).isTrue();
    }
  }

  @Nested
  @DisplayName("forms an LRS may rewrite mean the same statement")
  class EquivalentForms {

    @Test
    void absentObjectTypesMeanTheirDefaults() {
      JsonNode in =
          incoming(
              s -> {
                at(s, "/object").remove("objectType");
                at(s, "/actor/member/1").remove("objectType");
                at(s, "/context/contextActivities/parent").put("objectType", "Activity");
              });
      assertThat(StatementEquivalence.equivalent(STORED, in)).isTrue();
    }

    @Test
    void singleContextActivityEqualsAOneElementArray() {
      JsonNode in =
          incoming(
              s ->
                  at(s, "/context/contextActivities")
                      .set(
                          "parent", json("[{'id':'http://www.example.com/meetings/series/267'}]")));
      assertThat(StatementEquivalence.equivalent(STORED, in)).isTrue();
    }

    @Test
    void numbersCompareByValue() {
      JsonNode stored = incoming(s -> at(s, "/result/score").put("raw", 1));
      JsonNode in = json(stored.toString().replace("\"raw\":1", "\"raw\":1.0"));
      assertThat(in.at("/result/score/raw").isBigDecimal()).isTrue();
      assertThat(StatementEquivalence.equivalent(stored, in)).isTrue();
    }
  }

  @Nested
  @DisplayName("odd input never throws")
  class Defensive {

    @Test
    void nonObjectsCompareAsJson() {
      assertThat(StatementEquivalence.equivalent(json("[1]"), json("[1.0]"))).isTrue();
      assertThat(StatementEquivalence.equivalent(json("{}"), json("[]"))).isFalse();
      assertThat(StatementEquivalence.equivalent(null, json("{}"))).isFalse();
    }

    @Test
    void unparseableTimestampsCompareAsStrings() {
      JsonNode stored = incoming(s -> s.put("timestamp", "yesterday"));
      assertThat(StatementEquivalence.equivalent(stored, stored.deepCopy())).isTrue();
      assertThat(
              StatementEquivalence.equivalent(stored, incoming(s -> s.put("timestamp", "today"))))
          .isFalse();
    }
  }
}
