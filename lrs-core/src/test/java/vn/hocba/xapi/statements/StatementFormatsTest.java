package vn.hocba.xapi.statements;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.hocba.xapi.statements.Json.fixture;
import static vn.hocba.xapi.statements.Json.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("GET Statements format parameter (Communication 2.1.3 table row 12)")
class StatementFormatsTest {

  @Nested
  @DisplayName("format=ids: minimum information to identify Agents, Groups, Activities, Verbs")
  class Ids {

    private final JsonNode full = fixture("full-1.0.3.json");
    private final JsonNode ids = StatementFormats.ids(full);

    @Test
    void identifiedGroupKeepsObjectTypeAndIfiOnly() {
      assertThat(ids.get("actor"))
          .isEqualTo(
              json(
                  "{'objectType':'Group','account':{'homePage':'http://lms.example.com','name':'team-pb'}}"));
    }

    @Test
    void anonymousGroupKeepsItsMembersIdentifiers() {
      assertThat(ids.at("/context/instructor"))
          .isEqualTo(
              json(
                  "{'objectType':'Group','member':[{'objectType':'Agent','mbox':'mailto:instructor-1@example.com'},"
                      + "{'objectType':'Agent','openid':'http://openid.example.org/instructor-2'}]}"));
    }

    @Test
    void agentKeepsObjectTypeAndIfi() {
      JsonNode statement = fixture("interaction.json");
      assertThat(StatementFormats.ids(statement).get("actor"))
          .isEqualTo(json("{'objectType':'Agent','mbox':'mailto:learner@example.com'}"));
      assertThat(StatementFormats.ids(statement).at("/context/instructor"))
          .isEqualTo(json("{'objectType':'Agent','mbox':'mailto:teacher@example.com'}"));
    }

    @Test
    void verbKeepsIdOnly() {
      assertThat(ids.get("verb"))
          .isEqualTo(json("{'id':'http://adlnet.gov/expapi/verbs/attended'}"));
    }

    @Test
    @org.junit.jupiter.api.DisplayName(
        "Communication 2.1.3 format=ids: an Activity keeps its id alone (XAPI-00171)")
    void activityKeepsOnlyItsId() {
      assertThat(ids.get("object"))
          .isEqualTo(json("{'id':'http://www.example.com/meetings/occurances/34534'}"));
    }

    @Test
    void contextActivitiesTeamAndAuthorityAreReduced() {
      assertThat(ids.at("/context/contextActivities/parent"))
          .isEqualTo(json("{'id':'http://www.example.com/meetings/series/267'}"));
      assertThat(ids.at("/context/contextActivities/other/1"))
          .isEqualTo(json("{'id':'http://www.example.com/other/2'}"));
      assertThat(ids.at("/context/team"))
          .isEqualTo(json("{'objectType':'Group','mbox':'mailto:team@example.com'}"));
      assertThat(ids.get("authority"))
          .isEqualTo(
              json(
                  "{'objectType':'Agent','account':{'homePage':'http://cloud.scorm.com','name':'anonymous'}}"));
    }

    @Test
    void everythingElseIsUnchanged() {
      assertThat(ids.get("result")).isEqualTo(full.get("result"));
      assertThat(ids.get("timestamp")).isEqualTo(full.get("timestamp"));
      assertThat(ids.at("/context/statement")).isEqualTo(full.at("/context/statement"));
      assertThat(ids.at("/context/registration")).isEqualTo(full.at("/context/registration"));
    }

    @Test
    void subStatementAndTwoPointZeroContextAgentsAreReduced() {
      JsonNode sub = StatementFormats.ids(fixture("substatement-2.0.json"));
      assertThat(sub.at("/object/verb"))
          .isEqualTo(json("{'id':'http://example.com/verbs/mentored'}"));
      assertThat(sub.at("/object/actor"))
          .isEqualTo(json("{'objectType':'Agent','openid':'http://openid.example.org/learner'}"));
      assertThat(sub.at("/object/context/contextActivities/parent/0"))
          .isEqualTo(json("{'id':'http://example.com/activities/sub-parent'}"));
      assertThat(sub.at("/object/context/contextGroups/0/group"))
          .isEqualTo(json("{'objectType':'Group','mbox':'mailto:sub-context-group@example.com'}"));
      assertThat(sub.at("/context/contextAgents/0"))
          .isEqualTo(
              json(
                  "{'objectType':'contextAgent','agent':{'objectType':'Agent','mbox':'mailto:player-1@example.com'},"
                      + "'relevantTypes':['https://example.com/types/player']}"));
      assertThat(sub.at("/context/contextGroups/1/group"))
          .isEqualTo(
              json(
                  "{'objectType':'Group','member':[{'objectType':'Agent','mbox':'mailto:player-3@example.com'}]}"));
    }

    @Test
    void inputIsNotMutated() {
      assertThat(full).isEqualTo(fixture("full-1.0.3.json"));
    }

    @Test
    void oddInputIsCopiedNotRejected() {
      assertThat(StatementFormats.ids(json("[1]"))).isEqualTo(json("[1]"));
      assertThat(
              StatementFormats.ids(
                  json("{'actor':'x','object':{'objectType':'StatementRef','id':'y'}}")))
          .isEqualTo(json("{'actor':'x','object':{'objectType':'StatementRef','id':'y'}}"));
    }
  }

  @Nested
  @DisplayName("format=canonical: one language per map (2.1.3.s4)")
  class Canonical {

    private final JsonNode statement = fixture("interaction.json");

    private JsonNode canonical(String acceptLanguage) {
      return StatementFormats.canonical(statement, Locale.LanguageRange.parse(acceptLanguage));
    }

    @Test
    void activityNameAndDescriptionKeepThePreferredLanguage() {
      JsonNode out = canonical("vi,en;q=0.5");
      assertThat(out.at("/object/definition/name")).isEqualTo(json("{'vi':'Màu sắc'}"));
      assertThat(out.at("/object/definition/description")).isEqualTo(json("{'vi':'Chọn màu'}"));
    }

    @Test
    void interactionComponentDescriptionsAreFiltered() {
      JsonNode out = canonical("en-US");
      assertThat(out.at("/object/definition/choices/0/description"))
          .isEqualTo(json("{'en-US':'Red'}"));
      assertThat(out.at("/object/definition/choices/1/description"))
          .isEqualTo(json("{'en-US':'Blue'}"));
    }

    @Test
    void everyInteractionComponentListIsFiltered() {
      JsonNode activity =
          json(
              "{'id':'http://x.org/s','definition':{'interactionType':'matching',"
                  + "'source':[{'id':'a','description':{'en':'A','vi':'Á'}}],"
                  + "'target':[{'id':'b','description':{'en':'B','vi':'Bê'}}],"
                  + "'scale':[{'id':'c','description':{'en':'C','vi':'Xê'}}],"
                  + "'steps':[{'id':'d','description':{'en':'D','vi':'Dê'}}]}}");
      ObjectNode statement = (ObjectNode) json("{'verb':{'id':'http://x.org/v'}}");
      statement.set("object", activity);
      JsonNode out = StatementFormats.canonical(statement, Locale.LanguageRange.parse("vi"));
      for (String component : List.of("source", "target", "scale", "steps")) {
        assertThat(out.at("/object/definition/" + component + "/0/description").fieldNames())
            .toIterable()
            .containsExactly("vi");
      }
    }

    @Test
    void verbDisplayIsFiltered() {
      assertThat(canonical("vi").at("/verb/display")).isEqualTo(json("{'vi':'đã trả lời'}"));
    }

    @Test
    void contextActivitiesAreFilteredSingleOrArray() {
      JsonNode out = canonical("vi");
      assertThat(out.at("/context/contextActivities/parent/0/definition/name"))
          .isEqualTo(json("{'vi':'Câu đố'}"));
      assertThat(out.at("/context/contextActivities/grouping/definition/description"))
          .isEqualTo(json("{'vi':'Khóa học'}"));
    }

    @Test
    void subStatementVerbAndActivitiesAreFiltered() {
      JsonNode out =
          StatementFormats.canonical(
              fixture("substatement-2.0.json"), Locale.LanguageRange.parse("fr,de;q=0.5"));
      assertThat(out.at("/object/verb/display")).isEqualTo(json("{'fr':'encadrera'}"));
      assertThat(out.at("/object/context/contextActivities/parent/0/definition/name"))
          .isEqualTo(json("{'de':'Unter'}"));
    }

    @Test
    void unmatchedLanguageFallsBackToUndThenFirst() {
      JsonNode out = canonical("ja");
      assertThat(out.at("/verb/display")).isEqualTo(json("{'und':'answered?'}"));
      assertThat(out.at("/object/definition/name")).isEqualTo(json("{'en-US':'Colours'}"));
    }

    @Test
    void agentsExtensionsAndOtherMapsAreReturnedExactly() {
      JsonNode out = canonical("vi");
      assertThat(out.get("actor")).isEqualTo(statement.get("actor"));
      assertThat(out.at("/context/instructor")).isEqualTo(statement.at("/context/instructor"));
      assertThat(out.at("/object/definition/extensions"))
          .isEqualTo(statement.at("/object/definition/extensions"));
      assertThat(out.at("/object/definition/correctResponsesPattern"))
          .isEqualTo(statement.at("/object/definition/correctResponsesPattern"));
    }

    @Test
    void inputIsNotMutated() {
      canonical("vi");
      assertThat(statement).isEqualTo(fixture("interaction.json"));
    }
  }
}
